// Collaboration through a real server: stock y-websocket providers sync the demo document,
// concurrent editors converge, an offline client merges on reconnect, awareness comes and goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import * as Y from 'yjs';
import { colorForId } from '../../shared/user-color';
import { api, appendParagraph, connectClient, contentOf, converged, signIn, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let as: Session;
const clients: Client[] = [];

function client(id: string, opts?: { connect?: boolean }): Client {
  const c = connectClient(as, id, opts);
  clients.push(c);
  return c;
}

async function newDocument(title: string): Promise<string> {
  const res = await api(as, 'POST', '/api/documents', {
    title,
    content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Start.' }] }] },
  });
  expect(res.status).toBe(201);
  return res.body.document.id;
}

beforeAll(async () => {
  server = await testServer(data.dir);
  as = await signIn(server, 'coordinator');
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  data.remove();
});

describe('collaboration rooms', () => {
  it('syncs the demo document to a stock WebsocketProvider', async () => {
    const c = client('demo');
    await synced(c);
    const json = yXmlFragmentToProsemirrorJSON(c.doc.getXmlFragment('prosemirror'));
    const rest = await api(as, 'GET', '/api/documents/demo/content');
    expect(json).toEqual(rest.body);
    const types = (json.content as { type: string; attrs?: { ref?: string } }[]).map((n) => n.type);
    expect(types[0]).toBe('cover');
    const proposals = (json.content as { type: string; attrs: { ref: string; action: string } }[]).filter((n) => n.type === 'proposal');
    expect(proposals.map((p) => [p.attrs.action, p.attrs.ref])).toEqual([['MOD', 'EUR/XXA1/1'], ['SUP', 'EUR/XXA1/2'], ['ADD', 'EUR/XXA1/3']]);
    expect(JSON.stringify(proposals[0])).toContain('RESOLUTION 30 (Rev. Kigali, 2022)');
    expect(JSON.stringify(proposals[1])).toContain('Resolution 185');
    expect(JSON.stringify(proposals[2])).toContain('[WG-PL/7]');
  });

  it('makes two clients editing the same text concurrently converge', async () => {
    const id = await newDocument('two');
    const [a, b] = [client(id), client(id)];
    await Promise.all([synced(a), synced(b)]);
    const textOf = (c: Client) => (c.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    for (let i = 0; i < 20; i++) {
      textOf(a).insert(0, 'a');
      textOf(b).insert(textOf(b).length, 'b');
    }
    await converged([a, b]);
    const text = textOf(a).toString();
    expect(text).toBe(`${'a'.repeat(20)}Start.${'b'.repeat(20)}`);
  });

  it('makes twenty concurrent editors converge on every edit', async () => {
    const id = await newDocument('twenty');
    const many = Array.from({ length: 20 }, () => client(id));
    await Promise.all(many.map((c) => synced(c)));
    many.forEach((c, i) => {
      for (let k = 0; k < 5; k++) appendParagraph(c.doc, `client ${i} edit ${k}`);
    });
    await converged(many, 'twenty clients to converge');
    const content = contentOf(many[0].doc);
    for (let i = 0; i < 20; i++) for (let k = 0; k < 5; k++) expect(content).toContain(`client ${i} edit ${k}<`);
    expect(many[0].doc.getXmlFragment('prosemirror').length).toBe(1 + 20 * 5);
  });

  it('merges the edits of an offline client when it reconnects', async () => {
    const id = await newDocument('offline');
    const [online, offline] = [client(id), client(id)];
    await Promise.all([synced(online), synced(offline)]);
    offline.provider.disconnect();
    appendParagraph(offline.doc, 'written offline');
    appendParagraph(online.doc, 'written online');
    await waitFor(() => contentOf(online.doc).includes('written online'), [[online.doc, 'update']], 'local edit');
    expect(contentOf(online.doc)).not.toContain('written offline');
    offline.provider.connect();
    await converged([online, offline], 'offline edits to merge');
    for (const c of [online, offline]) {
      expect(contentOf(c.doc)).toContain('written offline');
      expect(contentOf(c.doc)).toContain('written online');
    }
  });

  it('shares awareness and removes a closed connection\'s state', async () => {
    const id = await newDocument('awareness');
    const [a, b] = [client(id), client(id)];
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('user', { id: 'u1', name: 'Ada', color: '#c00' });
    const aId = a.doc.clientID;
    // The server puts the session's user into the state, whatever the client claims (see hostile-awareness.test.ts).
    await waitFor(() => b.provider.awareness.getStates().get(aId)?.user?.name === as.user.name, [[b.provider.awareness, 'change']], "awareness of a's user");
    expect(b.provider.awareness.getStates().get(aId)?.user).toEqual({ id: as.user.id, name: as.user.name, color: colorForId(as.user.id) });
    // A connection that just goes away (no goodbye message): the server removes its states.
    (a.provider.ws as unknown as { terminate(): void }).terminate();
    a.provider.shouldConnect = false;
    await waitFor(() => !b.provider.awareness.getStates().has(aId), [[b.provider.awareness, 'change']], 'awareness removal');
  });
});
