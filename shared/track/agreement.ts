// What makes a tracked edit right: rejecting every change gives back the base text the document
// had, and accepting every change gives what accepting everything after the same edit made
// without track mode gives. The plugin checks structural edits against it (plugin.ts) and the
// whole-block fallback picks the block run that meets it (block-replace.ts).
import type { Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { allChangeIds } from './changes';
import { blockRecords } from './revision';
import { applyReview } from './review';

/** The document with every change accepted (or rejected). */
export function reviewedDoc(doc: PMNode, action: 'accept' | 'reject'): PMNode {
  const tr = new Transform(doc);
  applyReview(tr, allChangeIds(doc), action);
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

/**
 * Whether `tracked`, the tracked form of an edit of `before` whose plain result is `plain`, is
 * right: rejecting everything gives the base text of `before`, and (when the plain result kept
 * the block records, so it can say) accepting everything gives what it gives accepted.
 */
export function agrees(tracked: PMNode, before: PMNode, plain: PMNode): boolean {
  if (!reviewedDoc(tracked, 'reject').eq(reviewedDoc(before, 'reject'))) return false;
  return !keepsRecords(before, plain) || reviewedDoc(tracked, 'accept').eq(reviewedDoc(plain, 'accept'));
}
