// The drafter check's direct verdict for typing and Backspace (server/collab/drafter-check.ts,
// typedByDrafter) never accepts what the general check (withdraw her suggestions, compare)
// refuses: on random documents made by random tracked edits of two users, a random next edit made
// honestly in track mode, without track mode, or by the other user (checked as Alice) is accepted
// directly only if the general check accepts it too; and honest typing is accepted directly.
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { changedWindow, drafterVerdict, typedByDrafter } from '../../server/collab/drafter-check';
import { setTrackMode, suggestChanges } from '../../shared/track';
import { alice, importedMarksDoc, res30Doc } from './track-doc';
import { opArb, trackedStep } from './track-ops';

const seedEnv = process.env.FC_SEED;
const RUNS = { numRuns: 300, ...(seedEnv === 'random' ? {} : { seed: seedEnv ? Number(seedEnv) : 20261206 }) };
const ALICE = { id: alice.id, name: alice.name };

let direct = 0, honestTyping = 0, typedDirect = 0, refusedGenerally = 0;

function judge(before: PMNode, after: PMNode, honest: boolean, typing: boolean): void {
  const now = Date.now();
  const [a, b] = changedWindow(before, after);
  const fast = typedByDrafter(a, b, ALICE, now);
  const general = drafterVerdict(before, after, ALICE, now, false);
  if (general) refusedGenerally++;
  if (fast) {
    direct++;
    expect(general).toBeNull();
  }
  if (honest && typing) {
    honestTyping++;
    if (fast) typedDirect++;
  }
}

const editArb = fc.record({ op: opArb, how: fc.constantFrom('honest', 'honest', 'untracked', 'as bob') });

describe('the direct verdict for typing agrees with the general drafter check', () => {
  for (const [name, original] of [['a MOD text', res30Doc({ maxBlocks: 8, maxChars: 50 })], ['a text with agreed marks', importedMarksDoc()]] as const) {
    it(`on ${name} after random edits of two users`, () => {
      fc.assert(fc.property(fc.array(opArb, { maxLength: 8 }), fc.array(editArb, { minLength: 1, maxLength: 4 }), (ops, edits) => {
        let state = EditorState.create({ doc: original, plugins: [suggestChanges(alice)] });
        for (const op of ops) state = trackedStep(state, op) ?? state;
        for (const { op, how } of edits) {
          const edit = { ...op, bob: how === 'as bob' };
          let from = state;
          if (how === 'untracked') setTrackMode(false)(from, (tr) => { from = from.apply(tr); });
          const next = trackedStep(from, edit);
          if (!next) continue;
          judge(state.doc, next.doc, how === 'honest', op.kind === 'type' || op.kind === 'backspace' || op.kind === 'delete');
          if (how === 'honest') state = next;
        }
      }), RUNS);
    });
  }

  it('judged directly often, and refused generally often (not vacuous)', () => {
    expect(direct).toBeGreaterThan(60);
    expect(typedDirect / honestTyping).toBeGreaterThan(0.3);
    expect(refusedGenerally).toBeGreaterThan(50);
  });
});
