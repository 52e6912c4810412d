// Track mode on real editor transactions: each kind of edit becomes the right tracked change.
import { describe, expect, it } from 'vitest';
import { Fragment, Slice } from 'prosemirror-model';
import { deleteSelection, joinBackward, joinForward, splitBlock } from 'prosemirror-commands';
import { NodeSelection } from 'prosemirror-state';
import { schema, type BlockRevision } from '../../shared/schema';
import { listChanges, review, allChangeIds, isTrackMode, setTrackMode, trackUser } from '../../shared/track';
import { alice, apply, bob, editorState, importedMarksDoc, liveText, allText, posOf, res30Doc, run, stripRevisions, withCursor } from './track-doc';

const doc = res30Doc();
const ins = schema.marks.insertion, del = schema.marks.deletion;

function marksAt(state: ReturnType<typeof editorState>, pos: number) {
  return state.doc.resolve(pos).nodeAfter?.marks ?? [];
}

function records(state: ReturnType<typeof editorState>, pos: number): BlockRevision[] {
  return (state.doc.resolve(pos).parent.attrs.track as BlockRevision[] | null) ?? [];
}

describe('typing', () => {
  it('marks typed text as one insertion by the user, with the time', () => {
    const at = posOf(doc, 'Resolution 71');
    let state = withCursor(editorState(doc), at);
    const before = Date.now();
    for (const ch of 'new ') state = apply(state, (tr) => tr.insertText(ch));
    const changes = listChanges(state.doc);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'insertion', text: 'new ', author: alice.id, authorName: 'Alice', status: 'suggested', proposalRef: 'ECP/24A5/1' });
    expect(changes[0].time).toBeGreaterThanOrEqual(before);
    expect(state.doc.textBetween(at, at + 4)).toBe('new ');
    expect(state.selection.head).toBe(at + 4);
  });

  it('does nothing while track mode is off, and can be toggled', () => {
    let state = editorState(doc, alice, false);
    expect(isTrackMode(state)).toBe(false);
    state = apply(state, (tr) => tr.insertText('x', 5));
    expect(listChanges(state.doc)).toEqual([]);
    state = run(state, setTrackMode(true));
    expect(isTrackMode(state)).toBe(true);
    expect(trackUser(state)).toEqual(alice);
    state = apply(state, (tr) => tr.insertText('y', 5));
    expect(listChanges(state.doc).map((c) => c.text)).toEqual(['y']);
  });

  it('does not track transactions flagged untracked', () => {
    const state = apply(editorState(doc), (tr) => tr.insertText('x', 5).setMeta('draftroom/untracked', true));
    expect(listChanges(state.doc)).toEqual([]);
  });

  it('types outside a deletion, not into it', () => {
    const at = posOf(doc, 'United Nations');
    let state = apply(withCursor(editorState(doc), at + 6, at), (tr) => tr.deleteSelection());
    // cursor right after the deleted word, and inside it
    state = apply(withCursor(state, at + 6), (tr) => tr.insertText('A'));
    expect(state.doc.resolve(at + 6).nodeAfter!.text).toBe('A');
    expect(ins.isInSet(marksAt(state, at + 6))).toBeTruthy();
    expect(del.isInSet(marksAt(state, at + 6))).toBeFalsy();
    state = apply(withCursor(state, at + 3), (tr) => tr.insertText('B'));
    const kinds = listChanges(state.doc).map((c) => `${c.kind}:${c.text}`);
    expect(kinds).toContain('deletion:United');
    expect(liveText(state.doc)).toContain('BA Nations');
  });
});

