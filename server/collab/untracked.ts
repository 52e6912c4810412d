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
import * as Y from 'yjs';
import { isUnitRecord } from '../../shared/track/unit';

const REVISION = /^(insertion|deletion)(--.*)?$/;
const INSERTION = /^insertion(--.*)?$/;

type Attrs = Map<string, unknown>;

function apply(attrs: Attrs, format: Y.ContentFormat): void {
  if (format.value === null) attrs.delete(format.key);
  else attrs.set(format.key, format.value);
}

const has = (attrs: Attrs, key: RegExp): boolean => [...attrs.keys()].some((k) => key.test(k));

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
 * The untracked characters a transaction inserted and deleted in one text: `touched` are its
 * string items the transaction inserted or deleted, and the walk ends at the last of them (the
 * formatting in effect there is all that comes before it).
 */
function untrackedIn(text: Y.XmlText, touched: Set<Y.Item>, tr: Y.Transaction, out: { inserted: string[]; deleted: string[] }): void {
  const before: Attrs = new Map(), after: Attrs = new Map();
  let left = touched.size;
  for (let item = text._start; item && left > 0; item = item.right) {
    if (item.content instanceof Y.ContentFormat) {
      const old = existedBefore(item, tr);
      if (old && (!item.deleted || Y.isDeleted(tr.deleteSet, item.id))) apply(before, item.content);
      if (!item.deleted) apply(after, item.content);
    } else if (touched.has(item)) {
      left--;
      const str = (item.content as Y.ContentString).str;
      const old = existedBefore(item, tr);
      if (!old && !item.deleted && !has(after, INSERTION)) out.inserted.push(str);
      if (old && item.deleted && Y.isDeleted(tr.deleteSet, item.id) && !has(before, REVISION)) out.deleted.push(str);
    }
  }
}

/** The texts of the content that a transaction inserted or deleted text in, with those string items. */
function touchedTexts(tr: Y.Transaction, root: Y.XmlFragment): Map<Y.XmlText, Set<Y.Item>> {
  const texts = new Map<Y.XmlText, Set<Y.Item>>();
  const note = (item: Y.Item) => {
    const parent = item.parent;
    if (!(item.content instanceof Y.ContentString) || !(parent instanceof Y.XmlText)) return;
    let items = texts.get(parent);
    if (!items) {
      if (!inside(parent, root)) return;
      texts.set(parent, items = new Set());
    }
    items.add(item);
  };
  const store = tr.doc.store.clients;
  for (const [client, clock] of tr.afterState) {
    const from = tr.beforeState.get(client) ?? 0;
    if (clock <= from) continue;
    const structs = store.get(client)!;
    for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
      const struct = structs[i];
      if (struct instanceof Y.Item) note(struct);
    }
  }
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => { if (struct instanceof Y.Item) note(struct); });
  return texts;
}

const sorted = (parts: string[]): string => [...parts.join('')].sort().join('');

/** Whether transaction `tr` edited the text of `root` without tracking it (see above). */
export function isUntrackedEdit(tr: Y.Transaction, root: Y.XmlFragment): boolean {
  const out = { inserted: [] as string[], deleted: [] as string[] };
  for (const [text, items] of touchedTexts(tr, root)) if (!inUnitAddedOrRemoved(text, tr)) untrackedIn(text, items, tr, out);
  if (!out.inserted.length && !out.deleted.length) return false;
  return sorted(out.inserted) !== sorted(out.deleted);
}
