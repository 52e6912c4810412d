// The direct judge of the commonest update: characters typed into, or deleted from, text that is
// there. It reads the update decoded, against the room's doc as it stands, and never applies it:
// the guard (guard.ts) asks it first and judges everything it declines (undefined) on its shadow
// copy, the general way. It accepts an update only when the general check would, and declines
// whatever it cannot be sure of cheaply. An update is judged here when:
// - it inserts only strings (Yjs ContentString) into Y.XmlTexts of the content, each between two
//   neighbours that are next to each other in the doc now (or as the first item of an empty
//   text), with its client's next clocks, and
//   deletes only strings the doc has (no element, attribute, format or comment, nothing pending);
// - each text's element has inline content in any order (`paragraph: inline*`), so no insertion or
//   deletion of text can break its content expression;
// - the marks the new text takes from the formatting before it (Yjs format items: a string
//   inserted with no format items of its own) are known marks, allowed there, valid together;
// - for a drafter, every character inserted or deleted carries exactly one revision mark, her own
//   open insertion (author, name, a time no later than a minute from now), as typing and Backspace
//   in track mode make: withdrawing her suggestions takes it out of the document before and after
//   alike (drafter-check.ts `typedByDrafter` says the same of the read documents). An insertion
//   whose id is a unit record's on the text's own elements is declined (drafter-check.ts: units).
// Known differences from the general check, both about revision ids shared between records (which
// only a coordinator or an import can make): her own open insertion whose id another record in the
// block also carries (an agreed part of the same insertion, another's record), or a unit record on
// an element that is not one of the text's ancestors, is accepted here and refused there (the
// general check then does not withdraw that id). What she types is still marked as her suggestion.
// Cost: the update's structs, and for text with formatting a walk to the left from each edit until
// every formatting key the text has is found (at most WALK_LIMIT items, else declined).
import { Mark, type NodeType } from 'prosemirror-model';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { schema } from '../../shared/schema';
import { isUnitRecord } from '../../shared/track/unit';
import { EARLIEST_TIME, TIME_SKEW_MS } from './drafter-check';
import type { Verdict, Writer } from './guard';
import { foreignClient } from './client-owners';
import { childOf } from './roots';
import { InvalidDocument, StrictReader } from './strict-doc';

/** Items a formatting walk may pass before the judge declines (the general check then judges). */
export const WALK_LIMIT = 4096;
/** Structs plus deleted items past which an update is no typing: declined. */
const MAX_PIECES = 64;

type AnyType = Y.AbstractType<any>;

const REVISION_MARKS = new Set(['insertion', 'deletion', 'formatChange']);
const reader = new StrictReader(schema);

/** Node types whose content is any inline nodes in any order (one looping match state). */
const freeInline = new Map<NodeType, boolean>();
function takesAnyInline(type: NodeType): boolean {
  let free = freeInline.get(type);
  if (free === undefined) {
    const start = type.contentMatch;
    free = type.inlineContent && start.validEnd &&
      Object.values(type.schema.nodes).every((t) => start.matchType(t) === null || (t.isInline && start.matchType(t) === start));
    freeInline.set(type, free);
  }
  return free;
}

/** What the judge needs to know of one text: its element's node type and its top-level block. */
interface Place {
  text: Y.XmlText;
  type: NodeType;
  block: Y.XmlElement;
}

export class TypingJudge {
  /** The formatting keys each text has had (a superset: kept once a format item arrives). */
  private keys = new WeakMap<Y.XmlText, Set<string>>();
  /** Marks read from format values (a format item's value object is never changed), by that object. */
  private marks = new WeakMap<object, { key: string; mark: Mark }>();

