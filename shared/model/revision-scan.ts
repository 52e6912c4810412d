// Reading the revisions recorded in a document: inline `insertion`/`deletion`/`formatChange` marks and block
// `track` attributes, each with the proposal it belongs to. Lint and export read them through this.
import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { BlockRevision, ChangeStatus, RevisionAttrs } from '../schema';
import { describeUnit, isUnitRecord } from '../track/unit';

export type RevisionKind = 'insertion' | 'deletion' | 'attribute' | 'format';

/** One recorded revision: a run of marked text, or a block-level entry of a `track` attribute. */
export interface ScannedRevision {
  id: string;
  kind: RevisionKind;
  /** `inline` for marked text, `block` for a `track` entry of a block node. */
  scope: 'inline' | 'block';
  status: ChangeStatus;
  author: string;
  authorName: string;
  time: number;
  /** The marked text, or the text of the whole block for a block revision. */
  text: string;
  /** Reference number of the enclosing proposal; '' outside proposals or when it has none. */
  proposalRef: string;
  /** Index of the enclosing top-level proposal node in the document, -1 outside proposals. */
  proposalIndex: number;
  /** Document position of the revision's start (of the block for block revisions). */
  pos: number;
}

/** The revision mark of `kind` among `marks`, if any (`format`: the formatChange mark). */
export function revisionMark(marks: readonly Mark[], kind: 'insertion' | 'deletion' | 'format'): Mark | undefined {
  const name = kind === 'format' ? 'formatChange' : kind;
  return marks.find((m) => m.type.name === name);
}

const INLINE_KINDS = ['insertion', 'deletion', 'format'] as const;

const KINDS: readonly string[] = ['insertion', 'deletion', 'attribute'];

/** The block revisions of a node (its `track` attribute), always as an array. */
export function blockRevisions(node: PMNode): BlockRevision[] {
  const track = node.attrs.track as unknown;
  if (!Array.isArray(track)) return [];
  // Entries of other shapes (from a bad import or a newer client) are not revisions we can show.
  return track.filter((r): r is BlockRevision => !!r && typeof r === 'object' && KINDS.includes((r as BlockRevision).kind));
}

function fromAttrs(attrs: RevisionAttrs, kind: RevisionKind): Omit<ScannedRevision, 'scope' | 'text' | 'proposalRef' | 'proposalIndex' | 'pos'> {
  return {
    id: String(attrs.id ?? ''),
    kind,
    status: attrs.status === 'agreed' ? 'agreed' : 'suggested',
    author: String(attrs.author ?? ''),
    authorName: String(attrs.authorName ?? ''),
    time: Number(attrs.time) || 0,
  };
}

/**
 * Every revision under `node` (a document or any part of one), in document order. Adjacent text
 * carrying the same revision (same kind and id) is reported once with its whole text.
 * `offset` is the document position of `node`'s content start (0 for a document).
 */
export function scanRevisions(node: PMNode, offset = 0): ScannedRevision[] {
  const out: ScannedRevision[] = [];
  const open = new Map<string, ScannedRevision>();
  let ref = '';
  let proposalIndex = -1;

  node.descendants((child, pos, parent, index) => {
    if (parent === node && node.type.name === 'doc') {
      const isProposal = child.type.name === 'proposal';
      ref = isProposal ? String(child.attrs.ref ?? '') : '';
      proposalIndex = isProposal ? index : -1;
    }
    if (child.isBlock) {
      for (const rev of blockRevisions(child)) {
        // a unit added reads as what it is, not as all of its text
        const text = isUnitRecord(rev) ? describeUnit(child) : child.textBetween(0, child.content.size, ' ', ' ');
        out.push({ ...fromAttrs(rev, rev.kind), scope: 'block', text, proposalRef: ref, proposalIndex, pos: offset + pos });
      }
    }
    if (child.isBlock) open.clear();
    if (!child.isInline) return true;
    for (const kind of INLINE_KINDS) {
      const mark = revisionMark(child.marks, kind);
      const key = mark ? `${kind}:${mark.attrs.id}` : '';
      if (!mark) {
        open.delete(kind);
        continue;
      }
      const text = child.isText ? child.text ?? '' : child.type.name === 'footnote' ? `[footnote: ${child.textContent}]` : ' ';
      const current = open.get(kind);
      if (current && `${kind}:${current.id}` === key) {
        current.text += text;
      } else {
        const rev: ScannedRevision = {
          ...fromAttrs(mark.attrs as RevisionAttrs, kind), scope: 'inline', text, proposalRef: ref, proposalIndex, pos: offset + pos,
        };
        out.push(rev);
        open.set(kind, rev);
      }
    }
    // Marks inside a footnote's own content are revisions too; the footnote breaks the runs around it.
    if (child.type.name === 'footnote') {
      child.forEach((inner, innerOffset) => {
        for (const kind of INLINE_KINDS) {
          const mark = revisionMark(inner.marks, kind);
          if (mark) {
            out.push({
              ...fromAttrs(mark.attrs as RevisionAttrs, kind), scope: 'inline', text: inner.text ?? '', proposalRef: ref, proposalIndex,
              pos: offset + pos + 1 + innerOffset,
            });
          }
        }
      });
      open.clear();
    }
    return false;
  });
  return out;
}

/** What a revision is, in words: `insertion`, `deletion of a paragraph mark`, `attribute change`... */
export function revisionKind(rev: Pick<ScannedRevision, 'kind' | 'scope'>): string {
  if (rev.kind === 'attribute') return 'attribute change';
  if (rev.kind === 'format') return 'formatting change';
  if (rev.scope === 'inline') return rev.kind;
  return rev.kind === 'insertion' ? 'insertion of a block' : 'deletion of a paragraph mark';
}

/** A revision's text for a one-line message: whitespace folded, cut at `max` characters. */
export function snippet(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
