// A Yjs client id is its user's from the moment she announces it in her awareness (attribution.ts
// `claim`, client-owners.ts), and stays hers while she is away: the room unloads once no one is
// there, and the id she will come back with (offline edits under it) must not be someone else's by
// then. A hostile review took a victim's id from the presence list and wrote under it after the
// room had unloaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThread } from '../../shared/comments';
import { connectClient, roomUnloaded, signIn, synced, tempDataDir, testServer, waitFor, type Session } from './helpers';
import { RawClient, startDocument } from './raw-client';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session, observer: Session;

beforeAll(async () => {
  server = await testServer(data.dir, { idleUnloadMs: 50, directEdits: false, autoVersions: false });
  [coordinator, drafter, observer] = await Promise.all(['coordinator', 'drafter', 'observer'].map((n) => signIn(server, n)));
});

afterAll(async () => {
  await server.close();
  data.remove();
});

describe('a client id only announced in awareness', () => {
  it('stays its user\'s after she left and the room unloaded: no one else writes under it', async () => {
    const id = await startDocument(coordinator, 'announced ids');
    const victim = connectClient(drafter, id);
    await synced(victim);
    victim.provider.awareness.setLocalStateField('user', { id: drafter.user.id, name: drafter.user.name });
    const announced = victim.doc.clientID;
    await server.rooms.with(id, (room) => waitFor(() => room.awareness.getStates().has(announced), [[room.awareness, 'change']], 'her awareness on the server'));
    const unloaded = roomUnloaded(server, id);
    victim.destroy();
    await unloaded;

    const attacker = await RawClient.open(observer, id);
    const reasons = await attacker.attack((d) => createThread(d, { anchor: { changeId: 'none', quote: 'x' }, author: { id: observer.user.id, name: observer.user.name }, text: 'TAKEN' }), announced);
    expect(reasons).toEqual([expect.stringMatching(/belongs to another user/)]);
    attacker.close();
  });
});
