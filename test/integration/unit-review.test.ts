// A whole unit added is one reviewable change (shared/track/unit.ts), on a real server with stock
// WebsocketProviders: the drafter's MOD made by the server (POST /api/documents/:id/proposals)
// reaches the coordinator with one unit record naming the drafter (id, name, the server's time),
// its text still base text; the drafter may withdraw it (the guard lets her rejection through),
// the coordinator accepts the next one (record gone, unit kept); a unit record that a drafter
// makes herself on the socket, or an untracked edit inside her unit, is refused.
import { EditorState, type Transaction } from 'prosemirror-state';
import { Transform } from 'prosemirror-transform';
import type { Node as PMNode } from 'prosemirror-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { schema } from '../../shared/schema';
import { listChanges, review, suggestChanges, type Change } from '../../shared/track';
import { unitRecord } from '../../shared/track/unit';
import { api, connectClient, signIn, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';
import { RawClient } from './raw-client';
import { block, coverDoc } from '../doc-json';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session;
let r30: { id: string };
const clients: Client[] = [];
const raws: RawClient[] = [];

const docOf = (c: Client): PMNode => schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(c.doc.getXmlFragment('prosemirror')));
const unitsOf = (c: Client): PMNode[] => docOf(c).content.content.filter((n) => n.type.name === 'proposal');

async function connected(who: Session, id: string): Promise<Client> {
  const c = connectClient(who, id);
  clients.push(c);
  await synced(c);
  return c;
}

/** An edit as the editor makes it: a transaction of `as` (track mode on) written by y-prosemirror. */
function edit(c: Client, as: Session, change: (state: EditorState) => Transaction): void {
  const state = EditorState.create({ doc: docOf(c), plugins: [suggestChanges({ id: as.user.id, name: as.user.name })] });
  updateYFragment(c.doc, c.doc.getXmlFragment('prosemirror'), state.applyTransaction(change(state)).state.doc, { mapping: new Map(), isOMark: new Map() });
}

const until = (c: Client, condition: () => boolean, what: string) => waitFor(condition, [[c.doc, 'update']], what);

async function addMod(id: string): Promise<string> {
  const res = await api(drafter, 'POST', `/api/documents/${id}/proposals`, { action: 'MOD', ref: '', libraryEntryId: r30.id, index: 2 });
  expect(res.status).toBe(201);
  return res.body.ref;
}

beforeAll(async () => {
  server = await testServer(data.dir);
  [coordinator, drafter] = await Promise.all(['coordinator', 'drafter'].map((n) => signIn(server, n)));
  [r30] = (await api(drafter, 'GET', '/api/library?q=30')).body.entries;
});

afterAll(async () => {
  for (const r of raws) r.close();
  for (const c of clients) c.destroy();
  await server?.close();
  data.remove();
});

