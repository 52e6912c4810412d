// The one structural edit the agreement check (agreement.ts) can settle locally: Enter inside a
// textblock, recorded as the plain split plus an insertion record on the first half's new
// paragraph mark. Review joins a block into its neighbours only through paragraph-mark records,
// so the check widens over every neighbour that has one; in a text typed in track mode every
// block has one, and the check would review the whole document on each Enter. This test looks
// at the split block alone and holds exactly when the widened check would, because:
//
// - the documents differ only in the split block (tracked and plain only in the first half's
//   records), so the rest of each reviews alike;
// - the second half is the old block with its records (same type and attrs), so under review it
//   joins onward, or stays, as the old block did; the first half, of the old block's type and
//   attrs, then takes it back in on reject (its only record is the new paragraph mark), which is
//   the old block again, and keeps it apart on accept, which is the plain split accepted;
// - the old block's records are all paragraph-mark insertions (no `whole` block, no deletion to
//   join on accept, no attribute to restore on a half that a join would drop).
import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import { AttrStep, ReplaceStep, type Step, type Transform } from 'prosemirror-transform';
import { sameAttrs } from './attributes';
import { insertionAttrs } from './insertion';
import { blockRecords, plainAttrs, type BlockRecord, type TrackUser } from './revision';

const markOnly = (r: BlockRecord) => r.kind === 'insertion' && !r.whole;

/**
 * Whether `tracked` is `before` with one textblock split by Enter and the new paragraph mark
 * recorded, `plain` the same split untracked. `at`, where known, is the first half's position:
 * the two can then be the same document (the split copies the block's records to both halves,
 * and the new mark's record is the one the block had: typing on in one's own inserted paragraph).
 */
export function isRecordedSplit(tracked: PMNode, before: PMNode, plain: PMNode, at?: number): boolean {
  // tracked and plain differ only in the records of one textblock (or not at all, at `at`)
  const diff = plain.content.findDiffStart(tracked.content);
  const start = diff ?? at;
  if (start == null || (at != null && start !== at)) return false;
  const end = diff == null ? null : plain.content.findDiffEnd(tracked.content);
  if (diff != null && !end) return false;
  const first = tracked.nodeAt(start), plainFirst = plain.nodeAt(start);
  if (!first?.isTextblock || !plainFirst) return false;
  if (end && (end.a !== start + plainFirst.nodeSize || end.b !== start + first.nodeSize)) return false;
  if (first.type !== plainFirst.type || !first.content.eq(plainFirst.content) || !sameAttrs(plainAttrs(first), plainAttrs(plainFirst))) return false;
  return isNewEmptyBlock(tracked, before, start, first, plainFirst) || isSplitBlock(tracked, before, start, first);
}

/**
 * Enter at an end of a block, recorded as a new empty block inserted whole: reject removes it
 * whole, accept keeps it; its other records, copied from the block split (as the plain split
 * copies them), are paragraph-mark insertions that either review settles without a join.
 */
function isNewEmptyBlock(tracked: PMNode, before: PMNode, start: number, block: PMNode, plainBlock: PMNode): boolean {
  if (block.content.size) return false;
  const records = blockRecords(block), copied = blockRecords(plainBlock);
  const added = records[records.length - 1];
  if (records.length !== copied.length + 1 || added.kind !== 'insertion' || !added.whole || !copied.every(markOnly)) return false;
  if (JSON.stringify(records.slice(0, -1)) !== JSON.stringify(copied)) return false;
  return tracked.replace(start, start + block.nodeSize, Slice.empty).eq(before);
}

/** Enter inside a block: the first half's new paragraph mark recorded, the second half the old block's rest. */
function isSplitBlock(tracked: PMNode, before: PMNode, start: number, first: PMNode): boolean {
  const second = tracked.nodeAt(start + first.nodeSize), old = before.nodeAt(start);
  if (!second || !old || second.type !== old.type || first.type !== old.type || !second.sameMarkup(old)) return false;
  if (!sameAttrs(plainAttrs(first), plainAttrs(old))) return false;
  const records = blockRecords(first);
  if (records.length !== 1 || !markOnly(records[0]) || !blockRecords(old).every(markOnly)) return false;
  // and tracked is before split at one point
  if (!old.content.eq(first.content.append(second.content))) return false;
  const joined = tracked.replace(start, start + first.nodeSize + second.nodeSize, new Slice(Fragment.from(old), 0, 0));
  return joined.eq(before);
}

/**
 * Enter made directly in its recorded form, without replaying it (plugin.ts): when `step` (the
 * user's one step, on `before`) split a textblock in two, `tr` (on the plain result `plain`) gets
 * the first half's new paragraph-mark record, as the replay would give it (the user's adjacent
 * open insertion's change, else a new one), if that is a recorded split by the test above. False
 * (and `tr` untouched) otherwise: the edit then takes the replay.
 */
export function recordSplit(tr: Transform, step: Step, before: PMNode, plain: PMNode, user: TrackUser, time: number): boolean {
  if (!(step instanceof ReplaceStep) || step.from !== step.to || step.slice.openStart !== 1 || step.slice.openEnd !== 1) return false;
  const { content } = step.slice;
  if (content.childCount !== 2 || !content.firstChild!.isTextblock || content.firstChild!.content.size || content.lastChild!.content.size) return false;
  const $at = before.resolve(step.from);
  if (!$at.parent.isTextblock) return false;
  const start = $at.before(), end = step.from + 1;
  const first = plain.nodeAt(start);
  if (!first || first.nodeSize !== end - start) return false;
  const record = new AttrStep(start, 'track', [{ ...insertionAttrs(plain, step.from, step.from + 2, user, time), kind: 'insertion' }]);
  const tracked = record.apply(plain).doc;
  if (!tracked || !isRecordedSplit(tracked, before, plain, start)) return false;
  tr.step(record);
  return true;
}
