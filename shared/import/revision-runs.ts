// Revision runs of an imported document made into changes as a reader sees them, one contiguous run
// of text (paragraph marks included) per change:
// - joinRevisionRuns (.docx): Word writes one w:ins or w:del per run and per paragraph; revisions of
//   one kind, author, date and status that follow each other with nothing unrevised between them
//   (within a paragraph, or across a paragraph mark revised the same way) are one change, with the
//   id of the first. So a review .docx imported back has the changes it was exported with.
// - splitDetachedRevisions (text, markdown): a conversion's revision mark that is cut by an unrevised
//   paragraph mark (a deletion running over two lines of a list item) is a change in each paragraph,
//   as Word, the exports and the track engine see it: the later parts get ids of their own.
// The content of footnotes is a story of its own: it never continues or cuts the text's changes.
import { Fragment, type Mark, type Node as PMNode } from 'prosemirror-model';
import type { BlockRevision, RevisionAttrs } from '../schema';

type Kind = 'insertion' | 'deletion';
const KINDS: readonly Kind[] = ['insertion', 'deletion'];

/** Decides, walking the text in order, the id a revision at the current place gets (null: none there). */
interface Chain {
  at(kind: Kind, attrs: RevisionAttrs | null): string | null;
  /** The id a revision inside a footnote's content gets. */
  inNote(attrs: RevisionAttrs): string;
}

class JoinChain implements Chain {
  private open: Record<Kind, { key: string; id: string } | null> = { insertion: null, deletion: null };
  private readonly aliases = new Map<string, string>();

  at(kind: Kind, attrs: RevisionAttrs | null): string | null {
    if (!attrs) return (this.open[kind] = null);
    const key = `${attrs.author}\n${attrs.time}\n${attrs.status}`;
    const open = this.open[kind];
    if (open && open.key === key) {
      if (attrs.id !== open.id) this.aliases.set(attrs.id, open.id);
      return open.id;
    }
    const id = this.aliases.get(attrs.id) ?? attrs.id;
    this.open[kind] = { key, id };
    return id;
  }

  inNote(attrs: RevisionAttrs): string {
    return this.aliases.get(attrs.id) ?? attrs.id;
  }
}

class SplitChain implements Chain {
  private open: Record<Kind, { original: string; id: string } | null> = { insertion: null, deletion: null };
  private readonly seen = new Set<string>();
  private readonly parts = new Map<string, number>();

  at(kind: Kind, attrs: RevisionAttrs | null): string | null {
    if (!attrs) return (this.open[kind] = null);
    const open = this.open[kind];
    if (open && open.original === attrs.id) return open.id;
    let id = attrs.id;
    if (this.seen.has(`${kind}:${attrs.id}`)) {
      const part = (this.parts.get(attrs.id) ?? 1) + 1;
      this.parts.set(attrs.id, part);
      id = `${attrs.id}.${part}`;
    }
    this.seen.add(`${kind}:${attrs.id}`);
    this.open[kind] = { original: attrs.id, id };
    return id;
  }

  inNote(attrs: RevisionAttrs): string {
    return attrs.id;
  }
}

function records(node: PMNode): BlockRevision[] {
  const track = node.attrs.track as BlockRevision[] | null | undefined;
  return Array.isArray(track) ? track : [];
}

function withId(mark: Mark, id: string): Mark {
  return mark.attrs.id === id ? mark : mark.type.create({ ...mark.attrs, id });
}

function isRevision(mark: Mark): mark is Mark & { type: { name: Kind } } {
  return KINDS.includes(mark.type.name as Kind);
}

/** The inline node with the ids its place in the chain gives its revision marks. */
function inline(node: PMNode, chain: Chain): PMNode {
  const marks = node.marks.map((m) => m);
  for (const kind of KINDS) {
    const i = marks.findIndex((m) => m.type.name === kind);
    const id = chain.at(kind, i < 0 ? null : (marks[i].attrs as RevisionAttrs));
    if (i >= 0) marks[i] = withId(marks[i], id!);
  }
  let content = node.content;
  if (node.type.name === 'footnote' && node.content.size) {
    const children: PMNode[] = [];
    node.forEach((child) => children.push(child.mark(child.marks.map((m) => (isRevision(m) ? withId(m, chain.inNote(m.attrs as RevisionAttrs)) : m)))));
    content = Fragment.from(children);
  }
  if (node.isText) return node.mark(marks);
  return node.type.create(node.attrs, content, marks);
}

function rewrite(node: PMNode, chain: Chain): PMNode {
  if (node.isInline) return inline(node, chain);
  const children: PMNode[] = [];
  node.forEach((child) => children.push(rewrite(child, chain)));
  let track = records(node);
  if (node.isTextblock || track.length) {
    track = track.slice();
    for (const kind of KINDS) {
      const i = track.findIndex((r) => r.kind === kind);
      // A paragraph mark without a revision of this kind ends its run; a container's content runs on.
      if (i < 0 && !node.isTextblock) continue;
      const id = chain.at(kind, i < 0 ? null : track[i]);
      if (i >= 0) track[i] = { ...track[i], id: id! };
    }
  }
  const attrs = track.length ? { ...node.attrs, track } : node.attrs;
  return node.type.create(attrs, Fragment.from(children), node.marks);
}

/** Whether `doc` has any insertion or deletion (a document without any is left as it is). */
function hasRevisions(doc: PMNode): boolean {
  let found = false;
  doc.descendants((node) => {
    if (found) return false;
    found = node.marks.some(isRevision) || records(node).some((r) => r.kind !== 'attribute');
    return !found;
  });
  return found;
}

/** `doc` (read from a .docx) with adjacent revisions of one kind, author, date and status joined into one change each. */
export function joinRevisionRuns(doc: PMNode): PMNode {
  return hasRevisions(doc) ? rewrite(doc, new JoinChain()) : doc;
}

/** `doc` (read from text or markdown) with each revision mark cut by an unrevised paragraph mark split into changes. */
export function splitDetachedRevisions(doc: PMNode): PMNode {
  return hasRevisions(doc) ? rewrite(doc, new SplitChain()) : doc;
}
