// REST routes of the base-text library: any signed-in member of any group reads it (it is public
// ITU text); coordinators extend it by importing an ITU text, markdown or .docx file.
//   GET  /api/library?q=30|gender[&all=1][&content=1]  -> {entries: EntrySummary[]} (with their text: LibraryEntry[])
//   GET  /api/library/:id                  -> {entry: LibraryEntry}
//   GET  /api/library/related?sector=PP&number=130  -> RelatedAnswer (shared/model/related.ts)
//   POST /api/library/import?format=text|markdown|docx[&name=FILE]  body: the file's bytes
//        -> {entries, added, replaced, older, mapping: {rows, relations, unparsed}, report}
//        (report: the import report, shared/import/report.ts; mapping: the cross-Sector tables read, server/library/related.ts)
// The import runs in a worker thread (server/import/importer.ts): 413 for a file past the size
// limit (refused from its Content-Length before it is read), 422 past an unpacking, time or
// memory limit or with more than MAX_IMPORTED_ENTRIES provisions, 400 for a file that is not a
// document, 503 while too many imports run.
import express, { Router, type Request, type RequestHandler } from 'express';
import type { ImportFormat, ImportReport } from '../../shared/import';
import type { Mapping } from '../../shared/model/resolution-mapping';
import type { Auth } from '../auth/auth';
import { requireSignedIn } from '../auth/middleware';
import { can } from '../auth/roles';
import { HttpError } from '../http-error';
import { ImportFailure, type Importer } from '../import/importer';
import { SECTORS, type Sector } from '../../shared/model/resolution-refs';
import type { Library } from './library';

const FORMATS: readonly ImportFormat[] = ['text', 'markdown', 'docx'];
/** Most provisions one import may add (the server's thread stores them): the Final Acts of a PP hold a few hundred. */
export const MAX_IMPORTED_ENTRIES = 2000;
/** Most mapping rows one import may add (TSAG's whole mapping has a few hundred). */
export const MAX_MAPPING_ROWS = 5000;

async function requireMember(auth: Auth, req: Request) {
  const signedIn = requireSignedIn(req);
  const memberships = await auth.accounts.memberships(signedIn.user.id);
  if (!memberships.length) throw new HttpError(403, 'the library is open to the members of a group');
  return { ...signedIn, memberships };
}

function sourceName(value: unknown, format: ImportFormat): string {
  const name = typeof value === 'string' ? value.replace(/[^\p{L}\p{N} ._()-]+/gu, '_').trim().slice(0, 200) : '';
  return name || `imported ${format}`;
}

function importFormat(req: Request): ImportFormat {
  const format = String(req.query.format ?? '') as ImportFormat;
  if (!FORMATS.includes(format)) throw new HttpError(400, `'format' must be one of ${FORMATS.join(', ')}`);
  return format;
}

export function libraryRouter(library: Library, auth: Auth, importer: Importer): Router {
  const router = Router();
  const rawBody = new Map(FORMATS.map((format): [ImportFormat, RequestHandler] => [format, express.raw({ type: () => true, limit: importer.maxBytes(format) })]));

  router.get('/library', async (req, res) => {
    await requireMember(auth, req);
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    if (q.length > 200) throw new HttpError(400, "'q' is longer than 200 characters");
    const entries = await library.search(q, { includeSuperseded: req.query.all === '1' || req.query.all === 'true' });
    res.json({ entries: req.query.content === '1' ? await Promise.all(entries.map((e) => library.get(e.id))) : entries });
  });

  router.get('/library/related', async (req, res) => {
    await requireMember(auth, req);
    const sector = String(req.query.sector ?? '').toUpperCase() as Sector;
    if (!SECTORS.includes(sector)) throw new HttpError(400, `'sector' must be one of ${SECTORS.join(', ')}`);
    const number = String(req.query.number ?? '').trim();
    if (!/^\d{1,4}[A-Z]?$/i.test(number)) throw new HttpError(400, "'number' must be a resolution number such as 130");
    res.json(await library.related.related(sector, number, (s, n) => library.entryFor(s, n)));
  });

  router.get('/library/:id', async (req, res) => {
    await requireMember(auth, req);
    const entry = await library.get(String(req.params.id));
    if (!entry) throw new HttpError(404, 'no such library entry');
    res.json({ entry });
  });

  // Who may import, the format and the declared size are checked before the body is read.
  const admitImport: RequestHandler = async (req, _res, next) => {
    const { memberships } = await requireMember(auth, req);
    if (!memberships.some((m) => can(m.role, 'manageDocument'))) throw new HttpError(403, 'only coordinators can add to the library');
    const format = importFormat(req);
    const declared = Number(req.get('content-length'));
    const tooLarge = Number.isFinite(declared) ? importer.tooLarge(format, declared) : null;
    if (tooLarge) throw new HttpError(tooLarge.status, tooLarge.message);
    rawBody.get(format)!(req, _res, next);
  };

  router.post('/library/import', admitImport, async (req, res) => {
    const format = importFormat(req);
    const body = req.body as unknown;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError(400, 'the request body must be the file to import');
    let drafts;
    let mapping: Mapping;
    let report: ImportReport;
    try {
      ({ entries: drafts, mapping, report } = await importer.libraryEntries(body, format));
    } catch (err) {
      if (!(err instanceof ImportFailure)) throw err;
      throw new HttpError(err.status, err.status === 400 ? `the file cannot be imported: ${err.message}` : err.message);
    }
    if (!drafts.length && !mapping.rows.length) throw new HttpError(400, 'no resolution, decision or recommendation, nor a mapping of resolutions, was found in the file');
    if (drafts.length > MAX_IMPORTED_ENTRIES) throw new HttpError(422, `the file holds ${drafts.length} provisions, more than the ${MAX_IMPORTED_ENTRIES} one import may add`);
    if (mapping.rows.length > MAX_MAPPING_ROWS) throw new HttpError(422, `the file holds ${mapping.rows.length} mapping rows, more than the ${MAX_MAPPING_ROWS} one import may add`);
    const source = sourceName(req.query.name, format);
    const added = await library.add(drafts, source);
    res.status(201).json({ ...added, mapping: mapping.rows.length ? await library.related.add(mapping, source) : null, report });
  });

  return router;
}
