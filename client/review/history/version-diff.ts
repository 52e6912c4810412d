// The difference between two versions of a document as revision marks, for the compare view: the
// newer document's blocks in its own layout, each textblock's text diffed word by word against its
// counterpart in the older one (the `diff` library), added text marked as an insertion, removed
// text put back marked as a deletion. Changes are attributed to the authors of the revision marks
// that carry them (the insertion in the newer version, the accepted deletion in the older one);
// text whose marks were accepted meanwhile stays unattributed. Pure: no DOM, no Yjs.
import { diffArrays, diffWordsWithSpace } from 'diff';
import { Fragment, type Mark, type Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { schema, type BlockRevision } from '../../../shared/schema';
import { listChanges } from '../../../shared/track';
import { textblocks, textSlice as slice, type Textblock } from '../../../shared/model/block-text';

/** Someone whose changes the compare view shows ('' is text whose author is no longer known). */
export interface DiffAuthor {
  id: string;
  name: string;
  inserted: number;
  deleted: number;
}

export interface VersionDiff {
  /** The newer document with the differences as `insertion` / `deletion` marks. */
  doc: PMNode;
  authors: DiffAuthor[];
  /** Characters inserted and deleted in all. */
  inserted: number;
  deleted: number;
}

const isRevision = (mark: Mark) => mark.type === schema.marks.insertion || mark.type === schema.marks.deletion;

class Builder {
  readonly authors = new Map<string, DiffAuthor>();
  inserted = 0;
  deleted = 0;
  constructor(readonly newIds: Set<string>) {}

  private author(id: string, name: string): DiffAuthor {
    let author = this.authors.get(id);
    if (!author) this.authors.set(id, author = { id, name: id ? name || id : 'Unattributed', inserted: 0, deleted: 0 });
    return author;
  }

  private count(kind: 'insertion' | 'deletion', id: string, name: string, node: PMNode): DiffAuthor {
    const author = this.author(id, name);
    const size = node.isText ? node.text!.length : 1;
    if (kind === 'insertion') { author.inserted += size; this.inserted += size; } else { author.deleted += size; this.deleted += size; }
    return author;
  }

  private mark(kind: 'insertion' | 'deletion', node: PMNode): Mark {
    const own = node.marks.find((m) => m.type.name === kind);
    const id = (own?.attrs.author as string | undefined) ?? '';
    const author = this.count(kind, id, (own?.attrs.authorName as string | undefined) ?? '', node);
    return schema.marks[kind].create({ id: `compare-${kind}-${id || 'unknown'}`, author: id, authorName: author.name, time: own?.attrs.time ?? 0, status: 'suggested' });
  }

  /** Text in both versions: only the revision marks of changes made since the older version stay. */
  common(content: Fragment): Fragment {
    return this.map(content, (node) => {
      const kept = node.marks.filter((m) => !isRevision(m) || this.newIds.has(m.attrs.id as string));
      for (const m of kept) if (isRevision(m)) this.count(m.type.name as 'insertion' | 'deletion', m.attrs.author as string, m.attrs.authorName as string, node);
      return kept;
    });
  }

  added(content: Fragment): Fragment {
    return this.map(content, (node) => [...node.marks.filter((m) => !isRevision(m)), this.mark('insertion', node)]);
  }

  removed(content: Fragment): Fragment {
    return this.map(content, (node) => [...node.marks.filter((m) => !isRevision(m)), this.mark('deletion', node)]);
  }

  private map(content: Fragment, marks: (node: PMNode) => readonly Mark[]): Fragment {
    const nodes: PMNode[] = [];
    content.forEach((node) => nodes.push(node.mark(marks(node))));
    return Fragment.fromArray(nodes);
  }
}

/** The differences from `older` to `newer` as revision marks on `newer`'s layout. */
export function compareVersions(older: PMNode, newer: PMNode): VersionDiff {
  const oldIds = new Set(listChanges(older).map((c) => c.id));
  const builder = new Builder(new Set(listChanges(newer).map((c) => c.id).filter((id) => !oldIds.has(id))));
  const before = textblocks(older), after = textblocks(newer);
  const contents: Fragment[] = after.map(() => Fragment.empty);
  const wholeAdded = new Set<number>(); // blocks of the newer version with no counterpart
  let pending: Fragment[] = []; // removed blocks waiting for the next block of the newer version
  // A removed block shows as its deleted text and a deleted line break, in the next block.
  const removedBlock = (content: Fragment) => content.append(builder.removed(Fragment.from(schema.nodes.hard_break.create())));
  const flushPending = (into: Fragment) => {
    const joined = pending.reduce((acc, f) => acc.append(removedBlock(f)), Fragment.empty);
    pending = [];
    return joined.append(into);
  };

  let oi = 0, ni = 0;
  const parts = diffArrays(before, after, { comparator: (a, b) => a.text === b.text && a.node.type === b.node.type });
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (!part.added && !part.removed) {
      for (let k = 0; k < part.value.length; k++, oi++, ni++) contents[ni] = flushPending(builder.common(after[ni].node.content));
    } else if (part.removed) {
      const next = parts[p + 1];
      const added = next?.added ? next.value.length : 0;
      for (let k = 0; k < part.value.length; k++, oi++) {
        if (k < added) contents[ni + k] = flushPending(diffBlock(builder, before[oi], after[ni + k]));
        else pending.push(builder.removed(before[oi].node.content));
      }
      if (added) {
        for (let k = part.value.length; k < added; k++) {
          contents[ni + k] = flushPending(builder.added(after[ni + k].node.content));
          wholeAdded.add(ni + k);
        }
        ni += added;
        p++;
      }
    } else {
      for (let k = 0; k < part.value.length; k++, ni++) {
        contents[ni] = flushPending(builder.added(after[ni].node.content));
        wholeAdded.add(ni);
      }
    }
  }
  const tr = new Transform(newer);
  if (pending.length && after.length) {
    const last = after.length - 1;
    const lineBreak = () => builder.removed(Fragment.from(schema.nodes.hard_break.create()));
    contents[last] = pending.reduce((acc, f) => acc.append(lineBreak()).append(f), contents[last]);
  }
  for (let i = after.length - 1; i >= 0; i--) {
    const { node, pos } = after[i];
    tr.replaceWith(pos + 1, pos + 1 + node.content.size, contents[i]);
  }
  blockRecords(tr, builder.newIds, wholeAdded);
  const authors = [...builder.authors.values()].sort((a, b) => (a.id === '' ? 1 : b.id === '' ? -1 : a.name.localeCompare(b.name)));
  return { doc: tr.doc, authors, inserted: builder.inserted, deleted: builder.deleted };
}

