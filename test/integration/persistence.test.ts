// Persistence across restarts: edits made through WebSocket clients are in the store after a
// graceful close() and a new startServer on the same data dir; the demo is not seeded twice.
import { afterAll, describe, expect, it } from 'vitest';
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { api, appendParagraph, connectClient, contentOf, onServer, signIn, synced, tempDataDir, testServer, waitFor } from './helpers';

const data = tempDataDir();

afterAll(() => data.remove());

describe('persistence', () => {
  it('keeps every edit, document and version across a restart', async () => {
    let server = await testServer(data.dir, { directEdits: false }); // the coordinator's raw edits are direct edits; their versions are another test's
    let as = await signIn(server, 'coordinator');
    const { body } = await api(as, 'POST', '/api/documents', { title: 'Kept' });
    const id = body.document.id;
    const writer = connectClient(as, id);
    await synced(writer);
    for (let i = 0; i < 30; i++) appendParagraph(writer.doc, `edit ${i}`);
    const version = (await api(as, 'POST', `/api/documents/${id}/versions`, { name: 'before close' })).body.version;
    const expected = yXmlFragmentToProsemirrorJSON(writer.doc.getXmlFragment('prosemirror'));
    // close() waits for the room to store and compact everything the server has received.
    const watcher = connectClient(as, id);
    await synced(watcher);
    await waitFor(() => contentOf(watcher.doc) === contentOf(writer.doc), [[watcher.doc, 'update']], 'edits to reach the server');
    writer.destroy();
    watcher.destroy();
    await server.close();

    server = await testServer(data.dir, { directEdits: false });
    as = onServer(as, server); // the session outlives the restart
    try {
      const documents = (await api(as, 'GET', '/api/documents')).body.documents.map((d: { id: string }) => d.id).sort();
      expect(documents).toEqual(['demo', id].sort());
      expect((await api(as, 'GET', `/api/documents/${id}/content`)).body).toEqual(expected);
      expect((await api(as, 'GET', `/api/documents/${id}/versions`)).body.versions).toEqual([version]);
      const reader = connectClient(as, id);
      await synced(reader);
      expect(yXmlFragmentToProsemirrorJSON(reader.doc.getXmlFragment('prosemirror'))).toEqual(expected);
      reader.destroy();
      expect(server.logs.some((line) => line.includes('demo'))).toBe(false);
    } finally {
      await server.close();
    }
  });
});
