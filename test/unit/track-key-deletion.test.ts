// The direct path for Backspace and Delete (shared/track/key-deletion.ts) against the general
// replay (suggestChanges with directDeletions: false): on random documents made by random edit
// sequences of two users (their insertions and deletions, the importer's agreed marks, block
// records from splits and joins), Backspace and Delete at random places (inside and at the edges
// of others' and one's own insertions and deletions, at mark boundaries, at block boundaries:
// joins) give the same document, marks and block records, and the same selection, both ways.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import { joinBackward, joinForward } from 'prosemirror-commands';
import { ReplaceStep } from 'prosemirror-transform';
import { suggestChanges, type TrackUser } from '../../shared/track';
import { trackKeyDeletion } from '../../shared/track/key-deletion';
import { alice, bob, importedMarksDoc, res30Doc } from './track-doc';
import { opArb } from './track-ops';
import { canonical, knownValues, randomDoc, seededRuns } from './track-compare';

const RUNS = seededRuns(300, 20261206);

/** Backspace (-1) or Delete (1) at `pos` as the keymap makes it: one character, or a join at a block boundary. */
function key(dir: -1 | 1, pos: number): Command {
  return (state, dispatch) => {
    const $pos = state.doc.resolve(pos);
    if (dir < 0 && $pos.parentOffset > 0) { dispatch?.(state.tr.delete(pos - 1, pos)); return true; }
    if (dir > 0 && $pos.parentOffset < $pos.parent.content.size) { dispatch?.(state.tr.delete(pos, pos + 1)); return true; }
    return (dir < 0 ? joinBackward : joinForward)(state, dispatch);
  };
}

/** The state after `command` at a cursor at `pos`, with track mode for `user` (direct deletions on or off); null when it does not apply. */
function press(doc: PMNode, pos: number, command: Command, user: TrackUser, direct: boolean): { state: EditorState; tr: Transaction } | null {
  let state = EditorState.create({ doc, plugins: [suggestChanges(user, { directDeletions: direct })] });
  state = state.apply(state.tr.setSelection(TextSelection.create(doc, pos)));
  let tr: Transaction | null = null;
  if (!command(state, (t) => { tr = t; }) || !tr) return null;
  return { state: state.apply(tr), tr };
}

let direct = 0, joins = 0, compared = 0;

function compare(doc: PMNode, at: number, dir: -1 | 1, user: TrackUser): void {
  const pos = TextSelection.near(doc.resolve(at % (doc.content.size + 1))).head;
  const fast = press(doc, pos, key(dir, pos), user, true);
  const general = press(doc, pos, key(dir, pos), user, false);
  expect(!!fast).toBe(!!general);
  if (!fast || !general) return;
  compared++;
  const step = fast.tr.steps[0];
  if (fast.tr.steps.length === 1 && step instanceof ReplaceStep && trackKeyDeletion(fast.tr.doc, step, doc, user, 0, dir)) {
    direct++;
    if (!doc.resolve(step.from).sameParent(doc.resolve(step.to))) joins++;
  }
  const known = knownValues(doc);
  expect(canonical(fast.state.doc, known)).toEqual(canonical(general.state.doc, known));
  expect(fast.state.selection.toJSON()).toEqual(general.state.selection.toJSON());
}

const keyArb = fc.record({ at: fc.nat(100_000), dir: fc.constantFrom(-1 as const, 1 as const), bob: fc.boolean() });

describe('Backspace and Delete in track mode: the direct path gives what the general one gives', () => {
  const clean = res30Doc({ maxBlocks: 8, maxChars: 50 });
  const marked = importedMarksDoc();

  for (const [name, original] of [['a MOD text', clean], ['a text with the importer\'s agreed marks', marked]] as const) {
    it(`on ${name} after random edits of two users`, () => {
      fc.assert(fc.property(fc.array(opArb, { maxLength: 10 }), fc.array(keyArb, { minLength: 1, maxLength: 6 }), (ops, keys) => {
        const doc = randomDoc(original, ops);
        for (const k of keys) compare(doc, k.at, k.dir, k.bob ? bob : alice);
      }), RUNS);
    });
  }

  it('took the direct path for most keys (not vacuous)', () => {
    expect(compared).toBeGreaterThan(1000);
    expect(direct / compared).toBeGreaterThan(0.5);
    expect(joins).toBeGreaterThan(20);
  });
});
