// Helpers of the integration tests: temp data dirs, a real server per test file, stock
// y-websocket clients in Node, and waitFor, which re-checks a condition on events (no polling).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { startServer, type RunningServer, type ServerOptions } from '../../server/main';

// Each WebsocketProvider adds a process 'exit' listener in Node; the tests open up to fifty at once.
process.setMaxListeners(100);

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A server on a free port with its log lines collected. */
export async function testServer(dataDir: string, opts: Partial<ServerOptions> = {}): Promise<RunningServer & { logs: string[] }> {
  const logs: string[] = [];
  const server = await startServer({ port: 0, dataDir, log: (line) => logs.push(line), ...opts });
  return Object.assign(server, { logs });
}

interface Emitter {
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
}

/** An event that may make a condition true: [emitter, event name]. */
export type Trigger = [Emitter, string];

/**
 * Resolves once `condition()` holds, checking it now and again whenever one of the triggers
 * fires; rejects after `timeoutMs` naming `what`.
 */
export function waitFor(condition: () => boolean, triggers: Trigger[], what: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      let ok = false;
      try {
        ok = condition();
      } catch (err) {
        finish(err as Error);
        return;
      }
      if (ok) finish();
    };
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const finish = (err?: Error) => {
      clearTimeout(timer);
      for (const [emitter, event] of triggers) emitter.off(event, check);
      if (err) reject(err);
      else resolve();
    };
    for (const [emitter, event] of triggers) emitter.on(event, check);
    check();
  });
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

/** A stock WebsocketProvider on `ws://.../collab/<id>`, as the browser client uses it. */
export function connectClient(serverUrl: string, documentId: string, opts: { connect?: boolean } = {}): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/collab`, documentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: opts.connect ?? true,
  });
  return {
    doc,
    provider,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves when the provider has synced with the server. */
export function synced(client: Client, what = 'sync'): Promise<void> {
  return waitFor(() => client.provider.synced, [[client.provider, 'sync']], what);
}

/** Resolves when every client's document equals the first one's (same state vector and content). */
export function converged(clients: Client[], what = 'convergence', timeoutMs?: number): Promise<void> {
  const same = () => {
    const vector = Y.encodeStateVector(clients[0].doc).toString();
    const content = contentOf(clients[0].doc);
    return clients.every((c) => Y.encodeStateVector(c.doc).toString() === vector && contentOf(c.doc) === content);
  };
  return waitFor(same, clients.map((c): Trigger => [c.doc, 'update']), what, timeoutMs);
}

/** The content fragment as a string (XML), to compare documents. */
export function contentOf(doc: Y.Doc): string {
  return doc.getXmlFragment('prosemirror').toString();
}

/** Appends a paragraph holding `text` to the document's content. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment('prosemirror');
  fragment.insert(fragment.length, [paragraph]);
}

/** JSON request to the server's REST API. */
export async function api(server: { url: string }, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
