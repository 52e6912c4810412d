// Revision primitives: who is tracking, change ids, and the small queries on revision marks
// and block records (`track` attrs) that the tracker, the change list and review share.
import type { Mark, Node as PMNode, Attrs } from 'prosemirror-model';
import { uint32, uuidv4 } from 'lib0/random';
import { schema, type BlockRevision, type RevisionAttrs } from '../schema';

/** Meta flag for transactions that must apply plainly (MOD from the base text, admin actions). */
export const UNTRACKED_META = 'draftroom/untracked';
/** Meta flag set on review transactions (agree, reject, accept). */
export const REVIEW_META = 'draftroom/review';

/** The user whose edits are recorded. `id` goes into the `author` attr, `name` into `authorName`. */
export interface TrackUser {
  id: string;
  name: string;
}

export type ChangeKind = 'insertion' | 'deletion' | 'attribute' | 'format';

/**
 * This session's random id prefix (a UUID drawn once, lib0's costs ~80 µs) and its count of
 * changes: ids are unique across concurrent clients and across sessions (never derived from the
 * document, never max+1). Each id also ends in 64 random bits, so that no one can tell another's
 * next ids: with the count alone, a drafter could claim a coordinator's next ids for her own text,
 * which then became part of his change and went into the text when he accepted it (found by a
 * hostile review).
 */
const SESSION = uuidv4();
let made = 0;

/** A fresh change id. */
export function newChangeId(): string {
  return `${SESSION}.${(++made).toString(36)}.${uint32().toString(36)}${uint32().toString(36)}`;
}

/** The revision attrs of a new change by `user` at `time`. */
export function revisionAttrs(user: TrackUser, time: number, id = newChangeId()): RevisionAttrs {
  return { id, author: user.id, authorName: user.name, time, status: 'suggested' };
}

export const insertionType = schema.marks.insertion;
export const deletionType = schema.marks.deletion;
export const formatChangeType = schema.marks.formatChange;

/** The marks without any revision mark (insertion, deletion, formatChange): content as the user makes it anew. */
export function withoutRevisionMarks(marks: readonly Mark[]): readonly Mark[] {
  return formatChangeType.removeFromSet(deletionType.removeFromSet(insertionType.removeFromSet(marks)));
}

export function insertionMark(node: PMNode): Mark | undefined {
  return insertionType.isInSet(node.marks);
}

export function deletionMark(node: PMNode): Mark | undefined {
  return deletionType.isInSet(node.marks);
}

export function formatChangeMark(node: PMNode): Mark | undefined {
  return formatChangeType.isInSet(node.marks);
}

/** A suggestion still open and made by `user`: the kind the user may take back by deleting it. */
export function isOwnSuggestion(attrs: RevisionAttrs | Attrs | undefined, user: TrackUser): boolean {
  return !!attrs && attrs.author === user.id && attrs.status === 'suggested';
}

/** Whether a node type can carry block records. */
export function hasTrackAttr(node: PMNode): boolean {
  return node.type.spec.attrs != null && 'track' in node.type.spec.attrs;
}

/**
 * A block record as the engine writes it. `whole` marks an insertion or deletion of the whole
 * block (its opening too, as when a paragraph is pasted or deleted entirely): reviewing it adds
 * or removes the block, while a record without it stands for the paragraph mark alone, which
 * splits or joins. The attr is plain JSON, so readers of BlockRevision simply ignore the flag.
 */
export interface BlockRecord extends BlockRevision {
  whole?: boolean;
  /**
   * A whole proposal unit added (shared/track/unit.ts): an insertion record on the proposal node
   * alone, its content left as base text. Reviewing it keeps (accept, agree) or removes (reject) the unit.
   */
  unit?: true;
}

/** The block records of a node (never null). */
export function blockRecords(node: PMNode): BlockRecord[] {
  return (node.attrs.track as BlockRecord[] | null) ?? [];
}

/** Normalise a record list for storage: `null` when empty, so untouched blocks stay `track: null`. */
export function recordList(records: readonly BlockRevision[]): BlockRevision[] | null {
  return records.length ? records.slice() : null;
}

/**
 * The node's record of `kind` made by `user` and still suggested, if any. A unit record (a whole
 * unit added, unit.ts) is not one: the unit's paragraph marks and content are base text.
 */
export function ownRecord(node: PMNode, kind: BlockRevision['kind'], user: TrackUser): BlockRevision | undefined {
  return blockRecords(node).find((r) => r.kind === kind && !r.unit && isOwnSuggestion(r, user));
}

/** The attrs of a node without its `track` record list: what an attribute change compares. */
export function plainAttrs(node: PMNode): Attrs {
  const { track: _track, ...rest } = node.attrs;
  return rest;
}
