// A whole proposal unit added (a MOD from the base-text library, or any new unit): one revision
// record on the proposal node, `{kind: 'insertion', whole: true, unit: true}` with its author, name
// and time, while the unit's content stays as it came (a MOD's copy of the text in force is base
// text, so the drafters' later edits are revision marks against it). It is reviewed like Word's
// inserted block: reject removes the unit, accept keeps it and drops the record, agree keeps the
// record agreed. The change list shows it as one change, "Added MOD Resolution 30 (unit EUR/48A1/1)".
// A submission never prints it as an inserted revision: a unit is a proposal, not a change to the text.
import type { Node as PMNode } from 'prosemirror-model';
import { blockRecords, newChangeId, revisionAttrs, type BlockRecord, type TrackUser } from './revision';

/** Whether a block record is a whole unit added. */
export function isUnitRecord(record: unknown): boolean {
  return !!record && typeof record === 'object' && (record as BlockRecord).unit === true && (record as BlockRecord).kind === 'insertion';
}

/** The ids of the unit records in `doc`: changes the engine's own checks treat as base text. */
export function unitRecordIds(doc: PMNode): Set<string> {
  const ids = new Set<string>();
  doc.descendants((node) => {
    for (const r of blockRecords(node)) if (isUnitRecord(r)) ids.add(r.id);
    return !node.isTextblock;
  });
  return ids;
}

/** A new unit record by `user` at `time`. */
export function unitRecord(user: TrackUser, time = Date.now(), id = newChangeId()): BlockRecord {
  return { ...revisionAttrs(user, time, id), kind: 'insertion', whole: true, unit: true };
}

/** `unit` (a proposal node) carrying a new unit record by `user`, after any records it has. */
export function withUnitRecord(unit: PMNode, user: TrackUser, time = Date.now()): PMNode {
  if (unit.type.name !== 'proposal') throw new RangeError(`only a proposal unit takes a unit record, not ${unit.type.name}`);
  return unit.type.create({ ...unit.attrs, track: [...blockRecords(unit), unitRecord(user, time)] }, unit.content, unit.marks);
}

/** "Resolution 30", "Decision [EUR-1]": the provision a unit concerns, or null when it has none. */
function provisionOf(unit: PMNode): string | null {
  let found: string | null = null;
  unit.forEach((child) => {
    if (found !== null || child.type.name !== 'resolution') return;
    const kind = String(child.attrs.kind ?? '');
    const number = String(child.attrs.number ?? '').trim();
    found = `${kind.charAt(0)}${kind.slice(1).toLowerCase()}${number ? ` ${number}` : ''}`.trim() || null;
  });
  return found;
}

/** "Added MOD Resolution 30 (unit EUR/48A1/1)": what a unit record says in the change list. */
export function describeUnit(unit: PMNode): string {
  const action = String(unit.attrs.action ?? '').trim();
  const provision = provisionOf(unit);
  const ref = String(unit.attrs.ref ?? '').trim();
  return ['Added', action, provision].filter(Boolean).join(' ') + (ref ? ` (unit ${ref})` : '');
}
