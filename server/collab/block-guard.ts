// The drafter check of blocks: what server/collab/guard.ts does for text, done for block
// attributes and block records (the `track` attr) in the subtree an update changed.
//
// 1. An element present before and after (same Yjs id) whose node type can carry records may
//    change an attribute only as the drafter's tracked change: an own suggested `attribute`
//    record after holds, as the old value, the value before her own changes (the old value of
//    one of her own records before, or the value before when she had none), or the attribute
//    goes back to such a value (the engine then drops or keeps the own record). So she cannot
//    rewrite what her record says the block was. Blocks are Yjs elements, and y-prosemirror
//    reuses an element for another node when blocks are restructured, so some elements count
//    as the drafter's new or withdrawn blocks rather than changed ones: one that gets or loses
//    an own `whole` insertion record, one whose old attrs went to a new element carrying her
//    split record (the other half of a split), and one that gets or loses any of her own records
//    while its old attrs are found on another element after and its new ones on another
//    before (a node shifted along when she deletes or withdraws blocks around it).
// 2. Other people's block records, and the drafter's own once agreed (as the text check counts
//    them: all but her open suggestions), as {id, kind, author, status, old, whole}, are a multiset
//    that may grow (a split copies them onto both halves) but not shrink or change, except where
//    the engine itself drops them: when the drafter takes back her own paragraph mark or block
//    (deleting or rejecting her own `insertion` record), the records on that mark and the
//    attribute records of the block it joined go with it (deletion.ts `joinedRecords`,
//    review.ts `removeParagraphMark`). So a missing record is allowed when the block holding it
//    before, or the textblock just before that one, carried an own suggested insertion record
//    that fewer blocks carry after (or carry as it was: a `whole` one may lose the flag when
//    she deletes her block's opening).
import * as Y from 'yjs';
import { schema } from '../../shared/schema';

type Container = Y.XmlElement | Y.XmlFragment;

interface Rec {
  id?: unknown; author?: unknown; authorName?: unknown; status?: unknown; kind?: unknown; old?: Record<string, unknown> | null; whole?: unknown;
}

const REFUSAL = 'drafters edit in track mode only';

/** The Y elements under `root` (itself included), in document order. */
function elementsOf(root: Container | Y.AbstractType<any>): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  const walk = (node: unknown): void => {
    if (node instanceof Y.XmlElement) out.push(node);
    if (node instanceof Y.XmlFragment) for (const child of node.toArray()) walk(child);
  };
  walk(root);
  return out;
}

const idOf = (el: Y.XmlElement): string => `${el._item!.id.client}:${el._item!.id.clock}`;

const recordsOf = (el: Y.XmlElement): Rec[] => {
  const track = el.getAttribute('track') as unknown;
  return Array.isArray(track) ? (track as Rec[]).filter((r) => r && typeof r === 'object') : [];
};

const canCarryRecords = (el: Y.XmlElement): boolean => 'track' in (schema.nodes[el.nodeName]?.spec.attrs ?? {});
const isTextblock = (el: Y.XmlElement): boolean => !!schema.nodes[el.nodeName]?.isTextblock;

const isOwnSuggestion = (r: Rec, userId: string): boolean => r.author === userId && r.status === 'suggested';
const isOwn = (r: Rec, userId: string, kind: string): boolean => isOwnSuggestion(r, userId) && r.kind === kind;

