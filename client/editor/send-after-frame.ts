// The Y.Doc's update listeners that send and store (y-websocket's WebSocket send and
// BroadcastChannel post, y-indexeddb's IndexedDB write) run after the frame that shows the change
// rather than inside the keystroke's task. Yjs calls them synchronously at the end of the
// transaction y-prosemirror makes for a key, so before the browser draws the key: ~1 ms of script a
// key in the 577 kB mapping document, and the work they start elsewhere (the browser process'
// IndexedDB write, the server applying and storing the update) competed with the frame on a
// machine of few cores. Only edits made in this page are held: an update applied from the server or
// loaded from the local copy is handed over at once, as before (y-websocket sends what it sends
// according to the connection's state of that moment: a copy loaded before the connection opened
// is not sent to the server). Held updates are handed over in order, each as it was, once the next frame
// is drawn (after-frame.ts: a message posted from requestAnimationFrame runs after the frame's paint); at the latest
// after MAX_HOLD_MS (a hidden page draws no frames), at once when the page is hidden or left, and
// before the session closes (`flush`). The other update listeners (the editor's own, the unsynced
// count) are not delayed.
import type * as Y from 'yjs';
import { afterFrame } from './after-frame';

type UpdateListener = (update: Uint8Array, origin: unknown) => void;

/** How long an update may wait for a frame before it is handed over anyway. */
export const MAX_HOLD_MS = 250;

export interface HeldListeners {
  /** Hands over what is held now. */
  flush(): void;
  /** Stops holding and drops what is held (the listeners are not called again); `flush` first to keep it. */
  stop(): void;
}

/**
 * Moves `listeners` (registered on `doc` with `doc.on('update', …)`) behind the next frame, for the
 * updates made here (edits); those with an origin in `passThrough` (the provider applying the
 * server's, y-indexeddb loading the copy) still reach them at once.
 */
export function sendAfterFrame(doc: Y.Doc, listeners: UpdateListener[], passThrough: unknown[]): HeldListeners {
  // The listeners are the providers' own (private fields, pinned versions): should one be missing
  // after an upgrade, nothing is held and the providers send and store as they always did.
  if (!listeners.every((listener) => typeof listener === 'function')) return { flush() {}, stop() {} };
  let held: [Uint8Array, unknown][] = [];
  let cancel: (() => void) | null = null;
  const flush = () => {
    cancel?.();
    cancel = null;
    const out = held;
    held = [];
    for (const [update, origin] of out) for (const listener of listeners) listener(update, origin);
  };
  const onUpdate: UpdateListener = (update, origin) => {
    if (passThrough.includes(origin)) {
      // an update that came from the server or the local copy: handed over at once, as before,
      // after the local ones held (the connection's and the copy's state are those of now)
      flush();
      for (const listener of listeners) listener(update, origin);
      return;
    }
    held.push([update, origin]);
    if (document.visibilityState === 'hidden') return flush();
    cancel ??= afterFrame(flush, MAX_HOLD_MS);
  };
  const onHide = () => { if (document.visibilityState === 'hidden') flush(); };
  for (const listener of listeners) doc.off('update', listener);
  doc.on('update', onUpdate);
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', flush);
  return {
    flush,
    stop() {
      held = [];
      flush();
      doc.off('update', onUpdate);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flush);
    },
  };
}
