// Helpers of the multi-server tests (scale-*.test.ts): stock WebsocketProviders that fail over along
// a list of servers (as client/editor/failover.ts does in the browser), typing, and what a client saw.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { api, appendParagraph, webSocketWithCookie, type Client, type Target } from './helpers';

/** Creates a document with one paragraph on `target`; its id. */
export async function newDocument(target: Target, title: string): Promise<string> {
  const { status, body } = await api(target, 'POST', '/api/documents', {
    title, content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '.' }] }] },
  });
  if (status !== 201 && status !== 200) throw new Error(`creating a document: ${status} ${JSON.stringify(body)}`);
  return body.document.id;
}

export interface ClusterClient extends Client {
  /** Every update this client received from a server (origin: its provider). */
  received: Uint8Array[];
  /** How many times its connection closed and it moved on to the next server. */
  failovers(): number;
}

/**
 * A stock WebsocketProvider that starts on `urls[start]` and, whenever its connection closes,
 * moves on to the next server of the list (the provider reconnects to `serverUrl`).
 */
export function clusterClient(target: Target, urls: string[], start: number, documentId: string): ClusterClient {
  const doc = new Y.Doc();
  const collab = (url: string) => `${url.replace(/^http/, 'ws')}/collab`;
  let at = start % urls.length, moves = 0;
  const provider = new WebsocketProvider(collab(urls[at]), documentId, doc, {
    WebSocketPolyfill: webSocketWithCookie(target.cookie), disableBc: true, maxBackoffTime: 500,
  });
  provider.on('connection-close', () => {
    at = (at + 1) % urls.length;
    moves++;
    provider.serverUrl = collab(urls[at]);
  });
  const received: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => { if (origin === provider) received.push(update); });
  return { doc, provider, received, failovers: () => moves, destroy: () => { provider.destroy(); doc.destroy(); } };
}

/** Each client appends a paragraph "<name> <n>" every `everyMs` until `stop()`; resolves the count typed. */
export function typeAway(clients: Client[], everyMs: number): { stop(): number } {
  let n = 0;
  const timers = clients.map((c, i) => setInterval(() => appendParagraph(c.doc, `client${i} line${n++}`), everyMs));
  return { stop: () => { for (const t of timers) clearInterval(t); return n; } };
}

/** Whether `doc` already holds everything in `updates` (insertions and deletions). */
export function holdsAll(doc: Y.Doc, updates: Uint8Array[]): boolean {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.snapshot(copy);
  for (const update of updates) Y.applyUpdate(copy, update);
  const same = Y.equalSnapshots(before, Y.snapshot(copy)) && copy.store.pendingStructs === null && copy.store.pendingDs === null;
  copy.destroy();
  return same;
}
