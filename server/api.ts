// The REST API under /api: documents (list, create, get, content, rename, delete, export) and
// their named versions (list, create, get, restore), for the signed-in members of each document's
// group as their role allows. Live content is read and written through the rooms.
import { Router, type Request } from 'express';
import * as Y from 'yjs';
import { bindDocument, exportComments } from '../shared/comments';
import { EXPORT_FORMATS, type ExportFormat } from '../shared/export/layout';
import type { Auth } from './auth/auth';
import { requireSignedIn } from './auth/middleware';
import { can, type Permission, type Role } from './auth/roles';
import type { Rooms } from './collab/rooms';
import { docToContent, parseContent, replaceContent, stateToContent } from './content';
import { compareStates } from './compare';
import { SMALL_JSON_LIMIT } from './body-limits';
import { WriteLimits } from './write-limits';
import { readNewDocumentBody } from './document-body';
import type { Importer } from './import/importer';
import { HttpError } from './http-error';
import { RestoreError, trackedRestore, type TrackedRestore } from '../shared/track/restore';
import { UnknownGroupError, type DocumentMeta, type Store } from './store/store';

/** The origin of the Yjs changes a version restore makes (so an UndoManager can track them). */
export const RESTORE_ORIGIN = 'draftroom:restore-version';

function requiredString(body: unknown, name: string, max = 500): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || value.trim() === '') throw new HttpError(400, `'${name}' must be a non-empty string`);
  if (value.length > max) throw new HttpError(400, `'${name}' is longer than ${max} characters`);
  return value.trim();
}

function optionalString(body: unknown, name: string, max = 100): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max) throw new HttpError(400, `'${name}' must be a string of at most ${max} characters`);
  return value;
}

const notFound = (what = 'document'): HttpError => new HttpError(404, `no such ${what}`);
const param = (req: Request, name: string): string => String(req.params[name]);

const EXPORT_TYPES: Record<ExportFormat, string> = {
  submission: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  review: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  clean: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
};

