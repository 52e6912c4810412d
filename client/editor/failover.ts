// Failover along a list of collaboration servers: when the server names others
// (GET /api/collab/servers, from DRAFTROOM_COLLAB_URLS), a provider whose connection closes
// reconnects to the next one of the list, starting with the page's own host. Without a list (the
// default, or a load balancer in front) the provider stays on the page's host. y-websocket reads
// `serverUrl` afresh on each reconnect, so switching it in 'connection-close' is enough.
import type { WebsocketProvider } from 'y-websocket';

/** The collab endpoints to try in turn: `current` first, then the listed servers' (http(s) or ws(s) base URLs). */
export function failoverOrder(current: string, servers: string[]): string[] {
  const endpoints = servers.map((base) => `${base.replace(/\/+$/, '').replace(/^http/, 'ws')}/collab`);
  return [current, ...endpoints.filter((url) => url !== current)];
}

/** Moves `provider` to the next endpoint whenever its connection closes; returns the stop function. */
export function rotateOnClose(provider: WebsocketProvider, endpoints: string[]): () => void {
  if (endpoints.length < 2) return () => {};
  let at = Math.max(0, endpoints.indexOf(provider.serverUrl));
  const next = () => {
    at = (at + 1) % endpoints.length;
    provider.serverUrl = endpoints[at];
  };
  provider.on('connection-close', next);
  return () => provider.off('connection-close', next);
}

let listed: Promise<string[]> | null = null;

/** The servers this deployment lists (fetched once per page; none when the request fails). */
export function collabServers(): Promise<string[]> {
  listed ??= fetch('/api/collab/servers', { credentials: 'same-origin' })
    .then((res) => (res.ok ? res.json() : { urls: [] }))
    .then((body: { urls?: unknown }) => (Array.isArray(body.urls) ? body.urls.filter((u): u is string => typeof u === 'string') : []))
    .catch(() => []);
  return listed;
}

/** Installs the failover of `provider` once the list is known; returns the stop function. */
export function failOver(provider: WebsocketProvider): () => void {
  let stop: (() => void) | null = null, stopped = false;
  void collabServers().then((servers) => {
    if (!stopped) stop = rotateOnClose(provider, failoverOrder(provider.serverUrl, servers));
  });
  return () => {
    stopped = true;
    stop?.();
  };
}
