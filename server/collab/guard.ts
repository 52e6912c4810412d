// What a connection may change. Coordinators anything; observers nothing in the document's
// text (the `prosemirror` fragment; other shared types such as the `comments` map are open to
// them); drafters only tracked edits. Each check applies the update to a shadow copy of the
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
// Block attributes and records are checked in the same subtree by block-guard.ts: an element
// kept by the update changes an attribute only with the drafter's own suggested `attribute`
// record saying what it was (or back to that), and other people's block records may be copied
// or moved but not dropped or changed, except the records that go with a drafter's own paragraph
// mark or block when she takes it back.
//
// Limits: other formatting (bold, links) is not checked, nor inline nodes without text (a hard
// break) or empty blocks, nor whether a drafter's own new marks carry a truthful time. Blocks
// are judged by Yjs identity: a block replaced by a new element (y-prosemirror does that when a
// node changes type, item -> heading) is not compared with the old one, and an element that gets
// or loses an own `whole` insertion record (y-prosemirror reuses elements when blocks are
// restructured) counts as her new or withdrawn block, whatever its attrs were, as does an
// element whose old attrs went to a new element with her split record (the other half of a
// split) or that takes another node's attrs while getting or losing one of her own records (so
// two blocks she also marks deleted could swap attrs); attributes of nodes that cannot carry
// records (cover fields, table cells) are not checked; records added in another's name pass.
// Cost: a drafter's update costs two text walks of the element it changed (a whole-document
// walk of the WTDC-22 resolutions takes about 10 ms) and two walks of its elements with their
// attributes and records, about as much again (on the demo document: 0.8 ms per text walk,
// 1.6 ms for the block check of the whole document); a refused one also a copy of the document.
import * as Y from 'yjs';
import type { Role } from '../auth/roles';
import { blockVerdict } from './block-guard';

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

type XmlNode = Y.XmlElement | Y.XmlFragment | Y.XmlText | Y.XmlHook;

/**
 * The content as drafter `userId` may not change it: runs of text with the revision marks of
 * others on them, without the user's own suggested insertions, as one comparable string.
 * Of the whole document, or of one element of it.
 */
export function untrackedContent(doc: Y.Doc | XmlNode, userId: string): string {
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
  const walk = (node: XmlNode): void => {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert === 'string') addText(op.insert, op.attributes);
      }
    } else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      for (const child of node.toArray()) walk(child);
    }
  };
  walk(doc instanceof Y.Doc ? doc.getXmlFragment(CONTENT_FRAGMENT) : doc);
  return JSON.stringify(runs);
}

/** Whether an update carries no change at all (an empty sync step 2, say). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

const hasPending = (doc: Y.Doc): boolean => doc.store.pendingStructs !== null || doc.store.pendingDs !== null;

type AnyType = Y.AbstractType<any>;
const parentOf = (type: AnyType): AnyType | null => (type._item?.parent as AnyType | null) ?? null;

/** `type` and its ancestors up to `root`, root first; null when `type` is not inside `root`. */
function chainFrom(root: AnyType, type: AnyType): AnyType[] | null {
  const chain: AnyType[] = [];
  for (let t: AnyType | null = type; t; t = parentOf(t)) {
    chain.unshift(t);
    if (t === root) return chain;
  }
  return null;
}

/** The deepest type containing every changed type (the root when they have nothing lower in common). */
function commonAncestor(root: AnyType, chains: AnyType[][]): AnyType {
  let depth = 0;
  while (chains.every((c) => depth + 1 < c.length && c[depth + 1] === chains[0][depth + 1])) depth++;
  return chains.length ? chains[0][depth] : root;
}

/** The type of `doc`'s content that has the same ids as `chain` (a path from the shadow's root), if any. */
function sameTypeIn(doc: Y.Doc, chain: AnyType[]): AnyType | null {
  let current: AnyType = doc.getXmlFragment(CONTENT_FRAGMENT);
  for (const step of chain.slice(1)) {
    const id = step._item!.id;
    const next = (current as Y.XmlElement).toArray().find((child) => {
      const childId = (child as AnyType)._item?.id;
      return childId?.client === id.client && childId.clock === id.clock;
    });
    if (!next) return null;
    current = next as AnyType;
  }
  return current;
}

