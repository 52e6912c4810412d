// The safe form of a structural edit: the smallest run of sibling blocks that changed is tracked
// as deleted whole and the blocks that replace it as inserted whole. Used when the step-by-step
// form of an edit (a paste that splits a proposal, a deletion ProseMirror re-fits) would not
// accept into exactly the document the plain edit gives.
import { Slice, type Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { changedRange } from '../model/changed-range';
import { agrees } from './agreement';
import { trackDeletion } from './deletion';
import { trackInsertion } from './insertion';
import type { TrackUser } from './revision';

export interface BlockReplace {
  tr: Transform;
  /** Maps positions of `after` to positions of `tr.doc`. */
  map: (pos: number, assoc: number) => number;
}

/** Track the change from `before` to `after` as whole blocks out and in; null if no block run fits. */
export function trackBlockReplace(before: PMNode, after: PMNode, user: TrackUser, time: number): BlockReplace | null {
  const range = changedRange(before, after);
  if (!range) return null;
  const { start, endA, endB } = range;
  const $s = before.resolve(start), $e = before.resolve(endA);
  for (let d = $s.sharedDepth(endA); d >= 0; d--) {
    if ($s.node(d).isTextblock) continue;
    const from = d < $s.depth ? $s.before(d + 1) : start;
    const to = d < $e.depth ? $e.after(d + 1) : endA;
    const pTo = to - endA + endB;
    if (pTo < from) continue;
    const inserted = after.slice(from, pTo);
    if (inserted.openStart || inserted.openEnd) continue;
    const tr = new Transform(before);
    trackDeletion(tr, from, to, user, time, 0);
    const at = tr.mapping.map(to, 1);
    // the new blocks keep the revision marks of what moved into them (deleted text stays deleted)
    const range = trackInsertion(tr, at, new Slice(inserted.content, 0, 0), user, time, true);
    if (!agrees(tr.doc, before, after)) continue;
    const insStart = range ? range[0] : at, insEnd = range ? range[1] : at;
    const map = (pos: number, assoc: number) =>
      pos < from ? tr.mapping.map(pos, assoc)
        : pos <= pTo ? Math.min(insStart + (pos - from), insEnd)
          : insEnd + (pos - pTo);
    return { tr, map };
  }
  return null;
}
