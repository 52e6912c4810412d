// The compare view's content: what changed from one saved state of a document to another (two
// versions, or a version and now), attributed to the people who did it. Both states are Yjs states
// of the same document, so the comparison is by Yjs identity, not by text: one Y.Doc without
// garbage collection holds both, and each piece of text is common (in both), added (only in the
// newer) or removed (only in the older), as Yjs snapshots say (y-prosemirror's snapshot rendering
// does the same). Who added a piece is the owner of its client id, who removed it the owner of the
// delete, both read with Y.PermanentUserData from the `users` map the server keeps
// (collab/attribution.ts): so untracked and accepted text is attributed too, and words no one
// touched are never shown as deleted and inserted again. Text a change left in place keeps the
// revision marks made since the older state. Text that only moved reads as unchanged: a block
// whose type changed (y-prosemirror writes a new element), a paragraph split or joined (its text
// deleted in one element and inserted in another), blocks rewritten whole with the same text.
import { Fragment, type Mark, type Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import type { CompareAuthor, Comparison } from '../shared/model/comparison';
import { schema, type BlockRevision } from '../shared/schema';
import { listChanges } from '../shared/track';
import { recordedNames } from './collab/attribution';
import { FRAGMENT, parseContent, stateToContent } from './content';

export type { CompareAuthor, Comparison };

type Snapshot = ReturnType<typeof Y.snapshot>;
/** A child being built: its node, and whether it is a whole element only the older or only the newer state has. */
type Piece = { node: PMNode; removed: boolean; added: boolean };

const compareMark = (node: PMNode, kind: 'insertion' | 'deletion'): boolean =>
  node.marks.some((m) => m.type === schema.marks[kind] && String(m.attrs.id).startsWith(`compare-${kind}-`));

/** How many inline nodes at the end of `block` carry the compare's `kind` mark, and their text. */
function trailing(block: PMNode, kind: 'insertion' | 'deletion'): { count: number; text: string } {
  let count = 0, text = '';
  for (let i = block.childCount - 1; i >= 0 && block.child(i).isText && compareMark(block.child(i), kind); i--) {
    count++;
    text = block.child(i).text + text;
  }
  return { count, text };
}

/** `block` with the compare's marks and block records taken off (from child `from` on). */
function unmarked(block: PMNode, from = 0): PMNode {
  const nodes: PMNode[] = [];
  block.forEach((child, _offset, i) => {
    nodes.push(i < from ? child : child.mark(child.marks.filter((m) => !String(m.attrs.id ?? '').startsWith('compare-'))));
  });
  const track = (block.attrs.track as BlockRevision[] | null)?.filter((r) => !r.id.startsWith('compare-')) ?? null;
  const attrs = 'track' in block.attrs ? { ...block.attrs, track: track?.length ? track : null } : block.attrs;
  return block.type.create(attrs, Fragment.fromArray(nodes), block.marks);
}

/**
 * Text that only moved between neighbouring blocks is not a change: y-prosemirror writes a
 * paragraph split as the tail deleted from the block and a new block holding it, a join as the
 * next block's text added to the block and the next block deleted, or either as the blocks
 * rewritten whole.
 */
function unmoved(pieces: Piece[]): void {
  // whole blocks out and whole blocks in with the same text (a block rewritten as new elements)
  const whole = (p: Piece) => p.node.isTextblock && (p.added || p.removed);
  for (let i = 0; i < pieces.length; i++) {
    if (!whole(pieces[i])) continue;
    let end = i;
    while (end < pieces.length && whole(pieces[end])) end++;
    const run = pieces.slice(i, end);
    const text = (added: boolean) => run.filter((p) => p.added === added).map((p) => p.node.textContent).join('');
    if (run.some((p) => p.added) && run.some((p) => p.removed) && text(true) === text(false)) {
      const kept = run.filter((p) => p.added).map((p) => ({ node: unmarked(p.node), removed: false, added: false }));
      pieces.splice(i, run.length, ...kept);
      i += kept.length - 1;
    } else {
      i = end - 1;
    }
  }
  for (let i = 0; i + 1 < pieces.length; i++) {
    const a = pieces[i].node, b = pieces[i + 1].node;
    if (!a.isTextblock || !b.isTextblock || pieces[i].removed || pieces[i].added) continue;
    const allMarked = (block: PMNode, kind: 'insertion' | 'deletion') => block.childCount > 0 && trailing(block, kind).count === block.childCount;
    const tailOut = trailing(a, 'deletion'), tailIn = trailing(a, 'insertion');
    if (pieces[i + 1].added && tailOut.count && allMarked(b, 'insertion') && tailOut.text === b.textContent) {
      // split: the tail stays where it went
      pieces[i] = { ...pieces[i], node: a.copy(a.content.cut(0, a.content.size - tailOut.text.length)) };
      pieces[i + 1] = { ...pieces[i + 1], node: unmarked(b), added: false };
    } else if (pieces[i + 1].removed && tailIn.count && allMarked(b, 'deletion') && tailIn.text === b.textContent) {
      // join: the next block's text is where it came to
      pieces[i] = { ...pieces[i], node: unmarked(a, a.childCount - tailIn.count) };
      pieces.splice(i + 1, 1);
    }
  }
}
type Change = { type: 'added' | 'removed'; user: string | null };
type Mode = 'diff' | 'added' | 'removed' | 'common';

const isVisible = (item: Y.Item, s: Snapshot): boolean =>
  (s.sv.get(item.id.client) ?? 0) > item.id.clock && !Y.isDeleted(s.ds, item.id);

function snapshotOf(state: Uint8Array): Snapshot {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const snap = Y.snapshot(doc);
  doc.destroy();
  return snap;
}

const changeIds = (state: Uint8Array): Set<string> => new Set(listChanges(parseContent(stateToContent(state))).map((c) => c.id));

class Compare {
  readonly authors = new Map<string, CompareAuthor>();
  inserted = 0;
  deleted = 0;
  private pud: Y.PermanentUserData;
  private names: Map<string, string>;

  constructor(private doc: Y.Doc, private older: Snapshot, private newer: Snapshot, private newIds: Set<string>) {
    this.pud = new Y.PermanentUserData(doc);
    this.names = recordedNames(doc);
  }

  private author(user: string | null, name?: string): CompareAuthor {
    const id = user ?? '';
    let author = this.authors.get(id);
    if (!author) this.authors.set(id, author = { id, name: id ? this.names.get(id) ?? (name || id) : 'Unattributed', inserted: 0, deleted: 0 });
    return author;
  }

  /** Counts the characters under each insertion and deletion mark of `doc`, by author. */
  private countAll(doc: PMNode): void {
    doc.descendants((node) => {
      if (!node.isText) return true;
      for (const m of node.marks) {
        if (m.type !== schema.marks.insertion && m.type !== schema.marks.deletion) continue;
        const author = this.author(String(m.attrs.author || '') || null, String(m.attrs.authorName ?? ''));
        const size = node.text!.length;
        if (m.type === schema.marks.insertion) { author.inserted += size; this.inserted += size; } else { author.deleted += size; this.deleted += size; }
      }
      return false;
    });
  }

  private computeChange = (type: 'added' | 'removed', id: Y.ID): Change => ({
    type, user: type === 'added' ? this.pud.getUserByClientId(id.client) : this.pud.getUserByDeletedId(id),
  });

  /** The mark saying who added or removed the text. */
  private changeMark(change: Change): Mark {
    const author = this.author(change.user);
    const kind = change.type === 'added' ? 'insertion' : 'deletion';
    return schema.marks[kind].create({ id: `compare-${kind}-${author.id || 'unknown'}`, author: author.id, authorName: author.name, time: 0, status: 'suggested' });
  }

  /** The marks of a text's attributes: formatting, and the revision marks made since the older state. */
  private marks(attributes: Record<string, unknown> | undefined): Mark[] {
    const marks: Mark[] = [];
    for (const [key, value] of Object.entries(attributes ?? {})) {
      if (key === 'ychange' || value === null) continue;
      const type = schema.marks[key.replace(/--.*$/, '')];
      if (!type) continue;
      const attrs = (value ?? {}) as Record<string, unknown>;
      if ((type === schema.marks.insertion || type === schema.marks.deletion) && !this.newIds.has(String(attrs.id))) continue;
      marks.push(type.create(attrs));
    }
    return marks;
  }

  private text(ytext: Y.XmlText, mode: Mode): PMNode[] {
    const ops = (mode === 'common' ? ytext.toDelta(this.newer) : ytext.toDelta(this.newer, this.older, this.computeChange)) as
      { insert: unknown; attributes?: Record<string, unknown> }[];
    const nodes: PMNode[] = [];
    for (const op of ops) {
      if (typeof op.insert !== 'string' || !op.insert) continue;
      let marks = this.marks(op.attributes);
      const change = op.attributes?.ychange as Change | undefined;
      if (change) marks = [...marks.filter((m) => m.type !== schema.marks.insertion && m.type !== schema.marks.deletion), this.changeMark(change)];
      nodes.push(schema.text(op.insert, marks));
    }
    return nodes;
  }

  private state(item: Y.Item): 'both' | 'added' | 'removed' | 'none' {
    const inNew = isVisible(item, this.newer), inOld = isVisible(item, this.older);
    return inNew && inOld ? 'both' : inNew ? 'added' : inOld ? 'removed' : 'none';
  }

  /** The children of `parent` that either state has, with what happened to them. */
  private children(parent: Y.XmlElement | Y.XmlFragment): { type: Y.XmlElement | Y.XmlText; state: 'both' | 'added' | 'removed' }[] {
    const out: { type: Y.XmlElement | Y.XmlText; state: 'both' | 'added' | 'removed' }[] = [];
    for (let item = parent._start; item; item = item.right) {
      if (!(item.content instanceof Y.ContentType)) continue;
      const state = this.state(item);
      if (state !== 'none') out.push({ type: item.content.type as Y.XmlElement | Y.XmlText, state });
    }
    return out;
  }

  /** The plain text of an element as the state `mode` has it. */
  private plain(el: Y.XmlElement, mode: 'added' | 'removed'): string {
    const snap = mode === 'removed' ? this.older : this.newer;
    let text = '';
    for (const { type } of this.children(el)) {
      if (!isVisible(type._item!, snap)) continue;
      if (type instanceof Y.XmlText) text += (type.toDelta(snap) as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
      else text += `<${type.nodeName}>${this.plain(type, mode)}`;
    }
    return text;
  }

  /** The content of `parent` in `mode`; removed children are left out where the schema cannot take them. */
  private content(parent: Y.XmlElement | Y.XmlFragment, mode: Mode, type = schema.topNodeType): Fragment {
    const kids = this.children(parent);
    const nodes: Piece[] = [];
    for (let i = 0; i < kids.length; i++) {
      const { type: child, state } = kids[i];
      if (mode === 'common' && state === 'removed') continue;
      let childMode: Mode = mode === 'common' ? 'common' : state === 'both' ? 'diff' : state;
      // a block retyped in place: the same text in a new element right after the old one
      const next = kids[i + 1], prev = kids[i - 1];
      if (childMode === 'removed' && child instanceof Y.XmlElement && next?.state === 'added' && next.type instanceof Y.XmlElement &&
        this.plain(child, 'removed') === this.plain(next.type, 'added')) continue;
      if (childMode === 'added' && child instanceof Y.XmlElement && prev?.state === 'removed' && prev.type instanceof Y.XmlElement &&
        this.plain(prev.type, 'removed') === this.plain(child, 'added')) childMode = 'common';
      if (child instanceof Y.XmlText) nodes.push(...this.text(child, childMode).map((node) => ({ node, removed: false, added: false })));
      else {
        const node = this.element(child, childMode);
        if (node) nodes.push({ node, removed: childMode === 'removed', added: childMode === 'added' });
      }
    }
    unmoved(nodes);
    const all = Fragment.fromArray(nodes.map((n) => n.node));
    if (type.validContent(all)) return all;
    return Fragment.fromArray(nodes.filter((n) => !n.removed).map((n) => n.node));
  }

  private element(el: Y.XmlElement, mode: Mode): PMNode | null {
    const type = schema.nodes[el.nodeName];
    if (!type) return null;
    const attrs = { ...el.getAttributes(mode === 'removed' ? this.older : this.newer) } as Record<string, unknown>;
    if ('track' in (type.spec.attrs ?? {})) {
      const records = ((attrs.track ?? []) as BlockRevision[]).filter((r) => this.newIds.has(r.id));
      if ((mode === 'added' || mode === 'removed') && type.isTextblock) {
        const author = this.author(this.computeChange(mode, el._item!.id).user);
        records.push({ kind: mode === 'added' ? 'insertion' : 'deletion', id: `compare-block-${author.id || 'unknown'}`, author: author.id, authorName: author.name, time: 0, status: 'suggested' });
      }
      attrs.track = records.length ? records : null;
    }
    const content = this.content(el, mode, type);
    try {
      return type.createChecked(attrs, content);
    } catch {
      return type.createAndFill(attrs, content) ?? null;
    }
  }

  build(): PMNode {
    const root = this.doc.getXmlFragment(FRAGMENT);
    const doc = schema.topNodeType.create(null, this.content(root, 'diff'));
    this.countAll(doc);
    return doc;
  }
}

/** The differences from the state `from` to the state `to` of one document. */
export function compareStates(from: Uint8Array, to: Uint8Array): Comparison {
  const doc = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(doc, from);
    Y.applyUpdate(doc, to);
    const oldIds = changeIds(from);
    const newIds = new Set([...changeIds(to)].filter((id) => !oldIds.has(id)));
    const compare = new Compare(doc, snapshotOf(from), snapshotOf(to), newIds);
    const result = compare.build();
    const authors = [...compare.authors.values()].filter((a) => a.inserted || a.deleted).sort((a, b) => (a.id === '' ? 1 : b.id === '' ? -1 : a.name.localeCompare(b.name)));
    return { doc: result.toJSON(), authors, inserted: compare.inserted, deleted: compare.deleted };
  } finally {
    doc.destroy();
  }
}
