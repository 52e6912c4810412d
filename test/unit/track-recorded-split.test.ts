// Enter in track mode is settled by a local test instead of reviewing the neighbourhood
// (shared/track/recorded-split.ts): it must say yes exactly where the review says yes, and the
// direct path must give what the general replay gives (a property test on random documents).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { setBlockType, splitBlock } from 'prosemirror-commands';
import { EditorState, TextSelection } from 'prosemirror-state';
import { ReplaceStep, Transform } from 'prosemirror-transform';
import { schema } from '../../shared/schema';
import { suggestChanges, type TrackUser } from '../../shared/track';
import { reviewAgrees } from '../../shared/track/agreement';
import { isRecordedSplit, recordSplit } from '../../shared/track/recorded-split';
import { alice, apply, bob, editorState, importedMarksDoc, posOf, res30Doc, run, withCursor } from './track-doc';
import { opArb } from './track-ops';
import { canonical, knownValues, randomDoc, seededRuns } from './track-compare';

const doc = res30Doc();

/** The three documents of an Enter at the cursor: before, tracked, and the same Enter untracked. */
function enter(state: EditorState): { before: PMNode; tracked: PMNode; plain: PMNode; state: EditorState } {
  const next = run(state, splitBlock);
  const untracked = editorState(state.doc, undefined, false);
  const plain = run(untracked.apply(untracked.tr.setSelection(state.selection.map(state.doc, untracked.tr.mapping))), splitBlock).doc;
  return { before: state.doc, tracked: next.doc, plain, state: next };
}

describe('an Enter settled without review', () => {
  it('in a clean paragraph and in text typed in track mode, each time as the review says', () => {
    let state = withCursor(editorState(doc), posOf(doc, 'The World Telecommunication Development Conference', 'The World'.length));
    for (const words of ['first', 'second', 'third']) {
      const step = enter(state);
      expect(isRecordedSplit(step.tracked, step.before, step.plain)).toBe(true);
      expect(reviewAgrees(step.tracked, step.before, step.plain)).toBe(true);
      state = apply(step.state, (tr) => tr.insertText(` ${words} line`));
    }
    // the last Enters split blocks whose own paragraph marks are tracked insertions
    expect(state.doc.textContent).toContain(' third line');
  });

  it('not for a block with an attribute change, nor for a first half that lost its record', () => {
    const at = posOf(doc, 'The World Telecommunication Development Conference', 3);
    const retyped = run(withCursor(editorState(doc), at), setBlockType(schema.nodes.call_heading));
    const step = enter(retyped);
    expect(isRecordedSplit(step.tracked, step.before, step.plain)).toBe(false);
    expect(reviewAgrees(step.tracked, step.before, step.plain)).toBe(true);

    // The new paragraph mark's record moved to the second half: wrong, and both tests say so.
    const clean = enter(withCursor(editorState(doc), at));
    const $first = clean.tracked.resolve(at);
    const first = $first.before(), second = $first.after();
    const record = clean.tracked.nodeAt(first)!.attrs.track;
    const moved = editorState(clean.tracked, undefined, false).tr
      .setNodeAttribute(first, 'track', null).setNodeAttribute(second, 'track', record).doc;
    expect(isRecordedSplit(moved, clean.before, clean.plain)).toBe(false);
    expect(reviewAgrees(moved, clean.before, clean.plain)).toBe(false);
  });
});

/** Enter at a cursor at `pos` with track mode for `user`, the direct split path on or off; null when splitBlock does not apply. */
function pressEnter(doc: PMNode, pos: number, user: TrackUser, direct: boolean): { state: EditorState; step: ReplaceStep | null } | null {
  let state = EditorState.create({ doc, plugins: [suggestChanges(user, { directSplits: direct })] });
  state = state.apply(state.tr.setSelection(TextSelection.create(doc, pos)));
  let step: ReplaceStep | null = null, next: EditorState | null = null;
  try {
    splitBlock(state, (tr) => {
      step = tr.steps.length === 1 && tr.steps[0] instanceof ReplaceStep ? tr.steps[0] : null;
      next = state.apply(tr);
    });
  } catch {
    return null; // splitBlock can throw on this schema (see track-ops.ts): not applicable
  }
  return next ? { state: next, step } : null;
}