  constructor(private doc: Y.Doc, private content: Y.XmlFragment, private ownerOf?: (client: number) => string | undefined) {
    doc.on('afterTransaction', this.noteFormats);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.noteFormats);
  }

  /** Keeps the key sets in step: every format item a transaction integrated adds its key. */
  private noteFormats = (tr: Y.Transaction): void => {
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      if (after === before) continue;
      const structs = this.doc.store.clients.get(client)!;
      for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i].id.clock < after; i++) {
        const s = structs[i];
        if (s instanceof Y.Item && s.content instanceof Y.ContentFormat && s.parent instanceof Y.XmlText) {
          this.keys.get(s.parent)?.add(s.content.key);
        }
      }
    }
  };

  private keysOf(text: Y.XmlText): Set<string> {
    let keys = this.keys.get(text);
    if (!keys) {
      keys = new Set();
      if ((text as unknown as { _hasFormatting: boolean })._hasFormatting) {
        for (let n = text._start; n; n = n.right) if (n.content instanceof Y.ContentFormat) keys.add(n.content.key);
      }
      this.keys.set(text, keys);
    }
    return keys;
  }

  /**
   * The verdict on `update` by `writer`: null (accepted), a refusal, or undefined when the
   * update is not one this judge decides (the general check must).
   */
  judge(update: Uint8Array, writer: Writer, now: number): Verdict | undefined {
    this.structCount = -1;
    if (writer.role !== 'coordinator' && writer.role !== 'drafter') return undefined;
    const store = this.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) return undefined;
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      return undefined;
    }
    const { structs, ds } = decoded;
    this.structCount = structs.length;
    if (structs.length > MAX_PIECES) return undefined;
    const budget = { left: WALK_LIMIT };
    const places = new Set<Place>();
    const next = new Map<number, number>();
    // each client's structs come as one group: Yjs applies only the last group of a client listed
    // twice (Y.decodeUpdate reads them all), so the others would wait as pending structs. The
    // update's first number is how many groups it has: one per client seen, or it is declined.
    if (decoding.readVarUint(decoding.createDecoder(update)) !== new Set(structs.map((s) => s.id.client)).size) return undefined;
    for (const s of structs) {
      const { client, clock } = s.id;
      const expected = next.get(client) ?? Y.getState(store, client);
      // what the doc has already (a client's sync step 2 resending what it got) changes nothing,
      // but Yjs still looks up its neighbours and parent (Item.getMissing): one the doc lacks (of
      // another client) leaves the rest of the update pending, and one of its own client past its
      // clock makes the update throw, so it would be stored and sent (the short way) and never load
      if (!next.has(client) && clock + s.length <= expected) {
        if (s instanceof Y.Item && !(has(store, s.origin) && has(store, s.rightOrigin) && (!(s.parent instanceof Y.ID) || has(store, s.parent)))) return undefined;
        continue;
      }
      if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentString) || s.length === 0 || s.parentSub !== null) return undefined;
      if (clock !== expected) return undefined;
      if (!next.has(client)) {
        const foreign = foreignClient([client], writer, this.ownerOf);
        if (foreign) return foreign;
      }
      next.set(client, clock + s.length);
      const left = s.origin ? this.itemAt(s.origin) : null;
      const right = s.rightOrigin ? this.itemAt(s.rightOrigin) : null;
      if (left === undefined || right === undefined) return undefined;
      let place: Place | undefined;
      if (!left && !right) {
        // the first item of an empty text: its parent is named (a Yjs id, not a root's name)
        const owner = s.parent instanceof Y.ID ? this.itemAt(s.parent) : undefined;
        const text = owner?.content instanceof Y.ContentType ? owner.content.type : null;
        if (!(text instanceof Y.XmlText) || text._start !== null) return undefined;
        place = this.placeOf(text);
      } else {
        if (!adjacent(left, s.origin, right, s.rightOrigin)) return undefined;
        place = this.placeOf((left ?? right)!.parent as AnyType);
      }
      if (!place) return undefined;
      const marks = this.marksAt(place, left, budget);
      if (!marks) return undefined;
      if (writer.role === 'drafter' && !ownInsertion(marks, writer, now, place)) return undefined;
      places.add(place);
    }
    let pieces = structs.length;
    for (const [client, ranges] of ds.clients) {
      const known = Y.getState(store, client);
      const all = store.clients.get(client);
      for (const { clock, len } of ranges) {
        if (clock + len > known || !all) return undefined;
        // deletes nothing, yet Yjs splits there, and at the client's next clock keeps it as a
        // pending deletion, which it then fails to encode (throws): left to the general check
        if (len <= 0) return undefined;
        for (let i = Y.findIndexSS(all, clock); i < all.length && all[i].id.clock < clock + len; i++) {
          const s = all[i];
          if (s.deleted) continue;
          if (++pieces > MAX_PIECES || !(s instanceof Y.Item) || !(s.content instanceof Y.ContentString) || s.parentSub !== null) return undefined;
          const place = this.placeOf(s.parent as AnyType);
          if (!place) return undefined;
          if (writer.role === 'drafter') {
            const marks = this.marksAt(place, s.left, budget);
            if (!marks || !ownInsertion(marks, writer, null, place)) return undefined;
          }
          places.add(place);
        }
      }
    }
    this.touched = [...places].map((p) => p.block);
    return null;
  }

  /** The top-level blocks the last accepted update touched. */
  touched: Y.XmlElement[] = [];
  /** How many structs the last update judged has, or -1 when it was not decoded. */
  structCount = -1;

  /** The item of the doc holding `id`, or undefined when the doc has no such item (not yet, or collected). */
  private itemAt(id: Y.ID): Y.Item | undefined {
    if (id.clock >= Y.getState(this.doc.store, id.client)) return undefined;
    const struct = Y.getItem(this.doc.store, id) as Y.Item | Y.GC;
    return struct instanceof Y.Item ? struct : undefined;
  }

  /** Where a text is: a live text of the content, in an element taking any inline content. */
  private placeOf(text: AnyType): Place | undefined {
    if (!(text instanceof Y.XmlText) || !text._item || text._item.deleted || text._item.parentSub !== null) return undefined;
    const element = text._item.parent as AnyType;
    if (!(element instanceof Y.XmlElement)) return undefined;
    const type = Object.prototype.hasOwnProperty.call(schema.nodes, element.nodeName) ? schema.nodes[element.nodeName] : undefined;
    if (!type || !takesAnyInline(type)) return undefined;
    const block = childOf(this.content, element);
    if (!block._item || !(block instanceof Y.XmlElement)) return undefined;
    return { text, type, block };
  }

  /** The marks of a string inserted right after `left` (null: at the start), checked; undefined if unsure. */
  private marksAt(place: Place, left: Y.Item | null, budget: { left: number }): readonly Mark[] | undefined {
    const keys = this.keysOf(place.text);
    if (keys.size === 0) return Mark.none;
    const found = new Map<string, unknown>();
    for (let n = left; n && found.size < keys.size; n = n.left) {
      if (--budget.left < 0) return undefined;
      if (!n.deleted && n.content instanceof Y.ContentFormat && !found.has(n.content.key)) found.set(n.content.key, n.content.value);
    }
    let marks: readonly Mark[] = Mark.none, count = 0;
    for (const [key, value] of found) {
      if (value === null) continue;
      const mark = this.markOf(key, value);
      if (!mark || !place.type.allowsMarkType(mark.type)) return undefined;
      marks = mark.addToSet(marks);
      count++;
    }
    // a mark that excludes another (superscript, subscript) replaced it: not a valid set
    if (marks.length !== count) return undefined;
    return marks;
  }

  /** The mark a format item's `key: value` stands for, valid on its own (Node.check()'s attribute checks); undefined if none. */
  private markOf(key: string, value: unknown): Mark | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const known = this.marks.get(value);
    if (known && known.key === key) return known.mark;
    let mark: Mark;
    try {
      mark = reader.mark(key, value, 'text');
      schema.text('x', [mark]).check();
    } catch (err) {
      if (err instanceof InvalidDocument || err instanceof RangeError) return undefined;
      throw err;
    }
    this.marks.set(value, { key, mark });
    return mark;
  }
}

