// A hostile client for the integration tests: a raw WebSocket speaking y-protocols' sync and
// auth messages by hand (no WebsocketProvider, so nothing is retried or re-sent). Each attack
// is made on a copy of the synced document and sent as one update; a sync step 1 sent right
// after comes back as a step 2 once the server has handled the attack, so the permission-denied
// answers to it are known by then.
import { once } from 'node:events';
import { expect } from 'vitest';
import { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { api, type Target } from './helpers';

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;

export class RawClient {
  readonly doc = new Y.Doc();
  /** Reasons of the permission-denied messages received. */
  readonly denied: string[] = [];
  /** The close code and reason, once closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private steps2 = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(private ws: WebSocket) {
    this.closed = once(ws, 'close').then(([code, reason]) => ({ code: code as number, reason: String(reason) }));
    ws.on('message', (data: Buffer) => this.receive(new Uint8Array(data)));
  }

  /** Connects as `target` to document `id` and waits for the first sync. */
  static async open(target: Target, id: string): Promise<RawClient> {
    const ws = new WebSocket(`${target.url.replace(/^http/, 'ws')}/collab/${id}`, { headers: target.cookie ? { cookie: target.cookie } : {} });
    const client = new RawClient(ws);
    await once(ws, 'open');
    await client.roundTrip();
    return client;
  }

  private receive(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_AUTH) {
      if (decoding.readVarUint(decoder) === 0) this.denied.push(decoding.readVarString(decoder));
      return;
    }
    if (type !== MESSAGE_SYNC) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, 'server');
    // answer the server's step 1 with nothing of ours: attacks are sent explicitly
    if (kind === syncProtocol.messageYjsSyncStep2) {
      this.steps2++;
      for (const w of this.waiters.filter((w) => w.count <= this.steps2)) w.resolve();
      this.waiters = this.waiters.filter((w) => w.count > this.steps2);
    }
  }

  private send(message: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  /** Sends a sync step 1 and waits for the server's step 2: everything sent before is handled. */
  async roundTrip(): Promise<void> {
    const count = this.steps2 + 1;
    const done = new Promise<void>((resolve) => this.waiters.push({ count, resolve }));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.send(encoding.toUint8Array(encoder));
    await Promise.race([done, this.closed]);
  }

  /** Sends one raw update; the reasons the server refused it with (none when accepted). */
  sendUpdate(update: Uint8Array): Promise<string[]> {
    return this.sendUpdatesAtOnce([update]);
  }

  /** Sends the updates as one message each, all at once (a flood), and waits until the server handled them; the reasons it refused any with. */
  async sendUpdatesAtOnce(updates: Uint8Array[]): Promise<string[]> {
    const before = this.denied.length;
    for (const update of updates) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    }
    await this.roundTrip();
    const reasons = this.denied.slice(before);
    if (!reasons.length) this.doc.transact(() => { for (const update of updates) Y.applyUpdate(this.doc, update); });
    return reasons;
  }

  /** Sends `update` as a sync step 2 (as a client answering the server's step 1 does) and waits until it is handled. */
  async sendSyncStep2(update: Uint8Array): Promise<void> {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(encoder, update);
    this.send(encoding.toUint8Array(encoder));
    await this.roundTrip();
  }

  /** Makes `mutate` on a copy of the synced document (under Yjs client id `clientID`, if given) and sends the update it produces. */
  attack(mutate: (copy: Y.Doc) => void, clientID?: number): Promise<string[]> {
    return this.sendUpdate(updateOf(this.doc, mutate, clientID));
  }

  close(): void {
    this.ws.close();
  }
}

/** The one update `mutate` makes on a copy of `doc` (under Yjs client id `clientID`, if given). */
export function updateOf(doc: Y.Doc, mutate: (copy: Y.Doc) => void, clientID?: number): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  // after the state: Yjs gives a doc a new client id when structs under its own arrive
  if (clientID !== undefined) copy.clientID = clientID;
  const updates: Uint8Array[] = [];
  copy.on('update', (u: Uint8Array) => updates.push(u));
  mutate(copy);
  copy.destroy();
  return Y.mergeUpdates(updates);
}

/** A new document of one paragraph, "Start", made by `target` (a coordinator); its id. */
export async function startDocument(target: Target, title: string): Promise<string> {
  const content = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Start' }] }] };
  const res = await api(target, 'POST', '/api/documents', { title, content });
  if (res.status !== 201) throw new Error(`creating ${title}: ${res.status}`);
  return res.body.document.id;
}

/** A raw socket on document `id` that records the sync 'update' payloads the server fans out to it. */
export async function fanOutListener(target: Target, id: string): Promise<{ updates: Uint8Array[]; ws: WebSocket }> {
  const ws = new WebSocket(`${target.url.replace(/^http/, 'ws')}/collab/${id}`, { headers: target.cookie ? { cookie: target.cookie } : {} });
  const updates: Uint8Array[] = [];
  ws.on('message', (raw: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(raw));
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    if (decoding.readVarUint(decoder) === syncProtocol.messageYjsUpdate) updates.push(decoding.readVarUint8Array(decoder));
  });
  await once(ws, 'open');
  return { updates, ws };
}

/** The text of the first paragraph of `doc`. */
export function firstText(doc: Y.Doc): string {
  const paragraph = doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
  return (paragraph.get(0) as Y.XmlText).toString();
}

/** The update that types `text` at the end of the first paragraph of `writer`'s document (not sent). */
export function textAtEnd(writer: RawClient, text: string): Uint8Array {
  return updateOf(writer.doc, (copy) => {
    const paragraph = (copy.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    paragraph.insert(paragraph.length, text);
  });
}

/** `count` one-character updates typed at the end of the first paragraph of a copy of `doc` (`doc` is not changed), each its own update. */
export function keystrokesAtEnd(doc: Y.Doc, count: number): Uint8Array[] {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  copy.on('update', (update: Uint8Array) => updates.push(update));
  const text = (copy.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  for (let i = 0; i < count; i++) text.insert(text.length, `${i % 10}`);
  copy.destroy();
  return updates;
}

/** Each writer's typing: a doc of its own that types under one Yjs client id, as an editor does. */
const typists = new WeakMap<RawClient, Y.Doc>();

/**
 * Types `count` keystrokes at the end of the first paragraph under one Yjs client id (the writer's
 * typist), each sent once the server handled the one before, none refused; performance.now() when
 * the last was sent.
 */
export async function typeAtEnd(writer: RawClient, count: number): Promise<number> {
  let typist = typists.get(writer);
  if (!typist) typists.set(writer, typist = new Y.Doc());
  let sentAt = 0;
  for (let i = 0; i < count; i++) {
    Y.applyUpdate(typist, Y.encodeStateAsUpdate(writer.doc)); // what the others wrote since
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    typist.on('update', collect);
    const text = (typist.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(text.length, `${i % 10}`);
    typist.off('update', collect);
    sentAt = performance.now();
    expect(await writer.sendUpdate(updates[0])).toEqual([]);
  }
  return sentAt;
}

/** The first paragraph of what a store holds for a document (its state row, then its log). */
export function storedText(stored: { state: Uint8Array | null; updates: Uint8Array[] }): string {
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return firstText(doc);
}

/** Whether two updates are the same bytes. */
export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
