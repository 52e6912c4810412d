// Where two documents (or two nodes' contents) differ: ProseMirror's findDiffStart and
// findDiffEnd, with the ends moved on so that neither comes before the start (where the same
// text repeats around a change, the two searches overlap).
import type { Node as PMNode } from 'prosemirror-model';

export interface ChangedRange {
  /** Where the contents first differ. */
  start: number;
  /** Where the difference ends in `a`'s content. */
  endA: number;
  /** Where the difference ends in `b`'s content. */
  endB: number;
}

/** The range where `b`'s content differs from `a`'s, or null when they are equal. */
export function changedRange(a: PMNode, b: PMNode): ChangedRange | null {
  const start = a.content.findDiffStart(b.content);
  const end = a.content.findDiffEnd(b.content);
  if (start == null || !end) return null;
  let { a: endA, b: endB } = end;
  const overlap = start - Math.min(endA, endB);
  if (overlap > 0) { endA += overlap; endB += overlap; }
  return { start, endA, endB };
}
