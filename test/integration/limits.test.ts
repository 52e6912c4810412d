// Limits of the rooms: a malformed or oversized message closes only the connection that sent
// it (1003 / 1009) with one log line; the document and every other connection keep working.
import { once } from 'node:events';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { api, appendParagraph, connectClient, contentOf, converged, signUp, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';

const MAX = 64 * 1024;
const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let as: Session;
let docId: string;
let writer: Client;
let reader: Client;

/** A raw WebSocket to the document's room, open and past the server's greeting. */
async function rawSocket(): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${docId}`, { headers: { cookie: as.cookie } });
  await once(ws, 'open');
  return ws;
}

async function closeCodeAfterSending(message: Uint8Array | string): Promise<number> {
  const ws = await rawSocket();
  const closed = once(ws, 'close');
  ws.send(message);
  const [code] = await closed;
  return code as number;
}

function syncMessage(subtype: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

beforeAll(async () => {
  server = await testServer(data.dir, { maxMessageBytes: MAX, seedDemo: false });
  as = await signUp(server, 'chair', 'EUR', 'coordinator');
  const res = await api(as, 'POST', '/api/documents', {
    title: 'limits', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Keep me.' }] }] },
  });
  docId = res.body.document.id;
  writer = connectClient(as, docId);
  reader = connectClient(as, docId);
  await Promise.all([synced(writer), synced(reader)]);
});

afterAll(async () => {
  writer.destroy();
  reader.destroy();
  await server.close();
  data.remove();
});

/** The document is intact and an edit still reaches the other connection. */
async function stillWorking(marker: string): Promise<void> {
  const before = await api(as, 'GET', `/api/documents/${docId}/content`);
  expect(JSON.stringify(before.body)).toContain('Keep me.');
  appendParagraph(writer.doc, marker);
  await waitFor(() => contentOf(reader.doc).includes(marker), [[reader.doc, 'update']], `edit '${marker}' to arrive`);
  await converged([writer, reader]);
  expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true);
}

describe('message limits', () => {
  const cases: [string, () => Uint8Array | string, string][] = [
    ['an undecodable varint', () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 'Integer out of Range'],
    ['an unknown message type', () => new Uint8Array([7, 1, 2]), 'unknown message type 7'],
    ['an unknown sync message type', () => new Uint8Array([0, 9, 0]), 'unknown sync message type 9'],
    ['an update Yjs cannot decode', () => syncMessage(2, new Uint8Array([5, 1, 2, 3, 4, 5, 6, 7, 8, 9])), 'Yjs update'],
    ['a truncated sync step 2', () => syncMessage(1, new Uint8Array([1, 2, 3])), 'Yjs update'],
    ['a text frame', () => 'hello', 'text frame'],
  ];

  for (const [name, message, logged] of cases) {
    it(`closes the connection that sends ${name} with 1003, and only that one`, async () => {
      const logsBefore = server.logs.length;
      expect(await closeCodeAfterSending(message())).toBe(1003);
      const lines = server.logs.slice(logsBefore).filter((line) => line.includes('malformed message'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(logged);
      await stillWorking(`after ${name}`);
    });
  }

  it('survives random sync and awareness messages: each is applied or closes only its connection', async () => {
    const message = fc.oneof(
      fc.tuple(fc.constantFrom(0), fc.integer({ min: 0, max: 3 }), fc.uint8Array({ maxLength: 64 })).map(([t, sub, payload]) => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, t);
        encoding.writeVarUint(encoder, sub);
        encoding.writeVarUint8Array(encoder, payload);
        return encoding.toUint8Array(encoder);
      }),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((payload) => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarUint8Array(encoder, payload);
        return encoding.toUint8Array(encoder);
      }),
      fc.uint8Array({ minLength: 1, maxLength: 64 }),
    );
    await fc.assert(fc.asyncProperty(message, async (bytes) => {
      const ws = await rawSocket();
      const closed = once(ws, 'close');
      // Messages are handled in order: a sync step 2 answering the probe (a sync step 1) means
      // the random message was accepted; otherwise the connection must close with 1003.
      const answered = new Promise<'open'>((resolve) => ws.on('message', (data: Buffer) => {
        if (data[0] === 0 && data[1] === 1) resolve('open');
      }));
      ws.send(bytes);
      ws.send(syncMessage(0, Y.encodeStateVector(new Y.Doc())));
      const outcome = await Promise.race([closed.then(([code]) => code as number), answered]);
      if (outcome !== 'open') expect(outcome).toBe(1003);
      ws.terminate();
    }), { numRuns: 60 });
    await stillWorking('after random messages');
  });

  it('closes a connection whose message exceeds maxMessageBytes with 1009', async () => {
    const logsBefore = server.logs.length;
    const big = syncMessage(2, new Uint8Array(MAX + 1));
    expect(await closeCodeAfterSending(big)).toBe(1009);
    expect(server.logs.slice(logsBefore)).toEqual([expect.stringMatching(/connection \d+: Max payload size exceeded/)]);
    await stillWorking('after an oversized message');
  });

  it('accepts an update just under the limit and fans it out', async () => {
    const ws = await rawSocket();
    const source = new Y.Doc();
    appendParagraph(source, 'x'.repeat(MAX - 200));
    const message = syncMessage(2, Y.encodeStateAsUpdate(source));
    expect(message.length).toBeLessThanOrEqual(MAX);
    ws.send(message);
    await waitFor(() => contentOf(reader.doc).includes('x'.repeat(MAX - 200)), [[reader.doc, 'update']], 'the large update');
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('refuses the upgrade for an unknown document with 404', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/no-such-document`, { headers: { cookie: as.cookie } });
    ws.on('error', () => {});
    const [req, res] = await once(ws, 'unexpected-response');
    expect(res.statusCode).toBe(404);
    req.destroy();
  });
});