describe('deleting', () => {
  it('Backspace marks a character deleted and moves the cursor before it', () => {
    const at = posOf(doc, 'Resolution 71', 10);
    let state = withCursor(editorState(doc), at + 1);
    state = apply(state, (tr) => tr.delete(at, at + 1));
    expect(state.doc.textBetween(at, at + 1)).toBe(' ');
    expect(del.isInSet(marksAt(state, at))?.attrs.author).toBe(alice.id);
    expect(state.selection.head).toBe(at);
    // a second Backspace grows the same deletion
    state = apply(state, (tr) => tr.delete(at - 1, at));
    const changes = listChanges(state.doc);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'deletion', text: 'n ' });
  });

  it('Delete marks the next character and moves the cursor after it', () => {
    const at = posOf(doc, 'Resolution 71');
    let state = withCursor(editorState(doc), at);
    state = apply(state, (tr) => tr.delete(at, at + 1));
    expect(state.selection.head).toBe(at + 1);
    state = apply(state, (tr) => tr.delete(at + 1, at + 2));
    expect(listChanges(state.doc).map((c) => c.text)).toEqual(['Re']);
  });

  it('Backspace skips text already deleted and deletes the next real character', () => {
    const at = posOf(doc, 'Resolution 71');
    let state = apply(withCursor(editorState(doc), at + 10, at + 5), (tr) => tr.deleteSelection());
    // after deleting a selection the cursor sits after the deleted text, where typing goes
    expect(state.selection.head).toBe(at + 10);
    state = apply(state, (tr) => tr.delete(at + 9, at + 10));
    expect(liveText(state.doc)).toContain('Reso 71');
    expect(listChanges(state.doc).map((c) => c.text)).toEqual(['lution']);
    expect(state.selection.head).toBe(at + 4);
  });

  it('deleting your own insertion removes it; deleting someone else\'s marks it deleted', () => {
    const at = posOf(doc, 'Resolution 71');
    let state = withCursor(editorState(doc), at);
    state = apply(state, (tr) => tr.insertText('abc'));
    state = apply(state, (tr) => tr.delete(at + 2, at + 3));
    expect(state.doc.textBetween(at, at + 3)).toBe('abR');
    state = EditorStateFor(state, bob);
    state = apply(withCursor(state, at + 2), (tr) => tr.delete(at + 1, at + 2));
    const b = state.doc.resolve(at + 1).nodeAfter!;
    expect(b.text).toBe('b');
    expect(ins.isInSet(b.marks)?.attrs.author).toBe(alice.id);
    expect(del.isInSet(b.marks)?.attrs.author).toBe(bob.id);
  });

  it('a selection across paragraphs keeps the text and records the deleted paragraph mark', () => {
    const from = posOf(doc, 'Agenda for Sustainable Development;') + 7;
    const to = posOf(doc, 'UNGA Resolution 70/125') + 4;
    let state = apply(withCursor(editorState(doc), from, to), (tr) => tr.deleteSelection());
    expect(allText(state.doc)).toBe(allText(doc));
    expect(records(state, from)).toMatchObject([{ kind: 'deletion', author: alice.id }]);
    const changes = listChanges(state.doc);
    expect(changes).toHaveLength(1);
    expect(changes[0].text).toBe('for Sustainable Development;\nb)\tUNGA');
    // reject restores the split, accept joins
    expect(review(state, [changes[0].id], 'reject').doc.toJSON()).toEqual(doc.toJSON());
    const accepted = state.apply(review(state, [changes[0].id], 'accept')).doc;
    const plain = editorState(doc, alice, false);
    expect(accepted.toJSON()).toEqual(apply(withCursor(plain, from, to), (tr) => tr.deleteSelection()).doc.toJSON());
  });

  it('joinBackward at a paragraph start records the previous block\'s paragraph mark', () => {
    const at = posOf(doc, 'b)\tUNGA');
    let state = run(withCursor(editorState(doc), at), joinBackward);
    expect(state.doc.childCount).toBe(doc.childCount);
    expect(allText(state.doc)).toBe(allText(doc));
    const [change] = listChanges(state.doc);
    expect(change).toMatchObject({ kind: 'deletion', text: '\n' });
    // Backspace again: the mark is already deleted, so the previous real character goes
    state = apply(state, (tr) => tr.delete(state.selection.head - 1, state.selection.head));
    expect(listChanges(state.doc)).toHaveLength(2);
    const accepted = state.apply(review(state, allChangeIds(state.doc), 'accept')).doc;
    expect(accepted.childCount).toBe(doc.childCount);
    expect(liveText(accepted)).toContain('Sustainable Developmentb)\tUNGA');
  });

  it('joinForward at a paragraph end does the same', () => {
    const at = posOf(doc, 'Agenda for Sustainable Development;', 35);
    const state = run(withCursor(editorState(doc), at), joinForward);
    expect(listChanges(state.doc)).toMatchObject([{ kind: 'deletion', text: '\n' }]);
    expect(records(state, at)).toHaveLength(1);
  });

  it('deleting a whole paragraph keeps it marked, and accept removes it', () => {
    const start = posOf(doc, 'b)\tUNGA') - 1;
    const node = doc.nodeAt(start)!;
    let state = editorState(doc);
    state = state.apply(state.tr.setSelection(NodeSelection.create(state.doc, start)));
    state = run(state, deleteSelection);
    expect(state.doc.nodeAt(start)!.textContent).toBe(node.textContent);
    const [change] = listChanges(state.doc);
    expect(change).toMatchObject({ kind: 'deletion', text: node.textContent + '\n' });
    const accepted = state.apply(review(state, [change.id], 'accept')).doc;
    expect(accepted.toJSON()).toEqual(doc.replace(start, start + node.nodeSize, Slice.empty).toJSON());
  });

  it('deleting a whole proposal unit keeps it, marked', () => {
    const start = posOf(doc, 'Suppression of Resolution 185') - 2;
    let state = editorState(doc);
    state = state.apply(state.tr.setSelection(NodeSelection.create(state.doc, start)));
    state = run(state, deleteSelection);
    expect(state.doc.toJSON().content).toHaveLength(3);
    const [change] = listChanges(state.doc);
    expect(change).toMatchObject({ kind: 'deletion', proposalRef: 'ECP/24A5/2' });
    expect(state.apply(review(state, [change.id], 'accept')).doc.childCount).toBe(2);
    expect(state.apply(review(state, [change.id], 'reject')).doc.toJSON()).toEqual(doc.toJSON());
  });
});

