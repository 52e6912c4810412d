// One open document's collaboration session: the Y.Doc, its y-websocket provider, its IndexedDB copy and presence.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as authProtocol from 'y-protocols/auth';
import { wsUrl } from '../app/api';
import { failOver } from './failover';
import { gatedWebSocket } from './gated-socket';
import { sendAfterFrame } from './send-after-frame';
import type { LocalUser } from '../app/user';

/** WebSocket close code of a message over the server's size limit: retrying would fail again. */
export const CLOSE_MESSAGE_TOO_BIG = 1009;
/** y-websocket's message type of y-protocols' auth messages (the server's "permission denied"). */
const MESSAGE_AUTH = 2;
/** How long the first connection waits for the IndexedDB copy before it syncs anyway (no IndexedDB, a stuck open). */
export const LOCAL_COPY_WAIT_MS = 1500;

export interface CollabSession {
  ydoc: Y.Doc;
  fragment: Y.XmlFragment;
  provider: WebsocketProvider;
  persistence: IndexeddbPersistence;
  /** Listens to the server refusing an update (an observer typing, a drafter's untracked edit). */
  onPermissionDenied(listener: (reason: string) => void): () => void;
  /**
   * Drops this browser's copy after a refusal: stops syncing and deletes the IndexedDB copy, both
   * of which hold the refused change (it would be sent again on every reconnect). A new session
   * then loads the document as the server has it.
   */
  discardLocal(): Promise<void>;
  destroy(): void;
}

/**
 * Connects to the room of `documentId` and keeps a local copy in IndexedDB under `storageName`
 * (include the document's creation time, so a recreated document never merges an old copy).
 * The user is published in awareness as `user: {id, name, color}` for cursors and avatars.
 */
export function openCollabSession(documentId: string, storageName: string, user: LocalUser): CollabSession {
  const ydoc = new Y.Doc();
  const persistence = new IndexeddbPersistence(storageName, ydoc);
  // The first connection opens at once but syncs once this browser's copy is in the Y.Doc
  // (gated-socket.ts): the server then sends only what the copy lacks, and the copy is not sent
  // back to it as one big update. What the copy has and the server lacks (edits made offline)
  // reaches it in the sync's answer to the server's step 1, as before.
  let waitTimer: ReturnType<typeof setTimeout> | undefined;
  const localCopy = new Promise<void>((resolve) => {
    waitTimer = setTimeout(resolve, LOCAL_COPY_WAIT_MS);
    void persistence.whenSynced.then(() => resolve());
    persistence._db.catch(() => resolve());
  }).finally(() => clearTimeout(waitTimer));
  const provider = new WebsocketProvider(wsUrl('/collab'), documentId, ydoc, {
    WebSocketPolyfill: gatedWebSocket(localCopy),
    // Permanent failures: the server's 4400-4499 codes and a message too big for it.
    shouldReconnect: (event) => event.code !== CLOSE_MESSAGE_TOO_BIG && !(event.code >= 4400 && event.code < 4500),
  });
  // A store outage closes with 1013 (try again): the provider reconnects, here or to the next listed
  // server, and re-sends what the server lacks; only a permission-denied answer discards the local copy.
  const stopFailover = failOver(provider);
  // sending and storing an update wait for the frame that shows it (send-after-frame.ts)
  const held = sendAfterFrame(ydoc, [provider._updateHandler, persistence._storeUpdate], [provider, persistence]);
  provider.awareness.setLocalStateField('user', { id: user.id, name: user.name, color: user.color });
  // y-websocket only logs "permission denied"; the page tells the user.
  const denied = new Set<(reason: string) => void>();
  provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
    authProtocol.readAuthMessage(decoder, ydoc, (_doc, reason) => { for (const listener of denied) listener(reason); });
  };
  return {
    ydoc,
    fragment: ydoc.getXmlFragment('prosemirror'),
    provider,
    persistence,
    onPermissionDenied(listener) {
      denied.add(listener);
      return () => denied.delete(listener);
    },
    async discardLocal() {
      held.stop(); // what is held is the refused change or came after it
      stopFailover();
      provider.destroy();
      await persistence.destroy();
      await new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase(storageName);
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      });
    },
    destroy() {
      held.flush();
      held.stop();
      denied.clear();
      stopFailover();
      provider.destroy();
      void persistence.destroy();
      ydoc.destroy();
    },
  };
}
