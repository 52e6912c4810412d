// What a connection may change. Coordinators anything; observers nothing in the document's
// text (the `prosemirror` fragment; other shared types such as the `comments` map are open to
// them); drafters only tracked edits. Each check applies the update to a scratch copy of the
// room's Y.Doc and looks at the result, so the room's doc never sees a refused update.
//
// The drafter check compares the document's *untracked text* before and after: every character
// in document order except the user's own suggested insertions (text whose y-prosemirror
// attribute `insertion`, or `insertion--<hash>` for overlapping marks, has this author and
// status 'suggested'). Track mode never changes that string: typing adds the user's insertions,
// deleting marks text with a `deletion` attribute instead of removing it, deleting one's own
// suggestion really removes it, splitting and joining paragraphs move text between blocks.
// Untracked typing adds to it, untracked deleting (or rejecting someone else's insertion)
// removes from it, accepting one's own insertion into the text adds to it.
//
// Limits: it sees text only. Formatting and revision attributes are not checked (a drafter's
// client could agree to or reject someone else's *deletion* mark, or forge a deletion mark in
// another's name), nor block attributes (an item becoming a heading, the `track` records of
// blocks, a proposal's action), nor inline nodes without text (a hard break) or empty blocks.
// Each check costs a copy of the document (O(document size) per update).
import * as Y from 'yjs';
import type { Role } from '../auth/roles';

export const CONTENT_FRAGMENT = 'prosemirror';
const INSERTION_KEY = /^insertion(--.*)?$/;

/** Why an update is refused, or null when it may be applied. */
export type Verdict = string | null;

export interface Writer {
  userId: string;
  role: Role;
}

function isOwnSuggestion(attributes: Record<string, unknown> | undefined, userId: string): boolean {
  for (const [key, value] of Object.entries(attributes ?? {})) {
    const mark = value as { author?: unknown; status?: unknown } | null;
    if (INSERTION_KEY.test(key) && mark?.author === userId && mark.status === 'suggested') return true;
  }
  return false;
}

/** The text of the content, in document order, without the user's own suggested insertions. */
export function untrackedText(doc: Y.Doc, userId: string): string {
  const parts: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText | Y.XmlHook): void => {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert === 'string' && !isOwnSuggestion(op.attributes, userId)) parts.push(op.insert);
      }
    } else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      for (const child of node.toArray()) walk(child);
    }
  };
  walk(doc.getXmlFragment(CONTENT_FRAGMENT));
  return parts.join('');
}

/** Whether an update carries no change at all (an empty sync step 2, say). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

const hasPending = (doc: Y.Doc): boolean => doc.store.pendingStructs !== null || doc.store.pendingDs !== null;

function isInside(type: Y.AbstractType<any>, ancestor: Y.AbstractType<any>): boolean {
  for (let t: Y.AbstractType<any> | null = type; t; t = (t._item?.parent as Y.AbstractType<any> | null) ?? null) {
    if (t === ancestor) return true;
  }
  return false;
}

/** Applies `update` to a copy of `doc` and passes the copy and whether the content fragment changed. */
function onScratchCopy<T>(doc: Y.Doc, update: Uint8Array, inspect: (copy: Y.Doc, contentChanged: boolean) => T): T | 'pending' {
  const copy = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const pendingBefore = hasPending(copy);
    const fragment = copy.getXmlFragment(CONTENT_FRAGMENT);
    let contentChanged = false;
    copy.on('afterTransaction', (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) if (isInside(type, fragment)) contentChanged = true;
    });
    Y.applyUpdate(copy, update);
    // An update that waits for changes the server has not seen could not be checked now and
    // would be integrated later unchecked: refused.
    if (!pendingBefore && hasPending(copy)) return 'pending';
    return inspect(copy, contentChanged);
  } finally {
    copy.destroy();
  }
}

/** Whether `writer` may apply `update` to the room's `doc`: null, or the reason for refusing it. */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, writer: Writer): Verdict {
  if (writer.role === 'coordinator') return null;
  if (isEmptyUpdate(update)) return null;
  const verdict = onScratchCopy(doc, update, (copy, contentChanged): Verdict => {
    if (!contentChanged) return null;
    if (writer.role === 'observer') return 'observers cannot change the text';
    return untrackedText(copy, writer.userId) === untrackedText(doc, writer.userId)
      ? null
      : 'drafters edit in track mode only: the update changes text without tracking it';
  });
  return verdict === 'pending' ? 'the update depends on changes the server does not have' : verdict;
}