describe('replacing and pasting', () => {
  it('typing over a selection is a deletion plus an insertion after it', () => {
    const at = posOf(doc, 'Resolution 71');
    const state = apply(withCursor(editorState(doc), at, at + 10), (tr) => tr.insertText('Decision'));
    expect(listChanges(state.doc).map((c) => `${c.kind}:${c.text}`)).toEqual(['deletion:Resolution', 'insertion:Decision']);
    expect(state.selection.head).toBe(at + 18);
    expect(state.doc.textBetween(at, at + 18)).toBe('ResolutionDecision');
  });

  it('cut marks the selection deleted', () => {
    const at = posOf(doc, 'Resolution 71');
    const state = apply(withCursor(editorState(doc), at, at + 14), (tr) => tr.deleteSelection());
    expect(listChanges(state.doc).map((c) => c.text)).toEqual(['Resolution 71 ']);
  });

  it('pasting several blocks records the new paragraph marks and inserted text as one change', () => {
    const at = posOf(doc, 'Resolution 71', 11);
    const p = schema.nodes.item;
    const slice = new Slice(Fragment.from([p.create(null, schema.text('one')), p.create(null, schema.text('x)\ttwo')), p.create(null, schema.text('three'))]), 1, 1);
    const state = apply(withCursor(editorState(doc), at), (tr) => tr.replaceSelection(slice));
    const changes = listChanges(state.doc);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'insertion', text: 'one\nx)\ttwo\nthree' });
    expect(state.apply(review(state, [changes[0].id], 'reject')).doc.toJSON()).toEqual(doc.toJSON());
    const plain = apply(withCursor(editorState(doc, alice, false), at), (tr) => tr.replaceSelection(slice)).doc;
    expect(state.apply(review(state, [changes[0].id], 'accept')).doc.toJSON()).toEqual(plain.toJSON());
  });

  it('a paste whose last block takes the pasted type records the type change of that block', () => {
    const at = posOf(doc, 'UNGA Resolution 70/125', 5);
    const p = schema.nodes.paragraph;
    const slice = new Slice(Fragment.from([p.create(null, schema.text('end of one')), p.create(null, schema.text('start of two'))]), 1, 1);
    const state = apply(withCursor(editorState(doc), at), (tr) => tr.replaceSelection(slice));
    const last = state.doc.resolve(posOf(state.doc, 'start of two')).parent;
    expect(last.type.name).toBe('paragraph');
    expect(last.attrs.track).toMatchObject([{ kind: 'attribute', old: { type: 'item', level: 0 }, author: alice.id }]);
    const changes = listChanges(state.doc);
    expect(changes.map((c) => `${c.kind}:${c.text}`)).toEqual(['insertion:end of one\nstart of two', 'attribute:item → paragraph, level: 0 → (none)']);
    // rejecting everything gives back the item; rejecting the type change alone keeps the paste
    expect(state.apply(review(state, allChangeIds(state.doc), 'reject')).doc.toJSON()).toEqual(doc.toJSON());
    const retyped = state.apply(review(state, [changes[1].id], 'reject')).doc;
    expect(retyped.resolve(posOf(retyped, 'start of two')).parent.type.name).toBe('item');
    const plain = apply(withCursor(editorState(doc, alice, false), at), (tr) => tr.replaceSelection(slice)).doc;
    expect(state.apply(review(state, allChangeIds(state.doc), 'accept')).doc.toJSON()).toEqual(plain.toJSON());
  });

  it('pasted content loses revision marks it carried', () => {
    const foreign = schema.text('copied', [del.create({ id: 'x', author: 'u-carol', authorName: 'Carol', time: 1, status: 'agreed' })]);
    const state = apply(editorState(doc), (tr) => tr.replaceWith(5, 5, foreign));
    expect(listChanges(state.doc)).toMatchObject([{ kind: 'insertion', text: 'copied', author: alice.id }]);
  });
});

