// New MOD proposals made by the server (POST /api/documents/:id/proposals) on a real server with
// stock WebsocketProviders: a drafter's MOD of Resolution 30 reaches every connected client as
// base text (no revision marks, the library's text), with the next free reference when hers is
// taken, at a clamped index after the cover; observers, other groups, unknown entries and bad
// bodies are refused; her next edit inside it, made by the real track engine, passes the guard
// and is a revision mark of hers against the text in force.
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { schema } from '../../shared/schema';
import { suggestChanges } from '../../shared/track';
import { api, connectClient, signIn, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';
import { block, coverDoc } from '../doc-json';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session, observer: Session, apt: Session;
let r30: { id: string; content: Record<string, unknown> };
const clients: Client[] = [];


async function newDocument(): Promise<string> {
  const res = await api(coordinator, 'POST', '/api/documents', {
    title: 'ECP to WTDC-25', group: 'EUR',
    content: coverDoc(block('paragraph', 'Introduction.')),
  });
  expect(res.status).toBe(201);
  return res.body.document.id;
}

async function connected(who: Session, id: string): Promise<Client> {
  const c = connectClient(who, id);
  clients.push(c);
  await synced(c);
  return c;
}

const docOf = (c: Client): PMNode => schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(c.doc.getXmlFragment('prosemirror')));

/** The top-level proposals of a client's document with their index. */
function proposals(c: Client): { node: PMNode; index: number }[] {
  const found: { node: PMNode; index: number }[] = [];
  docOf(c).forEach((node, _offset, index) => {
    if (node.type.name === 'proposal') found.push({ node, index });
  });
  return found;
}

/** Every insertion or deletion mark and every block revision record in `node`. */
function revisions(node: PMNode): string[] {
  const found: string[] = [];
  node.descendants((child) => {
    for (const mark of child.marks) if (mark.type.name === 'insertion' || mark.type.name === 'deletion') found.push(`${mark.type.name}: ${child.text}`);
    if (child.attrs.track) found.push(`${child.type.name} track`);
  });
  return found;
}

const post = (who: Session, id: string, body: unknown) => api(who, 'POST', `/api/documents/${id}/proposals`, body);

function arrived(c: Client, count: number, what: string): Promise<void> {
  return waitFor(() => proposals(c).length >= count, [[c.doc, 'update']], what);
}

/** Edits a client's document as the editor does: a transaction through track mode whose result y-prosemirror writes. */
function trackedEdit(c: Client, as: Session, change: (state: EditorState) => Transaction): void {
  const fragment = c.doc.getXmlFragment('prosemirror');
  const state = EditorState.create({ doc: docOf(c), plugins: [suggestChanges({ id: as.user.id, name: as.user.name })] });
  updateYFragment(c.doc, fragment, state.applyTransaction(change(state)).state.doc, { mapping: new Map(), isOMark: new Map() });
}

beforeAll(async () => {
  server = await testServer(data.dir);
  [coordinator, drafter, observer, apt] = await Promise.all(['coordinator', 'drafter', 'observer', 'apt-drafter'].map((n) => signIn(server, n)));
  const [summary] = (await api(drafter, 'GET', '/api/library?q=30')).body.entries;
  r30 = (await api(drafter, 'GET', `/api/library/${summary.id}`)).body.entry;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
  data.remove();
});

