// A drafter removes her own proposal unit (drafter-check.ts: an update taking her unit out
// withdraws it whole) only while it holds nothing of anyone else's. The withdrawal compares
// documents with her suggestions taken out, and taking out a unit takes out everything in it: a
// coordinator's suggestion inside it, or his edit made without tracking, went with it unseen (found
// by a hostile review). What someone else wrote is told by Yjs identity: any item inside the unit,
// still there before the update, under a client id another user owns (attribution.ts).
import * as Y from 'yjs';

type DeleteSet = Y.Transaction['deleteSet'];

/** The element items the delete set deleted whose element is a `proposal`. */
function removedProposals(doc: Y.Doc, ds: DeleteSet): Y.XmlElement[] {
  const found: Y.XmlElement[] = [];
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    for (const { clock, len } of ranges) {
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < clock + len; i++) {
        const s = structs[i];
        if (s instanceof Y.Item && s.content instanceof Y.ContentType && s.content.type instanceof Y.XmlElement && s.content.type.nodeName === 'proposal') {
          found.push(s.content.type);
        }
      }
    }
  }
  return found;
}

/** Whether `item` was in the document before the transaction (not made by it) and not deleted before it. */
function thereBefore(item: Y.Item, ds: DeleteSet, before: Map<number, number>): boolean {
  return item.id.clock < (before.get(item.id.client) ?? 0) && (!item.deleted || Y.isDeleted(ds, item.id));
}

/**
 * Whether something in `type` that was there before the transaction (its content, its attributes
 * and theirs, all the way down) is under a client id of someone other than `userId`. Each item is
 * looked at once however deep the nesting.
 */
function holdsOthers(type: Y.AbstractType<any>, ds: DeleteSet, before: Map<number, number>, userId: string, ownerOf: (client: number) => string | undefined): boolean {
  const others = (item: Y.Item): boolean => {
    const owner = ownerOf(item.id.client);
    return owner !== undefined && owner !== userId;
  };
  const types: Y.AbstractType<any>[] = [type];
  for (let t = types.pop(); t; t = types.pop()) {
    const items: Y.Item[] = [];
    for (let item = t._start; item; item = item.right) items.push(item);
    // an attribute's value and the values it replaced (the older ones to its left)
    for (const last of t._map.values()) for (let item: Y.Item | null = last; item; item = item.left) items.push(item);
    for (const item of items) {
      if (!thereBefore(item, ds, before)) continue;
      if (others(item)) return true;
      if (item.content instanceof Y.ContentType) types.push(item.content.type);
    }
  }
  return false;
}

/**
 * Why the transaction that deleted `ds` (on `doc`, read in its 'afterTransaction' event, before
 * Yjs collects what was deleted; `before`: its state vector before) may not remove a proposal
 * unit for `userId`, or null: a unit it removes holds others' work. Nested units are looked at
 * through the outermost one removed.
 */
export function unitRemovalVerdict(doc: Y.Doc, ds: DeleteSet, before: Map<number, number>, userId: string, ownerOf: ((client: number) => string | undefined) | undefined): string | null {
  if (!ownerOf) return null;
  const removed = removedProposals(doc, ds);
  const set = new Set<Y.AbstractType<any>>(removed);
  const outermost = removed.filter((unit) => {
    for (let p = unit._item?.parent as Y.AbstractType<any> | null; p; p = p._item?.parent as Y.AbstractType<any> | null) if (set.has(p)) return false;
    return true;
  });
  for (const unit of outermost) {
    if (holdsOthers(unit, ds, before, userId, ownerOf)) {
      return 'a drafter removes her proposal unit only while it holds nothing of anyone else\'s: ask a coordinator to remove it';
    }
  }
  return null;
}
