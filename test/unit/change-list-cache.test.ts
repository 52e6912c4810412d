// The change list is built from per-block contributions cached on the (immutable) nodes
// (shared/track/change-events.ts): after any sequence of tracked edits, listing a document whose
// untouched blocks were listed before (warm cache) must give exactly the listing of an equal
// document made of fresh nodes (no cache), positions, texts, proposals and descriptions included.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { schema } from '../../shared/schema';
import { importDocument } from '../../shared/import';
import { listChanges } from '../../shared/track';
import { fixture, importedMarksDoc, res30Doc } from './track-doc';
import { formatOpArb, play, type Op } from './track-ops';

const cold = (doc: PMNode) => listChanges(schema.nodeFromJSON(doc.toJSON()));

/** Plays `ops` one more at a time from `original`, listing every intermediate document (warming the cache). */
function check(original: PMNode, ops: Op[]): number {
  listChanges(original);
  let changes = 0;
  for (let k = 1; k <= ops.length; k++) {
    const doc = play(original, ops.slice(0, k)).tracked.doc;
    const warm = listChanges(doc);
    expect(warm).toEqual(cold(doc));
    changes = warm.length;
  }
  return changes;
}

const RUNS = { numRuns: 25, seed: 20261206 };

describe('the change list with cached block contributions', () => {
  let table: PMNode;
  beforeAll(async () => {
    // the start of the TSAG mapping document: a letter, a cover table and two real tables
    table = await importDocument(fixture('tsag-mapping-excerpt.txt'), { format: 'text' });
  });

  it('lists exactly what a fresh document lists, after random tracked edits (proposal with imported marks)', () => {
    fc.assert(fc.property(fc.array(formatOpArb, { minLength: 1, maxLength: 6 }), (ops) => { check(importedMarksDoc(), ops); }), RUNS);
  });

  it('the same on a clean MOD proposal and on tables', () => {
    const clean = res30Doc({ maxBlocks: 8, maxChars: 50 });
    let listed = 0;
    fc.assert(fc.property(fc.array(formatOpArb, { minLength: 1, maxLength: 6 }), (ops) => {
      listed += check(clean, ops) + check(table, ops);
    }), RUNS);
    expect(listed).toBeGreaterThan(RUNS.numRuns); // the edits were tracked: there were changes to list
  });

  it('reuses the contributions of untouched blocks: the same listing object per node', async () => {
    const { blockEvents } = await import('../../shared/track/change-events');
    const doc = play(table, [{ kind: 'type', a: 200, b: 0, n: 1, bob: false }]).tracked.doc;
    let same = 0, all = 0;
    doc.forEach((block, _offset, i) => {
      all++;
      if (blockEvents(block) === blockEvents(table.child(i))) same++;
    });
    expect(all).toBe(table.childCount);
    expect(same).toBe(all - 1); // only the block typed in was looked at again
  });
});
