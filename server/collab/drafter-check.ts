// A drafter's update is exactly a tracked change by her. With B the document before the update
// and A after (both read strictly, strict-doc.ts), withdrawing her own open suggestions from
// each (the track engine's review 'reject' of their ids: whatever kinds of revision the engine
// knows, tracked formatting included once it exists) must give equal documents: node types,
// attributes, marks and text. And every revision record the update adds (a mark or a block
// record whose id, author, name, time or status is new) names her: the session's user id and
// display name, and a time no later than a minute past the server's clock (earlier times are
// edits made offline, kept however long ago; a floor refuses the absurd).
// A whole unit added (a unit record, shared/track/unit.ts: its content is base text) comes from the
// server only (POST /api/documents/:id/proposals): a drafter's update never adds one, and while her
// unit stays in the document her withdrawal keeps it, so an untracked edit inside it shows; only
// an update taking her unit out withdraws it whole, and only while the unit holds nothing of
// anyone else's (unit-removal.ts, by Yjs identity: the withdrawal here would take it along).
import { Mark, type Fragment, type Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { changedRange } from '../../shared/model/changed-range';
import { applyReview } from '../../shared/track/review';
import { isUnitRecord } from '../../shared/track/unit';

export const TIME_SKEW_MS = 60_000;
/** No revision is older than this (2000-01-01): a time before it is a forgery or a broken clock. */
export const EARLIEST_TIME = Date.UTC(2000, 0, 1);

export interface Drafter {
  id: string;
  name: string;
}

interface RecordId {
  kind: string;
  id: unknown;
  author: unknown;
  authorName: unknown;
  time: unknown;
  status: unknown;
}

const isRevision = (attrs: Record<string, unknown>): boolean => 'id' in attrs && 'author' in attrs && 'status' in attrs;

/**
 * Every revision record of `doc`: marks with revision attrs, and block records (`track`); with
 * `kept`, also the records a formatChange keeps inside it (`prior`), which come back when it is
 * withdrawn: such a record showing again is not a new one.
 */
function forEachRecord(doc: PMNode, fn: (record: RecordId) => void, kept = false): void {
  const visit = (node: PMNode): void => {
    for (const mark of node.marks) {
      const a = mark.attrs;
      if (isRevision(a)) fn({ kind: mark.type.name, id: a.id, author: a.author, authorName: a.authorName, time: a.time, status: a.status });
      for (let r = kept ? a.prior as Record<string, unknown> | null | undefined : null; r; r = r.prior as typeof r) {
        fn({ kind: mark.type.name, id: r.id, author: r.author, authorName: r.authorName, time: r.time, status: r.status });
      }
    }
    const track = node.attrs.track;
    if (Array.isArray(track)) {
      for (const r of track as Record<string, unknown>[]) {
        fn({ kind: `block ${String(r.kind)}`, id: r.id, author: r.author, authorName: r.authorName, time: r.time, status: r.status });
      }
    }
  };
  doc.descendants((node) => { visit(node); return true; });
}

const keyOf = (r: RecordId): string => JSON.stringify([r.kind, r.id, r.author, r.authorName, r.time, r.status]);

/**
 * The ids of `userId`'s open suggestions in the documents, leaving out any id that a record of
 * someone else (or an agreed one) also carries: withdrawing those would take back more than hers.
 */
export function ownSuggestionIds(docs: PMNode[], userId: string): string[] {
  const own = new Set<string>(), foreign = new Set<string>();
  for (const doc of docs) {
    forEachRecord(doc, (r) => {
      if (typeof r.id !== 'string') return;
      (r.author === userId && r.status === 'suggested' ? own : foreign).add(r.id);
    });
  }
  return [...own].filter((id) => !foreign.has(id));
}

/**
 * Past this much work (withdrawalWork) one update is refused unchecked: withdrawing takes one
 * step per suggestion, and each step copies the nodes along its path, so an update adding many
 * blocks of her suggestions cost the square of their number (20,000 paragraphs in one 9 MB message
 * held the server for a minute and then ran it out of memory; found by a hostile review). About
 * 350 ms of checking on the bench machine, some 1,400 new paragraphs at once: a drafter pasting a
 * whole document of resolutions (WTDC-22's 961 blocks) stays under it.
 */
export const MAX_WITHDRAWAL_WORK = 4_000_000;

/**
 * What withdrawing `ids` from `doc` costs, roughly: the steps (inline runs and blocks carrying
 * one of them) times the widest node they copy (the most children of any node of `doc`).
 */
export function withdrawalWork(doc: PMNode, ids: ReadonlySet<string>): number {
  let steps = 0, width = doc.childCount;
  doc.descendants((node) => {
    if (node.childCount > width) width = node.childCount;
    if (node.marks.some((m) => ids.has(m.attrs.id as string))) steps++;
    const track = node.attrs.track;
    if (Array.isArray(track) && (track as { id?: unknown }[]).some((r) => ids.has(r.id as string))) steps++;
    return true;
  });
  return steps * width;
}

/** `doc` with the changes `ids` rejected (one Transform, as review does it in an editor). */
export function withdraw(doc: PMNode, ids: string[]): PMNode {
  if (!ids.length) return doc;
  const tr = new Transform(doc);
  applyReview(tr, ids, 'reject');
  return tr.doc;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Block records as compared: an empty list and none are the same, and a record's `whole` flag
 * is left out (the engine drops it when a block joins another, so a withdrawal before and after
 * can differ in it alone; a limit: a drafter can flip it on another's record).
 */
function normalTrack(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length === 0) return null;
  return value.map((r) => {
    if (!r || typeof r !== 'object' || !('whole' in r)) return r;
    const { whole: _whole, ...rest } = r as Record<string, unknown>;
    return rest;
  });
}

function sameAttrs(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const x = key === 'track' ? normalTrack(a[key]) : a[key], y = key === 'track' ? normalTrack(b[key]) : b[key];
    if (!deepEqual(x, y)) return false;
  }
  return true;
}

/** Node.eq, but an empty `track` list equals none; where they differ first (a position of `a`), or -1. */
export function firstDifference(a: PMNode, b: PMNode, pos = -1): number {
  if (a === b) return -1;
  if (a.type !== b.type || !Mark.sameSet(a.marks, b.marks) || !sameAttrs(a.attrs, b.attrs)) return Math.max(pos, 0);
  if (a.isText) return a.text === b.text ? -1 : Math.max(pos, 0);
  if (a.childCount !== b.childCount) return Math.max(pos, 0);
  let offset = pos + 1;
  for (let i = 0; i < a.childCount; i++) {
    const found = firstDifference(a.child(i), b.child(i), offset);
    if (found >= 0) return found;
    offset += a.child(i).nodeSize;
  }
  return -1;
}

/**
 * The part of `before` and `after` an update changed, as two documents: the top-level blocks
 * between the longest common prefix and suffix of identical nodes (the strict reader gives an
 * untouched block the same node before and after), with one unchanged neighbour on each side so
 * that a withdrawal joining a block with the next one sees it alike in both.
 */
export function changedWindow(before: PMNode, after: PMNode): [PMNode, PMNode] {
  const n = before.childCount, m = after.childCount;
  let prefix = 0;
  while (prefix < n && prefix < m && before.child(prefix) === after.child(prefix)) prefix++;
  let suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix && before.child(n - 1 - suffix) === after.child(m - 1 - suffix)) suffix++;
  const from = Math.max(prefix - 1, 0);
  const slice = (doc: PMNode, count: number): PMNode => {
    const to = Math.min(count - suffix + 1, count);
    if (from === 0 && to === count) return doc;
    const blocks: PMNode[] = [];
    for (let i = from; i < to; i++) blocks.push(doc.child(i));
    return doc.type.create(doc.attrs, blocks);
  };
  return [slice(before, n), slice(after, m)];
}

