// The REST API against a real server: documents (create, list, get, content, rename, delete),
// versions (create, list, get, restore reaching connected clients) and errors as {error}.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import * as Y from 'yjs';
import { Transform } from 'prosemirror-transform';
import { schema } from '../../shared/schema';
import { allChangeIds } from '../../shared/track';
import { applyReview } from '../../shared/track/review';
import { api, appendParagraph, connectClient, contentOf, signIn, synced, tempDataDir, testServer, waitFor, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let as: Session;

const doc = (...texts: string[]) => ({
  type: 'doc',
  content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
});

beforeAll(async () => {
  server = await testServer(data.dir, { maxMessageBytes: 256 * 1024, directEdits: false }); // the coordinator's raw edits are direct edits; their versions are another test's
  as = await signIn(server, 'coordinator');
});

afterAll(async () => {
  await server.close();
  data.remove();
});

describe('documents', () => {
  it('lists the demo document created on first start', async () => {
    const res = await api(as, 'GET', '/api/documents');
    expect(res.status).toBe(200);
    expect(res.body.documents.map((d: { id: string }) => d.id)).toEqual(['demo']);
    expect(res.body.documents[0]).toMatchObject({ group: 'EUR', createdAt: expect.any(Number), updatedAt: expect.any(Number) });
  });

  it('creates, gets, renames and deletes a document', async () => {
    const created = await api(as, 'POST', '/api/documents', { title: 'ECP draft', group: 'EUR', content: doc('One.', 'Two.') });
    expect(created.status).toBe(201);
    const { id } = created.body.document;
    expect(created.body.document).toMatchObject({ title: 'ECP draft', group: 'EUR' });

    expect((await api(as, 'GET', `/api/documents/${id}`)).body.document.title).toBe('ECP draft');
    expect((await api(as, 'GET', `/api/documents/${id}/content`)).body).toEqual(doc('One.', 'Two.'));
    const listed = await api(as, 'GET', '/api/documents');
    expect(listed.body.documents.map((d: { id: string }) => d.id)).toContain(id);

    const renamed = await api(as, 'PATCH', `/api/documents/${id}`, { title: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.document.title).toBe('Renamed');
    expect((await api(as, 'GET', `/api/documents/${id}`)).body.document.title).toBe('Renamed');

    expect((await api(as, 'DELETE', `/api/documents/${id}`)).status).toBe(204);
    expect((await api(as, 'GET', `/api/documents/${id}`)).status).toBe(404);
    expect((await api(as, 'DELETE', `/api/documents/${id}`)).status).toBe(404);
  });

  it('creates an empty document without content, in the coordinator\'s only group', async () => {
    const created = await api(as, 'POST', '/api/documents', { title: 'Empty' });
    expect(created.body.document.group).toBe('EUR');
    expect((await api(as, 'GET', `/api/documents/${created.body.document.id}/content`)).body).toEqual({ type: 'doc', content: [] });
  });

  it('closes the connections of a deleted document for good', async () => {
    const { body } = await api(as, 'POST', '/api/documents', { title: 'Doomed', content: doc('x') });
    const client = connectClient(as, body.document.id);
    await synced(client);
    const closed = new Promise<{ code: number }>((resolve) => client.provider.once('closed', resolve));
    await api(as, 'DELETE', `/api/documents/${body.document.id}`);
    const event = await closed;
    expect(event.code).toBe(4404);
    client.destroy();
  });

  it('answers bad requests with {error} and the right status', async () => {
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/documents', {}, 400],
      ['POST', '/api/documents', { title: 42 }, 400],
      ['POST', '/api/documents', { title: 'x', content: { type: 'doc', content: [{ type: 'nonsense' }] } }, 400],
      ['POST', '/api/documents', { title: 'x', content: { type: 'doc', content: [{ type: 'text', text: 'loose' }] } }, 400],
      ['POST', '/api/documents', { title: 'x', content: 'not a doc' }, 400],
      ['POST', '/api/documents', '{"title": ', 400],
      ['POST', '/api/documents', { title: 'x', content: doc('y'.repeat(300 * 1024)) }, 413],
      ['PATCH', '/api/documents/demo', { title: '' }, 400],
      ['PATCH', '/api/documents/missing', { title: 'x' }, 404],
      ['GET', '/api/documents/missing', undefined, 404],
      ['GET', '/api/documents/missing/content', undefined, 404],
      ['GET', '/api/documents/missing/versions', undefined, 404],
      ['POST', '/api/documents/missing/versions', { name: 'v' }, 404],
      ['POST', '/api/documents/demo/versions', {}, 400],
      ['GET', '/api/documents/demo/versions/missing', undefined, 404],
      ['POST', '/api/documents/demo/versions/missing/restore', undefined, 404],
      ['GET', '/api/nothing-here', undefined, 404],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await api(as, method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status });
      expect(res.body).toEqual({ error: expect.any(String) });
    }
  });

  it('serves the client with index.html for client routes', async () => {
    const res = await fetch(`${server.url}/d/demo`, { headers: { accept: 'text/html' } });
    // The built client is optional here: without it the fallback says so as {error}.
    if (res.status === 200) expect(await res.text()).toMatch(/<html/i);
    else expect(await res.json()).toEqual({ error: expect.stringContaining('not built') });
  });
});

