// Comments and versions through a real server with stock y-websocket clients: concurrent threads and
// replies converge (an observer's too), anchors follow edits made before them, deleting the anchored
// text orphans the thread without removing it, members for @mentions, automatic versions.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importDocument } from '../../shared/import';
import { bindDocument, createThread, locateThreads, readThreads, reply, setResolved } from '../../shared/comments';
import { api, connectClient, converged, signIn, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';
import { anchorOn } from '../comments-anchor';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session, observer: Session;
const clients: Client[] = [];
/** Emits 'line' for every server log line. */
const logLines = new EventEmitter();
const log: string[] = [];
const PHRASE = 'regional root servers';

function client(as: Session, id: string): Client {
  const c = connectClient(as, id);
  clients.push(c);
  return c;
}

async function res133(): Promise<string> {
  const text = readFileSync(path.resolve(process.cwd(), '../shared/fixtures/pp18-ecp1-res133-mod.txt'), 'utf8');
  const content = (await importDocument(text, { format: 'text' })).toJSON();
  const res = await api(coordinator, 'POST', '/api/documents', { title: 'Resolution 133', group: 'EUR', content });
  expect(res.status).toBe(201);
  return res.body.document.id;
}

const person = (s: Session) => ({ id: s.user.id, name: s.user.name });

/** The Y.XmlText holding `phrase` and its offset there. */
function textHolding(doc: Y.Doc, phrase: string): { text: Y.XmlText; at: number } {
  for (const node of doc.getXmlFragment('prosemirror').createTreeWalker((t) => t instanceof Y.XmlText)) {
    const text = node as unknown as Y.XmlText;
    const at = text.toString().indexOf(phrase);
    if (at >= 0 && !text.toString().slice(0, at).includes('<')) return { text, at };
  }
  throw new Error(`"${phrase}" not found in an unformatted run`);
}

function anchoredTexts(doc: Y.Doc): (string | null)[] {
  const bound = bindDocument(doc);
  return locateThreads(bound, readThreads(doc)).map((l) => (l.orphaned ? null : bound.doc.textBetween(l.from, l.to)));
}

beforeAll(async () => {
  server = await testServer(data.dir, {
    autoVersions: { quietMs: 300, everyUpdates: 1000 }, directEdits: false, // the coordinator's raw edits are direct edits; their versions are another test's
    log: (line) => { log.push(line); logLines.emit('line', line); },
  });
  [coordinator, drafter, observer] = await Promise.all([signIn(server, 'coordinator'), signIn(server, 'drafter'), signIn(server, 'observer')]);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  data.remove();
});

describe('comments through the server', () => {
  it('converge when three members comment and reply at the same time (an observer included)', async () => {
    const id = await res133();
    const [a, b, c] = [client(coordinator, id), client(drafter, id), client(observer, id)];
    await Promise.all([synced(a), synced(b), synced(c)]);
    const t1 = createThread(a.doc, { anchor: anchorOn(a.doc, PHRASE), author: person(coordinator), text: 'From the coordinator' });
    createThread(b.doc, { anchor: anchorOn(b.doc, 'keyword look-up'), author: person(drafter), text: 'From the drafter' });
    createThread(c.doc, { anchor: anchorOn(c.doc, 'Tunis Agenda'), author: person(observer), text: 'From the observer' });
    await converged([a, b, c], 'three threads');
    reply(b.doc, t1, person(drafter), 'Reply of the drafter');
    reply(c.doc, t1, person(observer), 'Reply of the observer');
    setResolved(a.doc, t1, person(coordinator), true);
    await converged([a, b, c], 'replies and resolution');
    const expected = readThreads(a.doc);
    expect(expected.map((t) => t.messages[0].text).sort()).toEqual(['From the coordinator', 'From the drafter', 'From the observer']);
    const first = expected.find((t) => t.id === t1)!;
    expect(first.messages.map((m) => m.text)).toEqual(['From the coordinator', expect.stringMatching(/^Reply of the/), expect.stringMatching(/^Reply of the/)]);
    expect(first).toMatchObject({ resolved: true, resolvedBy: person(coordinator) });
    for (const other of [b, c]) expect(readThreads(other.doc)).toEqual(expected);
    // The server has them too: a fresh client sees the same threads.
    const late = client(coordinator, id);
    await synced(late);
    expect(readThreads(late.doc)).toEqual(expected);
    expect(log.filter((l) => l.includes('refused'))).toEqual([]);
  });

  it('move anchors with edits made before them, and orphan a thread whose text is deleted', async () => {
    const id = await res133();
    const [a, b] = [client(coordinator, id), client(observer, id)];
    await Promise.all([synced(a), synced(b)]);
    createThread(b.doc, { anchor: anchorOn(b.doc, PHRASE), author: person(observer), text: 'Which servers?' });
    await converged([a, b], 'thread');
    const { text, at } = textHolding(a.doc, PHRASE);
    text.insert(0, 'Inserted before. ');
    await converged([a, b], 'edit before the anchor');
    expect(anchoredTexts(b.doc)).toEqual([PHRASE]);
    expect(anchoredTexts(a.doc)).toEqual([PHRASE]);
    text.delete(at + 'Inserted before. '.length, PHRASE.length);
    await converged([a, b], 'deletion of the anchored text');
    for (const doc of [a.doc, b.doc]) {
      expect(readThreads(doc)).toHaveLength(1);
      expect(anchoredTexts(doc)).toEqual([null]);
      expect(readThreads(doc)[0].anchor).toMatchObject({ quote: PHRASE });
    }
  });

  it('list the group members for @mentions to every member, and nobody else', async () => {
    const id = await res133();
    const res = await api(observer, 'GET', `/api/documents/${id}/members`);
    expect(res.status).toBe(200);
    expect(res.body.members.map((m: { name: string }) => m.name).sort()).toEqual(['coordinator', 'drafter', 'observer']);
    expect(Object.keys(res.body.members[0]).sort()).toEqual(['id', 'name']);
    const outsider = await signIn(server, 'apt-drafter');
    expect((await api(outsider, 'GET', `/api/documents/${id}/members`)).status).toBe(404);
    expect((await api({ url: server.url }, 'GET', `/api/documents/${id}/members`)).status).toBe(401);
  });

  it('save an automatic version once the text has had edits and then a quiet time', async () => {
    const id = await res133();
    const a = client(coordinator, id);
    await synced(a);
    expect((await api(coordinator, 'GET', `/api/documents/${id}/versions`)).body.versions).toEqual([]);
    const saved = waitFor(() => log.some((l) => l.includes(`collab ${id}: saved version`)), [[logLines, 'line']], 'the automatic version');
    // A comment alone is no edit of the text.
    createThread(a.doc, { anchor: anchorOn(a.doc, PHRASE), author: person(coordinator), text: 'not an edit' });
    textHolding(a.doc, PHRASE).text.insert(0, 'Edited. ');
    await saved;
    const versions = (await api(coordinator, 'GET', `/api/documents/${id}/versions`)).body.versions;
    expect(versions).toHaveLength(1);
    expect(versions[0].name).toMatch(/^Auto: \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const content = await api(coordinator, 'GET', `/api/documents/${id}/versions/${versions[0].id}`);
    expect(JSON.stringify(content.body)).toContain('Edited. ');
  });
});

describe('automatic versions', () => {
  it('save one every N edits, and one when the room unloads after edits', async () => {
    const dir = tempDataDir();
    const lines: string[] = [];
    const quiet = await testServer(dir.dir, {
      autoVersions: { quietMs: 3_600_000, everyUpdates: 3 }, idleUnloadMs: 50, directEdits: false,
      log: (line) => { lines.push(line); logLines.emit('line', line); },
    });
    try {
      const as = await signIn(quiet, 'coordinator');
      const created = await api(as, 'POST', '/api/documents', { title: 'auto', group: 'EUR', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Start.' }] }] } });
      const id = created.body.document.id as string;
      const versions = async () => (await api(as, 'GET', `/api/documents/${id}/versions`)).body.versions as { name: string }[];
      const c = connectClient(as, id);
      await synced(c);
      const text = (c.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      for (let i = 0; i < 3; i++) text.insert(0, `${i}`); // three edits: one version
      await waitFor(() => lines.filter((l) => l.includes('saved version')).length === 1, [[logLines, 'line']], 'the version after three edits');
      // four more edits within the minute: no version for them yet (at most one a minute for the
      // count), then everyone leaves and the unload saves them
      for (let i = 0; i < 4; i++) text.insert(0, 'x');
      await waitFor(() => lines.some((l) => l.includes('the next is saved in')), [[logLines, 'line']], 'the version for the count held for the minute');
      expect(lines.filter((l) => l.includes('saved version'))).toHaveLength(1);
      const unloaded = new Promise<void>((resolve) => quiet.rooms.events.once('unload', () => resolve()));
      c.destroy();
      await unloaded;
      const names = (await versions()).map((v) => v.name);
      expect(names).toHaveLength(2);
      for (const name of names) expect(name).toMatch(/^Auto: /);
    } finally {
      await quiet.close();
      dir.remove();
    }
  });
});
