// The base-text library: provisions in force (resolutions, decisions, recommendations ...) in a
// table of the store's SQLite database. Adding a newer revision of the same kind and number
// supersedes the older one (kept, marked with the entry that replaced it); the same revision again
// replaces its text. Search by number (exact) and by words of the title.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { ResolutionKind } from '../../shared/schema';
import type { Revision } from '../../shared/model/citations';
import { entrySector, type LibraryEntry, type LibrarySummary } from '../../shared/model/library-entry';
import type { Sector } from '../../shared/model/resolution-refs';
import type { EntryDraft } from './entries';
import { RelatedIndex } from './related';

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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS library_entries (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  number TEXT NOT NULL,
  title TEXT NOT NULL,
  number_line TEXT NOT NULL,
  place TEXT,
  year INTEGER,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  superseded_by TEXT REFERENCES library_entries(id) ON DELETE SET NULL,
  added_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS library_by_number ON library_entries(kind, number);
`;

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

export class Library {
  /** The cross-Sector index of imported mapping documents, in the same database. */
  readonly related: RelatedIndex;

  constructor(private readonly db: Database.Database, private readonly now: () => number = Date.now) {
    db.exec(SCHEMA);
    this.related = new RelatedIndex(db, now);
  }

  /** Every resolution in force as (Sector, number, revision): what the lint's outdated-citation check looks up. */
  inForce(): { sector: Sector | null; number: string; revision: Revision | null }[] {
    return this.db.prepare<[], Row>("SELECT * FROM library_entries WHERE superseded_by IS NULL AND kind = 'RESOLUTION'").all().map((row) => {
      const entry = { ...summary(row), content: JSON.parse(row.content) as Record<string, unknown> };
      return { sector: entrySector(entry), number: entry.number, revision: entry.revision };
    });
  }

  /** The id of the resolution in force of this Sector and number, or null (an entry of another Sector with the number is not it). */
  entryFor(sector: Sector | null, number: string): string | null {
    const entry = this.current('RESOLUTION', number);
    if (!entry) return null;
    const own = entrySector(entry);
    return own === sector || (own === null && sector === null) ? entry.id : null;
  }

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM library_entries').get()!.n;
  }

  /**
   * Provisions in force matching `query`: its number exactly (`30`, `RESOLUTION 30`) or every
   * word of it in the title; all provisions in force for an empty query. Ordered by kind and number.
   */
  search(query = '', opts: { includeSuperseded?: boolean } = {}): EntrySummary[] {
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
        where.push(`((number = ? COLLATE NOCASE${number[1] ? ' AND kind = ?' : ''}) OR (${titleMatch}))`);
        params.unshift(...(number[1] ? [number[2], number[1].toUpperCase()] : [number[2]]));
      } else {
        where.push(`(${titleMatch})`);
      }
    }
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM library_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`
      + ` ORDER BY kind, CAST(number AS INTEGER), number, year DESC LIMIT ${MAX_RESULTS}`;
    return this.db.prepare<(string | number)[], Omit<Row, 'content'>>(sql).all(...params).map(summary);
  }

  get(id: string): LibraryEntry | null {
    const row = this.db.prepare<[string], Row>('SELECT * FROM library_entries WHERE id = ?').get(id);
    return row ? { ...summary(row), content: JSON.parse(row.content) as Record<string, unknown> } : null;
  }

  /** The entry in force for a kind and number, or null. */
  current(kind: ResolutionKind, number: string): LibraryEntry | null {
    const row = this.db.prepare<[string, string], { id: string }>(
      'SELECT id FROM library_entries WHERE kind = ? AND number = ? AND superseded_by IS NULL',
    ).get(kind, number);
    return row ? this.get(row.id) : null;
  }

  /** Adds the provisions of one source (a file name) in one transaction; see the module comment. */
  add(drafts: readonly EntryDraft[], source: string): AddResult {
    const result: AddResult = { entries: [], added: 0, replaced: 0, older: 0 };
    const insert = this.db.prepare(`INSERT INTO library_entries
      (id, kind, number, title, number_line, place, year, source, content, superseded_by, added_at)
      VALUES (@id, @kind, @number, @title, @number_line, @place, @year, @source, @content, @superseded_by, @added_at)`);
    const supersede = this.db.prepare('UPDATE library_entries SET superseded_by = ? WHERE kind = ? AND number = ? AND superseded_by IS NULL AND id != ?');
    const replace = this.db.prepare('UPDATE library_entries SET title = ?, number_line = ?, source = ?, content = ?, added_at = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const draft of drafts) {
        const existing = this.current(draft.kind, draft.number);
        const content = JSON.stringify(draft.content);
        const time = this.now();
        if (existing && existing.revision?.year === draft.revision?.year && existing.revision?.place === draft.revision?.place) {
          replace.run(draft.title, draft.numberLine, source, content, time, existing.id);
          result.replaced++;
          result.entries.push(summary({ ...this.row(existing.id) }));
          continue;
        }
        const isNewer = !existing || newer(draft.revision, existing.revision);
        const id = randomUUID();
        insert.run({
          id, kind: draft.kind, number: draft.number, title: draft.title, number_line: draft.numberLine,
          place: draft.revision?.place ?? null, year: draft.revision?.year ?? null, source, content,
          superseded_by: isNewer ? null : existing!.id, added_at: time,
        });
        if (isNewer) {
          supersede.run(id, draft.kind, draft.number, id);
          result.added++;
        } else {
          result.older++;
        }
        result.entries.push(summary(this.row(id)));
      }
    })();
    return result;
  }

  private row(id: string): Omit<Row, 'content'> {
    return this.db.prepare<[string], Omit<Row, 'content'>>(`SELECT ${SUMMARY_COLUMNS} FROM library_entries WHERE id = ?`).get(id)!;
  }
}
