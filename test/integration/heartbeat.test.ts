// The liveness heartbeat (server/collab/connection.ts): a connection that sends nothing for a whole
// heartbeat (no pong, no message) is dropped; one that keeps sending updates but never answers a
// ping (a busy writer, whose pong would wait behind its backlog) is kept. The raw clients here are
// `ws` sockets with `autoPong: false`, so they never answer pings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { api, appendParagraph, connectClient, contentOf, signUp, synced, tempDataDir, testServer, waitFor, type Session } from './helpers';

const HEARTBEAT_MS = 150;
const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let as: Session;

beforeAll(async () => {
  server = await testServer(data.dir, { seedDemo: false, heartbeatMs: HEARTBEAT_MS });
  as = await signUp(server, 'chair', 'EUR', 'coordinator');
});

afterAll(async () => {
  await server.close();
  data.remove();
});

/** A raw socket on document `id` that never answers pings, counting the pings it gets. */
async function silentSocket(id: string): Promise<{ ws: WebSocket; pings: () => number; closed: Promise<unknown> }> {
  const ws = new WebSocket(`${as.url.replace(/^http/, 'ws')}/collab/${id}`, { headers: { cookie: as.cookie }, autoPong: false });
  let pings = 0;
  ws.on('ping', () => { pings++; });
  const closed = once(ws, 'close');
  await once(ws, 'open');
  return { ws, pings: () => pings, closed };
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // sync
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe('heartbeat', () => {
  it('keeps a connection that sends updates without answering pings, and drops a silent one', async () => {
    const id = (await api(as, 'POST', '/api/documents', { title: 'heartbeat' })).body.document.id as string;
    const busy = await silentSocket(id);
    const silent = await silentSocket(id);
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => busy.ws.send(updateMessage(update)));
    let lines = 0;
    // a steady stream of edits, several per heartbeat
    const writer = setInterval(() => appendParagraph(doc, `line ${lines++}`), HEARTBEAT_MS / 5);
    try {
      await silent.closed; // terminated after one heartbeat without a pong
      expect(silent.pings()).toBeGreaterThanOrEqual(1);
      const kept = () => {
        if (busy.ws.readyState !== WebSocket.OPEN) throw new Error(`the busy writer was dropped after ${busy.pings()} pings`);
        return busy.pings() >= 6;
      };
      await waitFor(kept, [[busy.ws, 'ping'], [busy.ws, 'close']], 'six pings to the busy writer');
      expect(busy.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      clearInterval(writer);
    }
    // what it sent was taken: a stock client sees its lines
    const reader = connectClient(as, id);
    try {
      await synced(reader);
      await waitFor(() => contentOf(reader.doc).includes(`line ${lines - 1}`), [[reader.doc, 'update']], 'the last line');
    } finally {
      reader.destroy();
    }
    // once it stops sending, it is dropped like any silent connection
    await busy.closed;
    expect(busy.ws.readyState).toBe(WebSocket.CLOSED);
  });
});
