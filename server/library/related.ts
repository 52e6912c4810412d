// The cross-Sector index beside the base-text library: the rows of imported mapping documents
// (shared/model/resolution-mapping.ts) in the store's database (SQLite or PostgreSQL). A row is kept whole (its
// subject and its resolutions as JSON) and indexed by each resolution's (sector, number), so a
// lookup finds every row naming a resolution and answers the others of those rows, merged.
// Importing a source again replaces its rows.
import type { Sql } from '../store/sql';
import type { Mapping, MappedResolution, UnparsedCell } from '../../shared/model/resolution-mapping';
import type { RelatedAnswer, RelatedResolution } from '../../shared/model/related';
import type { Sector } from '../../shared/model/resolution-refs';


/** What storing a mapping did. */
export interface MappingResult {
  rows: number;
  /** Pairs of related resolutions (each pair once per row). */
  relations: number;
  unparsed: UnparsedCell[];
}

interface Row {
  id: number;
  source: string;
  tbl: number;
  row: number;
  subject: string | null;
  resolutions: string;
}

/** Finds the library entry holding a resolution's full text, or null. */
export type EntryFinder = (sector: Sector | null, number: string) => Promise<string | null>;

const MAX_UNPARSED_LISTED = 200;

export class RelatedIndex {
  constructor(private readonly sql: Sql, private readonly now: () => number = Date.now) {}

  /** Stores the rows of `mapping` under `source` (replacing what that source held), in one transaction. */
  async add(mapping: Mapping, source: string): Promise<MappingResult> {
    let relations = 0;
    await this.sql.transaction(async (tx) => {
      await tx.run('DELETE FROM related_refs WHERE row_id IN (SELECT id FROM related_rows WHERE source = ?)', [source]);
      await tx.run('DELETE FROM related_rows WHERE source = ?', [source]);
      await tx.run('DELETE FROM related_unparsed WHERE source = ?', [source]);
      const time = this.now();
      for (const row of mapping.rows) {
        const { id } = (await tx.get<{ id: number }>('INSERT INTO related_rows (source, tbl, row, subject, resolutions, added_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
          [source, row.table, row.row, row.subject, JSON.stringify(row.resolutions), time]))!;
        const keys = new Set(row.resolutions.filter((r) => r.ref.sector).map((r) => `${r.ref.sector} ${r.ref.number}`));
        for (const key of keys) await tx.run('INSERT INTO related_refs (row_id, sector, number) VALUES (?, ?, ?)', [id, ...key.split(' ')]);
        relations += (keys.size * (keys.size - 1)) / 2;
      }
      for (const u of mapping.unparsed) {
        await tx.run('INSERT INTO related_unparsed (source, tbl, row, sector, text, reason) VALUES (?, ?, ?, ?, ?, ?)', [source, u.table, u.row, u.sector, u.text, u.reason]);
      }
    });
    return { rows: mapping.rows.length, relations, unparsed: mapping.unparsed.slice(0, MAX_UNPARSED_LISTED) };
  }

  /** How many mapping rows the index holds. */
  async count(): Promise<number> {
    return (await this.sql.get<{ n: number }>('SELECT count(*) AS n FROM related_rows'))!.n;
  }

  /** What the mappings could not read, as listed at import. */
  async unparsed(): Promise<UnparsedCell[]> {
    const rows = await this.sql.all<{ tbl: number; row: number; sector: Sector; text: string; reason: string }>(
      `SELECT tbl, row, sector, text, reason FROM related_unparsed ORDER BY source, tbl, row LIMIT ${MAX_UNPARSED_LISTED}`);
    return rows.map((u) => ({ table: u.tbl, row: u.row, sector: u.sector, text: u.text, reason: u.reason }));
  }

  /** The resolutions related to (sector, number) in every mapping row naming it. */
  async related(sector: Sector, number: string, findEntry: EntryFinder): Promise<RelatedAnswer> {
    const rows = await this.sql.all<Row>(`SELECT id, source, tbl, row, subject, resolutions FROM related_rows
      WHERE id IN (SELECT row_id FROM related_refs WHERE sector = ? AND lower(number) = lower(?)) ORDER BY source, tbl, row`, [sector, number]);
    const answer: RelatedAnswer = { sector, number, self: null, subjects: [], rows: [], related: [] };
    const byKey = new Map<string, RelatedResolution>();
    const isSelf = (r: MappedResolution) => r.ref.sector === sector && r.ref.number.toUpperCase() === number.toUpperCase();
    for (const row of rows) {
      const at = { source: row.source, table: row.tbl, row: row.row };
      answer.rows.push({ ...at, subject: row.subject });
      if (row.subject && !answer.subjects.includes(row.subject)) answer.subjects.push(row.subject);
      for (const mapped of JSON.parse(row.resolutions) as MappedResolution[]) {
        const self = isSelf(mapped);
        const key = self ? 'self' : `${mapped.ref.sector} ${mapped.ref.number.toUpperCase()}`;
        let merged = byKey.get(key);
        if (!merged) {
          merged = {
            sector: mapped.ref.sector, number: mapped.ref.number, edition: mapped.ref.edition, revision: mapped.ref.revision, rev: mapped.ref.rev,
            written: mapped.written, title: '', extracts: [], subjects: [], rows: [], libraryEntryId: null,
          };
          byKey.set(key, merged);
          if (self) answer.self = merged;
          else answer.related.push(merged);
        }
        // The richest reading wins: a quoted heading (Table 2) over a bare reference (Table 1).
        if (!merged.title && mapped.title) Object.assign(merged, { title: mapped.title, written: mapped.written });
        if (!merged.revision && mapped.ref.revision) Object.assign(merged, { revision: mapped.ref.revision, rev: mapped.ref.rev });
        if (merged.edition === null && mapped.ref.edition !== null) merged.edition = mapped.ref.edition;
        for (const e of mapped.extracts) if (!merged.extracts.includes(e)) merged.extracts.push(e);
        if (row.subject && !merged.subjects.includes(row.subject)) merged.subjects.push(row.subject);
        merged.rows.push(at);
      }
    }
    for (const merged of byKey.values()) merged.libraryEntryId = await findEntry(merged.sector, merged.number);
    const order = (s: Sector | null) => ['PP', 'WTSA', 'WTDC', 'RA'].indexOf(s ?? '') >>> 0;
    answer.related.sort((a, b) => order(a.sector) - order(b.sector) || parseInt(a.number, 10) - parseInt(b.number, 10));
    return answer;
  }
}
