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

/** Whether some item of `type`'s content, there before the update (not deleted, or deleted by it), is under a client id of someone other than `userId`. */
function holdsOthers(type: Y.AbstractType<any>, ds: DeleteSet, userId: string, ownerOf: (client: number) => string | undefined): boolean {
  for (let item = type._start; item; item = item.right) {
    const before = !item.deleted || Y.isDeleted(ds, item.id);
    if (!before) continue;
    const owner = ownerOf(item.id.client);
    if (owner !== undefined && owner !== userId) return true;
    if (item.content instanceof Y.ContentType && holdsOthers(item.content.type, ds, userId, ownerOf)) return true;
  }
  return false;
}

/**
 * Why the transaction that deleted `ds` (on `doc`, read in its 'afterTransaction' event, before
 * Yjs collects what was deleted) may not remove a proposal unit for `userId`, or null: a unit it
 * removes holds others' work.
 */
export function unitRemovalVerdict(doc: Y.Doc, ds: DeleteSet, userId: string, ownerOf: ((client: number) => string | undefined) | undefined): string | null {
  if (!ownerOf) return null;
  for (const unit of removedProposals(doc, ds)) {
    if (holdsOthers(unit, ds, userId, ownerOf)) {
      return 'a drafter removes her proposal unit only while it holds nothing of anyone else\'s: ask a coordinator to remove it';
    }
  }
  return null;
}