/** Whether the doc has the struct holding `id` (none: true). */
const has = (store: Y.Doc['store'], id: Y.ID | null): boolean => !id || id.clock < Y.getState(store, id.client);

/** Whether `left` (holding `origin`) and `right` (holding `rightOrigin`) are next to each other in the doc. */
function adjacent(left: Y.Item | null, origin: Y.ID | null, right: Y.Item | null, rightOrigin: Y.ID | null): boolean {
  if (left && origin) {
    if (origin.clock < left.id.clock + left.length - 1) {
      return !!rightOrigin && rightOrigin.client === origin.client && rightOrigin.clock === origin.clock + 1;
    }
    const after = left.right;
    if (!after) return rightOrigin === null;
    return !!rightOrigin && after.id.client === rightOrigin.client && after.id.clock === rightOrigin.clock;
  }
  // at the start of the text
  return !!right && !!rightOrigin && right.left === null && right.id.clock === rightOrigin.clock;
}

/**
 * Whether `marks` hold exactly one revision mark, the writer's own open insertion; with `now`,
 * one she may also add (her display name, a time not past a minute from now, nor before 2000).
 */
function ownInsertion(marks: readonly Mark[], writer: Writer, now: number | null, place: Place): boolean {
  const revisions = marks.filter((m) => REVISION_MARKS.has(m.type.name));
  if (revisions.length !== 1 || revisions[0].type.name !== 'insertion') return false;
  const a = revisions[0].attrs;
  if (a.author !== writer.userId || a.status !== 'suggested' || typeof a.id !== 'string') return false;
  if (now !== null && (a.authorName !== writer.userName || typeof a.time !== 'number' || a.time > now + TIME_SKEW_MS || a.time < EARLIEST_TIME)) return false;
  return !unitIdAbove(place.text, a.id);
}

/** Whether an element holding `text` carries a unit record with id `id`. */
function unitIdAbove(text: Y.XmlText, id: string): boolean {
  for (let t: AnyType | null = text._item?.parent as AnyType; t instanceof Y.XmlElement; t = (t._item?.parent ?? null) as AnyType | null) {
    const track = t.getAttribute('track') as unknown;
    if (Array.isArray(track) && track.some((r) => isUnitRecord(r) && (r as { id: unknown }).id === id)) return true;
  }
  return false;
}