/** JSON with sorted keys, `undefined` read as null: equal values give equal strings. */
function stable(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().filter((k) => obj[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stable(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const recordKey = (r: Rec): string => stable({ id: r.id, kind: r.kind, author: r.author, status: r.status, old: r.old, whole: r.whole });

/** An element's type and attributes without its records, as one comparable string. */
function markupOf(el: Y.XmlElement): string {
  const { track: _track, ...attrs } = el.getAttributes() as Record<string, unknown>;
  return stable({ type: el.nodeName, attrs });
}

/**
 * Rule 1 for one element found before and after. `splitHalves` are the markups of the new
 * elements the update made with an own insertion record: the halves of the drafter's splits
 * that y-prosemirror wrote as new elements.
 */
function attributeChange(before: Y.XmlElement, after: Y.XmlElement, userId: string, moves: Moves): string | null {
  if (!canCarryRecords(after)) return null;
  const { splitHalves, markupsBefore, markupsAfter } = moves;
  // A split (Enter, or a paste ProseMirror fits by splitting a resolution) records an own
  // insertion on its first half, and the second half may take default attrs; y-prosemirror may
  // write the first half as the new element and the second into the old one, whose attrs then
  // seem to change. The old attrs live on in the new half, so nothing was lost.
  if (splitHalves.has(markupOf(before))) return null;
  // y-prosemirror may reuse an element for another node: one that became the drafter's own new
  // block (an own `whole` insertion record it did not have) has her attrs, not changed ones, and
  // one that was her new block (she took it back) now holds a node that was elsewhere
  const wholeOwn = (el: Y.XmlElement) => recordsOf(el).filter((r) => isOwn(r, userId, 'insertion') && r.whole).map((r) => stable(r.id));
  if (stable(wholeOwn(before).sort()) !== stable(wholeOwn(after).sort())) return null;
  // or it shifts nodes along: an element that gets or loses one of her own records (her deleted
  // or inserted block) and whose new markup was another element's before while its old markup
  // is another element's after holds a node that moved, not a changed one
  const ownRecords = (el: Y.XmlElement) => stable(recordsOf(el).filter((r) => isOwnSuggestion(r, userId)).map((r) => [r.id, r.kind, !!r.whole]));
  if (ownRecords(before) !== ownRecords(after) && markupsAfter.has(markupOf(before)) && markupsBefore.has(markupOf(after))) return null;
  const b = before.getAttributes() as Record<string, unknown>, a = after.getAttributes() as Record<string, unknown>;
  const ownOld = (el: Y.XmlElement) => recordsOf(el).filter((r) => isOwn(r, userId, 'attribute')).map((r) => r.old ?? {});
  const oldBefore = ownOld(before), oldAfter = ownOld(after);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === 'track' || stable(a[key]) === stable(b[key])) continue;
    // what it was before her own changes: what her records say, else what it is now
    const originals = new Set(oldBefore.length ? oldBefore.map((old) => stable(old[key])) : [stable(b[key])]);
    if (originals.has(stable(a[key]))) continue; // back to what it was
    if (oldAfter.some((old) => originals.has(stable(old[key])))) continue; // the drafter's suggestion
    const article = /^[aeiou]/.test(after.nodeName) ? 'an' : 'a';
    return `${REFUSAL}: the update changes the ${key} of ${article} ${after.nodeName} without tracking it`;
  }
  return null;
}

/** What tells a moved or split node from a changed one (see attributeChange). */
interface Moves {
  splitHalves: Set<string>;
  markupsBefore: Set<string>;
  markupsAfter: Set<string>;
}

interface Held {
  key: string;
  /** Whether the block holding the record, or the textblock before it, lost an own paragraph mark. */
  excused: boolean;
}

/** An own insertion record as counted: its id and whether it covers the whole block. */
const insertionKey = (r: Rec): string => stable({ id: r.id, whole: !!r.whole });

/** How many blocks of `elements` carry each of the drafter's own suggested insertion records. */
function ownInsertions(elements: Y.XmlElement[], userId: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const el of elements) {
    for (const r of recordsOf(el)) if (isOwn(r, userId, 'insertion')) counts.set(insertionKey(r), (counts.get(insertionKey(r)) ?? 0) + 1);
  }
  return counts;
}

/**
 * The records of others in the subtree before, each with whether it may go. Which block lost
 * an own paragraph mark is told by counting, not by Yjs identity: y-prosemirror may write the
 * block that stays into the element of the one that went.
 */
function othersRecords(before: Y.XmlElement[], after: Y.XmlElement[], userId: string): Held[] {
  const was = ownInsertions(before, userId), is = ownInsertions(after, userId);
  const lostOwnMark = (el: Y.XmlElement): boolean => recordsOf(el).some((r) => {
    const key = insertionKey(r);
    return isOwn(r, userId, 'insertion') && (is.get(key) ?? 0) < (was.get(key) ?? 0);
  });
  const held: Held[] = [];
  let previous: Y.XmlElement | null = null;
  for (const el of before) {
    const records = recordsOf(el).filter((r) => !isOwnSuggestion(r, userId));
    if (records.length) {
      const excused = lostOwnMark(el) || (!!previous && lostOwnMark(previous));
      for (const r of records) held.push({ key: recordKey(r), excused });
    }
    if (isTextblock(el)) previous = el;
  }
  return held;
}

/** Rule 2 over the subtree. */
function recordLoss(before: Y.XmlElement[], after: Y.XmlElement[], userId: string): string | null {
  const counts = new Map<string, number>();
  for (const el of after) {
    for (const r of recordsOf(el)) if (!isOwnSuggestion(r, userId)) counts.set(recordKey(r), (counts.get(recordKey(r)) ?? 0) + 1);
  }
  for (const { key, excused } of othersRecords(before, after, userId).sort((x, y) => Number(x.excused) - Number(y.excused))) {
    const left = counts.get(key) ?? 0;
    if (left > 0) counts.set(key, left - 1);
    else if (!excused) return `${REFUSAL}: the update removes or changes a block revision that is not the drafter's own suggestion`;
  }
  return null;
}

/**
 * Why the drafter `userId`'s change of the subtree `before` into `after` (the same Yjs type,
 * before and after the update) is refused for its blocks, or null.
 */
export function blockVerdict(before: Container | Y.AbstractType<any>, after: Container | Y.AbstractType<any>, userId: string): string | null {
  const beforeEls = elementsOf(before), afterEls = elementsOf(after);
  const afterById = new Map(afterEls.map((el) => [idOf(el), el]));
  const beforeIds = new Set(beforeEls.map(idOf));
  const splitHalves = new Set(afterEls
    .filter((el) => !beforeIds.has(idOf(el)) && recordsOf(el).some((r) => isOwn(r, userId, 'insertion') && !r.whole))
    .map(markupOf));
  const moves = { splitHalves, markupsBefore: new Set(beforeEls.map(markupOf)), markupsAfter: new Set(afterEls.map(markupOf)) };
  for (const el of beforeEls) {
    const now = afterById.get(idOf(el));
    const verdict = now && attributeChange(el, now, userId, moves);
    if (verdict) return verdict;
  }
  return recordLoss(beforeEls, afterEls, userId);
}
