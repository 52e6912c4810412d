// What a connection may change. Coordinators anything; observers nothing in the document's
// text (the `prosemirror` fragment; other shared types such as the `comments` map are open to
// them); drafters only tracked edits. Each check applies the update to a scratch copy of the
// room's Y.Doc and looks at the result, so the room's doc never sees a refused update.
//
// The drafter check compares the document's *untracked content* before and after: the text in
// document order, each character with the revision marks on it (y-prosemirror's `insertion` and
// `deletion` attributes, or `insertion--<hash>` for overlapping marks), leaving out the user's
// own suggestions (their suggested insertions entirely, their suggested deletion marks).
// Track mode never changes it: typing adds the user's insertions, deleting adds the user's
// deletion marks instead of removing text, withdrawing one's own suggestion removes only what is
// left out, splitting and joining paragraphs move text between blocks. Untracked typing or
// deleting changes the text; agreeing, rejecting or accepting someone else's change (review is
// the coordinators') changes that change's mark.
//
// Limits: it sees text and revision marks only. Other formatting (bold, links) is not checked,
// nor block attributes (an item becoming a heading, the `track` records of blocks, a proposal's
// action), nor inline nodes without text (a hard break) or empty blocks, nor whether a drafter's
// own new marks carry a truthful time. Each check costs a copy of the document (O(document size)
// per update).
import * as Y from 'yjs';
import type { Role } from '../auth/roles';

export const CONTENT_FRAGMENT = 'prosemirror';
const REVISION_KEY = /^(insertion|deletion)(--.*)?$/;

/** Why an update is refused, or null when it may be applied. */
export type Verdict = string | null;

export interface Writer {
  userId: string;
  role: Role;
}

type Revision = { author?: unknown; status?: unknown } | null;

const isOwnSuggestion = (mark: Revision, userId: string): boolean => mark?.author === userId && mark.status === 'suggested';

/**
 * The content as drafter `userId` may not change it: runs of text with the revision marks of
 * others on them, without the user's own suggested insertions, as one comparable string.
 */
export function untrackedContent(doc: Y.Doc, userId: string): string {
  const runs: { marks: string; text: string }[] = [];
  const addText = (text: string, attributes: Record<string, unknown> = {}): void => {
    const marks: string[] = [];
    for (const [key, value] of Object.entries(attributes)) {
      if (!REVISION_KEY.test(key) || value === null) continue;
      if (isOwnSuggestion(value as Revision, userId)) {
        if (key.startsWith('insertion')) return; // the user's own suggested text
        continue;
      }
      marks.push(`${key.replace(/--.*/, '')}:${JSON.stringify(value)}`);
    }
    const key = marks.sort().join('|');
    const last = runs[runs.length - 1];
    if (last && last.marks === key) last.text += text;
    else runs.push({ marks: key, text });
  };
  const walk = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText | Y.XmlHook): void => {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert === 'string') addText(op.insert, op.attributes);
      }
    } else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      for (const child of node.toArray()) walk(child);
    }
  };
  walk(doc.getXmlFragment(CONTENT_FRAGMENT));
  return JSON.stringify(runs);
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
    return untrackedContent(copy, writer.userId) === untrackedContent(doc, writer.userId)
      ? null
      : 'drafters edit in track mode only: the update changes text without tracking it';
  });
  return verdict === 'pending' ? 'the update depends on changes the server does not have' : verdict;
}
