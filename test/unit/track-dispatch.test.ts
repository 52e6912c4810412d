// The editor's dispatch in track mode (trackBeforeApply, shared/track/plugin.ts) adds the steps
// that track a local edit to the user's transaction before it is applied; what it gives must be
// what applying the plain transaction gives through the plugin's appendTransaction. On random
// documents made by random edit sequences of two users, every kind of edit of the property tests
// (typing, Backspace and Delete with joins, range deletions across blocks and depths, Enter,
// pastes, block type and proposal attribute changes, formatting) at random places: the same
// document, marks, block records and selection both ways, and a refused edit refused both ways.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, type Transaction } from 'prosemirror-state';
import { splitBlock } from 'prosemirror-commands';
import { schema } from '../../shared/schema';
import { REVIEW_META, UNTRACKED_META, review, suggestChanges, trackBeforeApply, trackPluginKey, trackRefusal, type TrackUser } from '../../shared/track';
import { alice, bob, importedMarksDoc, posOf, res30Doc, withCursor } from './track-doc';
import { formatOpArb, opCommand, type Op } from './track-ops';
import { canonical, knownValues, randomDoc, seededRuns } from './track-compare';

let compared = 0, merged = 0, refused = 0;

/** The op's transaction on a track-mode state of `doc` for `user`, or null where it does not apply. */
function edit(doc: PMNode, op: Op, user: TrackUser): { state: EditorState; tr: Transaction } | null {
  const start = EditorState.create({ doc, plugins: [suggestChanges(user)] });
  const made = opCommand(start, op);
  if (!made) return null;
  let tr: Transaction | null = null;
  try {
    made.command(made.state, (t) => { tr = t; });
  } catch {
    return null; // splitBlock can throw on this schema (see track-ops.ts): not applicable
  }
  return tr ? { state: made.state, tr } : null;
}

function compareDispatch(doc: PMNode, op: Op): void {
  const user = op.bob ? bob : alice;
  const since = Date.now();
  // the same transaction twice: built twice on the same state (a transaction is applied once)
  const a = edit(doc, op, user), b = edit(doc, op, user);
  if (!a || !b) return;
  compared++;
  const before = trackBeforeApply(a.state, a.tr);
  if (before.getMeta(trackPluginKey)) merged++;
  const viaDispatch = a.state.applyTransaction(before);
  const viaAppend = b.state.applyTransaction(b.tr);
  const refusedAppend = viaAppend.transactions.map(trackRefusal).find((r) => r) ?? null;
  const refusedDispatch = viaDispatch.transactions.map(trackRefusal).find((r) => r) ?? null;
  expect(refusedDispatch).toBe(refusedAppend);
  if (refusedAppend) refused++;
  const known = knownValues(doc);
  expect(canonical(viaDispatch.state.doc, known, since)).toEqual(canonical(viaAppend.state.doc, known, since));
  expect(viaDispatch.state.selection.toJSON()).toEqual(viaAppend.state.selection.toJSON());
  expect(viaDispatch.state.storedMarks).toEqual(viaAppend.state.storedMarks);
}

describe('track mode through the editor\'s dispatch: the edit tracked before it is applied gives what appendTransaction gives', () => {
  const clean = res30Doc({ maxBlocks: 8, maxChars: 50 });
  const marked = importedMarksDoc();

  for (const [name, original] of [['a MOD text', clean], ['a text with the importer\'s agreed marks', marked]] as const) {
    it(`on ${name} after random edits of two users`, () => {
      fc.assert(fc.property(fc.array(formatOpArb, { maxLength: 8 }), fc.array(formatOpArb, { minLength: 1, maxLength: 6 }), (ops, edits) => {
        const doc = randomDoc(original, ops);
        for (const op of edits) compareDispatch(doc, op);
      }), seededRuns(200, 20261208));
    });
  }

  it('leaves remote, review, untracked and already tracked transactions and track-mode switches as they are', () => {
    const state = withCursor(EditorState.create({ doc: clean, plugins: [suggestChanges(alice)] }), posOf(clean, 'The World', 3));
    for (const meta of [UNTRACKED_META, REVIEW_META]) {
      const tr = state.tr.insertText('x').setMeta(meta, true);
      expect(trackBeforeApply(state, tr)).toBe(tr);
      expect(tr.steps).toHaveLength(1);
    }
    const off = state.apply(state.tr.setMeta(trackPluginKey, { enabled: false }));
    const tr = off.tr.insertText('x');
    expect(trackBeforeApply(off, tr).steps).toHaveLength(1);
    // a transaction made on another state is not touched
    const other = state.apply(state.tr.insertText('y'));
    const stale = other.tr.insertText('z');
    expect(trackBeforeApply(state, stale).steps).toHaveLength(1);
    // the review's transaction carries REVIEW_META: applied as it is
    const typed = state.apply(trackBeforeApply(state, state.tr.insertText('new')));
    const ids = [...new Set(typed.doc.resolve(typed.selection.head).marks().map((m) => m.attrs.id as string))];
    const reviewTr = review(typed, ids, 'accept');
    expect(trackBeforeApply(typed, reviewTr)).toBe(reviewTr);
  });

  it('typing and Enter are tracked in the user\'s own transaction, applied once', () => {
    let state = withCursor(EditorState.create({ doc: clean, plugins: [suggestChanges(alice)] }), posOf(clean, 'The World', 3));
    const tr = trackBeforeApply(state, state.tr.insertText('new'));
    expect(tr.getMeta(trackPluginKey)).toEqual({ tracked: true });
    const { state: typed, transactions } = state.applyTransaction(tr);
    expect(transactions).toHaveLength(1);
    expect(schema.marks.insertion.isInSet(typed.doc.resolve(typed.selection.head - 1).marks())).toBeTruthy();
    state = typed;
    let enter: Transaction | null = null;
    splitBlock(state, (t) => { enter = t; });
    expect(state.applyTransaction(trackBeforeApply(state, enter!)).transactions).toHaveLength(1);
  });

  it('compared many edits, most of them merged (not vacuous)', () => {
    expect(compared).toBeGreaterThan(1000);
    expect(merged / compared).toBeGreaterThan(0.8);
  });
});