describe('blocks', () => {
  it('Enter records an inserted paragraph mark; reject joins, Backspace takes it back', () => {
    const at = posOf(doc, 'Resolution 71', 11);
    let state = run(withCursor(editorState(doc), at), splitBlock);
    expect(records(state, at)).toMatchObject([{ kind: 'insertion', author: alice.id }]);
    expect(listChanges(state.doc)).toMatchObject([{ kind: 'insertion', text: '\n' }]);
    expect(state.apply(review(state, allChangeIds(state.doc), 'reject')).doc.toJSON()).toEqual(doc.toJSON());
    state = run(state, joinBackward);
    expect(state.doc.toJSON()).toEqual(doc.toJSON());
  });

  it('Enter then typing gives an inserted paragraph; reject restores the original', () => {
    const at = posOf(doc, 'Agenda for Sustainable Development;', 35);
    let state = run(withCursor(editorState(doc), at), splitBlock);
    for (const ch of 'new item') state = apply(state, (tr) => tr.insertText(ch));
    expect(listChanges(state.doc).map((c) => c.text)).toEqual(['\n', 'new item']);
    expect(state.apply(review(state, allChangeIds(state.doc), 'reject')).doc.toJSON()).toEqual(doc.toJSON());
  });

  it('taking back a pasted item\'s own paragraph mark keeps the record of the number line it joins', () => {
    // Bob pastes three items at the start of a number line, then Backspace at the start of the second
    const marked = importedMarksDoc();
    const at = posOf(marked, 'RESOLUTION 64');
    const it3 = (label: string) => schema.nodes.item.create(null, schema.text(label));
    const slice = new Slice(Fragment.from([it3('x)\tfirst'), it3('y)\tsecond'), it3('z)\tthird')]), 1, 1);
    let state = apply(withCursor(editorState(marked, bob), at), (tr) => tr.replaceSelection(slice));
    state = run(withCursor(state, posOf(state.doc, 'y)\tsecond')), joinBackward);
    expect(state.doc.resolve(posOf(state.doc, 'y)\tsecond')).parent.type.name).toBe('number_line');
    const mine = allChangeIds(state.doc).filter((id) => !allChangeIds(marked).includes(id));
    expect(state.apply(review(state, mine, 'reject')).doc.toJSON()).toEqual(marked.toJSON());
  });

  it('deleting your own inserted items that hold someone else\'s edit keeps them, marked deleted whole', () => {
    const at = posOf(doc, 'b)\tUNGA') - 1;
    const items = [schema.nodes.item.create(null, schema.text('bbis)\tnew')), schema.nodes.item.create(null, schema.text('bter)\tnewer'))];
    let state = apply(editorState(doc, bob), (tr) => tr.insert(at, items));
    state = apply(editorState(state.doc, alice), (tr) => tr.insertText('Alice ', posOf(state.doc, 'new', 0)));
    state = apply(editorState(state.doc, bob), (tr) => tr.delete(at + 1, at + items[0].nodeSize + items[1].nodeSize + 6 + 1));
    expect(liveText(state.doc)).not.toContain('bbis');
    expect(allText(state.doc)).toContain('Alice ');
    expect(state.apply(review(state, allChangeIds(state.doc), 'reject')).doc.toJSON()).toEqual(doc.toJSON());
    expect(state.apply(review(state, allChangeIds(state.doc), 'accept')).doc.toJSON()).toEqual(doc.toJSON());
  });

  it('inserting a whole item is one insertion; reject removes it', () => {
    const at = posOf(doc, 'b)\tUNGA') - 1;
    const node = schema.nodes.item.create(null, schema.text('bbis)\tnew'));
    const state = apply(editorState(doc), (tr) => tr.insert(at, node));
    const changes = listChanges(state.doc);
    expect(changes).toMatchObject([{ kind: 'insertion', text: 'bbis)\tnew\n' }]);
    expect(state.apply(review(state, [changes[0].id], 'reject')).doc.toJSON()).toEqual(doc.toJSON());
    expect(state.apply(review(state, [changes[0].id], 'accept')).doc.toJSON()).toEqual(doc.replace(at, at, new Slice(Fragment.from(node), 0, 0)).toJSON());
  });
});

