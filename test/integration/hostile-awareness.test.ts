// Awareness bound to the session, tried with raw y-protocols awareness messages against a real
// server: impersonation, overwriting or removing another connection's state (even with a higher
// clock), 20,000 ghost states, oversized states and broken cursors. A watcher (a stock
// WebsocketProvider) checks every awareness change it receives and must never see a forbidden state;
// each attack ends with a harmless marker state from the same socket, so once the watcher has the
// marker the server has dealt with the attack before it.
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import { colorForId } from '../../shared/user-color';
import { connectClient, signIn, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';

const DOC = 'demo';
const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session;
let drafter: Session;
let observer: Session;
/** The coordinator's own editor, with her awareness state. */
let victim: Client;
/** The observer's client: everything it ever sees is checked. */
let watcher: Client;
/** Awareness states the watcher saw that break the rules (filled by `watch`). */
const violations: string[] = [];
const sockets: WebSocket[] = [];

interface Entry { client: number; clock: number; state: unknown }

function awarenessMessage(entries: Entry[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const { client, clock, state } of entries) {
    encoding.writeVarUint(update, client);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, 1);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}

async function rawSocket(as: Session): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${DOC}`, { headers: { cookie: as.cookie } });
  sockets.push(ws);
  await once(ws, 'open');
  return ws;
}

let markers = 0;
/** Sends a harmless state for `client` from `ws` and waits until the watcher has it. */
async function settle(ws: WebSocket, client: number, clock: number): Promise<void> {
  const marker = `marker-${++markers}`;
  ws.send(awarenessMessage([{ client, clock, state: { marker } }]));
  await waitFor(() => (watcher.provider.awareness.getStates().get(client) as { marker?: string } | undefined)?.marker === marker,
    [[watcher.provider.awareness, 'change']], `the watcher to see ${marker}`);
}

type State = { user?: { id?: string; name?: string; color?: string }; [key: string]: unknown };
const statesSeen = (): Map<number, State> => watcher.provider.awareness.getStates() as Map<number, State>;

/** Checks every state the watcher holds after each change against the session of its sender. */
function watch(): void {
  const users = new Map([[coordinator.user.id, coordinator.user.name], [drafter.user.id, drafter.user.name], [observer.user.id, observer.user.name]]);
  watcher.provider.awareness.on('update', () => {
    for (const [client, state] of statesSeen()) {
      if (client === watcher.provider.awareness.clientID) continue;
      const user = state.user;
      if (!user || !users.has(user.id ?? '') || users.get(user.id!) !== user.name || user.color !== colorForId(user.id!)) {
        violations.push(`client ${client}: ${JSON.stringify(state).slice(0, 200)}`);
      }
      if (client === victim.provider.awareness.clientID && user?.id !== coordinator.user.id) violations.push(`the coordinator's state was taken: ${JSON.stringify(state)}`);
      if (JSON.stringify(state).includes('evil')) violations.push(`client ${client} carries the attacker's content`);
    }
    if (statesSeen().size > 20) violations.push(`${statesSeen().size} states`);
  });
}

beforeAll(async () => {
  server = await testServer(data.dir);
  [coordinator, drafter, observer] = await Promise.all([signIn(server, 'coordinator'), signIn(server, 'drafter'), signIn(server, 'observer')]);
  victim = connectClient(coordinator, DOC);
  watcher = connectClient(observer, DOC);
  await Promise.all([synced(victim), synced(watcher)]);
  victim.provider.awareness.setLocalStateField('user', { id: coordinator.user.id, name: coordinator.user.name, color: colorForId(coordinator.user.id) });
  await waitFor(() => statesSeen().has(victim.provider.awareness.clientID), [[watcher.provider.awareness, 'change']], 'the coordinator to show');
  watch();
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  expect(violations).toEqual([]);
});

afterAll(async () => {
  victim.destroy();
  watcher.destroy();
  await server.close();
  data.remove();
});

