// Helpers of the integration tests: temp data dirs, a real server per test file, signed-in
// sessions (cookie + CSRF token), stock y-websocket clients in Node carrying the session cookie,
// and waitFor, which re-checks a condition on events (no polling).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Role } from '../../server/auth/roles';
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

/** Where requests go and as whom: a server (no session) or a signed-in `Session`. */
/** Resolves once the room of document `id` on `server` has unloaded (its compaction on unload done). */
export function roomUnloaded(server: RunningServer, id: string): Promise<void> {
  return new Promise((resolve) => {
    const seen = (unloadedId: string) => {
      if (unloadedId !== id) return;
      server.rooms.events.off('unload', seen);
      resolve();
    };
    server.rooms.events.on('unload', seen);
  });
}

export interface Target {
  url: string;
  cookie?: string;
  csrfToken?: string;
}

/** A signed-in user of a server: the session cookie, the CSRF token and what GET /api/session says. */
export interface Session extends Target {
  cookie: string;
  csrfToken: string;
  user: { id: string; name: string };
  memberships: { group: string; groupName: string; role: Role }[];
}

/** The demo accounts' passwords (server/auth/demo.ts). */
export const DEMO_PASSWORDS: Record<string, string> = {
  coordinator: 'demo-coordinator', drafter: 'demo-drafter', observer: 'demo-observer', 'apt-drafter': 'demo-apt',
};

/** Signs in over POST /api/session; throws with the answer when refused. */
export async function signIn(server: { url: string }, name: string, password = DEMO_PASSWORDS[name]): Promise<Session> {
  const res = await fetch(`${server.url}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }),
  });
  const setCookie = res.headers.get('set-cookie');
  if (res.status !== 200 || !setCookie) throw new Error(`sign-in of ${name} refused: ${res.status} ${await res.text()}`);
  const body = await res.json() as Omit<Session, 'url' | 'cookie'>;
  return { url: server.url, cookie: setCookie.split(';')[0], ...body };
}

/**
 * Creates a user with `role` in `group` (and the group when missing) through the server's own
 * accounts, then signs them in over HTTP.
 */
export async function signUp(server: RunningServer, name: string, group: string, role: Role): Promise<Session> {
  await server.auth.accounts.ensureGroup(group, `${group} (test group)`);
  const password = `${name}-password`;
  await server.auth.createUser(name, password, { group, role });
  return signIn(server, name, password);
}

/** The same session against another server on the same data dir (after a restart). */
export const onServer = (session: Session, server: { url: string }): Session => ({ ...session, url: server.url });

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

/** ws's WebSocket sending a Cookie header, as y-websocket's `WebSocketPolyfill` (which it constructs with url and protocols). */
export function webSocketWithCookie(cookie: string | undefined): typeof globalThis.WebSocket {
  class WebSocketWithCookie extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
    }
  }
  return WebSocketWithCookie as unknown as typeof globalThis.WebSocket;
}

/** A stock WebsocketProvider on `ws://.../collab/<id>`, as the browser client uses it, with the session's cookie. */
export function connectClient(target: Target, documentId: string, opts: { connect?: boolean } = {}): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${target.url.replace(/^http/, 'ws')}/collab`, documentId, doc, {
    WebSocketPolyfill: webSocketWithCookie(target.cookie),
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

/** JSON request to the server's REST API, with the target's cookie and CSRF token when it has them. */
export async function api(
  target: Target, method: string, path: string, body?: unknown, headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${target.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(target.cookie ? { cookie: target.cookie } : {}),
      ...(target.csrfToken ? { 'x-csrf-token': target.csrfToken } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json');
  return { status: res.status, body: text && json ? JSON.parse(text) : text || null, headers: res.headers };
}