describe('attribute changes', () => {
  it('item -> heading is recorded with the old type, never as delete + insert', () => {
    const at = posOf(doc, 'b)\tUNGA') - 1;
    let state = apply(editorState(doc), (tr) => tr.setNodeMarkup(at, schema.nodes.heading, { level: 2 }));
    const node = state.doc.nodeAt(at)!;
    expect(node.type.name).toBe('heading');
    expect(node.attrs.track).toMatchObject([{ kind: 'attribute', old: { type: 'item', level: 0 }, author: alice.id }]);
    expect(node.textContent).toBe(doc.nodeAt(at)!.textContent);
    const [change] = listChanges(state.doc);
    expect(change).toMatchObject({ kind: 'attribute', text: 'item → heading, level: 0 → 2' });
    expect(state.apply(review(state, [change.id], 'reject')).doc.toJSON()).toEqual(doc.toJSON());
    // changing it back drops the record
    state = apply(state, (tr) => tr.setNodeMarkup(at, schema.nodes.item, { level: 0 }));
    expect(state.doc.toJSON()).toEqual(doc.toJSON());
  });

  it('proposal action MOD -> SUP and a ref change are attribute changes', () => {
    let state = editorState(doc);
    const pos = posOf(doc, 'RESOLUTION 30') - 3;
    expect(state.doc.nodeAt(pos)!.type.name).toBe('proposal');
    state = apply(state, (tr) => tr.setNodeMarkup(pos, undefined, { ...state.doc.nodeAt(pos)!.attrs, action: 'SUP' }));
    state = apply(state, (tr) => tr.setNodeAttribute(pos, 'ref', 'ECP/24A5/9'));
    const changes = listChanges(state.doc);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'attribute', text: 'action: MOD → SUP, ref: ECP/24A5/1 → ECP/24A5/9', proposalRef: 'ECP/24A5/9' });
    const accepted = state.apply(review(state, [changes[0].id], 'accept')).doc;
    expect(accepted.nodeAt(pos)!.attrs).toMatchObject({ action: 'SUP', ref: 'ECP/24A5/9', track: null });
    expect(state.apply(review(state, [changes[0].id], 'reject')).doc.toJSON()).toEqual(doc.toJSON());
  });
});

describe('stripRevisions helper', () => {
  it('is the identity on an untracked document', () => {
    expect(stripRevisions(doc)).toEqual(doc.toJSON());
  });
});

function EditorStateFor(state: ReturnType<typeof editorState>, user: typeof bob) {
  return editorState(state.doc, user);
}
