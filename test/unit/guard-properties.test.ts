// The server's drafter check (server/collab/guard.ts, drafter-check.ts) against the real track
// engine: random sequences of tracked edits by two drafters (test/unit/track-ops.ts: typing,
// deletions, range deletes across blocks, splits, joins, pastes, block type and proposal action
// changes), each written to Yjs by y-prosemirror as a client would and checked as its author.
// None may be refused.
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateYFragment } from 'y-prosemirror';
import { checkUpdate } from '../../server/collab/guard';
import { alice, bob, editorState, importedMarksDoc, res30Doc } from './track-doc';
import { formatOpArb, opArb, trackedStep, type Op } from './track-ops';

const seedEnv = process.env.FC_SEED;
const RUNS = { numRuns: 100, ...(seedEnv === 'random' ? {} : { seed: seedEnv ? Number(seedEnv) : 20261123 }) };

/** Write `doc` into `ydoc`'s content as y-prosemirror does; the update it makes. */
function write(ydoc: Y.Doc, doc: PMNode): Uint8Array {
  const updates: Uint8Array[] = [];
  const collect = (u: Uint8Array) => updates.push(u);
  ydoc.on('update', collect);
  updateYFragment(ydoc, ydoc.getXmlFragment('prosemirror'), doc, { mapping: new Map(), isOMark: new Map() });
  ydoc.off('update', collect);
  return Y.mergeUpdates(updates);
}

/** How many edits of each kind were played and checked (so the property is not vacuous). */
const played = new Map<Op['kind'], number>();

/** Play `ops`; each step's update checked on a server doc as its author's; the refusals. */
function refusals(original: PMNode, ops: Op[]): string[] {
  const server = new Y.Doc();
  Y.applyUpdate(server, write(new Y.Doc(), original));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  let state = editorState(original, alice);
  const refused: string[] = [];
  ops.forEach((op, index) => {
    const next = trackedStep(state, op);
    if (!next) return;
    const update = write(client, next.doc);
    const author = op.bob ? bob : alice;
    const verdict = checkUpdate(server, update, { userId: author.id, userName: author.name, role: 'drafter' });
    if (verdict) refused.push(`edit ${index} ${JSON.stringify(op)}: ${verdict}`);
    played.set(op.kind, (played.get(op.kind) ?? 0) + 1);
    Y.applyUpdate(server, update);
    state = next;
  });
  return refused;
}

