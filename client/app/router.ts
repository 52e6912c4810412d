// Client routes: `/` the document list, `/d/<id>` the editor of a document. History API, no library.
import { useSyncExternalStore } from 'react';

export type Route = { page: 'documents' } | { page: 'editor'; id: string } | { page: 'not-found'; path: string };

export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { page: 'documents' };
  const match = /^\/d\/([^/]+)\/?$/.exec(path);
  if (match) {
    try {
      return { page: 'editor', id: decodeURIComponent(match[1]) };
    } catch {
      return { page: 'not-found', path };
    }
  }
  return { page: 'not-found', path };
}

export function editorPath(id: string): string {
  return `/d/${encodeURIComponent(id)}`;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

/** The current path, re-rendering on navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}
