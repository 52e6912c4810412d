// Direct editing leaves a trace (server/direct-edits.ts), against a real server with stock
// WebsocketProvider clients: a coordinator whose client says track changes is off is announced to
// everyone in the server's awareness state, versions are saved when it begins and ends, and the
// compare of those versions attributes her edits to her; a coordinator whose client says nothing
// but edits untracked is noticed by the server all the same; tracked edits and review are not.
import { EventEmitter } from 'node:events';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectClient, signIn, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session;
/** The server's log lines, as they come. */
const lines: string[] = [];
const logged = new EventEmitter();

beforeAll(async () => {
  server = await testServer(data.dir, {
    directEdits: { quietMs: 400 }, autoVersions: false, log: (line) => { lines.push(line); logged.emit('line'); },
  });
  coordinator = await signIn(server, 'coordinator');
  drafter = await signIn(server, 'drafter');
});

afterAll(async () => {
  await server.close();
  data.remove();
});

const content = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const firstText = (doc: Y.Doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as unknown as Y.XmlText;

/** Who the server announces as editing without tracking, as `client` sees it. */
function announced(client: Client): string[] {
  for (const state of client.provider.awareness.getStates().values()) {
    const list = (state as { directEditing?: { name: string }[] }).directEditing;
    if (list) return list.map((e) => e.name);
  }
  return [];
}

const awarenessChanged = (client: Client): [Client['provider']['awareness'], string] => [client.provider.awareness, 'change'];

async function versionNames(id: string): Promise<string[]> {
  const { body } = await api(coordinator, 'GET', `/api/documents/${id}/versions`);
  return (body.versions as { name: string; createdAt: number }[]).map((v) => v.name);
}

/** Resolves once the server has saved a version of `id` whose name starts with `prefix`; returns its id. */
async function versionNamed(id: string, prefix: string): Promise<string> {
  const saved = () => lines.map((l) => l.match(/^collab (\S+): saved version (\S+) \((.*)\)$/)).find((m) => m && m[1] === id && m[3].startsWith(prefix));
  await waitFor(() => !!saved(), [[logged, 'line']], `a version "${prefix}..."`);
  expect((await versionNames(id)).some((name) => name.startsWith(prefix))).toBe(true);
  return saved()![2];
}

describe('direct editing', () => {
  it('announces a coordinator who turns tracking off, saves a version before and after, and compare shows her edits as hers', async () => {
    const id = (await api(coordinator, 'POST', '/api/documents', { title: 'Direct', content: content('Hello World.') })).body.document.id;
    const coord = connectClient(coordinator, id), draft = connectClient(drafter, id);
    await Promise.all([synced(coord), synced(draft)]);

    coord.provider.awareness.setLocalStateField('tracking', false);
    await waitFor(() => announced(draft).includes(coordinator.user.name), [awarenessChanged(draft)], 'the announcement');
    const off = await versionNamed(id, `Tracking off: ${coordinator.user.name} (`);

    firstText(coord.doc).insert('Hello '.length, 'brave new ');
    await waitFor(() => firstText(draft.doc).toString().includes('brave new'), [[draft.doc, 'update']], 'the edit');
    coord.provider.awareness.setLocalStateField('tracking', true);
    await waitFor(() => announced(draft).length === 0, [awarenessChanged(draft)], 'the announcement to end');
    const on = await versionNamed(id, `Tracking on again: ${coordinator.user.name} (`);

    const compared = await api(drafter, 'GET', `/api/documents/${id}/compare?from=${off}&to=${on}`);
    expect(compared.body.authors).toEqual([{ id: coordinator.user.id, name: coordinator.user.name, inserted: 'brave new '.length, deleted: 0 }]);
    coord.destroy();
    draft.destroy();
  });

  it('notices untracked edits of a coordinator whose client says nothing, and not her tracked edits', async () => {
    const id = (await api(coordinator, 'POST', '/api/documents', { title: 'Quiet', content: content('Hello World.') })).body.document.id;
    const coord = connectClient(coordinator, id), draft = connectClient(drafter, id);
    await Promise.all([synced(coord), synced(draft)]);

    // tracked: her insertion mark on the new text; review: rejecting it deletes marked text
    const mark = { id: 'c-1', author: coordinator.user.id, authorName: coordinator.user.name, time: 1, status: 'suggested' };
    firstText(coord.doc).insert(0, 'Tracked ', { insertion: mark });
    await waitFor(() => firstText(draft.doc).toString().includes('Tracked'), [[draft.doc, 'update']], 'the tracked edit');
    firstText(coord.doc).delete(0, 'Tracked '.length);
    await waitFor(() => !firstText(draft.doc).toString().includes('Tracked'), [[draft.doc, 'update']], 'the rejection');
    await server.rooms.with(id, (room) => room.flush());
    expect(announced(draft)).toEqual([]);
    expect(await versionNames(id)).toEqual([]);

    // untracked: the server sees it
    firstText(coord.doc).delete('Hello '.length, 'World'.length);
    await waitFor(() => announced(draft).includes(coordinator.user.name), [awarenessChanged(draft)], 'the announcement');
    await versionNamed(id, `Editing without tracking: ${coordinator.user.name} (`);
    // and after a quiet while it ends with a version
    await waitFor(() => announced(draft).length === 0, [awarenessChanged(draft)], 'the announcement to end');
    await versionNamed(id, `Tracking on again: ${coordinator.user.name} (`);
    coord.destroy();
    draft.destroy();
  });

  it('keeps the server\'s announcement when a client writes over it (refused)', async () => {
    const id = (await api(coordinator, 'POST', '/api/documents', { title: 'Forged', content: content('Hello World.') })).body.document.id;
    const coord = connectClient(coordinator, id), draft = connectClient(drafter, id);
    await Promise.all([synced(coord), synced(draft)]);
    coord.provider.awareness.setLocalStateField('tracking', false);
    await waitFor(() => announced(draft).includes(coordinator.user.name), [awarenessChanged(draft)], 'the announcement');
    const serverId = [...draft.provider.awareness.getStates()].find(([, s]) => 'directEditing' in s)![0];

    // the coordinator's client claims the server's state is empty
    const awareness = coord.provider.awareness;
    const meta = awareness.meta.get(serverId)!;
    const { encodeAwarenessUpdate, applyAwarenessUpdate } = await import('y-protocols/awareness');
    const forged = new (awareness.constructor as typeof import('y-protocols/awareness').Awareness)(new Y.Doc());
    forged.clientID = serverId;
    forged.meta.set(serverId, { clock: meta.clock, lastUpdated: 0 });
    forged.setLocalState({});
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(forged, [serverId]), 'forger'); // the provider sends it on
    expect(announced(coord)).toEqual([]);
    // the server refuses it (awareness-guard.ts): once a later state of the coordinator's reaches the
    // drafter, the forged one has been handled, and the drafter still has the server's announcement
    awareness.setLocalStateField('marker', 'after the forgery');
    const coordId = awareness.clientID;
    await waitFor(() => draft.provider.awareness.getStates().get(coordId)?.marker === 'after the forgery', [awarenessChanged(draft)], 'the marker');
    expect(announced(draft)).toContain(coordinator.user.name);
    expect(draft.provider.awareness.meta.get(serverId)?.clock).toBe(meta.clock);
    coord.destroy();
    draft.destroy();
  });
});
