// REST routes of the base-text library: any signed-in member of any group reads it (it is public
// ITU text); coordinators extend it by importing an ITU text, markdown or .docx file.
//   GET  /api/library?q=30|gender[&all=1][&content=1]  -> {entries: EntrySummary[]} (with their text: LibraryEntry[])
//   GET  /api/library/:id                  -> {entry: LibraryEntry}
//   POST /api/library/import?format=text|markdown|docx[&name=FILE]  body: the file's bytes
//        -> {entries, added, replaced, older, report} (report: the import report, shared/import/report.ts)
import express, { Router, type Request } from 'express';
import { importWithReport, type ImportFormat, type ImportReport } from '../../shared/import';
import type { Auth } from '../auth/auth';
import { requireSignedIn } from '../auth/middleware';
import { can } from '../auth/roles';
import { HttpError } from '../http-error';
import { entriesOf } from './entries';
import type { Library } from './library';

const FORMATS: readonly ImportFormat[] = ['text', 'markdown', 'docx'];
/** Largest file accepted for import. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

function requireMember(auth: Auth, req: Request) {
  const signedIn = requireSignedIn(req);
  const memberships = auth.accounts.memberships(signedIn.user.id);
  if (!memberships.length) throw new HttpError(403, 'the library is open to the members of a group');
  return { ...signedIn, memberships };
}

function sourceName(value: unknown, format: ImportFormat): string {
  const name = typeof value === 'string' ? value.replace(/[^\p{L}\p{N} ._()-]+/gu, '_').trim().slice(0, 200) : '';
  return name || `imported ${format}`;
}

export function libraryRouter(library: Library, auth: Auth): Router {
  const router = Router();

  router.get('/library', (req, res) => {
    requireMember(auth, req);
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    if (q.length > 200) throw new HttpError(400, "'q' is longer than 200 characters");
    const entries = library.search(q, { includeSuperseded: req.query.all === '1' || req.query.all === 'true' });
    res.json({ entries: req.query.content === '1' ? entries.map((e) => library.get(e.id)) : entries });
  });

  router.get('/library/:id', (req, res) => {
    requireMember(auth, req);
    const entry = library.get(String(req.params.id));
    if (!entry) throw new HttpError(404, 'no such library entry');
    res.json({ entry });
  });

  router.post('/library/import', express.raw({ type: () => true, limit: MAX_IMPORT_BYTES }), async (req, res) => {
    const { memberships } = requireMember(auth, req);
    if (!memberships.some((m) => can(m.role, 'manageDocument'))) throw new HttpError(403, 'only coordinators can add to the library');
    const format = String(req.query.format ?? '') as ImportFormat;
    if (!FORMATS.includes(format)) throw new HttpError(400, `'format' must be one of ${FORMATS.join(', ')}`);
    const body = req.body as unknown;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError(400, 'the request body must be the file to import');
    let drafts;
    let report: ImportReport;
    try {
      const input = format === 'docx' ? new Uint8Array(body) : body.toString('utf8');
      const imported = await importWithReport(input, { format });
      drafts = entriesOf(imported.doc);
      report = imported.report;
    } catch (err) {
      throw new HttpError(400, `the file cannot be imported: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!drafts.length) throw new HttpError(400, 'no resolution, decision or recommendation was found in the file');
    const source = sourceName(req.query.name, format);
    res.status(201).json({ ...library.add(drafts, source), report });
  });

  return router;
}