/**
 * Block revision records (change bars): only those of changes made since the older version stay,
 * and a textblock with no counterpart in the older version is recorded as inserted.
 */
function blockRecords(tr: Transform, newIds: Set<string>, wholeAdded: Set<number>): void {
  let index = 0;
  const updates: { pos: number; track: BlockRevision[] | null }[] = [];
  tr.doc.descendants((node, pos) => {
    const isTextblock = node.isTextblock;
    const added = isTextblock && wholeAdded.has(index);
    if (isTextblock) index++;
    if (!('track' in node.attrs)) return !isTextblock;
    const records = ((node.attrs.track ?? []) as BlockRevision[]).filter((r) => newIds.has(r.id));
    if (added && !records.some((r) => r.kind === 'insertion')) {
      records.push({ kind: 'insertion', id: 'compare-block', author: '', authorName: 'Unattributed', time: 0, status: 'suggested' });
    }
    const track = records.length ? records : null;
    if (JSON.stringify(track) !== JSON.stringify(node.attrs.track ?? null)) updates.push({ pos, track });
    return !isTextblock;
  });
  for (const { pos, track } of updates) tr.setNodeMarkup(pos, undefined, { ...tr.doc.nodeAt(pos)!.attrs, track });
}

/** One textblock against its counterpart: word diff of their text. */
function diffBlock(builder: Builder, old: Textblock, now: Textblock): Fragment {
  let result = Fragment.empty;
  let oa = 0, na = 0;
  for (const part of diffWordsWithSpace(old.text, now.text)) {
    const n = part.value.length;
    if (part.removed) {
      result = result.append(builder.removed(slice(old, oa, oa + n)));
      oa += n;
    } else if (part.added) {
      result = result.append(builder.added(slice(now, na, na + n)));
      na += n;
    } else {
      result = result.append(builder.common(slice(now, na, na + n)));
      oa += n; na += n;
    }
  }
  return result;
}