describe('a drafter\'s MOD made by the server', () => {
  it('reaches every client as the library\'s text in force, untracked; her next edit in it is her revision mark', async () => {
    const id = await newDocument();
    const mine = await connected(drafter, id);
    const watching = await connected(observer, id);

    const res = await post(drafter, id, { action: 'MOD', ref: '', libraryEntryId: r30.id, heading: 'ECP-1: Revision to Resolution 30', index: 2 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ref: 'EUR/XXA1/1', index: 2 });
    await Promise.all([arrived(mine, 1, 'the unit at the drafter'), arrived(watching, 1, 'the unit at the observer')]);

    const [{ node: unit, index }] = proposals(watching);
    expect(index).toBe(2);
    expect(unit.attrs).toMatchObject({ action: 'MOD', ref: 'EUR/XXA1/1', heading: 'ECP-1: Revision to Resolution 30' });
    expect(unit.child(0).type.name).toBe('paragraph');
    const resolution = unit.child(1);
    const inForce = schema.nodeFromJSON(r30.content);
    expect(resolution.attrs).toMatchObject({ kind: 'RESOLUTION', number: '30' });
    expect(resolution.textContent).toBe(inForce.textContent);
    expect(resolution.eq(inForce)).toBe(true);
    expect(resolution.firstChild!.textContent).toBe('RESOLUTION 30 (Rev. Kigali, 2022)');
    expect(revisions(unit)).toEqual([]);
    expect(unit.lastChild!.type.name).toBe('reasons');
    expect(docOf(mine).eq(docOf(watching))).toBe(true);

    // The drafter types in the title with track mode on: the guard lets it through, as her insertion.
    let titleEnd = -1;
    docOf(mine).descendants((node, pos) => {
      if (node.type.name === 'title' && titleEnd < 0) titleEnd = pos + node.nodeSize - 1;
      return titleEnd < 0;
    });
    trackedEdit(mine, drafter, (state) => state.tr.setSelection(TextSelection.create(state.doc, titleEnd)).insertText(' and beyond'));
    await waitFor(() => docOf(watching).textContent.includes(' and beyond'), [[watching.doc, 'update']], 'the drafter\'s edit at the observer');
    const [{ node: edited }] = proposals(watching);
    expect(revisions(edited)).toEqual(['insertion:  and beyond']);
    let author: unknown = null;
    edited.descendants((node) => {
      const mark = node.marks.find((m) => m.type.name === 'insertion');
      if (mark) author = mark.attrs.author;
    });
    expect(author).toBe(drafter.user.id);
    expect(server.logs.filter((line) => line.includes('refused'))).toEqual([]);
    const stored = await api(coordinator, 'GET', `/api/documents/${id}/content`);
    expect(JSON.stringify(stored.body)).toContain('" and beyond","marks":[{"type":"insertion"');
  });

  it('takes the next free reference, and clamps the index to a place after the cover', async () => {
    const id = await newDocument();
    const watching = await connected(coordinator, id);

    const first = await post(drafter, id, { action: '(MOD)', ref: 'EUR/48A1/3', libraryEntryId: r30.id, index: -7 });
    expect(first.body).toEqual({ ref: 'EUR/48A1/3', index: 1 });
    const taken = await post(drafter, id, { action: 'MOD', ref: 'EUR/48A1/3', libraryEntryId: r30.id, index: 1e9 });
    expect(taken.body).toEqual({ ref: 'EUR/48A1/4', index: 3 });
    const empty = await post(drafter, id, { action: 'MOD', index: 2.7 });
    expect(empty.body).toEqual({ ref: 'EUR/48A1/5', index: 2 });
    await arrived(watching, 3, 'three units');

    const doc = docOf(watching);
    expect(doc.firstChild!.type.name).toBe('cover');
    expect(proposals(watching).map(({ node, index }) => [index, node.attrs.action, node.attrs.ref, node.childCount]))
      .toEqual([[1, '(MOD)', 'EUR/48A1/3', 3], [2, 'MOD', 'EUR/48A1/5', 2], [4, 'MOD', 'EUR/48A1/4', 3]]);
    expect(doc.child(3).textContent).toBe('Introduction.');
    // each unit carries only its unit record (one change to review), its text untouched
    expect(revisions(doc)).toEqual(['proposal track', 'proposal track', 'proposal track']);
    expect(proposals(watching).map(({ node }) => node.attrs.track.map((r: { unit?: boolean; author: string }) => [r.unit, r.author])))
      .toEqual([[[true, drafter.user.id]], [[true, drafter.user.id]], [[true, drafter.user.id]]]);
  });

  it('refuses observers (403), other groups and unknown documents (404), unknown entries (404) and bad bodies (400)', async () => {
    const id = await newDocument();
    const watching = await connected(coordinator, id);
    const good = { action: 'MOD', ref: '', libraryEntryId: r30.id, index: 1 };

    expect(await post(observer, id, good)).toMatchObject({ status: 403, body: { error: 'a observer cannot add proposals' } });
    expect(await post(apt, id, good)).toMatchObject({ status: 404, body: { error: 'no such document' } });
    expect((await post(drafter, 'no-such-document', good)).status).toBe(404);
    expect(await post(drafter, id, { ...good, libraryEntryId: 'nope' })).toMatchObject({ status: 404, body: { error: 'no such library entry' } });
    expect((await post(drafter, id, { ...good, action: 'ADD' })).body.error).toMatch(/^'action' must be one of MOD, \(MOD\)/);
    expect((await post(drafter, id, { ...good, action: 'FOO' })).status).toBe(400);
    expect(await post(drafter, id, { ...good, index: '1' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^'index' must be a number/) } });
    expect((await post(drafter, id, { ...good, index: undefined })).status).toBe(400);
    expect((await post(drafter, id, { ...good, ref: 42 })).status).toBe(400);
    expect((await post(drafter, id, [good])).status).toBe(400);
    expect((await post(drafter, id, '{"action":')).status).toBe(400);
    expect((await api({ url: server.url }, 'POST', `/api/documents/${id}/proposals`, good)).status).toBe(401);

    // None of them changed the document; a good request afterwards does.
    expect((await post(coordinator, id, good)).status).toBe(201);
    await arrived(watching, 1, 'the one unit');
    expect(proposals(watching)).toHaveLength(1);
  });
});
