// Tracked formatting: bold, italic, underline, super/subscript and links changed in track mode
// become `formatChange` marks with the formatting before; listed as kind `format`, reviewed
// exactly (reject gives the old formatting back). Real plugin, real commands (toggleMark).
import { describe, expect, it } from 'vitest';
import { toggleMark } from 'prosemirror-commands';
import { history, undo } from 'prosemirror-history';
import { EditorState as State } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import { schema } from '../../shared/schema';
import { removeLink, setLink } from '../../shared/model/commands';
import { allChangeIds, listChanges, review, changeIdsByAuthor, suggestChanges } from '../../shared/track';
import { alice, apply, bob, editorState, posOf, res30Doc, run, withCursor } from './track-doc';

const doc = res30Doc({ maxBlocks: 6 });
const W = 'General Assembly';
const { strong, em, superscript, subscript, link, formatChange } = schema.marks;

/** Select `word` (its first occurrence) and run `command`. */
function format(state: EditorState, word: string, command = toggleMark(strong)): EditorState {
  const at = posOf(state.doc, word);
  return run(withCursor(state, at, at + word.length), command);
}

/** The marks (names) on the text of `word`'s first character. */
function marksAt(d: PMNode, word: string): string[] {
  return d.nodeAt(posOf(d, word))!.marks.map((m) => m.type.name);
}

const as = (state: EditorState, user: typeof alice) => editorState(state.doc, user);

