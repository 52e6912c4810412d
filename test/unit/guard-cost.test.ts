// What the guard costs on a large document (server/README.md, "Integrity of updates"): the
// WTDC-22 resolutions imported (about 195,000 positions), a drafter typing at thirty places
// through the real track engine and y-prosemirror. The guard re-reads only the blocks an update
// touched and compares only the changed top-level blocks, so a keystroke costs milliseconds,
// not a reading of the whole document; none is refused.
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYDoc, updateYFragment } from 'y-prosemirror';
import { UpdateGuard } from '../../server/collab/guard';
import { importDocument } from '../../shared';
import { schema } from '../../shared/schema';
import { suggestChanges } from '../../shared/track';
import { fixture } from './track-doc';

it('checks a drafter\'s keystroke on the WTDC-22 resolutions in milliseconds', async () => {
  const pm = await importDocument(fixture('wtdc22-resolutions.txt'), { format: 'text' });
  expect(pm.content.size).toBeGreaterThan(150_000);
  const server = prosemirrorToYDoc(pm, 'prosemirror');
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const guard = new UpdateGuard(server);
  const user = { id: 'u-drafter', name: 'Drafter' };
  let state = EditorState.create({ doc: pm, plugins: [suggestChanges(user)] });
  const meta = { mapping: new Map(), isOMark: new Map() };
  const times: number[] = [];
  for (let i = 0; i < 31; i++) {
    let at = (i * 7919) % (pm.content.size - 10);
    while (!state.doc.resolve(at).parent.isTextblock) at++;
    state = state.apply(state.tr.insertText('x', at));
    const updates: Uint8Array[] = [];
    const collect = (u: Uint8Array) => updates.push(u);
    client.on('update', collect);
    updateYFragment(client, client.getXmlFragment('prosemirror'), state.doc, meta);
    client.off('update', collect);
    const update = Y.mergeUpdates(updates);
    const t0 = performance.now();
    expect(guard.check(update, { userId: user.id, userName: user.name, role: 'drafter' })).toBeNull();
    times.push(performance.now() - t0);
    Y.applyUpdate(server, update);
  }
  const [first, ...rest] = times;
  rest.sort((a, b) => a - b);
  const median = rest[Math.floor(rest.length / 2)];
  console.log(`guard on WTDC-22: first check ${first.toFixed(0)} ms, then median ${median.toFixed(1)} ms, max ${rest[rest.length - 1].toFixed(0)} ms`);
  // generous bounds for a shared machine: a whole reading per keystroke would be ~100 ms
  expect(median).toBeLessThan(30);
  guard.destroy();
}, 120_000);

it('refuses a drafter\'s paste of thousands of paragraphs at once, quickly and with a reason, and checks a whole resolution document pasted at once', async () => {
  const user = { id: 'u-drafter', name: 'Drafter' };
  const pasted = (blocks: PMNode[]) => {
    const base = schema.node('doc', null, [schema.nodes.paragraph.create(null, schema.text('Base text'))]);
    const server = prosemirrorToYDoc(base, 'prosemirror');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const state = EditorState.create({ doc: base, plugins: [suggestChanges(user)] });
    const after = state.apply(state.tr.insert(base.content.size, blocks)).doc;
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    updateYFragment(client, client.getXmlFragment('prosemirror'), after, { mapping: new Map(), isOMark: new Map() });
    const t0 = performance.now();
    const verdict = new UpdateGuard(server).check(Y.mergeUpdates(updates), { userId: user.id, userName: user.name, role: 'drafter' });
    return { verdict, ms: performance.now() - t0 };
  };
  // withdrawing each paragraph copied all the others: 20,000 took a minute and ran out of memory
  const flood = pasted(Array.from({ length: 3000 }, (_, i) => schema.nodes.paragraph.create(null, schema.text(`paragraph ${i} of the flood`))));
  expect(flood.verdict).toMatch(/too large a change to check at once/);
  expect(flood.ms).toBeLessThan(2000);
  const wtdc = await importDocument(fixture('wtdc22-resolutions.txt'), { format: 'text' });
  const blocks: PMNode[] = [];
  wtdc.forEach((block) => blocks.push(block));
  expect(pasted(blocks).verdict).toBeNull();
});

it('refuses an update of more Yjs structs than it checks at once, before applying it, from any role', () => {
  const server = prosemirrorToYDoc(schema.node('doc', null, [schema.nodes.paragraph.create(null, schema.text('Base text'))]), 'prosemirror');
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const updates: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => updates.push(u));
  // nested elements: every struct its own, as a hostile client can make them (3,000 nested units held the server 15 s)
  client.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = client.getXmlFragment('prosemirror');
    for (let i = 0; i < 1500; i++) {
      const children = Array.from({ length: 40 }, () => new Y.XmlElement('paragraph'));
      parent.insert(parent.length, children);
      parent = children[0];
    }
  });
  const update = Y.mergeUpdates(updates);
  for (const role of ['coordinator', 'drafter', 'observer'] as const) {
    const t0 = performance.now();
    expect(new UpdateGuard(server).check(update, { userId: 'u', userName: 'U', role })).toMatch(/too large to check at once \(\d+ Yjs structs, at most 50000\)/);
    expect(performance.now() - t0).toBeLessThan(1500);
  }
});
