// The REST API under /api: documents (list, create, get, content, rename, delete) and their
// named versions (list, create, get, restore). Live content is read and written through the rooms.
import { Router, type Request } from 'express';
import * as Y from 'yjs';
import type { Rooms } from './collab/rooms';
import { contentToState, docToContent, InvalidContentError, replaceContent, stateToContent } from './content';
import { HttpError } from './http-error';
import type { Store } from './store/store';

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

export function apiRouter(store: Store, rooms: Rooms): Router {
  const api = Router();

  api.get('/documents', async (_req, res) => {
    res.json({ documents: await store.listDocuments() });
  });

  api.post('/documents', async (req, res) => {
    const title = requiredString(req.body, 'title');
    const group = optionalString(req.body, 'group');
    const content = (req.body as Record<string, unknown> | undefined)?.content;
    let state: Uint8Array | undefined;
    try {
      state = content === undefined ? undefined : contentToState(content);
    } catch (err) {
      if (err instanceof InvalidContentError) throw new HttpError(400, err.message);
      throw err;
    }
    res.status(201).json({ document: await store.createDocument({ title, group, state }) });
  });

  api.get('/documents/:id', async (req, res) => {
    const document = await store.getDocument(param(req, 'id'));
    if (!document) throw notFound();
    res.json({ document });
  });

  api.get('/documents/:id/content', async (req, res) => {
    const content = await rooms.with(param(req, 'id'), (room) => docToContent(room.doc));
    if (!content) throw notFound();
    res.json(content);
  });

  api.patch('/documents/:id', async (req, res) => {
    const document = await store.renameDocument(param(req, 'id'), requiredString(req.body, 'title'));
    if (!document) throw notFound();
    res.json({ document });
  });

  api.delete('/documents/:id', async (req, res) => {
    const id = param(req, 'id');
    // Deleted first, so that no connection can open the room again; then its clients are told.
    if (!(await store.deleteDocument(id))) throw notFound();
    await rooms.evict(id);
    res.status(204).end();
  });

  api.get('/documents/:id/versions', async (req, res) => {
    const id = param(req, 'id');
    if (!(await store.getDocument(id))) throw notFound();
    res.json({ versions: await store.listVersions(id) });
  });

  api.post('/documents/:id/versions', async (req, res) => {
    const id = param(req, 'id');
    const name = requiredString(req.body, 'name');
    const version = await rooms.with(id, async (room) => {
      await room.flush();
      return store.createVersion(id, name, Y.encodeStateAsUpdate(room.doc));
    });
    if (!version) throw notFound();
    res.status(201).json({ version });
  });

  api.get('/documents/:id/versions/:vid', async (req, res) => {
    const found = await store.getVersion(param(req, 'id'), param(req, 'vid'));
    if (!found) throw notFound('version');
    res.json(stateToContent(found.state));
  });

  api.post('/documents/:id/versions/:vid/restore', async (req, res) => {
    const id = param(req, 'id');
    const found = await store.getVersion(id, param(req, 'vid'));
    if (!found) throw notFound('version');
    const restored = await rooms.with(id, async (room) => {
      replaceContent(room.doc, stateToContent(found.state), RESTORE_ORIGIN);
      await room.flush();
      return true;
    });
    if (!restored) throw notFound();
    res.json({ version: found.version });
  });

  api.use((_req, _res) => {
    throw new HttpError(404, 'no such API route');
  });

  return api;
}
