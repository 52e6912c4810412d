// Room lifecycle: fifty clients opening a cold document load it from the store once; an idle
// room unloads with its update log compacted, and loads again intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { api, appendParagraph, connectClient, contentOf, converged, roomUnloaded, signUp, synced, tempDataDir, testServer, type Client, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let as: Session;

beforeAll(async () => {
  server = await testServer(data.dir, { seedDemo: false, idleUnloadMs: 50, compactEvery: 10, compactIdleMs: 0 });
  as = await signUp(server, 'chair', 'EUR', 'coordinator');
});

afterAll(async () => {
  await server.close();
  data.remove();
});

async function newDocument(title: string): Promise<string> {
  const res = await api(as, 'POST', '/api/documents', { title });
  return res.body.document.id;
}

describe('rooms', () => {
  it('loads a cold document once when fifty clients open it at the same moment', async () => {
    const id = await newDocument('cold');
    const loadsBefore = server.stats.loads;
    const clients = Array.from({ length: 50 }, () => connectClient(as, id));
    try {
      await Promise.all(clients.map((c) => synced(c)));
      expect(server.stats.loads - loadsBefore).toBe(1);
      appendParagraph(clients[0].doc, 'hello fifty');
      await converged(clients, 'fifty clients to converge');
      expect(contentOf(clients[49].doc)).toContain('hello fifty');
    } finally {
      const unloaded = once(server.rooms.events, 'unload');
      for (const c of clients) c.destroy();
      await unloaded;
    }
  });

  it('compacts the update log by count while open and on unload, and reloads intact', async () => {
    const id = await newDocument('compaction');
    let client: Client = connectClient(as, id);
    await synced(client);
    for (let i = 0; i < 25; i++) appendParagraph(client.doc, `line ${i}`);
    const expected = contentOf(client.doc);
    const unloaded = roomUnloaded(server, id);
    client.destroy();
    await unloaded;
    const stored = await server.store.load(id);
    expect(stored?.updates).toHaveLength(0);
    expect(stored?.state).toBeTruthy();

    const loadsBefore = server.stats.loads;
    client = connectClient(as, id);
    await synced(client);
    expect(server.stats.loads - loadsBefore).toBe(1);
    expect(contentOf(client.doc)).toBe(expected);
    client.destroy();
  });

  it('keeps the log short while a document is edited (compaction every N updates)', async () => {
    const id = await newDocument('by count');
    const client = connectClient(as, id);
    await synced(client);
    try {
      for (let i = 0; i < 35; i++) appendParagraph(client.doc, `edit ${i}`);
      const probe = connectClient(as, id);
      await synced(probe);
      await converged([client, probe]);
      probe.destroy();
      const stored = await server.store.load(id);
      expect(stored!.updates.length).toBeLessThan(10);
      const room = await server.rooms.acquire(id);
      room!.release();
      expect(contentOf(room!.doc)).toBe(contentOf(client.doc));
    } finally {
      client.destroy();
    }
  });
});
