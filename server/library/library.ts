// The base-text library: provisions in force (resolutions, decisions, recommendations ...) in a
// table of the store's database (SQLite or PostgreSQL, through the SQL seam). Adding a newer revision of the same kind and number
// supersedes the older one (kept, marked with the entry that replaced it); the same revision again
// replaces its text. Search by number (exact) and by words of the title.
import type { Sql } from '../store/sql';
import { randomUUID } from 'node:crypto';
import type { ResolutionKind } from '../../shared/schema';
import type { Revision } from '../../shared/model/citations';
import { entrySector, type LibraryEntry, type LibrarySummary } from '../../shared/model/library-entry';
import type { Sector } from '../../shared/model/resolution-refs';
import type { EntryDraft } from './entries';
import { RelatedIndex } from './related';
import { LOCK } from '../store/schema';

export type { LibraryEntry };
/** What a list answers: an entry without its text. */
export type EntrySummary = LibrarySummary;

/** What adding entries did: added (new provisions or newer revisions), replaced (same revision again), older (stored as superseded). */
export interface AddResult {
  entries: EntrySummary[];
  added: number;
  replaced: number;
  older: number;
}


interface Row {
  id: string;
  kind: string;
  number: string;
  title: string;
  number_line: string;
  place: string | null;
  year: number | null;
  source: string;
  content: string;
  superseded_by: string | null;
  added_at: number;
}

const SUMMARY_COLUMNS = 'id, kind, number, title, number_line, place, year, source, superseded_by, added_at';
const MAX_RESULTS = 100;

function summary(row: Omit<Row, 'content'>): EntrySummary {
  return {
    id: row.id, kind: row.kind as ResolutionKind, number: row.number, title: row.title, numberLine: row.number_line,
    revision: row.place !== null && row.year !== null ? { place: row.place, year: row.year } : null,
    source: row.source, supersededBy: row.superseded_by, addedAt: row.added_at,
  };
}

/** Orders revisions: later year first; an entry without a revision is older than any with one. */
function newer(a: Revision | null, b: Revision | null): boolean {
  return (a?.year ?? -1) > (b?.year ?? -1);
}

/** Sorts numbers numerically first (30 before 139), as SQLite's CAST does with a leading number. */
const numberOrder = (sql: Sql) => (sql.dialect === 'postgres' ? "COALESCE(substring(number from '^[0-9]+')::int, 0)" : 'CAST(number AS INTEGER)');

export class Library {
  /** The cross-Sector index of imported mapping documents, in the same database. */
  readonly related: RelatedIndex;

  constructor(private readonly sql: Sql, private readonly now: () => number = Date.now) {
    this.related = new RelatedIndex(sql, now);
  }

  /** Every resolution in force as (Sector, number, revision): what the lint's outdated-citation check looks up. */
  async inForce(): Promise<{ sector: Sector | null; number: string; revision: Revision | null }[]> {
    const rows = await this.sql.all<Row>("SELECT * FROM library_entries WHERE superseded_by IS NULL AND kind = 'RESOLUTION'");
    return rows.map((row) => {
      const entry = { ...summary(row), content: JSON.parse(row.content) as Record<string, unknown> };
      return { sector: entrySector(entry), number: entry.number, revision: entry.revision };
    });
  }

  /** The id of the resolution in force of this Sector and number, or null (an entry of another Sector with the number is not it). */
  async entryFor(sector: Sector | null, number: string): Promise<string | null> {
    const entry = await this.current('RESOLUTION', number);
    if (!entry) return null;
    const own = entrySector(entry);
    return own === sector || (own === null && sector === null) ? entry.id : null;
  }

  async count(): Promise<number> {
    return (await this.sql.get<{ n: number }>('SELECT count(*) AS n FROM library_entries'))!.n;
  }

