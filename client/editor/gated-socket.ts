// A WebSocket whose connection opens at once but which tells its user (y-websocket's provider)
// that it is open only when a gate opens: the page's copy of the document from IndexedDB is in the
// Y.Doc. The provider sends its sync step 1 (the state vector of what it has) when the socket
// opens, so with the copy loaded the server answers with only what the copy lacks; opened before
// the copy, the server sends the whole document, which the browser decodes a second time (and
// y-websocket then sends the loaded copy to the server as one update of the whole document, which
// the server decodes and checks). The handshake itself (a round trip, the server's sign-in check)
// overlaps the loading of the copy. Events that arrive while the gate is shut (the open event,
// the server's first messages, an error or a close) are delivered in order when it opens;
// sockets made after it opened (reconnections) pass everything through at once.

type Listener = ((event: never) => void) | null;

/** The WebSocket class to give y-websocket (`WebSocketPolyfill`), gated by `ready`. */
export function gatedWebSocket(ready: Promise<unknown>): typeof WebSocket {
  let open = false;
  const waiting = new Set<GatedWebSocket>();
  void ready.then(() => {
    open = true;
    for (const socket of waiting) socket.release();
    waiting.clear();
  });

  class GatedWebSocket {
    static readonly CONNECTING = WebSocket.CONNECTING;
    static readonly OPEN = WebSocket.OPEN;
    static readonly CLOSING = WebSocket.CLOSING;
    static readonly CLOSED = WebSocket.CLOSED;
    readonly CONNECTING = WebSocket.CONNECTING;
    readonly OPEN = WebSocket.OPEN;
    readonly CLOSING = WebSocket.CLOSING;
    readonly CLOSED = WebSocket.CLOSED;
    onopen: Listener = null;
    onmessage: Listener = null;
    onerror: Listener = null;
    onclose: Listener = null;
    private readonly socket: WebSocket;
    /** The events held while the gate is shut, in order; null once released. */
    private held: { type: 'onopen' | 'onmessage' | 'onerror' | 'onclose'; event: Event }[] | null;

    constructor(url: string | URL, protocols?: string | string[]) {
      this.socket = new WebSocket(url, protocols);
      this.held = open ? null : [];
      if (this.held) waiting.add(this);
      for (const type of ['onopen', 'onmessage', 'onerror', 'onclose'] as const) {
        this.socket[type] = (event: Event) => {
          if (this.held) this.held.push({ type, event });
          else (this[type] as ((event: Event) => void) | null)?.(event);
        };
      }
    }

    /** The gate opened: what was held is delivered, in order, to the handlers set now. */
    release(): void {
      const held = this.held ?? [];
      this.held = null;
      for (const { type, event } of held) (this[type] as ((event: Event) => void) | null)?.(event);
    }

    /** CONNECTING until the open event is delivered, whatever the socket underneath. */
    get readyState(): number {
      return this.held && this.socket.readyState === WebSocket.OPEN ? WebSocket.CONNECTING : this.socket.readyState;
    }

    get binaryType(): BinaryType { return this.socket.binaryType; }
    set binaryType(type: BinaryType) { this.socket.binaryType = type; }
    get url(): string { return this.socket.url; }
    get protocol(): string { return this.socket.protocol; }
    get bufferedAmount(): number { return this.socket.bufferedAmount; }

    send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      this.socket.send(data);
    }

    close(code?: number, reason?: string): void {
      waiting.delete(this);
      this.socket.close(code, reason);
    }
  }
  return GatedWebSocket as unknown as typeof WebSocket;
}
