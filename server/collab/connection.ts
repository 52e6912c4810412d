// One client's WebSocket in a room: who is on it, its messages handed over in order within its
// user's share of each turn of the event loop (`receive`), sending that never throws and drops a
// client that stopped reading (`send`), closing with a code, liveness pings.
import { WebSocket, type RawData } from 'ws';
import type { Role } from '../auth/roles';
import { spend, usedUp } from './turn-share';

/** The signed-in user of a connection and their current role in the document's group. */
export interface ConnectionAccess {
  user: { id: string; name: string };
  /** Read on every message: null once the session has ended or the membership is gone. */
  role(): Role | null;
}

let nextId = 1;

/**
 * Bytes sent to a connection and not yet taken by its client past which the connection is
 * dropped when the server sends it more (the default of `maxUnreadBytes`): a client that asks for
 * the document again and again (a sync step 1 is 4 bytes, its answer the whole document) and never
 * reads the answers would otherwise have the server hold them all.
 */
export const DEFAULT_MAX_UNREAD_BYTES = 64 * 1024 * 1024;

export class Connection {
  readonly id = nextId++;
  /**
   * Cleared on each ping, set on each pong and on each message received: a connection that stays
   * silent for a whole heartbeat is terminated. A busy writer's pong waits behind the updates it
   * sent before it, which the server is still reading: those updates are its sign of life.
   */
  alive = true;

  /** Messages read while its user's share of the turn was used up, waiting for the next turn (from `next` on). */
  private waiting: { data: RawData; isBinary: boolean }[] = [];
  private next = 0;
  /** Its socket is paused and a turn of the event loop will hand over what waits (`resume`). */
  private held = false;
  /** The socket closed: what waits is still handed over, then `closed` is called. */
  private ended = false;
  /** The room's handler of its messages, and of its leaving (`receive`). */
  private handle: (data: RawData, isBinary: boolean) => void = () => {};
  private closed: () => void = () => {};

  /** It was dropped for leaving this many bytes unread (send), else 0. */
  droppedUnread = 0;

  constructor(readonly ws: WebSocket, readonly access: ConnectionAccess, private maxUnread = DEFAULT_MAX_UNREAD_BYTES) {
    ws.on('pong', () => { this.alive = true; });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (!this.open) return;
    // what is already waiting, not counting this message: one message larger than the limit (a
    // large document's first sync) still goes to a client that reads
    const unread = this.ws.bufferedAmount;
    if (unread > this.maxUnread) {
      this.droppedUnread = unread;
      this.ws.terminate();
      return;
    }
    this.ws.send(message, this.onSent);
  }

  /** One callback for every send (not a closure per message: a key sent to 99 clients made 99). */
  private onSent = (err?: Error): void => {
    if (err) this.ws.terminate();
  };

  /**
   * Hands each message to `handle`, in order, within its user's share of each turn of the event
   * loop (turn-share.ts): once the share is used up, the socket pauses and what it had read already
   * waits for the next turn, so other users' messages go first. When the socket closes, what waits
   * is still handed over, in shares as before (a client's last updates are not lost, and a client
   * that closes with thousands of messages waiting cannot have them handled in one block), and
   * then `closed` is called.
   */
  receive(handle: (data: RawData, isBinary: boolean) => void, closed: () => void): void {
    this.handle = handle;
    this.closed = closed;
    this.ws.on('message', (data, isBinary) => {
      this.alive = true;
      if (this.held || usedUp(this.access.user.id)) {
        this.waiting.push({ data, isBinary });
        this.hold();
      } else this.timed(data, isBinary);
    });
    this.ws.on('close', () => {
      this.ended = true;
      // what waits is handed over by the turn already scheduled, which calls `closed` after it
      if (!this.held) this.closed();
    });
  }

  private timed(data: RawData, isBinary: boolean): void {
    const started = performance.now();
    try {
      this.handle(data, isBinary);
    } finally {
      if (spend(this.access.user.id, performance.now() - started)) this.hold();
    }
  }

  /** Pauses the socket until the next turn of the event loop (once). */
  private hold(): void {
    if (this.held) return;
    this.held = true;
    this.ws.pause();
    setImmediate(this.resume);
  }

  /**
   * A new turn: hands over what waits while its user's share lasts (her other connections may
   * have used it already), then reads the socket again, or, once it closed, calls `closed`.
   */
  private resume = (): void => {
    this.held = false;
    const user = this.access.user.id;
    while (this.next < this.waiting.length && !this.held) {
      if (usedUp(user)) {
        this.hold();
        break;
      }
      const { data, isBinary } = this.waiting[this.next++];
      this.alive = true; // a message handled now is a sign of life, as one read now would be
      this.timed(data, isBinary);
    }
    if (this.held) return;
    this.waiting = [];
    this.next = 0;
    if (this.ended) this.closed();
    else this.ws.resume();
  };

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
  }

  /** Pings, or terminates the connection when nothing (no pong, no message) came since the previous ping. */
  heartbeat(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    if (this.open) this.ws.ping();
  }
}
