// Client routes: `/` the document list, `/d/<id>` the editor of a document, `/groups/<code>` a
// group's members (coordinators), `/invite/<token>` an invitation. History API, no library.
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'documents' }
  | { page: 'editor'; id: string }
  | { page: 'group'; code: string }
  | { page: 'invite'; token: string }
  | { page: 'not-found'; path: string };

const PATHS: [RegExp, (value: string) => Route][] = [
  [/^\/d\/([^/]+)\/?$/, (id) => ({ page: 'editor', id })],
  [/^\/groups\/([^/]+)\/?$/, (code) => ({ page: 'group', code })],
  [/^\/invite\/([^/]+)\/?$/, (token) => ({ page: 'invite', token })],
];

export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { page: 'documents' };
  for (const [pattern, route] of PATHS) {
    const match = pattern.exec(path);
    if (!match) continue;
    try {
      return route(decodeURIComponent(match[1]));
    } catch {
      return { page: 'not-found', path };
    }
  }
  return { page: 'not-found', path };
}

export function groupPath(code: string): string {
  return `/groups/${encodeURIComponent(code)}`;
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
