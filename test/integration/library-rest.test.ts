// The base-text library over REST on a real server: the 14 WTDC-22 resolutions seeded on first
// start, search by number and title, imports of an ITU text and of a .docx (a newer revision
// supersedes the one in force), and who may do what.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Node as PMNode } from 'prosemirror-model';
import { schema } from '../../shared/schema';
import { exportDocument } from '../../shared/export';
import { api, signIn, signUp, tempDataDir, testServer, type Session } from './helpers';

const fixture = (name: string) => readFileSync(new URL(`../../../shared/fixtures/${name}`, import.meta.url));
const WTDC22 = ['5', '17', '18', '30', '34', '36', '45', '46', '48', '51', '55', '58', '76', '82'];

let data: ReturnType<typeof tempDataDir>;
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session, observer: Session, apt: Session;

async function importFile(who: Session, body: Uint8Array | string, query: string) {
  const res = await fetch(`${who.url}/api/library/import?${query}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, 'content-type': 'application/octet-stream' },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  data = tempDataDir();
  server = await testServer(data.dir);
  [coordinator, drafter, observer, apt] = await Promise.all(['coordinator', 'drafter', 'observer', 'apt-drafter'].map((n) => signIn(server, n)));
});

afterAll(async () => {
  await server?.close();
  data?.remove();
});

describe('library seeded from the WTDC-22 resolutions', () => {
  it('lists the 14 resolutions in force with their revision and title', async () => {
    const { status, body } = await api(drafter, 'GET', '/api/library');
    expect(status).toBe(200);
    expect(body.entries.map((e: { number: string }) => e.number)).toEqual(WTDC22);
    const r30 = body.entries.find((e: { number: string }) => e.number === '30');
    expect(r30).toMatchObject({ kind: 'RESOLUTION', revision: { place: 'Kigali', year: 2022 }, source: 'wtdc22-resolutions.txt', supersededBy: null });
    expect(r30.title).toMatch(/^Role of the ITU Telecommunication Development Sector in implementing the outcomes/);
    expect(server.logs).toContain('Library: added 14 provisions from wtdc22-resolutions.txt.');
  });

  it('finds a resolution by number, by kind and number, and by words of its title', async () => {
    const byNumber = (await api(drafter, 'GET', '/api/library?q=30')).body.entries;
    expect(byNumber.map((e: { number: string }) => e.number)).toEqual(['30']);
    expect((await api(drafter, 'GET', '/api/library?q=Resolution%2055')).body.entries.map((e: { number: string }) => e.number)).toEqual(['55']);
    const gender = (await api(observer, 'GET', '/api/library?q=gender')).body.entries;
    expect(gender.map((e: { number: string }) => e.number)).toEqual(['55']);
    const twoWords = (await api(drafter, 'GET', '/api/library?q=young%20women')).body.entries;
    expect(twoWords.map((e: { number: string }) => e.number)).toEqual(['76']);
    expect((await api(drafter, 'GET', '/api/library?q=%25')).body.entries).toEqual([]);
  });

  it('answers one entry with its text as a resolution node of the schema', async () => {
    const [r30] = (await api(drafter, 'GET', '/api/library?q=30')).body.entries;
    const { status, body } = await api(apt, 'GET', `/api/library/${r30.id}`);
    expect(status).toBe(200);
    const node = PMNode.fromJSON(schema, body.entry.content);
    node.check();
    expect(node.type.name).toBe('resolution');
    expect(node.firstChild!.textContent).toBe('RESOLUTION 30 (Rev. Kigali, 2022)');
    expect(node.textContent).toContain('resolves');
    expect((await api(drafter, 'GET', '/api/library/nope')).status).toBe(404);
    const withText = (await api(drafter, 'GET', '/api/library?q=gender&content=1')).body.entries;
    expect(withText).toHaveLength(1);
    expect(PMNode.fromJSON(schema, withText[0].content).firstChild!.textContent).toMatch(/^RESOLUTION\s55 \(Rev\. Kigali, 2022\)$/);
  });
});

describe('imports', () => {
  it('adds the resolution of an ITU text file', async () => {
    const { status, body } = await importFile(coordinator, fixture('pp18-ecp1-res133-mod.txt'), 'format=text&name=pp18-ecp1.txt');
    expect(status).toBe(201);
    expect(body.added).toBe(1);
    expect(body.entries[0]).toMatchObject({ kind: 'RESOLUTION', number: '133', source: 'pp18-ecp1.txt' });
    // The import report comes with the answer: the fixture's empty footnote was left out.
    expect(body.report).toEqual({ dropped: { 'empty footnote': 1 }, inferredRefs: [], messages: ['dropped 1 empty footnote'] });
    const found = (await api(drafter, 'GET', '/api/library?q=133')).body.entries;
    expect(found.map((e: { id: string }) => e.id)).toEqual([body.entries[0].id]);
  });

  it('supersedes the revision in force with a newer one imported from a .docx', async () => {
    const [old] = (await api(drafter, 'GET', '/api/library?q=30')).body.entries;
    const content = (await api(drafter, 'GET', `/api/library/${old.id}`)).body.entry.content;
    const resolution = PMNode.fromJSON(schema, content);
    const numberLine = schema.nodes.number_line.create(null, schema.text('RESOLUTION 30 (Rev. Baku, 2025)'));
    const newer = resolution.copy(resolution.content.replaceChild(0, numberLine));
    const docx = await exportDocument(schema.node('doc', null, [newer]), { format: 'clean' });
    const { status, body } = await importFile(coordinator, docx, 'format=docx&name=res30-baku.docx');
    expect(status).toBe(201);
    expect(body).toMatchObject({ added: 1, replaced: 0, older: 0 });
    expect(body.entries[0]).toMatchObject({ number: '30', revision: { place: 'Baku', year: 2025 }, supersededBy: null });

    const current = (await api(drafter, 'GET', '/api/library?q=30')).body.entries;
    expect(current.map((e: { id: string }) => e.id)).toEqual([body.entries[0].id]);
    const all = (await api(drafter, 'GET', '/api/library?q=30&all=1')).body.entries;
    expect(all.find((e: { id: string }) => e.id === old.id)).toMatchObject({ supersededBy: body.entries[0].id });
    const entry = (await api(drafter, 'GET', `/api/library/${body.entries[0].id}`)).body.entry;
    expect(PMNode.fromJSON(schema, entry.content).textContent).toContain('resolves');

    // The older revision imported again stays superseded; the same revision again replaces its text.
    const again = await importFile(coordinator, docx, 'format=docx');
    expect(again.body).toMatchObject({ added: 0, replaced: 1, older: 0 });
    const kigali = await importFile(coordinator, fixture('wtdc22-resolutions.txt'), 'format=text');
    expect(kigali.body.older).toBe(1);
    expect((await api(drafter, 'GET', '/api/library?q=30')).body.entries.map((e: { id: string }) => e.id)).toEqual([body.entries[0].id]);
  });

  it('refuses files without a provision and bad formats with a clear error', async () => {
    const none = await importFile(coordinator, 'Just a paragraph of text.', 'format=text');
    expect(none.status).toBe(400);
    expect(none.body.error).toMatch(/no resolution/);
    const broken = await importFile(coordinator, new Uint8Array([80, 75, 3, 4, 1, 2, 3]), 'format=docx');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/cannot be imported/);
    expect((await importFile(coordinator, 'x', 'format=pdf')).status).toBe(400);
    expect((await importFile(coordinator, '', 'format=text')).status).toBe(400);
  });
});

describe('roles', () => {
  it('lets only coordinators import and only signed-in members read', async () => {
    const text = fixture('pp18-ecp6-res185-sup.txt');
    expect((await importFile(drafter, text, 'format=text')).status).toBe(403);
    expect((await importFile(observer, text, 'format=text')).status).toBe(403);
    expect((await importFile(apt, text, 'format=text')).status).toBe(403);
    expect((await api({ url: server.url }, 'GET', '/api/library')).status).toBe(401);
    await server.auth.createUser('loner', 'loner-password-long');
    const loner = await signIn(server, 'loner', 'loner-password-long');
    expect((await api(loner, 'GET', '/api/library')).status).toBe(403);
    const member = await signUp(server, 'rcc-observer', 'RCC', 'observer');
    expect((await api(member, 'GET', '/api/library?q=gender')).body.entries).toHaveLength(1);
    const noCsrf = await fetch(`${server.url}/api/library/import?format=text`, { method: 'POST', headers: { cookie: coordinator.cookie }, body: 'x' });
    expect(noCsrf.status).toBe(403);
  });
});