/** The unit records of `doc` (block records with the `unit` flag, on any block), by their revision attrs. */
function unitRecords(doc: PMNode): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  doc.descendants((node) => {
    const track = node.attrs.track;
    if (Array.isArray(track)) {
      for (const r of track as Record<string, unknown>[]) {
        if (isUnitRecord(r)) out.set(JSON.stringify([node.type.name, r.id, r.author, r.authorName, r.time, r.status]), r);
      }
    }
    return !node.isTextblock;
  });
  return out;
}

/**
 * Whether inline nodes all carry exactly one revision mark: an insertion by `drafter`, open, of
 * one of `ids`, whose record is one she may add or one `known` (the records before) holds.
 */
function ownInsertedInline(nodes: Fragment, drafter: Drafter, ids: Set<string>, known: () => Set<string>, now: number): boolean {
  let ok = nodes.childCount > 0;
  nodes.forEach((node) => {
    if (!ok) return;
    const revisions = node.marks.filter((m) => isRevision(m.attrs));
    const a = revisions[0]?.attrs;
    if (!node.isInline || revisions.length !== 1 || revisions[0].type.name !== 'insertion' || a.prior ||
      a.author !== drafter.id || a.status !== 'suggested' || !ids.has(a.id)) return void (ok = false);
    const record = { kind: 'insertion', id: a.id, author: a.author, authorName: a.authorName, time: a.time, status: a.status };
    ok = recordProblem(record, drafter, now) === null || known().has(keyOf(record));
  });
  return ok;
}

