// Restoring a version over the REST API against a real server: the version's text comes back as
// tracked changes by the coordinator who restores, which reach a connected stock client, show in
// the content, and review back to the version (accept) or to the text before (reject).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { schema } from '../../shared/schema';
import { allChangeIds, listChanges } from '../../shared/track';
import { applyReview } from '../../shared/track/review';
import { stripRevisions } from '../unit/track-doc';
import { api, appendParagraph, connectClient, signIn, synced, tempDataDir, testServer, waitFor, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session, observer: Session;
let res133: PMNode;

beforeAll(async () => {
  server = await testServer(data.dir);
  coordinator = await signIn(server, 'coordinator');
  drafter = await signIn(server, 'drafter');
  observer = await signIn(server, 'observer');
  const text = readFileSync(path.resolve(process.cwd(), '../shared/fixtures/pp18-ecp1-res133-mod.txt'), 'utf8');
  res133 = await importDocument(text, { format: 'text' });
});

afterAll(async () => {
  await server.close();
  data.remove();
});

function reviewed(doc: PMNode, action: 'accept' | 'reject'): PMNode {
  const tr = new Transform(doc);
  applyReview(tr, allChangeIds(doc), action);
  return tr.doc;
}

/** The Y.XmlText of the first text of the textblock at `path` (child indexes from the fragment). */
function yText(doc: Y.Doc, ...indexes: number[]): Y.XmlText {
  let node: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment('prosemirror');
  for (const i of indexes) node = node.get(i) as Y.XmlElement;
  return node.get(0) as unknown as Y.XmlText;
}

/** Resolves once the server's copy of `id` satisfies `test` (a client connecting now receives it). */
async function reachedServer(id: string, test: (xml: string) => boolean): Promise<void> {
  const watcher = connectClient(coordinator, id);
  await synced(watcher);
  await waitFor(() => test(watcher.doc.getXmlFragment('prosemirror').toString()), [[watcher.doc, 'update']], 'the edits to reach the server');
  watcher.destroy();
}

const stateVector = (id: string) => server.rooms.with(id, (room) => Y.encodeStateVector(room.doc).toString());

describe('POST /api/documents/:id/versions/:vid/restore', () => {
  it('brings the version back as the coordinator\'s tracked changes, which review to the version or to the text before', async () => {
    const created = await api(coordinator, 'POST', '/api/documents', { title: 'Res 133', content: res133.toJSON() });
    expect(created.status).toBe(201);
    const id = created.body.document.id;
    const saved = (await api(coordinator, 'POST', `/api/documents/${id}/versions`, { name: 'as imported' })).body.version;

    // live edits: a word typed into the first intro paragraph, a paragraph added at the end
    const client = connectClient(coordinator, id);
    await synced(client);
    yText(client.doc, 0, 0).insert(0, 'Edited: ');
    appendParagraph(client.doc, 'Added after the version.');
    await reachedServer(id, (xml) => xml.includes('Edited: ') && xml.includes('Added after the version.'));
    const edited = () => api(coordinator, 'GET', `/api/documents/${id}/content`);
    const before = schema.nodeFromJSON((await edited()).body).toJSON();

    const restored = await api(coordinator, 'POST', `/api/documents/${id}/versions/${saved.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: { id: saved.id, name: 'as imported' }, changes: 2, unrestored: 0 });

    // the connected client receives the coordinator's insertion/deletion marks
    const clientDoc = () => schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(client.doc.getXmlFragment('prosemirror')));
    await waitFor(() => listChanges(clientDoc()).length === 2, [[client.doc, 'update']], 'the restore to reach the client');
    const content = schema.nodeFromJSON((await edited()).body);
    expect(content.eq(clientDoc())).toBe(true);
    expect(listChanges(content).map((c) => ({ kind: c.kind, author: c.author, authorName: c.authorName, text: c.text.trim() }))).toEqual([
      { kind: 'deletion', author: coordinator.user.id, authorName: coordinator.user.name, text: 'Edited:' },
      { kind: 'deletion', author: coordinator.user.id, authorName: coordinator.user.name, text: 'Added after the version.' },
    ]);

    const version = schema.nodeFromJSON((await api(coordinator, 'GET', `/api/documents/${id}/versions/${saved.id}`)).body);
    expect(stripRevisions(reviewed(content, 'accept'))).toEqual(stripRevisions(version));
    expect(reviewed(content, 'reject').toJSON()).toEqual(before);
    client.destroy();
  });

  it('gives exactly one change per edited phrase: three phrases edited since the version, three changes', async () => {
    const created = await api(coordinator, 'POST', '/api/documents', { title: 'Res 133, three phrases', content: res133.toJSON() });
    const id = created.body.document.id;
    const saved = (await api(coordinator, 'POST', `/api/documents/${id}/versions`, { name: 'v1' })).body.version;
    const client = connectClient(coordinator, id);
    await synced(client);
    // three phrases retyped live (untracked, as a coordinator may), in three places of the text
    const edits: [string, string][] = [
      ['the commitment of the Tunis Agenda', 'the promise made in the Tunis Agenda'],
      ['past successful standardization activities', 'earlier work'],
      ['to take an active part in all international discussions', 'to lead all global talks'],
    ];
    const fragment = client.doc.getXmlFragment('prosemirror');
    for (const [phrase, by] of edits) {
      const text = fragment.createTreeWalker((t) => t instanceof Y.XmlText && t.toString().includes(phrase)).next().value as Y.XmlText;
      const at = text.toDelta().map((op: { insert: string }) => op.insert).join('').indexOf(phrase);
      client.doc.transact(() => { text.delete(at, phrase.length); text.insert(at, by); });
    }
    await reachedServer(id, (xml) => xml.includes('earlier work') && xml.includes('global talks') && xml.includes('promise made in'));

    const restored = await api(coordinator, 'POST', `/api/documents/${id}/versions/${saved.id}/restore`);
    expect(restored.body).toMatchObject({ changes: 3, unrestored: 0 });
    const content = schema.nodeFromJSON((await api(coordinator, 'GET', `/api/documents/${id}/content`)).body);
    const changes = listChanges(content);
    expect(new Set(changes.map((c) => c.id)).size).toBe(3);
    expect(changes.map((c) => `${c.kind}:${c.text}`)).toEqual([
      'deletion:promise made in', 'insertion:commitment of',
      'deletion:earlier work', 'insertion:past successful standardization activities',
      'deletion:lead all global talks', 'insertion:take an active part in all international discussions',
    ]);
    client.destroy();
  });

  it('brings back removed text as insertions, makes no change for a version equal to now, and is for coordinators only', async () => {
    const created = await api(coordinator, 'POST', '/api/documents', { title: 'Res 133 again', content: res133.toJSON() });
    const id = created.body.document.id;
    const saved = (await api(coordinator, 'POST', `/api/documents/${id}/versions`, { name: 'v1' })).body.version;

    const unchanged = await stateVector(id);
    const same = await api(coordinator, 'POST', `/api/documents/${id}/versions/${saved.id}/restore`);
    expect(same.body).toMatchObject({ changes: 0, unrestored: 0 });
    expect(await stateVector(id)).toBe(unchanged);

    const client = connectClient(coordinator, id);
    await synced(client);
    const intro = yText(client.doc, 0, 0);
    intro.delete(0, 'The proposed revision'.length);
    await reachedServer(id, (xml) => !xml.includes('The proposed revision'));

    expect((await api(drafter, 'POST', `/api/documents/${id}/versions/${saved.id}/restore`)).status).toBe(403);
    expect((await api(observer, 'POST', `/api/documents/${id}/versions/${saved.id}/restore`)).status).toBe(403);
    expect((await api(coordinator, 'POST', `/api/documents/${id}/versions/nope/restore`)).status).toBe(404);
    expect((await api(coordinator, 'POST', `/api/documents/nope/versions/${saved.id}/restore`)).status).toBe(404);

    const restored = await api(coordinator, 'POST', `/api/documents/${id}/versions/${saved.id}/restore`);
    const content = schema.nodeFromJSON((await api(coordinator, 'GET', `/api/documents/${id}/content`)).body);
    expect(listChanges(content).map((c) => [c.kind, c.author, c.text])).toEqual([['insertion', coordinator.user.id, 'The proposed revision']]);
    expect(restored.body.changes).toBe(1);
    client.destroy();
  });
});