describe('versions', () => {
  it('creates, lists and gets versions as full copies', async () => {
    const { body } = await api(as, 'POST', '/api/documents', { title: 'Versioned', content: doc('First.') });
    const id = body.document.id;
    const v1 = await api(as, 'POST', `/api/documents/${id}/versions`, { name: 'v1' });
    expect(v1.status).toBe(201);
    expect(v1.body.version).toMatchObject({ name: 'v1', id: expect.any(String), createdAt: expect.any(Number) });

    const client = connectClient(as, id);
    await synced(client);
    appendParagraph(client.doc, 'Second.');
    const probe = connectClient(as, id);
    await synced(probe);
    await waitFor(() => contentOf(probe.doc).includes('Second.'), [[probe.doc, 'update']], 'the edit to reach the server');
    const v2 = await api(as, 'POST', `/api/documents/${id}/versions`, { name: 'v2' });

    const list = await api(as, 'GET', `/api/documents/${id}/versions`);
    expect(list.body.versions.map((v: { name: string }) => v.name)).toEqual(['v1', 'v2']);
    expect((await api(as, 'GET', `/api/documents/${id}/versions/${v1.body.version.id}`)).body).toEqual(doc('First.'));
    expect((await api(as, 'GET', `/api/documents/${id}/versions/${v2.body.version.id}`)).body).toEqual(doc('First.', 'Second.'));
    client.destroy();
    probe.destroy();
  });

  it('restores a version as ordinary changes that reach connected clients and can be undone', async () => {
    const { body } = await api(as, 'POST', '/api/documents', { title: 'Restore', content: doc('Original.') });
    const id = body.document.id;
    const v1 = (await api(as, 'POST', `/api/documents/${id}/versions`, { name: 'original' })).body.version;

    const client = connectClient(as, id);
    await synced(client);
    const fragment = client.doc.getXmlFragment('prosemirror');
    ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Edited. ');
    appendParagraph(client.doc, 'Added later.');
    const edited = doc('Edited. Original.', 'Added later.');
    const watcher = connectClient(as, id);
    await synced(watcher);
    await waitFor(() => JSON.stringify(yXmlFragmentToProsemirrorJSON(watcher.doc.getXmlFragment('prosemirror'))) === JSON.stringify(edited),
      [[watcher.doc, 'update']], 'the edits to reach the server');

    // The restore arrives as ordinary remote Yjs changes (origin: the provider): an UndoManager
    // tracking that origin undoes it, which a swapped document would not allow.
    const undo = new Y.UndoManager(fragment, { trackedOrigins: new Set([client.provider]) });
    const restored = await api(as, 'POST', `/api/documents/${id}/versions/${v1.id}/restore`);
    expect(restored.status).toBe(200);
    const json = () => yXmlFragmentToProsemirrorJSON(fragment);
    // the version's text comes back as tracked changes: accepted, they give it exactly
    const accepted = (content: unknown) => {
      const tr = new Transform(schema.nodeFromJSON(content));
      applyReview(tr, allChangeIds(tr.doc), 'accept');
      return tr.doc.toJSON();
    };
    await waitFor(() => allChangeIds(schema.nodeFromJSON(json())).length > 0, [[client.doc, 'update']], 'the restore to reach the client');
    expect(accepted(json())).toEqual(schema.nodeFromJSON(doc('Original.')).toJSON());
    expect((await api(as, 'GET', `/api/documents/${id}/content`)).body).toEqual(json());

    undo.undo();
    expect(json()).toEqual(edited);
    await waitFor(() => JSON.stringify(yXmlFragmentToProsemirrorJSON(watcher.doc.getXmlFragment('prosemirror'))) === JSON.stringify(edited),
      [[watcher.doc, 'update']], 'the undo to reach the other client');
    undo.destroy();
    client.destroy();
    watcher.destroy();
  });
});