/**
 * The direct verdict for what typing and Backspace make (like track mode's own direct paths):
 * `after` is `before` with inline content of the drafter's own open insertion added at one place
 * of one textblock, or taken away from one. Withdrawing her suggestions removes exactly that
 * content from `after` as from `before`, so both withdraw to the same document: accepted
 * (true) without running the withdrawal; false when the general check must judge.
 */
export function typedByDrafter(before: PMNode, after: PMNode, drafter: Drafter, now: number, units: ReadonlySet<string> = new Set()): boolean {
  const range = changedRange(before, after);
  if (!range) return false;
  const { start, endA, endB } = range;
  if (endA !== start && endB !== start) return false;
  const [doc, from, to] = endA === start ? [after, start, endB] : [before, start, endA];
  const $from = doc.resolve(from), $to = doc.resolve(to);
  if (!$from.parent.inlineContent || !$from.sameParent($to)) return false;
  const ids = new Set(ownSuggestionIds([before, after], drafter.id).filter((id) => !units.has(id)));
  let known: Set<string> | null = null;
  const knownRecords = () => {
    if (known) return known;
    known = new Set<string>();
    forEachRecord(before, (r) => known!.add(keyOf(r)), true);
    return known;
  };
  return ownInsertedInline($from.parent.content.cut($from.parentOffset, $to.parentOffset), drafter, ids, knownRecords, now);
}

/**
 * Why the change of `before` into `after` is not exactly a tracked change by `drafter`, or null.
 * `direct: false` leaves out the direct verdict for typing (typedByDrafter; the tests compare).
 */
export function drafterVerdict(wholeBefore: PMNode, wholeAfter: PMNode, drafter: Drafter, now: number, direct = true): string | null {
  const [before, after] = changedWindow(wholeBefore, wholeAfter);
  const units = unitRecords(after);
  // her units' ids are never her open insertions (see above)
  const staying = new Set([...units.values()].map((r) => r.id as string));
  // typing and Backspace change one textblock's inline content only: no unit record can come or go
  if (direct && typedByDrafter(before, after, drafter, now, staying)) return null;
  if (units.size) {
    // looked up in the changed part first, in the whole document only for one not found there (a move)
    const near = unitRecords(before);
    const missing = [...units.keys()].filter((key) => !near.has(key));
    const known = missing.length && before !== wholeBefore ? unitRecords(wholeBefore) : near;
    if (missing.some((key) => !known.has(key))) {
      return 'a drafter adds a proposal unit through the server (POST /api/documents/:id/proposals), never as a unit record in an update';
    }
  }
  // her units still in the document stay in both withdrawals (see above)
  const ids = ownSuggestionIds([before, after], drafter.id).filter((id) => !staying.has(id));
  const idSet = new Set(ids);
  const work = Math.max(withdrawalWork(before, idSet), withdrawalWork(after, idSet));
  if (work > MAX_WITHDRAWAL_WORK) {
    return `the update is too large a change to check at once (${work} units of work, at most ${MAX_WITHDRAWAL_WORK}): make it in smaller parts`;
  }
  let withdrawnBefore: PMNode, withdrawnAfter: PMNode;
  try {
    withdrawnBefore = withdraw(before, ids);
    withdrawnAfter = withdraw(after, ids);
  } catch (err) {
    return `drafters edit in track mode only: withdrawing the drafter's suggestions fails (${(err as Error).message})`;
  }
  const at = firstDifference(withdrawnBefore, withdrawnAfter);
  if (at >= 0) return `drafters edit in track mode only: the update changes the document other than by the drafter's suggestions (near position ${at})`;
  // Records of the changed part that the same part before did not hold; those not naming her
  // may still be copies of records elsewhere in the document (a paste), looked up only then.
  const recordsOf = (doc: PMNode) => {
    const keys = new Map<string, RecordId>();
    forEachRecord(doc, (r) => keys.set(keyOf(r), r), true);
    return keys;
  };
  const known = recordsOf(before);
  const suspect = [...recordsOf(after)].filter(([key, r]) => !known.has(key) && recordProblem(r, drafter, now));
  if (!suspect.length) return null;
  const everywhere = before === wholeBefore ? known : recordsOf(wholeBefore);
  const added = suspect.find(([key]) => !everywhere.has(key));
  return added ? recordProblem(added[1], drafter, now) : null;
}

/** Why a record new in the document cannot be the drafter's, or null. */
function recordProblem(r: RecordId, drafter: Drafter, now: number): string | null {
  if (r.author !== drafter.id || r.authorName !== drafter.name) return `a new ${r.kind} record must name the drafter (${drafter.name}), not ${JSON.stringify(r.authorName)}`;
  if (typeof r.time !== 'number' || r.time > now + TIME_SKEW_MS) return `a new ${r.kind} record's time must not be later than a minute past the server's clock`;
  if (r.time < EARLIEST_TIME) return `a new ${r.kind} record's time must not be before 2000`;
  return null;
}