describe('awareness is bound to the session', () => {
  it("a stock client's own state arrives with its session's id, name and colour", async () => {
    const own = connectClient(drafter, DOC);
    try {
      await synced(own);
      own.provider.awareness.setLocalStateField('user', { id: drafter.user.id, name: drafter.user.name, color: colorForId(drafter.user.id) });
      own.provider.awareness.setLocalStateField('cursor', null);
      const id = own.provider.awareness.clientID;
      await waitFor(() => statesSeen().get(id)?.user?.name === 'drafter', [[watcher.provider.awareness, 'change']], "the drafter's state");
      expect(statesSeen().get(id)).toEqual({ user: { id: drafter.user.id, name: 'drafter', color: colorForId(drafter.user.id) }, cursor: null });
      // Stock providers send every state they receive back; the server ignores those echoes without a word.
      expect(server.logs.filter((line) => line.includes('refused awareness'))).toEqual([]);
    } finally {
      own.destroy();
    }
  });

  it("impersonation: the user a drafter claims is replaced by her session's", async () => {
    const ws = await rawSocket(drafter);
    const client = 900_001;
    ws.send(awarenessMessage([{ client, clock: 1, state: { user: { id: coordinator.user.id, name: 'coordinator', color: '#ff0000' }, note: 'hello' } }]));
    await waitFor(() => statesSeen().has(client), [[watcher.provider.awareness, 'change']], 'the state to arrive');
    expect(statesSeen().get(client)).toEqual({ user: { id: drafter.user.id, name: 'drafter', color: colorForId(drafter.user.id) }, note: 'hello' });
    const bare = 900_002;
    ws.send(awarenessMessage([{ client: bare, clock: 1, state: { note: 'no user' } }]));
    await waitFor(() => statesSeen().has(bare), [[watcher.provider.awareness, 'change']], 'the state without user');
    expect(statesSeen().get(bare)?.user?.id).toBe(drafter.user.id);
  });

  it("another connection's state cannot be overwritten, even with a higher clock, nor removed", async () => {
    const ws = await rawSocket(drafter);
    const target = victim.provider.awareness.clientID;
    const before = victim.provider.awareness.getLocalState();
    ws.send(awarenessMessage([{ client: target, clock: 1_000_000, state: { user: { id: coordinator.user.id, name: 'coordinator' }, evil: true } }]));
    ws.send(awarenessMessage([{ client: target, clock: 2_000_000, state: null }]));
    await settle(ws, 900_010, 1);
    expect(statesSeen().get(target)?.user?.id).toBe(coordinator.user.id);
    expect(victim.provider.awareness.getLocalState()).toEqual(before);
    expect(server.logs.some((line) => line.includes(`awareness client ${target} belongs to another connection`))).toBe(true);
  });

  it('20,000 ghost states in one message: at most 4 per connection get through', async () => {
    const ws = await rawSocket(drafter);
    const ghosts = Array.from({ length: 20_000 }, (_, i): Entry => ({ client: 1_000_000 + i, clock: 1, state: { user: { name: `ghost ${i}` } } }));
    const sizeBefore = statesSeen().size;
    ws.send(awarenessMessage(ghosts));
    await waitFor(() => statesSeen().has(1_000_003), [[watcher.provider.awareness, 'change']], 'the first ghosts');
    // Its own fourth id still works; a fifth new id is refused.
    await settle(ws, 1_000_000, 2);
    ws.send(awarenessMessage([{ client: 1_000_004, clock: 1, state: { evil: 'fifth' } }]));
    await settle(ws, 1_000_001, 2);
    const ghostsSeen = [...statesSeen().keys()].filter((client) => client >= 1_000_000 && client < 1_020_000);
    expect(ghostsSeen).toEqual([1_000_000, 1_000_001, 1_000_002, 1_000_003]);
    expect(statesSeen().size).toBe(sizeBefore + 4);
  });

  it('many sockets of one user: at most 12 of her states get through in all', async () => {
    const socketsOfHers = await Promise.all(Array.from({ length: 6 }, () => rawSocket(drafter)));
    let clock = 1;
    for (const [n, ws] of socketsOfHers.entries()) {
      ws.send(awarenessMessage([0, 1, 2, 3].map((i) => ({ client: 2_000_000 + n * 10 + i, clock: 1, state: { n } }))));
      // a marker on the same socket (one of her ids already seen, which her sockets may take over):
      // the socket's messages are judged in order, so its four were judged before it
      await settle(ws, n < 3 ? 2_000_000 + n * 10 : 2_000_000, n < 3 ? 2 : ++clock + 1);
    }
    const hers = [...statesSeen().entries()].filter(([client]) => client >= 2_000_000 && client < 2_100_000);
    expect(hers.length).toBe(12);
    expect(hers.every(([, state]) => state.user?.id === drafter.user.id)).toBe(true);
    expect(server.logs.some((line) => line.includes('more than 12 awareness states for one user'))).toBe(true);
    // her sockets closed, the count is hers again
    for (const ws of socketsOfHers) ws.terminate();
    await waitFor(() => [...statesSeen().keys()].every((client) => client < 2_000_000 || client >= 2_100_000), [[watcher.provider.awareness, 'change']], 'her states to go');
    const again = await rawSocket(drafter);
    await settle(again, 2_000_100, 1);
  });

  it('a flood of awareness updates is paced: the others get a few a second, and the last state', async () => {
    const ws = await rawSocket(drafter);
    const client = 3_000_000;
    let changes = 0;
    const count = (_: unknown, origin: unknown) => { void origin; changes++; };
    watcher.provider.awareness.on('update', count);
    const start = Date.now();
    for (let clock = 1; clock <= 3000; clock++) ws.send(awarenessMessage([{ client, clock, state: { n: clock } }]));
    await waitFor(() => (statesSeen().get(client) as { n?: number } | undefined)?.n === 3000, [[watcher.provider.awareness, 'change']], 'the last state');
    watcher.provider.awareness.off('update', count);
    const seconds = Math.max(1, Math.ceil((Date.now() - start) / 1000));
    expect(changes).toBeLessThanOrEqual((30 + 8) * (seconds + 1));
  });

  it("removing one's own state works; the states of a closed connection are removed for everyone", async () => {
    const ws = await rawSocket(drafter);
    ws.send(awarenessMessage([{ client: 900_020, clock: 1, state: { a: 1 } }, { client: 900_021, clock: 1, state: { b: 1 } }]));
    await waitFor(() => statesSeen().has(900_020) && statesSeen().has(900_021), [[watcher.provider.awareness, 'change']], 'both states');
    ws.send(awarenessMessage([{ client: 900_020, clock: 2, state: null }]));
    await waitFor(() => !statesSeen().has(900_020), [[watcher.provider.awareness, 'change']], 'the removal');
    ws.close();
    await waitFor(() => !statesSeen().has(900_021), [[watcher.provider.awareness, 'change']], 'the closed connection to vanish');
    expect(statesSeen().has(victim.provider.awareness.clientID)).toBe(true);
  });

  it('a state over the size cap is refused; a cursor that is not two relative positions is dropped', async () => {
    const ws = await rawSocket(drafter);
    ws.send(awarenessMessage([{ client: 900_030, clock: 1, state: { evil: 'x'.repeat(100_000) } }]));
    ws.send(awarenessMessage([{ client: 900_031, clock: 1, state: { cursor: { anchor: 'nonsense' } } }]));
    await settle(ws, 900_032, 1);
    expect(statesSeen().has(900_030)).toBe(false);
    expect(statesSeen().get(900_031)?.cursor).toBeNull();
    const cursor = { anchor: { type: null, tname: 'prosemirror', item: { client: 5, clock: 3 }, assoc: 0 }, head: { type: null, tname: 'prosemirror', item: null, assoc: -1 } };
    ws.send(awarenessMessage([{ client: 900_031, clock: 2, state: { cursor } }]));
    await waitFor(() => statesSeen().get(900_031)?.cursor != null, [[watcher.provider.awareness, 'change']], 'the valid cursor');
    expect(statesSeen().get(900_031)?.cursor).toEqual(cursor);
  });

  it("a client id held by another user's connection stays refused; the same user's new connection takes hers over", async () => {
    const first = await rawSocket(drafter);
    first.send(awarenessMessage([{ client: 900_040, clock: 1, state: { tab: 1 } }]));
    await waitFor(() => statesSeen().has(900_040), [[watcher.provider.awareness, 'change']], 'the first tab');
    const other = await rawSocket(await signIn(server, 'observer'));
    other.send(awarenessMessage([{ client: 900_040, clock: 5, state: { evil: 'observer' } }]));
    await settle(other, 900_041, 1);
    expect(statesSeen().get(900_040)).toMatchObject({ tab: 1 });
    // The drafter reconnects (y-websocket keeps the client id) before the server noticed the old socket go.
    const reconnected = await rawSocket(drafter);
    reconnected.send(awarenessMessage([{ client: 900_040, clock: 2, state: { tab: 2 } }]));
    await waitFor(() => (statesSeen().get(900_040) as { tab?: number } | undefined)?.tab === 2, [[watcher.provider.awareness, 'change']], 'the takeover');
    first.close();
    await once(first, 'close');
    await settle(reconnected, 900_042, 1);
    expect(statesSeen().get(900_040)).toMatchObject({ tab: 2, user: { id: drafter.user.id } });
  });
});
