// The connection state shown to the user: online, offline with N unsynced changes, reconnecting, or a fatal error.
import type { CollabSession } from './collab';
import { CLOSE_MESSAGE_TOO_BIG } from './collab';

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'reconnecting' | 'error';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Local Y updates made since the provider was last synced with the server. */
  unsynced: number;
  /** Why the connection stopped for good (status 'error'). */
  error: string | null;
  /** Why the server refused the last change it refused, if it did. */
  refused: string | null;
}

/**
 * Follows a session's provider and document and publishes a ConnectionState (for
 * useSyncExternalStore). Also turns the browser's offline/online events into a disconnect and
 * reconnect, so going offline shows at once instead of after the provider's timeout.
 */
/** Local updates closer together than this are one edit in the unsynced count. */
export const EDIT_BURST_MS = 2000;

export class ConnectionMonitor {
  private state: ConnectionState = { status: 'connecting', unsynced: 0, error: null, refused: null };
  private listeners = new Set<() => void>();
  private wasSynced = false;
  private cleanup: (() => void)[] = [];

  constructor(session: CollabSession) {
    const { provider, ydoc, persistence } = session;
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (this.state.status === 'error') return;
      if (status === 'connected') this.set({ status: provider.synced ? 'online' : this.pendingStatus() });
      else if (status === 'connecting') this.set({ status: this.pendingStatus() });
      else this.set({ status: navigator.onLine && provider.shouldConnect ? 'reconnecting' : 'offline' });
    };
    const onSync = (synced: boolean) => {
      if (!synced || this.state.status === 'error') return;
      this.wasSynced = true;
      this.set({ status: 'online', unsynced: 0 });
    };
    // One edit is a burst of updates (the keystrokes of a word typed, a paste): counting updates
    // would count keystrokes.
    let lastLocal = -Infinity;
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || origin === persistence) return;
      const now = Date.now();
      const burst = now - lastLocal < EDIT_BURST_MS;
      lastLocal = now;
      if (!(provider.wsconnected && provider.synced) && (!burst || !this.state.unsynced)) this.set({ unsynced: this.state.unsynced + 1 });
    };
    const onClose = (event: CloseEvent | null) => {
      if (event?.code === CLOSE_MESSAGE_TOO_BIG) {
        this.set({ status: 'error', error: 'The server refused a change that is too big to send. Your edits are kept in this browser; the connection stays closed until you reload.' });
      }
    };
    const onClosed = (event: { code: number; reason: string }) => {
      if (this.state.status !== 'error') this.set({ status: 'error', error: `The server closed the connection for good (${event.code}${event.reason ? `: ${event.reason}` : ''}).` });
    };
    const onOffline = () => provider.disconnect();
    const onOnline = () => { if (this.state.status !== 'error') provider.connect(); };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('connection-close', onClose);
    provider.on('closed', onClosed);
    ydoc.on('update', onUpdate);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    this.cleanup.push(
      session.onPermissionDenied((reason) => this.set({ refused: reason })),
      () => provider.off('status', onStatus),
      () => provider.off('sync', onSync),
      () => provider.off('connection-close', onClose),
      () => provider.off('closed', onClosed),
      () => ydoc.off('update', onUpdate),
      () => window.removeEventListener('offline', onOffline),
      () => window.removeEventListener('online', onOnline),
    );
    if (!navigator.onLine) {
      provider.disconnect();
      this.set({ status: 'offline' });
    }
  }

  private pendingStatus(): ConnectionStatus {
    return this.wasSynced ? 'reconnecting' : 'connecting';
  }

  private set(patch: Partial<ConnectionState>): void {
    const next = { ...this.state, ...patch };
    if (next.status === this.state.status && next.unsynced === this.state.unsynced && next.error === this.state.error && next.refused === this.state.refused) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  getState = (): ConnectionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  destroy(): void {
    for (const undo of this.cleanup) undo();
    this.listeners.clear();
  }
}

/** The words of the connection badge. */
export function describeConnection(state: ConnectionState): string {
  const pending = state.unsynced === 1 ? '1 unsynced edit' : `${state.unsynced} unsynced edits`;
  switch (state.status) {
    case 'online': return 'Online';
    case 'connecting': return state.unsynced ? `Connecting… · ${pending}` : 'Connecting…';
    case 'offline': return `Offline · ${pending}`;
    case 'reconnecting': return `Reconnecting… · ${pending}`;
    case 'error': return 'Disconnected';
  }
}
