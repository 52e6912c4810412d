// The demo document seeded on first start is built from product data (server/library/base-texts,
// server/demo-texts): the whole in-force Resolution 30 (and nothing of the next resolution), the
// ECP-6 SUP and the first WG-PL ADD. test/integration/product-data.test.ts runs it with no fixtures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, onServer, signIn, tempDataDir, testServer, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let as: Session;

beforeAll(async () => {
  server = await testServer(data.dir);
  as = await signIn(server, 'coordinator');
});

afterAll(async () => {
  await server.close();
  data.remove();
});

describe('demo document', () => {
  it('is imported from the product texts', async () => {
    expect(server.logs.filter((line) => line.startsWith('demo:'))).toEqual([]);
    const content = await api(as, 'GET', '/api/documents/demo/content');
    const proposals = content.body.content.filter((n: { type: string }) => n.type === 'proposal');
    const [mod, sup, add] = proposals.map((p: unknown) => JSON.stringify(p));
    expect(mod).toContain('RESOLUTION 30 (Rev. Kigali, 2022)');
    expect(mod).toContain('to submit contributions to CWG');
    expect(mod).not.toContain('RESOLUTION 34');
    expect(mod).not.toContain('[bookmark');
    expect(sup).toContain('RESOLUTION 185 (Busan, 2014)');
    expect(add).toContain('DRAFT NEW RESOLUTION [WG-PL/7]');
    expect(add).not.toContain('[WG-PL/8]');
  });

  it('is not seeded again when the data dir has documents', async () => {
    await api(as, 'DELETE', '/api/documents/demo');
    await api(as, 'POST', '/api/documents', { title: 'Mine' });
    await server.close();
    server = await testServer(data.dir);
    as = onServer(as, server); // the session outlives the restart
    const titles = (await api(as, 'GET', '/api/documents')).body.documents.map((d: { title: string }) => d.title);
    expect(titles).toEqual(['Mine']);
  });
});