describe('a unit added through the server', () => {
  it('reaches the coordinator as one change of the drafter; she withdraws it, the coordinator accepts the next', async () => {
    const res = await api(coordinator, 'POST', '/api/documents', { title: 'Units', group: 'EUR', content: coverDoc(block('paragraph', 'Introduction.')) });
    const id = res.body.document.id as string;
    const chair = await connected(coordinator, id);
    const mine = await connected(drafter, id);

    const before = Date.now();
    const ref = await addMod(id);
    await until(chair, () => unitsOf(chair).length === 1, 'the unit at the coordinator');
    const changes = listChanges(docOf(chair));
    expect(changes).toEqual([expect.objectContaining({
      kind: 'insertion', unit: true, author: drafter.user.id, authorName: drafter.user.name, status: 'suggested',
      proposalRef: ref, description: `Added MOD Resolution 30 (unit ${ref})`,
    })]);
    expect(changes[0].time).toBeGreaterThanOrEqual(before);
    expect(changes[0].time).toBeLessThanOrEqual(Date.now());

    // the drafter withdraws her own unit: an ordinary review transaction, which the guard lets through
    await until(mine, () => unitsOf(mine).length === 1, 'the unit at the drafter');
    edit(mine, drafter, (state) => review(state, [changes[0].id], 'reject'));
    await until(chair, () => unitsOf(chair).length === 0, 'the unit withdrawn at the coordinator');
    expect(docOf(chair).eq(docOf(mine))).toBe(true);

    // added again: the coordinator accepts it, the unit stays without any record
    const again = await addMod(id);
    await until(chair, () => unitsOf(chair).length === 1, 'the second unit at the coordinator');
    const [second] = listChanges(docOf(chair)) as [Change];
    expect(second.description).toBe(`Added MOD Resolution 30 (unit ${again})`);
    edit(chair, coordinator, (state) => review(state, [second.id], 'accept'));
    await until(mine, () => unitsOf(mine)[0]?.attrs.track === null, 'the accepted unit at the drafter');
    expect(listChanges(docOf(mine))).toEqual([]);
    expect(unitsOf(mine)[0].child(1).firstChild!.textContent).toMatch(/^RESOLUTION 30/);
    expect(server.logs.filter((line) => line.includes('refused'))).toEqual([]);
  });

  it("refuses a unit record a drafter makes on the socket, and an untracked edit inside her own unit", async () => {
    const res = await api(coordinator, 'POST', '/api/documents', { title: 'Units 2', group: 'EUR', content: coverDoc(block('paragraph', 'Introduction.')) });
    const id = res.body.document.id as string;
    const chair = await connected(coordinator, id);
    await addMod(id);
    await until(chair, () => unitsOf(chair).length === 1, 'the unit');
    const attacker = await RawClient.open(drafter, id);
    raws.push(attacker);
    const content = JSON.stringify(docOf(chair).toJSON());
    const pmOf = (d: typeof attacker.doc) => schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(d.getXmlFragment('prosemirror')));
    const write = (d: typeof attacker.doc, doc: PMNode) => updateYFragment(d, d.getXmlFragment('prosemirror'), doc, { mapping: new Map(), isOMark: new Map() });

    // her own NOC unit, untracked, with a unit record of hers
    const forged = await attacker.attack((d) => {
      const doc = pmOf(d);
      const unit = schema.nodes.proposal.create({ action: 'NOC', ref: 'EUR/XXA1/9', track: [unitRecord({ id: drafter.user.id, name: drafter.user.name })] },
        [schema.nodes.paragraph.create(null, schema.text('Untracked text')), schema.nodes.reasons.create(null, schema.text('Reasons:'))]);
      write(d, doc.copy(doc.content.append(schema.node('doc', null, [unit]).content)));
    });
    expect(forged).toEqual([expect.stringMatching(/through the server/)]);

    // text inserted untracked inside her own (not yet reviewed) unit
    const sneaked = await attacker.attack((d) => {
      const doc = pmOf(d);
      let at = -1;
      doc.descendants((node, pos) => { if (at < 0 && node.type.name === 'title') at = pos + 1; return at < 0; });
      write(d, new Transform(doc).insert(at, schema.text('EVIL ')).doc);
    });
    expect(sneaked).toEqual([expect.stringMatching(/track mode only/)]);
    expect(JSON.stringify(docOf(chair).toJSON())).toBe(content);
  });

  /** A new document with the drafter's MOD unit, open at the coordinator and the drafter; the unit's change. */
  async function withUnit(title: string): Promise<{ id: string; chair: Client; mine: Client; unit: Change }> {
    const res = await api(coordinator, 'POST', '/api/documents', { title, group: 'EUR', content: coverDoc(block('paragraph', 'Introduction.')) });
    const id = res.body.document.id as string;
    const chair = await connected(coordinator, id);
    const mine = await connected(drafter, id);
    await addMod(id);
    await until(mine, () => unitsOf(mine).length === 1, 'the unit at the drafter');
    await until(chair, () => unitsOf(chair).length === 1, 'the unit at the coordinator');
    const [unit] = listChanges(docOf(mine)) as [Change];
    return { id, chair, mine, unit };
  }

  /** Her withdrawal of `unit`, as her editor makes it (the review's reject), sent on a connection of hers that reads the answer. */
  async function withdrawn(id: string, unit: Change): Promise<string[]> {
    const withdrawing = await RawClient.open(drafter, id);
    raws.push(withdrawing);
    return withdrawing.attack((d) => edit({ doc: d } as Client, drafter, (state) => review(state, [unit.id], 'reject')));
  }

  it('refuses her withdrawal of a unit someone else worked in: it would take their work with it', async () => {
    const { id, chair, mine, unit } = await withUnit('Units 3');
    // the coordinator suggests a word inside her unit
    edit(chair, coordinator, (state) => {
      let at = -1;
      state.doc.descendants((node, pos) => { if (at < 0 && node.type.name === 'title') at = pos + 1; return at < 0; });
      return state.tr.insertText('Coordinator\'s word ', at);
    });
    await until(mine, () => docOf(mine).textContent.includes('Coordinator\'s word'), 'his word at the drafter');
    expect(await withdrawn(id, unit)).toEqual([expect.stringMatching(/removes her proposal unit only while it holds nothing of anyone else's/)]);
    expect(unitsOf(chair)).toHaveLength(1);
    expect(docOf(chair).textContent).toContain('Coordinator\'s word');
  });

  it('refuses it too when what someone else changed in her unit is an attribute (an item level)', async () => {
    const { id, chair, mine, unit } = await withUnit('Units 4');
    // the coordinator indents an item of her unit (with tracking off: the level alone changes)
    const level = (c: Client) => { let found = -1; docOf(c).descendants((node) => { if (found < 0 && node.type.name === 'item') found = node.attrs.level as number; return found < 0; }); return found; };
    const state = EditorState.create({ doc: docOf(chair) });
    let at = -1;
    state.doc.descendants((node, pos) => { if (at < 0 && node.type.name === 'item') at = pos; return at < 0; });
    updateYFragment(chair.doc, chair.doc.getXmlFragment('prosemirror'), state.apply(state.tr.setNodeAttribute(at, 'level', 1)).doc, { mapping: new Map(), isOMark: new Map() });
    await until(mine, () => level(mine) === 1, 'the level at the drafter');
    expect(await withdrawn(id, unit)).toEqual([expect.stringMatching(/removes her proposal unit only while it holds nothing of anyone else's/)]);
    expect(unitsOf(chair)).toHaveLength(1);
  });
});
