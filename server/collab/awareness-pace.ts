// Awareness updates of one connection, paced: at most `perSecond` are relayed in a second; past
// that, what it sends is held and the newest of each client id is relayed when the second ends.
// A cursor flood (thousands of awareness messages a second) made every other client redraw its
// editor for each; y-prosemirror's cursors send one per selection change, far below the pace.

export const AWARENESS_PER_SECOND = 30;

interface Window {
  start: number;
  count: number;
  held: Uint8Array[];
  timer: NodeJS.Timeout | null;
}

export class AwarenessPace {
  private windows = new Map<object, Window>();

  constructor(private perSecond = AWARENESS_PER_SECOND, private now: () => number = Date.now) {}

  /**
   * Whether `update` of connection `key` may be applied now; if not, it is held and `apply` gets it
   * (with the others held) when the connection's second ends.
   */
  admit(key: object, update: Uint8Array, apply: (update: Uint8Array) => void): boolean {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || (now - w.start >= 1000 && !w.timer)) this.windows.set(key, w = { start: now, count: 0, held: [], timer: null });
    if (w.count < this.perSecond && !w.timer) {
      w.count++;
      return true;
    }
    // a state carries all of its client's fields: only the last few updates matter
    w.held.push(update);
    if (w.held.length > 8) w.held.shift();
    w.timer ??= setTimeout(() => {
      const held = w!.held;
      this.windows.set(key, { start: this.now(), count: held.length, held: [], timer: null });
      for (const u of held) apply(u);
    }, Math.max(0, w.start + 1000 - now));
    return false;
  }

  /** Forgets a closed connection (what it held is dropped). */
  release(key: object): void {
    const w = this.windows.get(key);
    if (w?.timer) clearTimeout(w.timer);
    this.windows.delete(key);
  }
}
