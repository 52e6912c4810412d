// One client's WebSocket in a room: who is on it, sending that never throws, closing with a code,
// liveness pings, and its share of each turn of the event loop (`spent`).
import { WebSocket } from 'ws';
import type { Role } from '../auth/roles';

/** The signed-in user of a connection and their current role in the document's group. */
export interface ConnectionAccess {
  user: { id: string; name: string };
  /** Read on every message: null once the session has ended or the membership is gone. */
  role(): Role | null;
}

let nextId = 1;

/**
 * How long one connection's messages may hold the event loop in one turn before its socket
 * pauses until the next turn. Node reads up to 32 chunks (2 MB) of a socket in one turn, thousands
 * of small updates that every other connection's messages waited behind.
 */
const TURN_SHARE_MS = 20;

/** The current turn of the event loop, as far as shares are counted: a new number after each check phase in which someone asked. */
let turn = 0;
let turnEnding = false;
function currentTurn(): number {
  if (!turnEnding) {
    turnEnding = true;
    setImmediate(() => {
      turn++;
      turnEnding = false;
    });
  }
  return turn;
}

export class Connection {
  readonly id = nextId++;
  /**
   * Cleared on each ping, set on each pong and on each message received: a connection that stays
   * silent for a whole heartbeat is terminated. A busy writer's pong waits behind the updates it
   * sent before it, which the server is still reading: those updates are its sign of life.
   */
  alive = true;

  /** The turn its share was last counted in, and ms its messages took in that turn. */
  private shareTurn = -1;
  private shareMs = 0;
  private paused = false;

  constructor(readonly ws: WebSocket, readonly access: ConnectionAccess) {
    const live = () => { this.alive = true; };
    ws.on('pong', live);
    ws.on('message', live);
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (!this.open) return;
    this.ws.send(message, this.onSent);
  }

  /** One callback for every send (not a closure per message: a key sent to 99 clients made 99). */
  private onSent = (err?: Error): void => {
    if (err) this.ws.terminate();
  };

  /**
   * Counts `ms` of handling its messages to this turn's share: past TURN_SHARE_MS its socket
   * pauses until the next turn, so the messages other connections sent meanwhile go first (what
   * the socket has read already is still handled: at most one more chunk of 64 KiB).
   */
  spent(ms: number): void {
    const now = currentTurn();
    if (this.shareTurn !== now) {
      this.shareTurn = now;
      this.shareMs = 0;
    }
    this.shareMs += ms;
    if (this.shareMs < TURN_SHARE_MS || this.paused) return;
    this.paused = true;
    this.ws.pause();
    setImmediate(() => {
      this.paused = false;
      this.ws.resume();
    });
  }

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
