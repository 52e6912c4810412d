// One client's WebSocket in a room: sending that never throws, closing with a code, liveness pings.
import { WebSocket } from 'ws';

let nextId = 1;

export class Connection {
  readonly id = nextId++;
  /** Cleared on each ping, set on each pong: a connection that stays silent is terminated. */
  alive = true;

  constructor(readonly ws: WebSocket) {
    ws.on('pong', () => { this.alive = true; });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (!this.open) return;
    this.ws.send(message, (err) => { if (err) this.ws.terminate(); });
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
  }

  /** Pings, or terminates the connection when the previous ping got no pong. */
  heartbeat(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    if (this.open) this.ws.ping();
  }
}
