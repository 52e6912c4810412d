// One connection's flood of updates does not hold up everyone else (server/collab/turn-share.ts,
// connection.ts `receive`): Node reads up to 32 chunks (2 MB) of a socket in one turn of its event
// loop, so a client sending thousands of small updates at once had the server handle all of them
// before any other client's message; another user's round trip waited for the whole flood. A
// user's messages now get a share of each turn, after which her socket pauses and what it read
// waits for the next turn, so the others' messages go first. Every update of the flood is still
// applied and stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, tempDataDir, testServer, type Session } from './helpers';
import { firstText, keystrokesAtEnd, RawClient, startDocument, storedText } from './raw-client';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session;

beforeAll(async () => {
  // no checking-time limit: the flood is a coordinator's own typing, checked and let through
  server = await testServer(data.dir, { checkBudget: { capacityMs: 1e9, refillMsPerSecond: 1e9 }, directEdits: false, autoVersions: false });
  [coordinator, drafter] = await Promise.all([signIn(server, 'coordinator'), signIn(server, 'drafter')]);
});

afterAll(async () => {
  await server?.close();
  data.remove();
});

describe('a fair share of the event loop for each connection', () => {
  it('another user\'s round trips stay short while one connection floods, and the flood is stored whole', async () => {
    const id = await startDocument(coordinator, 'fair share');
    const elsewhereId = await startDocument(coordinator, 'another document');
    // the other user works on another document of the server: one on the flooded document would
    // receive the flood, which this process (her client too) would then spend its turns reading
    const [flooder, elsewhere] = await Promise.all([RawClient.open(coordinator, id), RawClient.open(drafter, elsewhereId)]);
    const updates = keystrokesAtEnd(flooder.doc, 40_000);
    let flooding = true;
    /** Round trips of `client`, one after another, for as long as the flood is being handled; their times. */
    const roundTrips = async (client: RawClient) => {
      const times: number[] = [];
      while (flooding) {
        const sent = performance.now();
        await client.roundTrip();
        times.push(performance.now() - sent);
      }
      return times;
    };
    // the flood's messages are all sent (framed and queued on the socket) before this returns
    const flood = flooder.sendUpdatesAtOnce(updates).then((refused) => { flooding = false; return refused; });
    const started = performance.now();
    const rtts = await roundTrips(elsewhere);
    expect(await flood).toEqual([]);
    const floodMs = performance.now() - started;
    // Without shares the first round trip waited for most of the flood (55-76% of it: the server
    // read it in one or two turns); with them, for the share and the storing of what it handled
    // (turns of 35-50 ms, round trips of 12-14% of the flood here)
    expect(Math.max(...rtts)).toBeLessThan(floodMs / 4);
    await server.rooms.with(id, (room) => room.flush());
    expect(storedText((await server.store.load(id))!)).toBe(firstText(flooder.doc));
    flooder.close();
    elsewhere.close();
  }, 60_000);
});
