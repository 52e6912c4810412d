// The documents and versions tables' rows as both stores read them, and what the Store gives for them.
import type { DocumentMeta, VersionMeta } from './store';

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
