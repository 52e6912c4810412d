// One raw y-protocols client for all three servers of the peer bench, so that every server is
// measured with the same client code: sync step 1 on open, answer the server's step 1, apply its
// step 2 and updates (origin: the client), send each local update as one message (as y-websocket's
// provider does). No awareness. Hocuspocus frames every message with the document's name and
// waits for an authentication message first (its provider sends one even without a token); the
// others speak the plain y-websocket protocol.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
/** Hocuspocus' answer to a client's sync step 1 comes as "sync reply": read like sync. */
const HOCUSPOCUS_SYNC_REPLY = 4;
const AUTH_TOKEN = 0;

export interface Endpoint {
  /** The WebSocket URL of the document. */
  url: string;
  /** Headers of the upgrade request (Draftroom: the session cookie). */
  headers?: Record<string, string>;
  /** Hocuspocus: the document's name, which prefixes every message. */
  hocuspocusDocument?: string;
}

export class PeerClient {
  readonly doc = new Y.Doc();
  /** The origin of the updates this client applies from the server (as the stock clients' provider). */
  readonly provider = this;
  /** Resolves once the client first has the server's state; rejects when the first connection fails. */
  readonly synced: Promise<void>;
  /** Connections the server closed (or lost) after the first sync; each was opened again and resynced. */
  reconnects = 0;
  private socket!: WebSocket;
  private readonly prefix: string | undefined;
  private closing = false;
  private wasSynced = false;

  constructor(private readonly endpoint: Endpoint) {
    this.prefix = endpoint.hocuspocusDocument;
    this.synced = new Promise((resolve, reject) => this.open(resolve, reject));
    this.synced.catch(() => {}); // the awaiting caller hears it
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      this.send((encoder) => {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeUpdate(encoder, update);
      });
    });
  }

  /**
   * Opens the connection. Once synced, a connection the server closes is opened again and synced
   * again, as y-websocket's provider does (what the server lacks goes in the sync step 2 answer).
   */
  private open(resolve: () => void, reject: (err: Error) => void): void {
    const socket = new WebSocket(this.endpoint.url, { headers: this.endpoint.headers });
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.on('message', (data: ArrayBuffer) => {
      if (this.receive(new Uint8Array(data)) && !this.wasSynced) {
        this.wasSynced = true;
        resolve();
      }
    });
    socket.once('error', (err) => {
      if (!this.wasSynced) reject(err);
    });
    socket.once('close', (code, reason) => {
      if (this.closing) return;
      if (!this.wasSynced) return reject(new Error(`closed before sync: ${code} ${reason}`));
      this.reconnects++;
      setTimeout(() => {
        if (!this.closing) this.open(resolve, reject);
      }, 100);
    });
    socket.once('open', () => {
      if (this.prefix !== undefined) {
        this.send((encoder) => {
          encoding.writeVarUint(encoder, MESSAGE_AUTH);
          encoding.writeVarUint(encoder, AUTH_TOKEN);
          encoding.writeVarString(encoder, '');
        });
      }
      this.send((encoder) => {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(encoder, this.doc);
      });
    });
  }

  private send(write: (encoder: encoding.Encoder) => void): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    if (this.prefix !== undefined) encoding.writeVarString(encoder, this.prefix);
    write(encoder);
    this.socket.send(encoding.toUint8Array(encoder));
  }

  /** Handles a server message; true when it was the server's sync step 2 (the client is synced). */
  private receive(message: Uint8Array): boolean {
    const decoder = decoding.createDecoder(message);
    if (this.prefix !== undefined) decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== MESSAGE_SYNC && type !== HOCUSPOCUS_SYNC_REPLY) return false; // awareness, acks, auth
    const reply = encoding.createEncoder();
    if (this.prefix !== undefined) encoding.writeVarString(reply, this.prefix);
    encoding.writeVarUint(reply, MESSAGE_SYNC);
    const header = encoding.length(reply);
    const syncType = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
    if (encoding.length(reply) > header && this.socket.readyState === WebSocket.OPEN) this.socket.send(encoding.toUint8Array(reply));
    return syncType === syncProtocol.messageYjsSyncStep2;
  }

  /** Closes the connection; resolves once it is closed. */
  close(): Promise<void> {
    this.closing = true;
    this.doc.destroy();
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Connects and resolves once the client has the server's state. */
export async function connectPeer(endpoint: Endpoint): Promise<PeerClient> {
  const client = new PeerClient(endpoint);
  await client.synced;
  return client;
}
