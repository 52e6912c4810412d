// The fast reader of untracked edits (server/collab/untracked.ts) gives exactly the answer of the
// whole-text scan it replaced (./untracked-reference.ts) on every transaction: random paragraphs
// laid out as y-prosemirror lays them out (text with `insertion`, `deletion`, hashed
// `insertion--…` and other format attributes), edited by several clients at once (inserts with
// attributes, deletions, formatting, paragraphs added and removed, several operations in one
// transaction), their updates reaching the server late, merged or out of order.
import * as Y from 'yjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UntrackedEdits } from '../../server/collab/untracked';
import { isUntrackedEditReference } from './untracked-reference';

const mark = (id: string) => ({ id, author: 'u-1', authorName: 'One', time: 1, status: 'suggested' });
const ATTRIBUTES: Record<string, unknown>[] = [
  {}, {}, { insertion: mark('a') }, { insertion: mark('b') }, { deletion: mark('c') }, { 'insertion--abcd1234': mark('d') },
  { 'deletion--wxyz9876': mark('e') }, { bold: true }, { insertion: mark('a'), bold: true }, { insertion: mark('a'), deletion: mark('c') },
];
const FORMATS: Record<string, unknown>[] = [
  ...ATTRIBUTES.slice(2), { insertion: null }, { deletion: null }, { bold: null }, { 'insertion--abcd1234': null }, { insertion: null, deletion: mark('f') },
];

type Op =
  | { kind: 'insert'; block: number; at: number; text: string; attrs: number }
  | { kind: 'delete'; block: number; at: number; length: number }
  | { kind: 'format'; block: number; at: number; length: number; attrs: number }
  | { kind: 'addBlock'; at: number; text: string; attrs: number }
  | { kind: 'removeBlock'; block: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), block: fraction, at: fraction, text: fc.stringMatching(/^[a-e ]{1,5}$/), attrs: fc.nat(ATTRIBUTES.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), block: fraction, at: fraction, length: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('format' as const), block: fraction, at: fraction, length: fc.integer({ min: 1, max: 8 }), attrs: fc.nat(FORMATS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addBlock' as const), at: fraction, text: fc.stringMatching(/^[a-e ]{1,8}$/), attrs: fc.nat(ATTRIBUTES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeBlock' as const), block: fraction }) },
).map((o) => o as Op);

/** One step: a client's transaction, then what reaches the server and the clients. */
const step = fc.record({
  client: fc.nat(3), // 3: the server edits its own copy (a local transaction)
  ops: fc.array(op, { minLength: 1, maxLength: 4 }),
  deliver: fc.constantFrom('now', 'later', 'flush-merged', 'flush-reversed'),
  syncClient: fc.option(fc.nat(2), { nil: undefined }),
  judge: fc.boolean(),
});

const textOf = (root: Y.XmlFragment, block: number): Y.XmlText | null => {
  if (!root.length) return null;
  const p = root.get(Math.floor(block * root.length)) as Y.XmlElement;
  return p.get(0) as Y.XmlText;
};

function paragraph(text: string, attrs: Record<string, unknown>): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  p.insert(0, [t]);
  t.insert(0, text, attrs);
  return p;
}

function edit(doc: Y.Doc, ops: Op[]): void {
  const root = doc.getXmlFragment('prosemirror');
  doc.transact(() => {
    for (const o of ops) {
      if (o.kind === 'addBlock') {
        root.insert(Math.floor(o.at * (root.length + 1)), [paragraph(o.text, ATTRIBUTES[o.attrs])]);
        continue;
      }
      if (o.kind === 'removeBlock') {
        if (root.length > 1) root.delete(Math.floor(o.block * root.length), 1);
        continue;
      }
      const text = textOf(root, o.block);
      if (!text) continue;
      const at = Math.floor(o.at * (text.length + 1));
      if (o.kind === 'insert') text.insert(at, o.text, { ...ATTRIBUTES[o.attrs] });
      else if (at < text.length) {
        const length = Math.min(o.length, text.length - at);
        if (o.kind === 'delete') text.delete(at, length);
        else text.format(at, length, { ...FORMATS[o.attrs] });
      }
    }
  }, 'client');
}