/**
 * The check for one room's Y.Doc. It keeps a shadow copy of the doc that follows every update
 * the doc gets; a candidate update is applied to the shadow first and judged there. An accepted
 * update reaches the doc next and is a no-op for the shadow; a refused one spoils the shadow,
 * which is dropped and rebuilt from the doc at the next check (refusals are rare, and a copy of a
 * large document costs tens of milliseconds). A drafter's update is judged on the smallest
 * element holding all it changed (a resolution, a paragraph), before and after.
 */
export class UpdateGuard {
  private shadow: Y.Doc | null = null;
  /** The content types (of the shadow) that the update being checked changed; null between checks. */
  private changed: AnyType[] | null = null;

  constructor(private doc: Y.Doc) {
    doc.on('update', this.follow);
  }

  private follow = (update: Uint8Array): void => {
    if (this.shadow) Y.applyUpdate(this.shadow, update);
  };

  private freshShadow(): Y.Doc {
    if (this.shadow) return this.shadow;
    const shadow = new Y.Doc();
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.doc));
    const fragment = shadow.getXmlFragment(CONTENT_FRAGMENT);
    shadow.on('afterTransaction', (tr: Y.Transaction) => {
      if (!this.changed) return;
      for (const type of tr.changed.keys()) if (chainFrom(fragment, type)) this.changed.push(type);
    });
    return (this.shadow = shadow);
  }

  private dropShadow(): void {
    this.shadow?.destroy();
    this.shadow = null;
  }

  /** Whether `writer` may apply `update` to the doc: null, or the reason for refusing it. */
  check(update: Uint8Array, writer: Writer): Verdict {
    if (writer.role === 'coordinator' || isEmptyUpdate(update)) return null;
    const shadow = this.freshShadow();
    const pendingBefore = hasPending(shadow);
    const changed: AnyType[] = (this.changed = []);
    try {
      Y.applyUpdate(shadow, update);
    } catch {
      this.dropShadow();
      return null; // not ours to judge: applying it to the doc fails too, and closes the connection
    } finally {
      this.changed = null;
    }
    const verdict = this.judge(shadow, changed, pendingBefore, writer);
    if (verdict) this.dropShadow();
    return verdict;
  }

  private judge(shadow: Y.Doc, changed: AnyType[], pendingBefore: boolean, writer: Writer): Verdict {
    // An update that waits for changes the server has not seen could not be checked now and
    // would be integrated later unchecked: refused.
    if (!pendingBefore && hasPending(shadow)) return 'the update depends on changes the server does not have';
    if (changed.length === 0) return null;
    if (writer.role === 'observer') return 'observers cannot change the text';
    const root = shadow.getXmlFragment(CONTENT_FRAGMENT);
    const chains = changed.map((type) => chainFrom(root, type)!);
    const ancestor = commonAncestor(root, chains);
    const chain = chainFrom(root, ancestor)!;
    const same = sameTypeIn(this.doc, chain);
    const before = same ?? this.doc.getXmlFragment(CONTENT_FRAGMENT);
    const after = same ? ancestor : root;
    if (untrackedContent(after as XmlNode, writer.userId) !== untrackedContent(before as XmlNode, writer.userId)) {
      return 'drafters edit in track mode only: the update changes text without tracking it';
    }
    return blockVerdict(before, after, writer.userId);
  }

  destroy(): void {
    this.doc.off('update', this.follow);
    this.dropShadow();
  }
}

/** One check of `update` against `doc` (a guard made for the occasion). */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, writer: Writer): Verdict {
  const guard = new UpdateGuard(doc);
  try {
    return guard.check(update, writer);
  } finally {
    guard.destroy();
  }
}
