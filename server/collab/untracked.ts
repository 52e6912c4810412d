// Whether a Yjs transaction edited the document's text without tracking it: the server's own
// reading of a coordinator's update, whatever her client says about its track mode.
//
// Text the transaction inserted that carries no `insertion` mark, and text it deleted that carried
// neither an `insertion` nor a `deletion` mark, is untracked. Review is not: rejecting an insertion
// or accepting a deletion deletes marked text, accepting or rejecting otherwise only changes
// marks. Text that only moved (y-prosemirror rewrites a block that changes type or splits as text
// out of one element and into another) is not either: the transaction's untracked insertions and
// deletions holding the same characters count as a move. Nor is a whole unit added or rejected:
// the text of a proposal element carrying a unit record (shared/track/unit.ts) that the transaction
// inserted or deleted as a whole (its base text is reviewed as the unit). Limits: formatting
// (bold, links) and block attributes are not looked at, only text.
//
// Cost (issue #14): proportional to the transaction, not to the paragraph it touches. The marks
// at an inserted or deleted character are read by walking left to the nearest revision format
// items (class UntrackedEdits below), not by scanning the text from its start; on a 50,000
// character paragraph of 2,000 runs a keystroke is judged 22-57x faster than by the whole-text
// scan (test/unit/untracked-scan.test.ts, which also checks the answer against that scan).
import * as Y from 'yjs';
import { isUnitRecord } from '../../shared/track/unit';

const REVISION = /^(insertion|deletion)(--.*)?$/;
const INSERTION = /^insertion(--.*)?$/;

const existedBefore = (item: Y.Item, tr: Y.Transaction): boolean => item.id.clock < (tr.beforeState.get(item.id.client) ?? 0);

/** Whether `type` is inside the content fragment `root` (or is it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function inside(type: Y.AbstractType<any> | null, root: Y.XmlFragment): boolean {
  for (let t = type; t; t = (t._item?.parent as Y.AbstractType<any> | null) ?? null) if (t === root) return true;
  return false;
}

/** The `track` attribute of an element, read even when the transaction deleted it. */
function trackOf(element: Y.XmlElement): unknown {
  const item = (element as unknown as { _map: Map<string, Y.Item> })._map.get('track');
  return item && item.content instanceof Y.ContentAny ? item.content.getContent()[0] : undefined;
}

/** Whether `text` lies in a unit (an element with a unit record) that the transaction inserted or deleted whole. */
function inUnitAddedOrRemoved(text: Y.XmlText, tr: Y.Transaction): boolean {
  for (let item = text._item; item; item = (item.parent as Y.AbstractType<unknown>)._item) {
    const type = item.content instanceof Y.ContentType ? item.content.type : null;
    if (!(type instanceof Y.XmlElement)) continue;
    const now = !existedBefore(item, tr) || (item.deleted && Y.isDeleted(tr.deleteSet, item.id));
    const track = trackOf(type);
    if (now && Array.isArray(track) && track.some(isUnitRecord)) return true;
  }
  return false;
}

/**
 * The live revision format items of one text: how many items not deleted hold each `insertion…` or
 * `deletion…` key, and how many such keys have at least one.
 */
interface RevisionKeys {
  count: Map<string, number>;
  insertionKeys: number;
  revisionKeys: number;
}

function addKey(keys: RevisionKeys, key: string, by: number): void {
  const was = keys.count.get(key) ?? 0, now = was + by;
  if (now) keys.count.set(key, now);
  else keys.count.delete(key);
  const change = (now > 0 ? 1 : 0) - (was > 0 ? 1 : 0);
  keys.revisionKeys += change;
  if (INSERTION.test(key)) keys.insertionKeys += change;
}

const noKeys = (): RevisionKeys => ({ count: new Map(), insertionKeys: 0, revisionKeys: 0 });

/** Whether a format item applies before the transaction: it existed and was not deleted before it. */
const liveBefore = (tr: Y.Transaction) => (item: Y.Item): boolean =>
  existedBefore(item, tr) && (!item.deleted || Y.isDeleted(tr.deleteSet, item.id));
const liveAfter = (item: Y.Item): boolean => !item.deleted;

/**
 * Whether a key matching `pattern` has a value (not null) at `item`: a key's value there is that of
 * the nearest live format item for it to the left. Walks left until one is found, or until each of
 * the `wanted` live keys matching `pattern` has been found null.
 */