describe('formatting in track mode', () => {
  it('bold on a word is one format change by the author with the old marks', () => {
    const state = format(editorState(doc), W);
    expect(marksAt(state.doc, W)).toEqual(['formatChange', 'strong']);
    const [change] = listChanges(state.doc);
    expect(change).toMatchObject({ kind: 'format', author: alice.id, authorName: 'Alice', status: 'suggested', text: W, description: 'Formatted: bold' });
    const mark = formatChange.isInSet(state.doc.nodeAt(posOf(state.doc, W))!.marks)!;
    expect(mark.attrs.before).toEqual([]);
  });

  it('removing formatting reads "not italic", and the old marks are kept in before', () => {
    const at = posOf(doc, W);
    const italic = apply(editorState(doc, alice, false), (tr) => tr.addMark(at, at + W.length, em.create()).addMark(at, at + W.length, strong.create()));
    const state = format(as(italic, alice), W, toggleMark(em));
    const [change] = listChanges(state.doc);
    expect(change.description).toBe('Formatted: not italic');
    expect(formatChange.isInSet(state.doc.nodeAt(at)!.marks)!.attrs.before).toEqual([{ type: 'em' }, { type: 'strong' }]);
  });

  it('toggling back to the old formatting removes the record', () => {
    let state = format(editorState(doc), W);
    state = format(state, W);
    expect(listChanges(state.doc)).toEqual([]);
    expect(state.doc.eq(doc)).toBe(true);
  });

  it('a second change by the same author keeps the change and its original before', () => {
    let state = format(editorState(doc), W);
    const id = listChanges(state.doc)[0].id;
    state = format(state, W, toggleMark(em));
    const changes = listChanges(state.doc);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ id, description: 'Formatted: bold, italic' });
  });

  it('another author changing the same text records her own change and keeps the first inside it; rejecting all restores the original formatting', () => {
    const bold = format(editorState(doc), W);
    const [alices] = listChanges(bold.doc);
    let state = format(as(bold, bob), W, toggleMark(superscript));
    const changes = listChanges(state.doc);
    expect(changes.map((c) => [c.author, c.description])).toEqual([[bob.id, 'Formatted: superscript']]);
    const mark = formatChange.isInSet(state.doc.nodeAt(posOf(state.doc, W))!.marks)!;
    expect(mark.attrs.prior).toMatchObject({ id: alices.id, author: alice.id, before: [] });
    // rejecting Bob's alone gives Alice's record back exactly
    expect(state.apply(review(state, [changes[0].id], 'reject')).doc.eq(bold.doc)).toBe(true);
    // accepting Bob's alone keeps Alice's record, now over the superscript too
    const accepted = state.apply(review(state, [changes[0].id], 'accept')).doc;
    expect(listChanges(accepted).map((c) => [c.id, c.description])).toEqual([[alices.id, 'Formatted: bold, superscript']]);
    // rejecting both (Alice's id as the review of "everything" would send it) restores the original
    state = state.apply(review(state, [changes[0].id, alices.id], 'reject'));
    expect(state.doc.eq(doc)).toBe(true);
  });

  it('un-doing another author\'s formatting is a change of one\'s own; toggling back gives hers back', () => {
    const bold = format(editorState(doc), W);
    const unbold = format(as(bold, bob), W);
    expect(listChanges(unbold.doc).map((c) => [c.author, c.description])).toEqual([[bob.id, 'Formatted: not bold']]);
    const again = format(as(unbold, bob), W);
    expect(again.doc.eq(bold.doc)).toBe(true);
  });

  it('records kept inside one another stop at the schema\'s limit (the newest kept)', () => {
    let state = editorState(doc);
    for (let i = 0; i < 12; i++) state = format(as(state, i % 2 ? bob : alice), W, toggleMark(i % 3 ? em : strong));
    const mark = formatChange.isInSet(state.doc.nodeAt(posOf(state.doc, W))!.marks)!;
    let depth = 0;
    for (let r = mark.attrs.prior; r; r = r.prior) depth++;
    expect(depth).toBeLessThanOrEqual(8);
    state.doc.check();
  });

  it('superscript replacing subscript records the subscript as before', () => {
    const at = posOf(doc, W);
    const sub = apply(editorState(doc, alice, false), (tr) => tr.addMark(at, at + 10, subscript.create()));
    const state = format(as(sub, alice), 'General', toggleMark(superscript));
    expect(listChanges(state.doc).map((c) => c.description)).toEqual(['Formatted: superscript, not subscript']);
    const rejected = state.apply(review(state, allChangeIds(state.doc), 'reject'));
    expect(rejected.doc.eq(sub.doc)).toBe(true);
  });

  it('formatting one\'s own suggested insertion is part of the insertion', () => {
    let state = apply(editorState(doc), (tr) => tr.insertText('brand new ', posOf(doc, W)));
    state = format(state, 'brand new');
    expect(listChanges(state.doc).map((c) => c.kind)).toEqual(['insertion']);
    expect(marksAt(state.doc, 'brand new')).toEqual(['insertion', 'strong']);
  });

  it('formatting someone else\'s insertion is a change of its own', () => {
    let state = apply(editorState(doc), (tr) => tr.insertText('brand new ', posOf(doc, W)));
    state = format(as(state, bob), 'brand new');
    expect(listChanges(state.doc).map((c) => `${c.kind}:${c.author}`)).toEqual(['insertion:u-alice', 'format:u-bob']);
  });

  it('a word partly bold made all bold records only the part that changed', () => {
    const at = posOf(doc, W);
    const half = apply(editorState(doc, alice, false), (tr) => tr.addMark(at, at + 5, strong.create()));
    const state = apply(as(half, alice), (tr) => tr.addMark(at, at + W.length, strong.create()));
    expect(listChanges(state.doc).map((c) => c.text)).toEqual(['al Assembly']);
  });

  it('links are tracked with their attrs', () => {
    const at = posOf(doc, W);
    const state = apply(editorState(doc), (tr) => tr.addMark(at, at + W.length, link.create({ href: 'https://www.itu.int/' })));
    expect(listChanges(state.doc).map((c) => c.description)).toEqual(['Formatted: link']);
    const relinked = apply(state, (tr) => tr.addMark(at, at + W.length, link.create({ href: 'https://example.org/' })));
    expect(listChanges(relinked.doc).map((c) => c.description)).toEqual(['Formatted: link']);
    const rejected = relinked.apply(review(relinked, allChangeIds(relinked.doc), 'reject'));
    expect(rejected.doc.eq(doc)).toBe(true);
  });

  it('bold switched on at a collapsed cursor and then typed is part of the insertion', () => {
    let state = run(withCursor(editorState(doc), posOf(doc, W)), toggleMark(strong));
    state = apply(state, (tr) => tr.insertText('New '));
    expect(listChanges(state.doc).map((c) => `${c.kind}:${c.text}`)).toEqual(['insertion:New ']);
    expect(marksAt(state.doc, 'New ')).toEqual(['insertion', 'strong']);
  });

  it('undo takes the format change back with the formatting', () => {
    let state = State.create({ doc, plugins: [history(), suggestChanges(alice)] });
    state = format(state, W);
    expect(listChanges(state.doc)).toHaveLength(1);
    state = run(state, undo);
    expect(state.doc.eq(doc)).toBe(true);
  });

  it('formatting across blocks records each block\'s text', () => {
    const from = posOf(doc, W), to = posOf(doc, 'Reasons:') + 8;
    const state = apply(editorState(doc), (tr) => tr.addMark(from, to, em.create()));
    const [change] = listChanges(state.doc);
    expect(listChanges(state.doc)).toHaveLength(1);
    expect(change.text.startsWith(W)).toBe(true);
    expect(change.text.endsWith('Reasons:')).toBe(true);
    expect(state.apply(review(state, [change.id], 'reject')).doc.eq(doc)).toBe(true);
  });

  it('the editor\'s link commands are tracked: linking is a change, unlinking again takes it back', () => {
    const linked = format(editorState(doc), W, setLink('https://www.itu.int/'));
    expect(listChanges(linked.doc)).toMatchObject([{ kind: 'format', description: 'Formatted: link', text: W }]);
    const unlinked = run(linked, removeLink);
    expect(unlinked.doc.eq(doc)).toBe(true);
  });

  it('typing next to a format change does not extend it', () => {
    let state = format(editorState(doc), W);
    const end = posOf(state.doc, W) + W.length;
    state = apply(withCursor(state, end), (tr) => tr.insertText('X'));
    expect(listChanges(state.doc).map((c) => `${c.kind}:${c.text}`)).toEqual([`format:${W}`, 'insertion:X']);
  });
});

