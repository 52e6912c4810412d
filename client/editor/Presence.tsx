// Avatars of the people in the document (awareness), and the connection badge.
import { useSyncExternalStore, useCallback, useRef } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { initials } from '../app/user';
import { describeConnection, type ConnectionMonitor } from './connection';
import { presentUsers, type Present } from './awareness';

function samePresence(a: Present[], b: Present[]): boolean {
  return a.length === b.length && a.every((p, i) => p.id === b[i].id && p.name === b[i].name && p.color === b[i].color);
}

function usePresence(awareness: Awareness): Present[] {
  const cache = useRef<Present[]>([]);
  const subscribe = useCallback((listener: () => void) => {
    awareness.on('change', listener);
    return () => awareness.off('change', listener);
  }, [awareness]);
  return useSyncExternalStore(subscribe, () => {
    const next = presentUsers(awareness);
    if (!samePresence(cache.current, next)) cache.current = next;
    return cache.current;
  });
}

export function Avatars({ awareness }: { awareness: Awareness }) {
  const users = usePresence(awareness);
  return (
    <ul className="avatars" aria-label="People in this document">
      {users.map((user) => (
        <li key={user.id} className="avatar" style={{ backgroundColor: user.color }} title={user.self ? `${user.name} (you)` : user.name} data-name={user.name}>
          {initials(user.name)}
        </li>
      ))}
    </ul>
  );
}

export function ConnectionBadge({ monitor }: { monitor: ConnectionMonitor }) {
  const state = useSyncExternalStore(monitor.subscribe, monitor.getState);
  return (
    <>
      <span className={`connection connection-${state.status}`} role="status" data-status={state.status} data-unsynced={state.unsynced}>
        {describeConnection(state)}
      </span>
      {state.error && <p className="error connection-problem" role="alert">{state.error}</p>}
    </>
  );
}
