// The reference reading of whether a transaction edited the text untracked: the whole-text scan
// server/collab/untracked.ts used before it walked only the touched items (issue #14). Each touched
// text is walked from its start, folding its format items into the attributes in force before and
// after the transaction. Kept for the tests only, to compare the fast reader to on every transaction.
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function inside(type: Y.AbstractType<any> | null, root: Y.XmlFragment): boolean {
  for (let t = type; t; t = (t._item?.parent as Y.AbstractType<any> | null) ?? null) if (t === root) return true;
  return false;
}

function trackOf(element: Y.XmlElement): unknown {
  const item = (element as unknown as { _map: Map<string, Y.Item> })._map.get('track');
  return item && item.content instanceof Y.ContentAny ? item.content.getContent()[0] : undefined;
}

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

function untrackedIn(text: Y.XmlText, tr: Y.Transaction, out: { inserted: string[]; deleted: string[] }): void {
  const before: Attrs = new Map(), after: Attrs = new Map();
  for (let item = text._start; item; item = item.right) {
    const old = existedBefore(item, tr);
    const deletedNow = item.deleted && Y.isDeleted(tr.deleteSet, item.id);
    if (item.content instanceof Y.ContentFormat) {
      if (old && (!item.deleted || deletedNow)) apply(before, item.content);
      if (!item.deleted) apply(after, item.content);
    } else if (item.content instanceof Y.ContentString) {
      if (!old && !item.deleted && !has(after, INSERTION)) out.inserted.push(item.content.str);
      if (old && deletedNow && !has(before, REVISION)) out.deleted.push(item.content.str);
    }
  }
}

function touchedTexts(tr: Y.Transaction, root: Y.XmlFragment): Set<Y.XmlText> {
  const texts = new Set<Y.XmlText>();
  const note = (item: Y.Item) => {
    const parent = item.parent;
    if (item.content instanceof Y.ContentString && parent instanceof Y.XmlText && inside(parent, root)) texts.add(parent);
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

/** Whether transaction `tr` edited the text of `root` without tracking it, by scanning each touched text whole. */
export function isUntrackedEditReference(tr: Y.Transaction, root: Y.XmlFragment): boolean {
  const out = { inserted: [] as string[], deleted: [] as string[] };
  for (const text of touchedTexts(tr, root)) if (!inUnitAddedOrRemoved(text, tr)) untrackedIn(text, tr, out);
  if (!out.inserted.length && !out.deleted.length) return false;
  return sorted(out.inserted) !== sorted(out.deleted);
}