function markedAt(item: Y.Item, pattern: RegExp, wanted: number, live: (item: Y.Item) => boolean): boolean {
  if (!wanted) return false;
  const resolved = new Set<string>();
  for (let left = item.left; left; left = left.left) {
    const content = left.content;
    if (!(content instanceof Y.ContentFormat) || resolved.has(content.key) || !pattern.test(content.key) || !live(left)) continue;
    if (content.value !== null) return true;
    resolved.add(content.key);
    if (resolved.size === wanted) return false;
  }
  return false;
}

/** One text's share of a transaction. */
interface Touched {
  inserted: Y.Item[];
  deleted: Y.Item[];
  /** Changes of the live revision format item counts by key. */
  keys: Map<string, number>;
}

const inList = (item: Y.Item): boolean => item.parent instanceof Y.XmlText && item.parentSub === null;

/**
 * Judges transactions of one document (see above) at a cost that grows with the transaction, not
 * with the texts it touches: the attributes in force at an inserted or deleted character are found
 * by walking left from it to the nearest format items, and a walk ends once every revision key
 * live in the text has been seen. Those keys are counted per text: by one scan of the text when a
 * judged transaction first touches it, then from each transaction's new and deleted format items,
 * so `read` must see every transaction of the document, in order.
 */
export class UntrackedEdits {
  private keys = new WeakMap<Y.XmlText, RevisionKeys>();

  constructor(private root: Y.XmlFragment) {}

  /** Reads transaction `tr`; returns whether it edited the text untracked when `judge`, else false. */
  read(tr: Y.Transaction, judge = true): boolean {
    const touched = new Map<Y.XmlText, Touched>();
    const entry = (text: Y.XmlText): Touched => {
      let t = touched.get(text);
      if (!t) touched.set(text, t = { inserted: [], deleted: [], keys: new Map() });
      return t;
    };
    const note = (item: Y.Item, added: boolean) => {
      if (!inList(item)) return;
      const text = item.parent as Y.XmlText, content = item.content;
      if (content instanceof Y.ContentString) {
        if (added && !item.deleted) entry(text).inserted.push(item);
        else if (!added && existedBefore(item, tr)) entry(text).deleted.push(item);
        else entry(text);
      } else if (content instanceof Y.ContentFormat && REVISION.test(content.key)) {
        if (added ? item.deleted : !existedBefore(item, tr)) return; // never live
        const keys = entry(text).keys;
        keys.set(content.key, (keys.get(content.key) ?? 0) + (added ? 1 : -1));
      }
    };
    const store = tr.doc.store.clients;
    for (const [client, clock] of tr.afterState) {
      const from = tr.beforeState.get(client) ?? 0;
      if (clock <= from) continue;
      const structs = store.get(client)!;
      for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
        const struct = structs[i];
        if (struct instanceof Y.Item) note(struct, true);
      }
    }
    Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => { if (struct instanceof Y.Item) note(struct, false); });

    const inserted: string[] = [], deleted: string[] = [];
    for (const [text, t] of touched) {
      let keys = this.keys.get(text);
      const judged = judge && (t.inserted.length || t.deleted.length) && inside(text, this.root) && !inUnitAddedOrRemoved(text, tr);
      if (!keys && !judged) continue; // counted when first judged
      let before: { insertionKeys: number; revisionKeys: number };
      if (keys) {
        before = { insertionKeys: keys.insertionKeys, revisionKeys: keys.revisionKeys };
        for (const [key, by] of t.keys) addKey(keys, key, by);
      } else {
        const scanned = scanKeys(text, tr);
        this.keys.set(text, keys = scanned.after);
        before = scanned.before;
      }
      if (!judged) continue;
      for (const item of t.inserted) {
        if (!markedAt(item, INSERTION, keys.insertionKeys, liveAfter)) inserted.push((item.content as Y.ContentString).str);
      }
      for (const item of t.deleted) {
        if (!markedAt(item, REVISION, before.revisionKeys, liveBefore(tr))) deleted.push((item.content as Y.ContentString).str);
      }
    }
    if (!inserted.length && !deleted.length) return false;
    return sorted(inserted) !== sorted(deleted);
  }
}

/** The live revision keys of a text before and after a transaction, by scanning it whole. */
function scanKeys(text: Y.XmlText, tr: Y.Transaction): { before: RevisionKeys; after: RevisionKeys } {
  const before = noKeys(), after = noKeys(), wasLive = liveBefore(tr);
  for (let item = text._start; item; item = item.right) {
    const content = item.content;
    if (!(content instanceof Y.ContentFormat) || !REVISION.test(content.key)) continue;
    if (wasLive(item)) addKey(before, content.key, 1);
    if (liveAfter(item)) addKey(after, content.key, 1);
  }
  return { before, after };
}

const sorted = (parts: string[]): string => [...parts.join('')].sort().join('');
