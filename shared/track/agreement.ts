// What makes a tracked edit right: rejecting every change gives back the base text the document
// had, and accepting every change gives what accepting everything after the same edit made
// without track mode gives. The plugin checks structural edits against it (plugin.ts) and the
// whole-block fallback picks the block run that meets it (block-replace.ts).
import type { Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { schema } from '../schema';
import { allChangeIds } from './changes';
import { isRecordedSplit } from './recorded-split';
import { blockRecords } from './revision';
import { applyReview } from './review';
import { unitRecordIds } from './unit';

/**
 * The document with every change accepted (or rejected), but a unit added (its unit record,
 * unit.ts): its content is base text, so an edit inside it is judged against that text, as the
 * server's drafter check does, never by the whole unit going.
 */
export function reviewedDoc(doc: PMNode, action: 'accept' | 'reject'): PMNode {
  const tr = new Transform(doc);
  const units = unitRecordIds(doc);
  applyReview(tr, units.size ? allChangeIds(doc).filter((id) => !units.has(id)) : allChangeIds(doc), action);
  return tr.doc;
}

/** How many blocks carry each block record (`kind:id`). */
function recordCounts(doc: PMNode): Map<string, number> {
  const counts = new Map<string, number>();
  doc.descendants((node) => {
    for (const r of blockRecords(node)) counts.set(`${r.kind}:${r.id}`, (counts.get(`${r.kind}:${r.id}`) ?? 0) + 1);
    return !node.isTextblock;
  });
  return counts;
}

/**
 * Whether the plain edit `before` -> `plain` kept every block record. A plain join keeps the
 * first block's attrs, so the second block's paragraph-mark record (an item deleted whole) is
 * lost: the plain result then no longer says what accepting the edit should give.
 */
export function keepsRecords(before: PMNode, plain: PMNode): boolean {
  const kept = recordCounts(plain);
  for (const [key, n] of recordCounts(before)) if ((kept.get(key) ?? 0) < n) return false;
  return true;
}

/** Whether `node` or any block inside it carries a block record (which review may join onward). */
function holdsRecords(node: PMNode): boolean {
  if (blockRecords(node).length) return true;
  let found = false;
  node.descendants((child) => {
    if (found) return false;
    if (blockRecords(child).length) found = true;
    return !found && !child.isTextblock;
  });
  return found;
}

const same = (a: PMNode, b: PMNode) => a === b || a.eq(b);

/** The top-level children of the documents compared: each one's differing run, and the neighbours after it, the same in all. */
interface Windows {
  runs: PMNode[][];
  after: PMNode[];
}

const children = (doc: PMNode, from: number, to: number): PMNode[] => {
  const list: PMNode[] = [];
  for (let k = from; k < to; k++) list.push(doc.child(k));
  return list;
};

/**
 * The top-level children of `docs` (one edit's before, tracked and plain documents) that can tell
 * them apart under review: the run where they differ, widened over neighbours whose block records
 * could join them into it (those before it only when `widenStart`). The children outside are
 * identical in all three documents and review the same way in each, so comparing the reviewed
 * windows is comparing the reviewed documents.
 */
function differingWindows(docs: PMNode[], widenStart: boolean): Windows {
  const counts = docs.map((d) => d.childCount);
  const shortest = Math.min(...counts);
  let start = 0;
  while (start < shortest && docs.every((d) => same(d.child(start), docs[0].child(start)))) start++;
  let tail = 0;
  while (tail < shortest - start && docs.every((d, i) => same(d.child(counts[i] - 1 - tail), docs[0].child(counts[0] - 1 - tail)))) tail++;
  const differing = tail;
  // A record on the child before the run may join it into the run; one on the run's last child
  // may join the first child after it.
  while (widenStart && start > 0 && holdsRecords(docs[0].child(start - 1))) start--;
  while (tail > 0 && docs.some((d, i) => counts[i] - tail > start && holdsRecords(d.child(counts[i] - tail - 1)))) tail--;
  return {
    runs: docs.map((d, i) => children(d, start, counts[i] - differing)),
    after: children(docs[0], counts[0] - differing, counts[0] - tail),
  };
}

/**
 * The neighbours after the run, reviewed: the same for every document compared, and cached for
 * the next edit (whose neighbours after are often the same nodes). Review takes blocks last first,
 * so these are reviewed before anything of the run, whatever the run holds; the run is then
 * reviewed against their result (a reviewed block has nothing left to review).
 */
const reviewedAfterCache = new Map<string, { after: PMNode[]; reviewed: PMNode[] }>();

function reviewedAfter(after: PMNode[], action: 'accept' | 'reject'): PMNode[] {
  const cached = reviewedAfterCache.get(action);
  if (cached && cached.after.length === after.length && cached.after.every((node, i) => node === after[i])) return cached.reviewed;
  const doc = reviewedDoc(schema.topNodeType.create(null, after), action);
  const reviewed = children(doc, 0, doc.childCount);
  reviewedAfterCache.set(action, { after, reviewed });
  return reviewed;
}

/** A run with the reviewed neighbours after it, reviewed. */
function reviewedWindow(run: PMNode[], after: PMNode[], action: 'accept' | 'reject'): PMNode {
  return reviewedDoc(schema.topNodeType.create(null, [...run, ...reviewedAfter(after, action)]), action);
}

/**
 * Whether `tracked`, the tracked form of an edit of `before` whose plain result is `plain`, is
 * right: rejecting everything gives the base text of `before`, and (when the plain result kept
 * the block records, so it can say) accepting everything gives what it gives accepted. Only the
 * top-level blocks the edit can affect are reviewed, and Enter in a block is settled without review
 * (recorded-split.ts).
 */
export function agrees(tracked: PMNode, before: PMNode, plain: PMNode): boolean {
  return isRecordedSplit(tracked, before, plain) || reviewAgrees(tracked, before, plain);
}

/**
 * The check by review alone (what `agrees` settles Enter without). First without the neighbours
 * before the run: review takes blocks last first, so by the time it reaches them the run is
 * reviewed, and what they do (join into its first block, run on into it) depends only on that
 * result, which is the same in the documents compared if the narrow check holds. Where it does
 * not (a join from before would have hidden a difference in the run's first block), the widened
 * run decides. The neighbours after the run are always included: review reaches them first, and
 * the run's records can join onward into them.
 */
export function reviewAgrees(tracked: PMNode, before: PMNode, plain: PMNode): boolean {
  return agreeWithin(tracked, before, plain, false) || agreeWithin(tracked, before, plain, true);
}

function agreeWithin(tracked: PMNode, before: PMNode, plain: PMNode, widenStart: boolean): boolean {
  const { runs: [t, b, p], after } = differingWindows([tracked, before, plain], widenStart);
  if (!reviewedWindow(t, after, 'reject').eq(reviewedWindow(b, after, 'reject'))) return false;
  const doc = (run: PMNode[]) => schema.topNodeType.create(null, run);
  return !keepsRecords(doc(b), doc(p)) || reviewedWindow(t, after, 'accept').eq(reviewedWindow(p, after, 'accept'));
}