export function apiRouter(store: Store, rooms: Rooms, auth: Auth, importer: Importer, writeLimits = new WriteLimits()): Router {
  const api = Router();

  /**
   * The document of `:id` if the signed-in user's role in its group grants `permission`:
   * 401 without a session, 404 when it does not exist or belongs to another group (outsiders
   * cannot tell which), 403 for a member whose role does not allow it.
   */
  async function access(req: Request, permission: Permission): Promise<{ document: DocumentMeta; role: Role }> {
    const { user } = requireSignedIn(req);
    const document = await store.getDocument(param(req, 'id'));
    const role = document && (await auth.accounts.role(user.id, document.group));
    if (!document || !role) throw notFound();
    if (!can(role, permission)) throw new HttpError(403, `a ${role} cannot do this`);
    return { document, role };
  }

  api.get('/documents', async (req, res) => {
    const { user } = requireSignedIn(req);
    const groups = (await auth.accounts.memberships(user.id)).map((m) => m.group);
    res.json({ documents: await store.listDocuments(groups) });
  });

  api.post('/documents', async (req, res) => {
    const { user } = requireSignedIn(req);
    const coordinated = (await auth.accounts.memberships(user.id)).filter((m) => can(m.role, 'createDocument')).map((m) => m.group);
    // Only a coordinator's large body is worth a worker thread.
    if (!coordinated.length && Buffer.isBuffer(req.body) && req.body.length > SMALL_JSON_LIMIT) throw new HttpError(403, 'only a coordinator can create documents');
    // {title, group?, content?}: the content (an imported document) becomes the starting Yjs state.
    const { fields: body, state } = await readNewDocumentBody(req.body, importer);
    const title = requiredString(body, 'title');
    const group = optionalString(body, 'group') ?? (coordinated.length === 1 ? coordinated[0] : undefined);
    if (group === undefined) throw new HttpError(400, `'group' must name the group the document belongs to`);
    if (!coordinated.includes(group)) {
      const member = await auth.accounts.role(user.id, group);
      throw new HttpError(member ? 403 : 404, member ? 'only a coordinator can create documents' : 'no such group');
    }
    try {
      res.status(201).json({ document: await store.createDocument({ title, group, state }) });
    } catch (err) {
      if (err instanceof UnknownGroupError) throw new HttpError(404, 'no such group');
      throw err;
    }
  });

  api.get('/documents/:id', async (req, res) => {
    const { document, role } = await access(req, 'read');
    res.json({ document, role });
  });

  api.get('/documents/:id/content', async (req, res) => {
    await access(req, 'read');
    const content = await rooms.with(param(req, 'id'), (room) => docToContent(room.doc));
    if (!content) throw notFound();
    res.json(content);
  });

  api.get('/documents/:id/export', async (req, res) => {
    const { document } = await access(req, 'export');
    const format = String(req.query.format ?? '');
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, `'format' must be one of ${EXPORT_FORMATS.join(', ')}`);
    // The review copy carries the comment threads as Word comments, at positions of the same rendering of the text.
    const source = await rooms.with(document.id, (room) => {
      if (format !== 'review') return { doc: parseContent(docToContent(room.doc)), comments: [] };
      const bound = bindDocument(room.doc);
      return { doc: bound.doc, comments: exportComments(bound) };
    });
    if (!source) throw notFound();
    // The exporters (and the docx package) load on the first export, not at the server's start.
    const { exportDocument, SuggestedChangesError } = await import('../shared/export');
    let bytes: Uint8Array;
    try {
      bytes = await exportDocument(source.doc, { format: format as ExportFormat, includeSuggested: req.query.includeSuggested === 'true', comments: source.comments });
    } catch (err) {
      if (err instanceof SuggestedChangesError) throw new HttpError(409, err.message);
      throw err;
    }
    const { user } = requireSignedIn(req);
    await auth.audit.record('export', { userId: user.id, name: user.name, group: document.group, ip: req.ip, detail: { document: document.id, format } });
    const extension = format === 'html' ? 'html' : 'docx';
    res.type(EXPORT_TYPES[format as ExportFormat]);
    res.attachment(`${document.title.replace(/[^\w .-]+/g, '_').slice(0, 100) || document.id}-${format}.${extension}`);
    res.send(Buffer.from(bytes));
  });

  api.patch('/documents/:id', async (req, res) => {
    await access(req, 'manageDocument');
    const document = await store.renameDocument(param(req, 'id'), requiredString(req.body, 'title'));
    if (!document) throw notFound();
    res.json({ document });
  });

  api.delete('/documents/:id', async (req, res) => {
    await access(req, 'manageDocument');
    const id = param(req, 'id');
    // Deleted first, so that no connection can open the room again; then its clients are told.
    if (!(await store.deleteDocument(id))) throw notFound();
    await rooms.evict(id);
    res.status(204).end();
  });

  // The members of the document's group, for @mentions: readable by every member (ids and names only).
  api.get('/documents/:id/members', async (req, res) => {
    const { document } = await access(req, 'read');
    res.json({ members: (await auth.accounts.members(document.group)).map((m) => ({ id: m.userId, name: m.name })) });
  });

  api.get('/documents/:id/versions', async (req, res) => {
    await access(req, 'read');
    const id = param(req, 'id');
    res.json({ versions: await store.listVersions(id) });
  });

  api.post('/documents/:id/versions', async (req, res) => {
    await access(req, 'saveVersion');
    const id = param(req, 'id');
    const name = requiredString(req.body, 'name');
    writeLimits.take('versions', requireSignedIn(req).user.id, id, res);
    const version = await rooms.with(id, async (room) => {
      await room.flush();
      return store.createVersion(id, name, Y.encodeStateAsUpdate(room.doc));
    });
    if (!version) throw notFound();
    res.status(201).json({ version });
  });

  api.get('/documents/:id/versions/:vid', async (req, res) => {
    await access(req, 'read');
    const found = await store.getVersion(param(req, 'id'), param(req, 'vid'));
    if (!found) throw notFound('version');
    res.json(stateToContent(found.state));
  });

  // What changed from one version to another or to now (`from`, `to`: version ids or `now`), attributed
  // (server/compare.ts): { doc: ProseMirror JSON with insertion/deletion marks, authors, inserted, deleted }.
  api.get('/documents/:id/compare', async (req, res) => {
    await access(req, 'read');
    const id = param(req, 'id');
    writeLimits.take('compares', requireSignedIn(req).user.id, id, res);
    const state = async (side: unknown): Promise<Uint8Array> => {
      if (typeof side !== 'string' || !side) throw new HttpError(400, `'from' and 'to' must be version ids or 'now'`);
      if (side === 'now') {
        const now = await rooms.with(id, async (room) => {
          await room.flush();
          return Y.encodeStateAsUpdate(room.doc);
        });
        if (!now) throw notFound();
        return now;
      }
      const found = await store.getVersion(id, side);
      if (!found) throw notFound('version');
      return found.state;
    };
    const from = await state(req.query.from), to = await state(req.query.to);
    res.json(compareStates(from, to));
  });

  // The version's text comes back as tracked changes by the coordinator who restores it (see
  // shared/track/restore.ts): { version, changes: how many, unrestored: structure left as it is }.
  api.post('/documents/:id/versions/:vid/restore', async (req, res) => {
    await access(req, 'restoreVersion');
    const { user } = requireSignedIn(req);
    const id = param(req, 'id');
    const found = await store.getVersion(id, param(req, 'vid'));
    if (!found) throw notFound('version');
    const version = parseContent(stateToContent(found.state));
    const restore = await rooms.with(id, async (room) => {
      const current = parseContent(docToContent(room.doc));
      let result: TrackedRestore;
      try {
        result = trackedRestore(current, version, { id: user.id, name: user.name });
      } catch (err) {
        if (err instanceof RestoreError) throw new HttpError(409, err.message);
        throw err;
      }
      if (!result.doc.eq(current)) {
        room.actingAs({ id: user.id, name: user.name }, () => replaceContent(room.doc, result.doc.toJSON(), RESTORE_ORIGIN));
        await room.flush();
      }
      return result;
    });
    if (!restore) throw notFound();
    // a replacement is one change (its deletion and insertion share an id)
    res.json({ version: found.version, changes: new Set(restore.changes.map((c) => c.id)).size, unrestored: restore.unrestored });
  });

  api.use((_req, _res) => {
    throw new HttpError(404, 'no such API route');
  });

  return api;
}
