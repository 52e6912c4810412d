// Accounts on the collaboration socket, with stock WebsocketProviders carrying session cookies:
// the upgrade needs a session (401) of a member of the document's group (404 otherwise, as for
// a missing document) from this site (403); an observer reads but its writes are dropped and it
// is told so; a drafter's tracked edits (made by the real track engine and written by
// y-prosemirror) go through while untracked ones are refused; every refusal leaves the document
// unchanged for everyone; a sign-out or a role change takes effect on the open connection.
import { once } from 'node:events';
import { EditorState, type Transaction } from 'prosemirror-state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { createThread } from '../../shared/comments';
import { schema } from '../../shared/schema';
import { listChanges, review, suggestChanges } from '../../shared/track';
import {
  api, appendParagraph, connectClient, contentOf, signIn, synced, tempDataDir, testServer, waitFor, type Client, type Session, type Target,
} from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session, observer: Session, apt: Session;
const clients: Client[] = [];

function client(target: Target, id: string): Client {
  const c = connectClient(target, id);
  clients.push(c);
  return c;
}

async function newDocument(text: string): Promise<string> {
  const res = await api(coordinator, 'POST', '/api/documents', {
    title: text, group: 'EUR', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
  });
  return res.body.document.id;
}

/** Status of a raw upgrade request: 101 when it became a WebSocket. */
async function upgradeStatus(id: string, headers: Record<string, string>): Promise<number> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${id}`, { headers });
  ws.on('error', () => {});
  const status = await Promise.race([
    once(ws, 'unexpected-response').then(([req, res]) => { req.destroy(); return res.statusCode as number; }),
    once(ws, 'open').then(() => 101),
  ]);
  ws.terminate();
  return status;
}

/** Edits a client's document as the editor would: a ProseMirror transaction (through track mode
 * for `trackAs`) whose result y-prosemirror writes into the Y.Doc. */
function edit(c: Client, trackAs: Session | null, change: (state: EditorState) => Transaction): void {
  const fragment = c.doc.getXmlFragment('prosemirror');
  const doc = schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(fragment));
  const state = EditorState.create({ doc, plugins: trackAs ? [suggestChanges({ id: trackAs.user.id, name: trackAs.user.name })] : [] });
  const next = state.applyTransaction(change(state)).state;
  updateYFragment(c.doc, fragment, next.doc, { mapping: new Map(), isOMark: new Map() });
}

/** The reasons of the y-protocols permission-denied messages the client's socket receives. */
function deniedMessages(c: Client): string[] {
  const reasons: string[] = [];
  (c.provider.ws as unknown as WebSocket).on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) === 2 && decoding.readVarUint(decoder) === 0) reasons.push(decoding.readVarString(decoder));
  });
  return reasons;
}

/**
 * Waits until a marker paragraph the coordinator appends has reached every other client: all
 * that was sent before it has been handled by the server by then.
 */
async function settle(writer: Client, others: Client[], marker: string): Promise<void> {
  appendParagraph(writer.doc, marker);
  await Promise.all(others.map((c) => waitFor(() => contentOf(c.doc).includes(marker), [[c.doc, 'update']], `${marker} to arrive`)));
}

beforeAll(async () => {
  server = await testServer(data.dir);
  [coordinator, drafter, observer, apt] = await Promise.all(['coordinator', 'drafter', 'observer', 'apt-drafter'].map((n) => signIn(server, n)));
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  data.remove();
});

describe('the collaboration upgrade', () => {
  it('is refused without a session (401), for another group or a missing document (404) and from another site (403)', async () => {
    expect(await upgradeStatus('demo', {})).toBe(401);
    expect(await upgradeStatus('demo', { cookie: 'draftroom_session=forged-token-forged-token-forged' })).toBe(401);
    expect(await upgradeStatus('demo', { cookie: apt.cookie })).toBe(404);
    expect(await upgradeStatus('no-such-document', { cookie: apt.cookie })).toBe(404);
    expect(await upgradeStatus('demo', { cookie: drafter.cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus('demo', { cookie: drafter.cookie, origin: server.url })).toBe(101);
  });

  it('lets a stock WebsocketProvider with the cookie sync, and one without it never connects', async () => {
    const member = client(observer, 'demo');
    await synced(member);
    expect(contentOf(member.doc)).toContain('RESOLUTION 30');
    const outsider = client(apt, 'demo');
    await new Promise<void>((resolve) => outsider.provider.once('connection-close', () => resolve()));
    expect(outsider.provider.synced).toBe(false);
    expect(contentOf(outsider.doc)).toBe('');
    outsider.provider.disconnect();
  });
});

describe('observers', () => {
  it('read and share awareness, but their writes are dropped, they are told, and nobody sees them', async () => {
    const id = await newDocument('Observed.');
    const [chair, author, reader] = [client(coordinator, id), client(drafter, id), client(observer, id)];
    await Promise.all([chair, author, reader].map((c) => synced(c)));
    expect(contentOf(reader.doc)).toContain('Observed.');
    const denied = deniedMessages(reader);

    reader.provider.awareness.setLocalStateField('user', { id: observer.user.id, name: 'observer', color: '#0a0' });
    await waitFor(() => chair.provider.awareness.getStates().get(reader.doc.clientID)?.user?.name === 'observer',
      [[chair.provider.awareness, 'change']], 'the observer\'s awareness');

    appendParagraph(reader.doc, 'written by an observer');
    edit(reader, observer, (state) => state.tr.insertText('tracked by an observer ', 1));
    await settle(chair, [author, reader], 'after the observer');
    for (const c of [chair, author]) expect(contentOf(c.doc)).not.toContain('by an observer');
    const stored = JSON.stringify((await api(coordinator, 'GET', `/api/documents/${id}/content`)).body);
    expect(stored).not.toContain('by an observer');
    expect(stored).toContain('after the observer');
    // The second edit builds on the first, which the server never had: refused for that too.
    expect(denied).toEqual(['observers cannot change the text', 'the update depends on changes the server does not have']);
    expect(server.logs).toContainEqual(expect.stringMatching(/refused an update of "observer" \(.*, observer\).*observers cannot change the text/));
  });

  it('may write outside the text (the comments map)', async () => {
    const id = await newDocument('Commented.');
    const [chair, reader] = [client(coordinator, id), client(observer, id)];
    await Promise.all([chair, reader].map((c) => synced(c)));
    const thread = createThread(reader.doc, { anchor: { changeId: 'c', quote: 'q' }, author: { id: observer.user.id, name: observer.user.name }, text: 'A question.' });
    await waitFor(() => chair.doc.getMap('comments').has(thread), [[chair.doc, 'update']], 'the comment');
  });
});

describe('drafters', () => {
  it('edit in track mode: insertions and deletions become revision marks that reach everyone', async () => {
    const id = await newDocument('Base text stays.');
    const [chair, author] = [client(coordinator, id), client(drafter, id)];
    await Promise.all([chair, author].map((c) => synced(c)));
    const denied = deniedMessages(author);

    edit(author, drafter, (state) => state.tr.insertText('New ', 1));
    edit(author, drafter, (state) => state.tr.delete(15, 21)); // "stays." marked deleted, not removed
    await waitFor(() => contentOf(chair.doc) === contentOf(author.doc), [[chair.doc, 'update']], 'the tracked edits');
    const paragraph = (yXmlFragmentToProsemirrorJSON(chair.doc.getXmlFragment('prosemirror')).content as any[])[0];
    const marked = paragraph.content.map((t: any) => [t.text, t.marks?.map((m: any) => `${m.type} by ${m.attrs.authorName}`) ?? []]);
    expect(marked).toEqual([['New ', ['insertion by drafter']], ['Base text ', []], ['stays.', ['deletion by drafter']]]);

    // Deleting one's own suggestion really removes it.
    edit(author, drafter, (state) => state.tr.delete(1, 5));
    await waitFor(() => !contentOf(chair.doc).includes('New '), [[chair.doc, 'update']], 'the withdrawn suggestion');
    expect(denied).toEqual([]);
  });

  it('cannot delete or insert text untracked, nor reject someone else\'s insertion; the document stays as it was', async () => {
    const id = await newDocument('Agreed text.');
    const [chair, other] = [client(coordinator, id), client(observer, id)];
    await Promise.all([chair, other].map((c) => synced(c)));
    edit(chair, coordinator, (state) => state.tr.insertText('Chair says ', 1)); // "Chair says " is 1-12
    const attempts: [string, Session | null, (state: EditorState) => Transaction][] = [
      ['untracked delete', null, (state) => state.tr.delete(12, 18)],
      ['untracked insert', null, (state) => state.tr.insertText('sneaked in ', 12)],
      ['rejecting the coordinator\'s insertion', drafter, (state) => review(state, listChanges(state.doc).map((c) => c.id), 'reject')],
      ['accepting it into the text', drafter, (state) => review(state, listChanges(state.doc).map((c) => c.id), 'accept')],
    ];
    for (const [what, trackAs, change] of attempts) {
      // A fresh connection each time, so that no attempt builds on an earlier refused one.
      const author = client(drafter, id);
      await synced(author);
      await waitFor(() => contentOf(author.doc) === contentOf(chair.doc), [[author.doc, 'update']], 'the drafter to catch up');
      const before = contentOf(chair.doc);
      const denied = deniedMessages(author);
      edit(author, trackAs, change);
      expect(contentOf(author.doc), what).not.toBe(before);
      await settle(chair, [author, other], `after ${what}`);
      expect(contentOf(chair.doc), what).toBe(`${before}<paragraph>after ${what}</paragraph>`);
      expect(contentOf(other.doc), what).toBe(contentOf(chair.doc));
      expect(denied, what).toEqual([expect.stringMatching(/^drafters edit in track mode only: the update changes the document other than by the drafter's suggestions/)]);
      author.destroy();
    }
    const stored = JSON.stringify((await api(coordinator, 'GET', `/api/documents/${id}/content`)).body);
    expect(stored).toContain('Agreed text.');
    expect(stored).not.toContain('sneaked');
  });

  it('lose write access on their open connection when demoted to observer, and the connection on sign-out', async () => {
    const session = await signIn(server, 'drafter');
    const id = await newDocument('Live.');
    const [chair, author] = [client(coordinator, id), client(session, id)];
    await Promise.all([chair, author].map((c) => synced(c)));
    const denied = deniedMessages(author);
    await api(coordinator, 'PATCH', `/api/groups/EUR/members/${drafter.user.id}`, { role: 'observer' });
    try {
      edit(author, session, (state) => state.tr.insertText('tracked ', 1));
      await settle(chair, [author], 'after the demotion');
      expect(contentOf(chair.doc)).not.toContain('tracked');
      expect(denied).toEqual(['observers cannot change the text']);
    } finally {
      await api(coordinator, 'PATCH', `/api/groups/EUR/members/${drafter.user.id}`, { role: 'drafter' });
    }

    const closed = new Promise<{ code: number }>((resolve) => author.provider.once('closed', resolve));
    expect((await api(session, 'DELETE', '/api/session')).status).toBe(204);
    edit(author, session, (state) => state.tr.insertText('after sign-out ', 1));
    expect((await closed).code).toBe(4401);
    await settle(chair, [], 'after the sign-out');
    expect(contentOf(chair.doc)).not.toContain('after sign-out');
  });
});

describe('coordinators', () => {
  it('edit untracked and drafters receive it', async () => {
    const id = await newDocument('Clean.');
    const [chair, author] = [client(coordinator, id), client(drafter, id)];
    await Promise.all([chair, author].map((c) => synced(c)));
    edit(chair, null, (state) => state.tr.delete(1, 3));
    await waitFor(() => contentOf(author.doc).includes('>ean.<'), [[author.doc, 'update']], 'the untracked edit');
    // and the server's record of who wrote it reaches both
    const inStep = () => Buffer.from(Y.encodeStateVector(author.doc)).equals(Buffer.from(Y.encodeStateVector(chair.doc)));
    await waitFor(inStep, [[author.doc, 'update'], [chair.doc, 'update']], 'both clients in step');
    expect(chair.doc.getMap('users').size).toBe(1);
  });
});