describe('formatting and footnotes', () => {
  const at = posOf(doc, W) + W.length;
  const withNote = apply(editorState(doc, alice, false), (tr) => tr.insert(at, schema.nodes.footnote.create(null, schema.text('A note.')))).doc;

  it('a range over a footnote formats it as a whole; reject gives it back exactly', () => {
    const from = posOf(withNote, W);
    const state = apply(editorState(withNote), (tr) => tr.addMark(from, at + 1 + 'A note.'.length + 1 + 4, strong.create()));
    expect(formatChange.isInSet(state.doc.nodeAt(at)!.marks)).toBeTruthy();
    expect(state.apply(review(state, allChangeIds(state.doc), 'reject')).doc.eq(withNote)).toBe(true);
    expect(state.apply(review(state, allChangeIds(state.doc), 'accept')).doc.nodeAt(at)!.marks.map((m) => m.type.name)).toEqual(['strong']);
  });

  it('formatting inside a footnote\'s text (its own editor) is recorded on that text', () => {
    const inner = at + 1;
    const state = apply(editorState(withNote), (tr) => tr.addMark(inner, inner + 1, em.create()));
    expect(state.doc.nodeAt(inner)!.marks.map((m) => m.type.name)).toEqual(['formatChange', 'em']);
    expect(state.doc.nodeAt(at)!.marks).toEqual([]);
  });
});

describe('a formatChange with a malformed before (a bad client, a bad import)', () => {
  it('cannot be made: the schema refuses it, so the engine and the exporters never see one', () => {
    for (const before of ['garbage', [{ type: 'nonsense' }], [null], [{ type: 'em', evil: 1 }], [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]]) {
      expect(() => formatChange.create({ id: 'bad', author: 'x', authorName: 'X', time: 1, status: 'suggested', before }), JSON.stringify(before)).toThrow(RangeError);
    }
    expect(formatChange.create({ id: 'ok', author: 'x', authorName: 'X', time: 1, status: 'suggested', before: [{ type: 'em' }, { type: 'link', attrs: { href: 'https://www.itu.int' } }] }).attrs.before).toHaveLength(2);
  });

  it('nor can a malformed prior (the record kept inside): wrong kinds, unknown keys, a bad before, more than 8 deep', () => {
    const record = { id: 'p', author: 'y', authorName: 'Y', time: 1, status: 'suggested', before: [] as unknown[] };
    let deep: Record<string, unknown> | null = null;
    for (let i = 0; i < 9; i++) deep = { ...record, prior: deep };
    for (const prior of ['garbage', [record], { ...record, evil: 1 }, { ...record, before: [{ type: 'nonsense' }] }, { ...record, time: 'now' }, { ...record, prior: 'x' }, deep]) {
      expect(() => formatChange.create({ id: 'bad', author: 'x', authorName: 'X', time: 1, status: 'suggested', before: [], prior }), JSON.stringify(prior).slice(0, 80)).toThrow(RangeError);
    }
    expect(formatChange.create({ id: 'ok', author: 'x', authorName: 'X', time: 1, status: 'suggested', before: [], prior: { ...record, prior: record } }).attrs.prior.prior.id).toBe('p');
  });
});

describe('review of format changes', () => {
  const bolded = format(editorState(doc), W);
  const ids = changeIdsByAuthor(bolded.doc, alice.id);

  it('reject gives the old formatting back and drops the record (a drafter withdrawing her own)', () => {
    const state = bolded.apply(review(bolded, ids, 'reject'));
    expect(state.doc.eq(doc)).toBe(true);
  });

  it('agree keeps it as an agreed change', () => {
    const state = bolded.apply(review(bolded, ids, 'agree'));
    expect(listChanges(state.doc)).toMatchObject([{ kind: 'format', status: 'agreed', description: 'Formatted: bold' }]);
    expect(marksAt(state.doc, W)).toEqual(['formatChange', 'strong']);
  });

  it('accept keeps the current formatting without the record', () => {
    const state = bolded.apply(review(bolded, ids, 'accept'));
    expect(listChanges(state.doc)).toEqual([]);
    expect(marksAt(state.doc, W)).toEqual(['strong']);
  });

  it('reject of text formatted and then deleted by others restores both', () => {
    let state = format(editorState(doc), W);
    const at = posOf(state.doc, W);
    state = apply(as(state, bob), (tr) => tr.delete(at, at + 10));
    state = state.apply(review(state, allChangeIds(state.doc), 'reject'));
    expect(state.doc.eq(doc)).toBe(true);
  });
});