describe('the drafter check on random tracked edits', () => {
  afterAll(() => {
    // every kind of edit was played, the block-level ones too
    for (const kind of ['type', 'backspace', 'delete', 'range', 'split', 'paste', 'retype', 'action'] as const) {
      expect(played.get(kind) ?? 0, kind).toBeGreaterThan(10);
    }
  });

  // Sequences random seeds found refused, kept as found. (1) A paste from inside one proposal
  // into the next: y-prosemirror writes the new proposal into the element of the SUP proposal
  // it replaced, so that element's action goes from SUP to MOD. (2) Two pasted paragraphs split
  // the resolution: ProseMirror gives the second half default attrs (no number), and
  // y-prosemirror writes the first half (with the drafter's split record) as the new element.
  // (3) Bob takes back his own proposal: y-prosemirror writes the SUP proposal after it into its
  // element. (4, 5) Bob takes back his own block or split: the block that stays is written into
  // the element of the one that went, and records of Alice's that went with his go from there.
  // (6) Bob's paste over his own whole-inserted number line makes it his paragraph mark only,
  // and Alice's deletion of that mark goes. (7) Bob deletes a range of whole proposals, his own
  // new one among them: y-prosemirror writes each remaining proposal into its neighbour's element.
  const found: [string, () => PMNode, Op[]][] = [
    ['an element reused for a pasted proposal', () => res30Doc({ maxBlocks: 8, maxChars: 50 }), [
      { kind: 'type', a: 0, b: 0, n: 55, bob: false }, { kind: 'retype', a: 10914, b: 0, n: 0, bob: false },
      { kind: 'type', a: 0, b: 0, n: 32, bob: false }, { kind: 'paste', a: 34466, b: 68041, n: 0, bob: false },
    ]],
    ['an element of a withdrawn proposal reused', () => res30Doc({ maxBlocks: 8, maxChars: 50 }), [
      { kind: 'split', a: 0, b: 0, n: 0, bob: false }, { kind: 'paste', a: 47317, b: 56309, n: 23, bob: true },
      { kind: 'range', a: 0, b: 19843, n: 0, bob: true },
    ]],
    ['a withdrawn block holding Alice\'s records', importedMarksDoc, [
      { kind: 'range', a: 8263, b: 770, n: 0, bob: false }, { kind: 'type', a: 0, b: 0, n: 0, bob: false },
      { kind: 'split', a: 18084, b: 0, n: 0, bob: true }, { kind: 'range', a: 4, b: 71518, n: 0, bob: false },
      { kind: 'range', a: 0, b: 648, n: 0, bob: true },
    ]],
    ['a withdrawn split of a block Alice inserted', importedMarksDoc, [
      { kind: 'backspace', a: 66249, b: 0, n: 0, bob: false }, { kind: 'paste', a: 0, b: 0, n: 55, bob: false },
      { kind: 'backspace', a: 17171, b: 0, n: 0, bob: false }, { kind: 'paste', a: 74908, b: 0, n: 83, bob: true },
      { kind: 'backspace', a: 75697, b: 0, n: 0, bob: true },
    ]],
    ['a paste over Bob\'s own number line that Alice deleted the mark of', importedMarksDoc, [
      { kind: 'paste', a: 77843, b: 23533, n: 0, bob: true }, { kind: 'range', a: 46944, b: 20147, n: 0, bob: false },
      { kind: 'paste', a: 1336, b: 20211, n: 67, bob: true },
    ]],
    ['proposals shifted along by a deletion of whole proposals', () => res30Doc({ maxBlocks: 8, maxChars: 50 }), [
      { kind: 'paste', a: 20771, b: 3, n: 68, bob: true }, { kind: 'paste', a: 2397, b: 0, n: 1, bob: true },
      { kind: 'type', a: 42, b: 0, n: 94, bob: false }, { kind: 'range', a: 4825, b: 99712, n: 0, bob: true },
    ]],
  ];
  for (const [name, original, ops] of found) {
    it(`refuses none of a sequence found by random seeds: ${name}`, () => {
      expect(refusals(original(), ops)).toEqual([]);
    });
  }

  // A sequence a random seed found: Bob's paste over a range starting in Alice's inserted number
  // line carries the rest of that line into his pasted paragraph. The engine used to make that
  // carried text his insertion (her authorship lost; the text check refused it); it now keeps her
  // insertion mark with his deletion on it. Still refused, rightly, by the block check: the line's
  // record that Alice inserted it whole is replaced by Bob's paragraph-mark record (a limit of the
  // engine when a paste splits a block inserted whole by someone else; this turns red when fixed).
  it('refuses, rightly, Bob\'s paste that splits Alice\'s inserted line (her text stays hers)', () => {
    const ops: Op[] = [
      { kind: 'paste', a: 32217, b: 14687, n: 0, bob: false }, { kind: 'paste', a: 66129, b: 84279, n: 1, bob: true },
    ];
    const original = res30Doc({ maxBlocks: 8, maxChars: 50 });
    expect(refusals(original, ops)).toEqual([expect.stringMatching(/^edit 1 .*other than by the drafter's suggestions/)]);
    let state = editorState(original, alice);
    for (const op of ops) state = trackedStep(state, op)!;
    const carried: string[] = [];
    state.doc.descendants((node) => {
      if (node.isText && node.text!.startsWith('ESOLUTION 30')) carried.push(node.marks.map((m) => `${m.type.name}:${m.attrs.author}`).sort().join(' '));
    });
    expect(carried).toEqual([`deletion:${bob.id} insertion:${alice.id}`]);
  });

  // A sequence a random seed found: Alice's two-paragraph paste into the number line of the
  // resolution splits the resolution, and the second half gets default attrs (no number). Her
  // withdrawing the paste (review 'reject') leaves the resolution split, so the edit is not
  // exactly a tracked change and the invariant refuses it (a limit of the engine; the block check
  // before it let this through as a reused element). Turns red when the engine's reject rejoins it.
  it('refuses, rightly, a paste that splits a resolution the reject cannot rejoin', () => {
    const ops: Op[] = [
      { kind: 'split', a: 0, b: 0, n: 0, bob: true }, { kind: 'range', a: 0, b: 6, n: 0, bob: false },
      { kind: 'paste', a: 0, b: 0, n: 1, bob: false },
    ];
    expect(refusals(importedMarksDoc(), ops)).toEqual([expect.stringMatching(/^edit 2 .*other than by the drafter's suggestions/)]);
  });

  it('refuses none (clean MOD text)', () => {
    const clean = res30Doc({ maxBlocks: 8, maxChars: 50 });
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 12 }), (ops) => {
      expect(refusals(clean, ops)).toEqual([]);
    }), RUNS);
  });

  it('refuses none (revision marks from the importer)', () => {
    const marked = importedMarksDoc();
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 12 }), (ops) => {
      expect(refusals(marked, ops)).toEqual([]);
    }), RUNS);
  });

  // Formatting by two drafters mixed with the text edits: one reformatting text the other
  // already reformatted keeps the other's record inside hers (format-change.ts `prior`), so it is
  // exactly a tracked change of hers. (Before, hers replaced the other's and was refused.)
  it('refuses none with formatting changes by both drafters mixed in', () => {
    const clean = res30Doc({ maxBlocks: 8, maxChars: 50 });
    const before = played.get('format') ?? 0;
    fc.assert(fc.property(fc.array(formatOpArb, { minLength: 1, maxLength: 12 }), (ops) => {
      expect(refusals(clean, ops)).toEqual([]);
    }), RUNS);
    expect((played.get('format') ?? 0) - before).toBeGreaterThan(100);
  });

  it('refuses none of a drafter reformatting the other\'s formatting (found: italic over her bold)', () => {
    const clean = res30Doc({ maxBlocks: 8, maxChars: 50 });
    for (let n = 0; n < 6; n++) {
      const ops: Op[] = [
        { kind: 'format', a: 1000, b: 3000, n, bob: false },
        { kind: 'format', a: 2000, b: 2600, n: n + 1, bob: true },
        { kind: 'format', a: 1500, b: 2800, n, bob: false },
      ];
      expect(refusals(clean, ops)).toEqual([]);
    }
  });
});