const sync = (to: Y.Doc, from: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'sync');

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Runs the steps; checks the fast reader against the reference on every server transaction. */
function run(initial: { text: string; attrs: number }[], steps: Step[], attachAt: number, gc: boolean): { true: number; false: number } {
  const server = new Y.Doc({ gc });
  const root = server.getXmlFragment('prosemirror');
  server.transact(() => root.insert(0, initial.map((b) => paragraph(b.text, ATTRIBUTES[b.attrs]))));
  const clients = [0, 1, 2].map((i) => {
    const doc = new Y.Doc({ gc });
    doc.clientID = 1000 + i;
    sync(doc, server);
    return doc;
  });
  const queue: Uint8Array[] = [];
  for (const doc of clients) doc.on('update', (update: Uint8Array, origin: unknown) => { if (origin === 'client') queue.push(update); });

  const reader = new UntrackedEdits(root);
  let judge = true, attached = false;
  const checked = { true: 0, false: 0 };
  server.on('afterTransaction', (tr: Y.Transaction) => {
    if (!attached) return;
    const expected = isUntrackedEditReference(tr, root);
    const actual = reader.read(tr, judge);
    if (judge) {
      checked[String(expected) as 'true' | 'false']++;
      expect(actual).toBe(expected);
    } else expect(actual).toBe(false);
  });

  steps.forEach((s, i) => {
    if (i === attachAt) attached = true;
    judge = s.judge;
    if (s.client === 3) edit(server, s.ops);
    else edit(clients[s.client], s.ops);
    if (s.deliver === 'now' || s.deliver === 'flush-reversed') {
      const updates = s.deliver === 'now' ? queue.splice(queue.length - 1) : queue.splice(0).reverse();
      for (const update of updates) Y.applyUpdate(server, update, 'conn');
    } else if (s.deliver === 'flush-merged' && queue.length) Y.applyUpdate(server, Y.mergeUpdates(queue.splice(0)), 'conn');
    if (s.syncClient !== undefined) sync(clients[s.syncClient], server);
  });
  for (const update of queue.splice(0)) Y.applyUpdate(server, update, 'conn');
  return checked;
}

const initialBlocks = fc.array(fc.record({ text: fc.stringMatching(/^[a-e ]{0,12}$/), attrs: fc.nat(ATTRIBUTES.length - 1) }), { minLength: 1, maxLength: 3 });

describe('UntrackedEdits against the whole-text scan', () => {
  it('gives the reference answer on every transaction (property)', () => {
    const checked = { true: 0, false: 0 };
    fc.assert(fc.property(initialBlocks, fc.array(step, { minLength: 1, maxLength: 25 }), fc.nat(5), fc.boolean(), (initial, steps, attachAt, gc) => {
      const counts = run(initial, steps, Math.min(attachAt, steps.length - 1), gc);
      checked.true += counts.true;
      checked.false += counts.false;
    }), { numRuns: 400 });
    console.log(`transactions judged: ${checked.true} untracked, ${checked.false} not`);
    // the property judged real transactions both ways
    expect(checked.true).toBeGreaterThan(100);
    expect(checked.false).toBeGreaterThan(100);
  });

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

  /** Per-keystroke cost (median) of the reader and of the whole-text scan on one long paragraph, checking they agree. */
  function measure(fill: (text: Y.XmlText) => void): { fast: number; slow: number } {
    const doc = new Y.Doc();
    const root = doc.getXmlFragment('prosemirror');
    const p = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    p.insert(0, [text]);
    root.insert(0, [p]);
    fill(text);
    const reader = new UntrackedEdits(root);
    const fast: number[] = [], slow: number[] = [];
    let untracked = 0;
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      let t = performance.now();
      const a = reader.read(tr);
      fast.push(performance.now() - t);
      t = performance.now();
      const b = isUntrackedEditReference(tr, root);
      slow.push(performance.now() - t);
      expect(a).toBe(b);
      if (a) untracked++;
    });
    // typing at one place in the middle, and at a place that moves back (its keystrokes do not merge)
    const edits = 1000;
    for (let i = 0; i < edits / 2; i++) doc.transact(() => text.insert(25_010 + i, 'y'), 'client');
    for (let i = 0; i < edits / 2; i++) doc.transact(() => text.insert(text.length - 30 - (i % 7), 'y'), 'client');
    expect(untracked).toBe(edits);
    return { fast: 1000 * median(fast), slow: 1000 * median(slow) }; // the median: a GC pause lands in either
  }

  it('judges a keystroke in a long paragraph at a cost that does not grow with it', () => {
    // 50,000 characters in 2,000 runs (tracked insertions, deletions, plain text), and 50,000 plain
    // ones in 2,000 items (typed in 2,000 places, as a long paragraph is)
    const kinds = [{}, { insertion: mark('i') }, {}, { deletion: mark('d') }];
    const runs = measure((text) => { for (let run = 0; run < 2000; run++) text.insert(text.length, 'x'.repeat(25), kinds[run % 4]); });
    const plain = measure((text) => { for (let run = 0; run < 2000; run++) text.insert(0, 'x'.repeat(25)); });
    const line = (what: string, m: { fast: number; slow: number }) =>
      `${what}: ${m.fast.toFixed(1)} µs per keystroke (median), whole-text scan ${m.slow.toFixed(1)} µs (${(m.slow / m.fast).toFixed(0)}x)`;
    console.log(`untracked-edit reader\n  ${line('50k characters in 2000 runs', runs)}\n  ${line('50k plain characters', plain)}`);
    expect(runs.slow / runs.fast).toBeGreaterThan(8);
    expect(plain.slow / plain.fast).toBeGreaterThan(4);
  });
});
