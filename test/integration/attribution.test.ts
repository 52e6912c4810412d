// Who wrote what, against a real server with stock WebsocketProvider clients: the server records
// every accepted update's client ids and deletions per user in the `users` map (PermanentUserData
// layout, collab/attribution.ts), and the compare endpoint (server/compare.ts) attributes each
// insertion and deletion, untracked text included, without showing untouched words as changed.
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../shared/schema';
import { replaceContent } from '../../server/content';
import { api, connectClient, signIn, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session;

beforeAll(async () => {
  server = await testServer(data.dir);
  coordinator = await signIn(server, 'coordinator');
  drafter = await signIn(server, 'drafter');
});

afterAll(async () => {
  await server.close();
  data.remove();
});

const content = (...texts: string[]) => ({ type: 'doc', content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });

const firstText = (doc: Y.Doc, block = 0) => (doc.getXmlFragment('prosemirror').get(block) as Y.XmlElement).get(0) as unknown as Y.XmlText;

/** Resolves once the server's copy satisfies `test`. */
async function reachedServer(id: string, test: (xml: string) => boolean): Promise<void> {
  const watcher = connectClient(coordinator, id);
  await synced(watcher);
  await waitFor(() => test(watcher.doc.getXmlFragment('prosemirror').toString()), [[watcher.doc, 'update']], 'the edits to reach the server');
  watcher.destroy();
}

/** Each text run of the compared document with who inserted or deleted it: "+Name:text", "-Name:text" or "text". */
function runs(json: unknown): string[] {
  const doc: PMNode = schema.nodeFromJSON(json);
  const out: string[] = [];
  doc.descendants((node) => {
    if (!node.isText) return true;
    const ins = node.marks.find((m) => m.type.name === 'insertion'), del = node.marks.find((m) => m.type.name === 'deletion');
    const tag = del ? `-${del.attrs.authorName}:` : ins ? `+${ins.attrs.authorName}:` : '';
    const last = out[out.length - 1];
    if (last !== undefined && tag && last.startsWith(tag)) out[out.length - 1] = last + node.text;
    else out.push(tag + node.text);
    return false;
  });
  return out;
}

describe('attribution and compare', () => {
  let id: string;
  let v1: string;
  let coord: Client, draft: Client;

  it('records each user\'s client ids and deletions in the users map, and only the server writes it', async () => {
    id = (await api(coordinator, 'POST', '/api/documents', { title: 'Attribution', content: content('Hello World and more.', 'Second line.') })).body.document.id;
    v1 = (await api(coordinator, 'POST', `/api/documents/${id}/versions`, { name: 'v1' })).body.version.id;
    coord = connectClient(coordinator, id);
    draft = connectClient(drafter, id);
    await Promise.all([synced(coord), synced(draft)]);

    // the coordinator edits untracked: a word in, a word out
    firstText(coord.doc).insert('Hello '.length, 'Big ');
    const more = 'Hello Big World and '.length;
    firstText(coord.doc).delete(more, 'more'.length);
    // the drafter suggests an insertion (track mode's mark)
    const mark = { id: 'd-1', author: drafter.user.id, authorName: drafter.user.name, time: Date.now(), status: 'suggested' };
    firstText(draft.doc, 1).insert('Second '.length, 'tracked ', { insertion: mark });
    await reachedServer(id, (xml) => xml.includes('tracked') && xml.includes('Big') && !xml.includes('more'));
    await server.rooms.with(id, (room) => room.flush());

    // every client sees who owns which client id, read with Yjs' own PermanentUserData
    await waitFor(() => new Y.PermanentUserData(coord.doc).getUserByClientId(draft.doc.clientID) !== null, [[coord.doc, 'update']], 'the users map to reach the client');
    const users = new Y.PermanentUserData(coord.doc);
    expect(users.getUserByClientId(coord.doc.clientID)).toBe(coordinator.user.id);
    expect(users.getUserByClientId(draft.doc.clientID)).toBe(drafter.user.id);
    expect((coord.doc.getMap('users').get(drafter.user.id) as Y.Map<unknown>).get('name')).toBe(drafter.user.name);
  });

  it('attributes untracked and tracked insertions and deletions, and leaves untouched words alone', async () => {
    const v2 = (await api(coordinator, 'POST', `/api/documents/${id}/versions`, { name: 'v2' })).body.version.id;
    const res = await api(drafter, 'GET', `/api/documents/${id}/compare?from=${v1}&to=${v2}`);
    expect(res.status).toBe(200);
    expect(runs(res.body.doc)).toEqual([
      'Hello ', `+${coordinator.user.name}:Big `, 'World and ', `-${coordinator.user.name}:more`, '.',
      'Second ', `+${drafter.user.name}:tracked `, 'line.',
    ]);
    expect(res.body.authors).toEqual([
      { id: coordinator.user.id, name: coordinator.user.name, inserted: 4, deleted: 4 },
      { id: drafter.user.id, name: drafter.user.name, inserted: 8, deleted: 0 },
    ]);
    const now = await api(drafter, 'GET', `/api/documents/${id}/compare?from=${v1}&to=now`);
    expect(now.body.authors.map((a: { name: string }) => a.name)).toEqual([coordinator.user.name, drafter.user.name]);
  });

  it('attributes a restore to the coordinator who made it', async () => {
    const v2 = (await api(coordinator, 'POST', `/api/documents/${id}/versions`, { name: 'v2 again' })).body.version.id;
    const restored = await api(coordinator, 'POST', `/api/documents/${id}/versions/${v1}/restore`);
    expect(restored.body.changes).toBeGreaterThan(0);
    const res = await api(drafter, 'GET', `/api/documents/${id}/compare?from=${v2}&to=now`);
    expect(res.body.authors.map((a: { id: string }) => a.id)).toEqual([coordinator.user.id]);
    coord.destroy();
    draft.destroy();
  });

  it('does not show text that only moved, a paragraph split or joined or retyped, as deleted and inserted', async () => {
    const docId = (await api(coordinator, 'POST', '/api/documents', { title: 'Moves', content: content('Hello World and more.', 'Second line.') })).body.document.id;
    const client = connectClient(coordinator, docId);
    await synced(client);
    const version = async (name: string) => {
      await server.rooms.with(docId, (room) => room.flush());
      return (await api(coordinator, 'POST', `/api/documents/${docId}/versions`, { name })).body.version.id as string;
    };
    const compare = async (from: string, to: string) => (await api(drafter, 'GET', `/api/documents/${docId}/compare?from=${from}&to=${to}`)).body;
    // as the editor writes them: y-prosemirror's diff of the whole document
    const write = async (json: unknown, expect: string) => {
      replaceContent(client.doc, json, 'test');
      await reachedServer(docId, (xml) => xml.includes(expect));
    };
    const v1 = await version('one paragraph');
    await write(content('Hello ', 'World and more.', 'Second line.'), '<paragraph>World and more.</paragraph>');
    const v2 = await version('split');
    const split = await compare(v1, v2);
    expect(runs(split.doc)).toEqual(['Hello ', 'World and more.', 'Second line.']);
    expect(split.authors).toEqual([]);
    await write(content('Hello World and more.', 'Second line.'), '<paragraph>Hello World and more.</paragraph>');
    const v3 = await version('joined');
    const joined = await compare(v2, v3);
    expect(runs(joined.doc)).toEqual(['Hello World and more.', 'Second line.']);
    expect(joined.authors).toEqual([]);
    await write({ type: 'doc', content: [{ type: 'heading', content: [{ type: 'text', text: 'Hello World and more.' }] }, content('Second line.').content[0]] }, '<heading');
    const v4 = await version('retyped');
    const retyped = await compare(v3, v4);
    expect(retyped.doc.content[0].type).toBe('heading');
    expect(runs(retyped.doc)).toEqual(['Hello World and more.', 'Second line.']);
    expect(retyped.authors).toEqual([]);
    client.destroy();
  });

  it('answers 400 without sides and 404 for an unknown version', async () => {
    expect((await api(drafter, 'GET', `/api/documents/${id}/compare?from=${v1}`)).status).toBe(400);
    expect((await api(drafter, 'GET', `/api/documents/${id}/compare?from=${v1}&to=nope`)).status).toBe(404);
  });
});
