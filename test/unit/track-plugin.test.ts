// What track mode leaves alone (remote sync, undo/redo, review, flagged transactions), change ids,
// and review by selection: real plugins (prosemirror-history, y-prosemirror's key) on real states.
import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { splitBlock } from 'prosemirror-commands';
import { schema } from '../../shared/schema';
import { history, redo, undo } from 'prosemirror-history';
import { ySyncPluginKey } from 'y-prosemirror';
import {
  allChangeIds, changeIdsByAuthor, changeIdsInProposal, changeIdsInRange, listChanges, review, suggestChanges, trackedTextInput, trackRefusal,
} from '../../shared/track';
import { alice, apply, bob, editorState, posOf, res30Doc, run, withCursor } from './track-doc';

const doc = res30Doc();

describe('transactions that are never tracked', () => {
  it('remote changes from y-prosemirror', () => {
    const state = apply(editorState(doc), (tr) => tr.insertText('remote', 5).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
    expect(state.doc.textContent).toContain('remote');
    expect(listChanges(state.doc)).toEqual([]);
  });

  it('undo and redo of prosemirror-history: undo takes the tracked edit back whole', () => {
    let state = EditorState.create({ doc, plugins: [history(), suggestChanges(alice)] });
    const at = posOf(doc, 'Resolution 71');
    state = withCursor(state, at, at + 10);
    state = apply(state, (tr) => tr.insertText('Decision'));
    expect(listChanges(state.doc).map((c) => c.kind)).toEqual(['deletion', 'insertion']);
    state = run(state, undo);
    expect(state.doc.toJSON()).toEqual(doc.toJSON());
    state = run(state, redo);
    expect(listChanges(state.doc).map((c) => `${c.kind}:${c.text}`)).toEqual(['deletion:Resolution', 'insertion:Decision']);
  });

  it('review transactions', () => {
    let state = apply(editorState(doc), (tr) => tr.insertText('abc', 5));
    state = state.apply(review(state, allChangeIds(state.doc), 'accept'));
    expect(listChanges(state.doc)).toEqual([]);
    expect(state.doc.textContent).toContain('abc');
  });
});

describe('typing through the text input handler', () => {
  it('inserts marked text in one step, like the replayed insertText', () => {
    const at = posOf(doc, 'Resolution 71');
    let viaInput = withCursor(editorState(doc), at), viaApply = viaInput;
    for (const ch of 'new ') {
      const tr = trackedTextInput(viaInput, viaInput.selection.from, viaInput.selection.to, ch)!;
      expect(tr.steps).toHaveLength(1);
      viaInput = viaInput.apply(tr);
      viaApply = apply(viaApply, (t) => t.insertText(ch));
    }
    const strip = (c: ReturnType<typeof listChanges>[number]) => ({ ...c, id: '', time: 0 });
    expect(listChanges(viaInput.doc).map(strip)).toEqual(listChanges(viaApply.doc).map(strip));
    expect(viaInput.selection.head).toBe(viaApply.selection.head);
  });

  it('puts the caret where the browser has it, never back at a stale state selection', () => {
    // the state still holds the caret from before a click at `at` (its selectionchange not read yet)
    const at = posOf(doc, 'Resolution 71');
    const stale = withCursor(editorState(doc), 3);
    const after = trackedTextInput(stale, at, at, 'Q')!;
    expect(after.selection.head).toBe(at + 1);
    expect(stale.apply(after).doc.textBetween(at, at + 1)).toBe('Q');
    // with the browser's caret (ProseMirror's default transaction reads it from the DOM)
    const browser = TextSelection.create(after.doc, at + 1);
    expect(trackedTextInput(stale, at, at, 'Q', browser)!.selection.head).toBe(at + 1);
  });

  it('leaves typing inside deleted text and over a selection to the replay', () => {
    const at = posOf(doc, 'Resolution 71');
    const state = apply(withCursor(editorState(doc), at, at + 10), (tr) => tr.deleteSelection());
    expect(trackedTextInput(state, at + 3, at + 3, 'x')).toBeNull();
    expect(trackedTextInput(state, at, at + 2, 'x')).toBeNull();
    expect(trackedTextInput(editorState(doc, alice, false), at, at, 'x')).toBeNull();
  });
});

describe('change ids', () => {
  it('start with a random session id, count on and end in random bits, so two clients never make the same id and no one can tell the next', () => {
    const a = apply(editorState(doc, alice), (tr) => tr.insertText('x', 5));
    const b = apply(editorState(doc, bob), (tr) => tr.insertText('x', 5));
    const [ia, ib] = [allChangeIds(a.doc)[0], allChangeIds(b.doc)[0]];
    expect(ia).not.toBe(ib);
    expect(ia).toMatch(/^[0-9a-f-]{36}\.[0-9a-z]+\.[0-9a-z]+$/);
    const next = apply(a, (tr) => tr.insertText('y', 30));
    const later = allChangeIds(next.doc).find((id) => id !== ia)!;
    // the same session, a later count, and random bits: not to be told from the first
    expect(later.split('.')[0]).toBe(ia.split('.')[0]);
    expect(parseInt(later.split('.')[1], 36)).toBeGreaterThan(parseInt(ia.split('.')[1], 36));
    expect(later.split('.')[2]).not.toBe(ia.split('.')[2]);
  });

  it('separate edits by one author are separate changes; edits by another author never merge', () => {
    let state = apply(editorState(doc, alice), (tr) => tr.insertText('one ', 5));
    state = apply(state, (tr) => tr.insertText('two ', 40));
    state = apply(editorState(state.doc, bob), (tr) => tr.insertText('three', 9));
    const changes = listChanges(state.doc);
    expect(changes.map((c) => [c.authorName, c.text])).toEqual([['Alice', 'one '], ['Bob', 'three'], ['Alice', 'two ']]);
  });
});

describe('review by selection', () => {
  let state = editorState(doc, alice);
  state = apply(state, (tr) => tr.insertText('A1 ', posOf(doc, 'Resolution 71')));
  state = apply(editorState(state.doc, bob), (tr) => tr.delete(posOf(state.doc, 'Suppression'), posOf(state.doc, 'Suppression') + 12));
  const changes = listChanges(state.doc);

  it('selects one author, one proposal, a range', () => {
    expect(changeIdsByAuthor(state.doc, bob.id)).toEqual([changes[1].id]);
    expect(changeIdsInProposal(state.doc, 'ECP/24A5/2')).toEqual([changes[1].id]);
    expect(changeIdsInProposal(state.doc, 'ECP/24A5/1')).toEqual([changes[0].id]);
    expect(changeIdsInRange(state.doc, changes[0].from + 1, changes[0].from + 1)).toEqual([changes[0].id]);
    expect(changeIdsInRange(state.doc, 0, state.doc.content.size)).toEqual(allChangeIds(state.doc));
  });

  it('agree keeps the marks with status agreed, for the chosen changes only', () => {
    const agreed = state.apply(review(state, changeIdsByAuthor(state.doc, bob.id), 'agree')).doc;
    expect(listChanges(agreed).map((c) => [c.authorName, c.status])).toEqual([['Alice', 'suggested'], ['Bob', 'agreed']]);
    expect(agreed.textContent).toBe(state.doc.textContent);
  });

  it('rejects bad input with a clear error', () => {
    expect(() => review(state, allChangeIds(state.doc), 'merge' as never)).toThrow(/unknown action "merge"/);
    expect(() => review(state, 'x' as never, 'agree')).toThrow(/ids must be an array/);
    expect(() => suggestChanges({ id: '', name: 'x' })).toThrow(/user.id/);
    expect(review(state, ['no-such-id'], 'reject').docChanged).toBe(false);
  });
});

describe('an edit track mode cannot record', () => {
  // Cover fields carry no block records, so a new one (Enter in the title field) can be recorded
  // neither step by step nor as whole blocks: the edit is refused.
  const { cover, cover_field: field } = schema.nodes;
  const withCover = schema.node('doc', null, [
    cover.create(null, [field.create({ name: 'title' }, schema.text('Proposals for the work of the conference')), field.create({ name: 'source' }, schema.text('CEPT'))]),
    ...doc.content.content,
  ]);
  const inTitle = posOf(withCover, 'for the work');

  it('is taken back whole, with the reason on the transaction, never applied untracked', () => {
    const state = withCursor(EditorState.create({ doc: withCover, plugins: [history(), suggestChanges(alice)] }), inTitle);
    let tr: Transaction | null = null;
    splitBlock(state, (t) => { tr = t; });
    const { state: next, transactions } = state.applyTransaction(tr!);
    expect(next.doc.toJSON()).toEqual(withCover.toJSON());
    expect(next.selection.toJSON()).toEqual(state.selection.toJSON());
    expect(trackRefusal(transactions[transactions.length - 1])).toMatch(/cannot be recorded/);
    // undo has nothing to take back, and the document still edits normally
    undo(next, (t) => expect(next.apply(t).doc.toJSON()).toEqual(withCover.toJSON()));
    const typed = apply(next, (t) => t.insertText('new '));
    expect(listChanges(typed.doc).map((c) => `${c.kind}:${c.text}`)).toEqual(['insertion:new ']);
  });

  it('edits it can record are not refused', () => {
    const state = withCursor(EditorState.create({ doc: withCover, plugins: [suggestChanges(alice)] }), posOf(withCover, 'Resolution 71', 11));
    const { transactions } = state.applyTransaction(state.tr.split(state.selection.from));
    expect(transactions).toHaveLength(2);
    expect(trackRefusal(transactions[1])).toBeNull();
  });
});
