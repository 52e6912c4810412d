// collab/untracked.ts reads a transaction's edits in proportion to the edit, not the text: on
// random edits of two users, tracked and untracked, written by y-prosemirror into a Y.Doc, it
// says what the whole walk of every touched text (untracked-reference.ts, its former code) says.
import fc from 'fast-check';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateYFragment } from 'y-prosemirror';
import { UntrackedEdits } from '../../server/collab/untracked';
import { isUntrackedEditReference as reference } from './untracked-reference';
import { setTrackMode, suggestChanges } from '../../shared/track';
import { alice, importedMarksDoc, res30Doc } from './track-doc';
import { formatOpArb, trackedStep } from './track-ops';

const seedEnv = process.env.FC_SEED;
const RUNS = { numRuns: 150, ...(seedEnv === 'random' ? {} : { seed: seedEnv ? Number(seedEnv) : 20261206 }) };
const seen = { untracked: 0, tracked: 0 };

describe('the untracked-edit walk', () => {
  for (const [name, original] of [['a MOD text', res30Doc({ maxBlocks: 8, maxChars: 50 })], ['a text with agreed marks', importedMarksDoc()]] as const) {
    it(`agrees with the whole walk on ${name}`, () => {
      fc.assert(fc.property(fc.array(fc.record({ op: formatOpArb, tracked: fc.boolean() }), { minLength: 1, maxLength: 10 }), (edits) => {
        const ydoc = new Y.Doc();
        const fragment = ydoc.getXmlFragment('prosemirror');
        const meta = { mapping: new Map(), isOMark: new Map() };
        let state = EditorState.create({ doc: original, plugins: [suggestChanges(alice)] });
        ydoc.transact(() => updateYFragment(ydoc, fragment, state.doc, meta));
        const verdicts: [boolean, boolean][] = [];
        const reader = new UntrackedEdits(fragment);
        ydoc.on('afterTransaction', (tr: Y.Transaction) => verdicts.push([reader.read(tr), reference(tr, fragment)]));
        for (const { op, tracked } of edits) {
          let from = state;
          setTrackMode(tracked)(from, (tr) => { from = from.apply(tr); });
          const next = trackedStep(from, op);
          if (!next) continue;
          state = next;
          ydoc.transact(() => updateYFragment(ydoc, fragment, state.doc, meta));
        }
        for (const [fast, whole] of verdicts) {
          expect(fast).toBe(whole);
          seen[whole ? 'untracked' : 'tracked']++;
        }
      }), RUNS);
    });
  }

  it('saw both verdicts (not vacuous)', () => {
    expect(seen.untracked).toBeGreaterThan(50);
    expect(seen.tracked).toBeGreaterThan(50);
  });
});
