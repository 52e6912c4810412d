// The documents and versions tables' rows as both stores read them, what the Store gives for them, and a compaction's new state.
import * as Y from 'yjs';
import type { DocumentMeta, StateFrom, VersionMeta } from './store';

export interface DocumentRow {
  id: string;
  title: string;
  grp: string;
  created_at: number;
  updated_at: number;
}

export interface VersionRow {
  id: string;
  name: string;
  created_at: number;
}

export const toMeta = (row: DocumentRow): DocumentMeta => ({
  id: row.id, title: row.title, group: row.grp, createdAt: row.created_at, updatedAt: row.updated_at,
});

export const toVersion = (row: VersionRow): VersionMeta => ({ id: row.id, name: row.name, createdAt: row.created_at });

/**
 * A compaction's new state row from the stored state, the log rows read and what the caller gave:
 * a StateFrom's result as is; else the merge of the given state (first: where it holds a deleted
 * item as garbage-collected, Y.mergeUpdates keeps the first part's struct, so the deleted content
 * is dropped rather than kept from the stored row), the stored state and the rows.
 */
export function compactedState(stored: Uint8Array | null, updates: Uint8Array[], state?: Uint8Array | StateFrom): Uint8Array {
  if (typeof state === 'function') return state({ state: stored, updates });
  const parts = [...(state ? [state] : []), ...(stored ? [stored] : []), ...updates];
  return parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
}
