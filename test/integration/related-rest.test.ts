// The cross-Sector index over REST on a real server: TSAG's mapping excerpt imported through the
// library import (worker thread, SQLite beside the library), then GET /api/library/related for
// any group member; the relations survive a restart.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn, tempDataDir, testServer, type Session } from './helpers';

const fixture = (name: string) => readFileSync(new URL(`../../../shared/fixtures/${name}`, import.meta.url));

let data: ReturnType<typeof tempDataDir>;
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session, apt: Session;

async function importFile(who: Session, body: Uint8Array | string, query: string) {
  const res = await fetch(`${who.url}/api/library/import?${query}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, 'content-type': 'application/octet-stream' },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
  return { status: res.status, body: await res.json() };
}

const names = (list: { sector: string; number: string; edition: number | null }[]) =>
  list.map((r) => `${r.sector} ${r.number}${r.edition !== null ? `-${r.edition}` : ''}`);

beforeAll(async () => {
  data = tempDataDir();
  server = await testServer(data.dir);
  [coordinator, drafter, apt] = await Promise.all(['coordinator', 'drafter', 'apt-drafter'].map((n) => signIn(server, n)));
});

afterAll(async () => {
  await server?.close();
  data?.remove();
});

describe('importing the mapping', () => {
  it('stores the rows of Table 1 and Table 2 and answers how many relations they hold', async () => {
    const before = await api(drafter, 'GET', '/api/library/related?sector=PP&number=25');
    expect(before.body).toMatchObject({ sector: 'PP', number: '25', rows: [], related: [] });
    const { status, body } = await importFile(coordinator, fixture('tsag-mapping-excerpt.txt'), 'format=text&name=tsag-mapping.txt');
    expect(status).toBe(201);
    expect(body).toMatchObject({ added: 0, mapping: { rows: 22, unparsed: [] } });
    expect(body.mapping.relations).toBeGreaterThan(100);
    expect((await api(drafter, 'GET', '/api/library/related?sector=PP&number=25')).body.rows).toHaveLength(1);
  });

  it('refuses a drafter, and a file with neither provisions nor a mapping', async () => {
    expect((await importFile(drafter, fixture('tsag-mapping-excerpt.txt'), 'format=text')).status).toBe(403);
    const none = await importFile(coordinator, 'Just a letter.\n\nNothing else.', 'format=text');
    expect(none.status).toBe(400);
    expect(none.body.error).toMatch(/nor a mapping/);
  });

  it('importing the same source again replaces its rows', async () => {
    const { status } = await importFile(coordinator, fixture('tsag-mapping-excerpt.txt'), 'format=text&name=tsag-mapping.txt');
    expect(status).toBe(201);
    expect((await api(drafter, 'GET', '/api/library/related?sector=PP&number=25')).body.rows).toHaveLength(1);
    expect((await api(drafter, 'GET', '/api/library/related?sector=PP&number=21')).body.rows).toHaveLength(2);
  });
});

describe('GET /api/library/related', () => {
  it('answers Regional presence for PP Resolution 25: WTSA 18/44/54, WTDC 5/17/59, RA 7/48, with links to the library texts it holds', async () => {
    const { status, body } = await api(apt, 'GET', '/api/library/related?sector=PP&number=25');
    expect(status).toBe(200);
    expect(body.subjects).toEqual(['Regional presence']);
    expect(names(body.related)).toEqual(['PP 123', 'WTSA 18', 'WTSA 44', 'WTSA 54', 'WTDC 5', 'WTDC 17', 'WTDC 59', 'RA 7', 'RA 48']);
    const wtdc = Object.fromEntries(body.related.filter((r: { sector: string }) => r.sector === 'WTDC').map((r: { number: string; libraryEntryId: string | null }) => [r.number, r.libraryEntryId]));
    // The seeded library holds WTDC-22's Resolutions 5 and 17, not 59; and no PP or WTSA texts.
    expect(wtdc['5']).toEqual(expect.any(String));
    expect(wtdc['17']).toEqual(expect.any(String));
    expect(wtdc['59']).toBeNull();
    expect((await api(apt, 'GET', `/api/library/${wtdc['5']}`)).body.entry.numberLine).toMatch(/^RESOLUTION\s5 \(Rev\. Kigali, 2022\)/);
    expect(body.related.find((r: { sector: string; number: string }) => r.sector === 'WTSA' && r.number === '18').libraryEntryId).toBeNull();
  });

  it('answers the extracts of Table 2 for PP Resolution 21, merged with Table 1, and the way back from WTSA 29', async () => {
    const { body } = await api(drafter, 'GET', '/api/library/related?sector=pp&number=21');
    expect(body.self).toMatchObject({ sector: 'PP', number: '21', title: 'Measures concerning alternative calling procedures on international telecommunication networks' });
    expect(body.subjects).toEqual(['Alternative calling procedures']);
    expect(body.rows.map((r: { table: number }) => r.table)).toEqual([1, 2]);
    expect(names(body.related)).toEqual(['WTSA 20', 'WTSA 29', 'WTSA 65', 'WTDC 22']);
    const r29 = body.related.find((r: { number: string }) => r.number === '29');
    expect(r29).toMatchObject({ revision: { place: 'Hammamet', year: 2016 }, rev: true, written: 'RESOLUTION 29 (Rev. Hammamet, 2016)', subjects: ['Alternative calling procedures'] });
    expect(r29.extracts[0]).toBe('instructs the Director of the Telecommunication Standardization Bureau');
    const back = (await api(drafter, 'GET', '/api/library/related?sector=WTSA&number=29')).body;
    expect(names(back.related)).toEqual(['PP 21', 'WTSA 20', 'WTSA 65', 'WTDC 22']);
  });

  it("answers Table 2's row of PP Resolution 2 with no related resolution", async () => {
    const { body } = await api(drafter, 'GET', '/api/library/related?sector=PP&number=2');
    expect(body.rows).toEqual([{ source: 'tsag-mapping.txt', table: 2, row: 1, subject: null }]);
    expect(body.self.title).toBe('World telecommunication/information and communication technology policy forum');
    expect(body.related).toEqual([]);
  });

  it('checks its parameters and who asks', async () => {
    expect((await api(drafter, 'GET', '/api/library/related?sector=ITU&number=2')).status).toBe(400);
    expect((await api(drafter, 'GET', '/api/library/related?sector=PP&number=x%27')).status).toBe(400);
    expect((await api(drafter, 'GET', '/api/library/related?sector=PP')).status).toBe(400);
    expect((await api({ url: server.url }, 'GET', '/api/library/related?sector=PP&number=2')).status).toBe(401);
  });

  it('keeps the relations over a restart', async () => {
    await server.close();
    server = await testServer(data.dir);
    const { body } = await api(await signIn(server, 'drafter'), 'GET', '/api/library/related?sector=RA&number=2');
    expect(body.subjects).toEqual(['Regional preparations of conferences']);
    expect(names(body.related)).toEqual(['PP 58', 'WTSA 43', 'WTDC 31']);
  });
});