  /**
   * Provisions in force matching `query`: its number exactly (`30`, `RESOLUTION 30`) or every
   * word of it in the title; all provisions in force for an empty query. Ordered by kind and number.
   */
  async search(query = '', opts: { includeSuperseded?: boolean } = {}): Promise<EntrySummary[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (!opts.includeSuperseded) where.push('superseded_by IS NULL');
    const q = query.trim().replace(/\s+/g, ' ');
    if (q) {
      const number = /^(?:(resolution|decision|recommendation|question|opinion)s?\s+)?(?:No\.?\s*)?(\S+)$/i.exec(q);
      const words = q.toLowerCase().split(' ').map((w) => w.replace(/[%_\\]/g, (c) => `\\${c}`));
      const titleMatch = words.map(() => "lower(title) LIKE ? ESCAPE '\\'").join(' AND ');
      params.push(...words.map((w) => `%${w}%`));
      if (number) {
        where.push(`((lower(number) = lower(?)${number[1] ? ' AND kind = ?' : ''}) OR (${titleMatch}))`);
        params.unshift(...(number[1] ? [number[2], number[1].toUpperCase()] : [number[2]]));
      } else {
        where.push(`(${titleMatch})`);
      }
    }
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM library_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`
      + ` ORDER BY kind, ${numberOrder(this.sql)}, number, year DESC LIMIT ${MAX_RESULTS}`;
    return (await this.sql.all<Omit<Row, 'content'>>(sql, params)).map(summary);
  }

  async get(id: string): Promise<LibraryEntry | null> {
    const row = await this.sql.get<Row>('SELECT * FROM library_entries WHERE id = ?', [id]);
    return row ? { ...summary(row), content: JSON.parse(row.content) as Record<string, unknown> } : null;
  }

  /** The entry in force for a kind and number, or null. */
  async current(kind: ResolutionKind, number: string): Promise<LibraryEntry | null> {
    const row = await this.sql.get<{ id: string }>('SELECT id FROM library_entries WHERE kind = ? AND number = ? AND superseded_by IS NULL', [kind, number]);
    return row ? this.get(row.id) : null;
  }

  /**
   * Adds the provisions of one source (a file name) in one transaction; see the module comment.
   * On PostgreSQL the transaction holds an advisory lock, so two servers adding at once (seeding
   * an empty library) take turns rather than both superseding.
   */
  async add(drafts: readonly EntryDraft[], source: string): Promise<AddResult> {
    return this.sql.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(?, 0)', [LOCK.seed]);
      return new Library(tx, this.now).addIn(tx, drafts, source);
    });
  }

  private async addIn(tx: Sql, drafts: readonly EntryDraft[], source: string): Promise<AddResult> {
    const result: AddResult = { entries: [], added: 0, replaced: 0, older: 0 };
    for (const draft of drafts) {
      const existing = await this.current(draft.kind, draft.number);
      const content = JSON.stringify(draft.content);
      const time = this.now();
      if (existing && existing.revision?.year === draft.revision?.year && existing.revision?.place === draft.revision?.place) {
        await tx.run('UPDATE library_entries SET title = ?, number_line = ?, source = ?, content = ?, added_at = ? WHERE id = ?',
          [draft.title, draft.numberLine, source, content, time, existing.id]);
        result.replaced++;
        result.entries.push(summary(await this.row(existing.id)));
        continue;
      }
      const isNewer = !existing || newer(draft.revision, existing.revision);
      const id = randomUUID();
      await tx.run(`INSERT INTO library_entries
        (id, kind, number, title, number_line, place, year, source, content, superseded_by, added_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        id, draft.kind, draft.number, draft.title, draft.numberLine, draft.revision?.place ?? null, draft.revision?.year ?? null,
        source, content, isNewer ? null : existing!.id, time,
      ]);
      if (isNewer) {
        await tx.run('UPDATE library_entries SET superseded_by = ? WHERE kind = ? AND number = ? AND superseded_by IS NULL AND id != ?', [id, draft.kind, draft.number, id]);
        result.added++;
      } else {
        result.older++;
      }
      result.entries.push(summary(await this.row(id)));
    }
    return result;
  }

  private async row(id: string): Promise<Omit<Row, 'content'>> {
    return (await this.sql.get<Omit<Row, 'content'>>(`SELECT ${SUMMARY_COLUMNS} FROM library_entries WHERE id = ?`, [id]))!;
  }
}
