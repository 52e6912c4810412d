// One client's WebSocket in a room: who is on it, sending that never throws, closing with a code,
// liveness pings.
import { WebSocket } from 'ws';
import type { Role } from '../auth/roles';

/** The signed-in user of a connection and their current role in the document's group. */
export interface ConnectionAccess {
  user: { id: string; name: string };
  /** Read on every message: null once the session has ended or the membership is gone. */
  role(): Role | null;
}

let nextId = 1;

export class Connection {
  readonly id = nextId++;
  /**
   * Cleared on each ping, set on each pong and on each message received: a connection that stays
   * silent for a whole heartbeat is terminated. A busy writer's pong waits behind the updates it
   * sent before it, which the server is still reading: those updates are its sign of life.
   */
  alive = true;

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