let compared = 0, direct = 0, unchanged = 0;

/** Compares Enter at `at` (taken near the cursor of `doc`'s last edit when `near`); returns the document after it and a typed word. */
function compareEnter(doc: PMNode, at: number, user: TrackUser, near?: number): PMNode {
  const size = doc.content.size;
  const pos = TextSelection.near(doc.resolve(near != null ? Math.max(0, Math.min(size, near - (at % 8))) : at % (size + 1))).head;
  const since = Date.now();
  const fast = pressEnter(doc, pos, user, true);
  const general = pressEnter(doc, pos, user, false);
  expect(!!fast).toBe(!!general);
  if (!fast || !general) return doc;
  compared++;
  if (fast.step) {
    const plain = fast.step.apply(doc).doc!;
    const tr = new Transform(plain);
    if (recordSplit(tr, fast.step, doc, plain, user, 0)) {
      direct++;
      if (tr.doc.eq(plain)) unchanged++;
    }
  }
  const known = knownValues(doc);
  expect(canonical(fast.state.doc, known, since)).toEqual(canonical(general.state.doc, known, since));
  expect(fast.state.selection.toJSON()).toEqual(general.state.selection.toJSON());
  // typing on after the Enter, as a writer does: the next Enter may split what was typed
  return fast.state.apply(fast.state.tr.insertText(`w${compared} `)).doc;
}

/** The cursor after the last word typed: the end of the last insertion of `doc` made by compareEnter. */
function lastTyped(doc: PMNode): number | undefined {
  let end: number | undefined, n = -1;
  doc.descendants((node, pos) => {
    const m = node.isText ? /w(\d+) $/.exec(node.text!) : null;
    if (m && Number(m[1]) > n) { n = Number(m[1]); end = pos + node.nodeSize; }
    return true;
  });
  return end;
}

describe('Enter in track mode: the direct path gives what the general replay gives', () => {
  const clean = res30Doc({ maxBlocks: 8, maxChars: 50 });
  const marked = importedMarksDoc();
  const enterArb = fc.record({ at: fc.nat(100_000), bob: fc.boolean(), near: fc.boolean() });

  for (const [name, original] of [['a MOD text', clean], ['a text with the importer\'s agreed marks', marked]] as const) {
    it(`on ${name} after random edits of two users`, () => {
      fc.assert(fc.property(fc.array(opArb, { maxLength: 8 }), fc.array(enterArb, { minLength: 1, maxLength: 8 }), (ops, enters) => {
        let doc = randomDoc(original, ops);
        for (const e of enters) doc = compareEnter(doc, e.at, e.bob ? bob : alice, e.near ? lastTyped(doc) : undefined);
      }), seededRuns(200, 20261207));
    });
  }

  it('in one\'s own inserted paragraphs, where the split copies the record the new mark gets', () => {
    // typed in track mode: each Enter splits a paragraph whose own mark is the user's insertion
    let state = withCursor(editorState(clean), posOf(clean, 'The World Telecommunication Development Conference', 3));
    for (const words of ['one', 'two', 'three']) {
      state = apply(run(state, splitBlock), (tr) => tr.insertText(`${words} words`));
      compareEnter(state.doc, state.selection.head - 3, alice);
      compareEnter(state.doc, state.selection.head, alice);
    }
  });

  it('took the direct path for most Enters, also where the split alone is the tracked form (not vacuous)', () => {
    expect(compared).toBeGreaterThan(500);
    expect(direct / compared).toBeGreaterThan(0.3);
    expect(unchanged).toBeGreaterThan(2);
  });
});
