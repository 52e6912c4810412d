// The review UI's editor logic without a browser, on ECP-1 of the European proposals to PP-18:
// change bars stay equal to a full recomputation through tracked edits and review (fast-check),
// the cursor steps over deleted runs, the change listing groups by proposal, navigation wraps
// around, and the role rules.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { splitBlock } from 'prosemirror-commands';
import { importDocument } from '../../shared/import';
import { review, setTrackUser, suggestChanges, listChanges } from '../../shared/track';
import { changeBars, changeBarsKey } from '../../client/review/change-bars';
import { changeIndex, groupByProposal, proposalActions } from '../../client/review/change-index';
import { overDeletedText } from '../../client/review/deleted-text';
import { adjacentChange, changeSelection } from '../../client/review/navigation';
import { mayReview, mayToggleTrackMode, reviewableIds } from '../../client/review/permissions';

const anna = { id: 'anna', name: 'Anna Schmidt' };
const boris = { id: 'boris', name: 'Boris Petrov' };
let base: PMNode;

beforeAll(async () => {
  const text = readFileSync(new URL('../../../shared/fixtures/pp18-ecp1-res133-mod.txt', import.meta.url), 'utf8');
  base = await importDocument(text, { format: 'text' });
});

function editorState(doc: PMNode, user = anna): EditorState {
  return EditorState.create({ doc, plugins: [suggestChanges(user), changeBars()] });
}

/** The bars as comparable specs: position, size, colour and ids. */
function bars(state: EditorState): string[] {
  return changeBarsKey.getState(state)!.find().map((d) => `${d.from}-${d.to} ${JSON.stringify((d as unknown as { type: { attrs: unknown } }).type.attrs)}`);
}

/** A text position near `n` per mille of the document. */
function textPos(doc: PMNode, n: number): number {
  return TextSelection.near(doc.resolve(Math.floor((doc.content.size * n) / 1000))).from;
}

type Edit = { kind: 'type' | 'delete' | 'split' | 'agree' | 'reject' | 'accept'; at: number; len: number; user: 0 | 1 };

function apply(state: EditorState, edit: Edit): EditorState {
  setTrackUser(edit.user ? boris : anna)(state, (tr) => { state = state.apply(tr); });
  const at = textPos(state.doc, edit.at);
  if (edit.kind === 'type') return state.apply(state.tr.insertText('word', at));
  if (edit.kind === 'delete') {
    const to = textPos(state.doc, Math.min(1000, edit.at + edit.len));
    return to > at ? state.apply(state.tr.delete(at, to)) : state;
  }
  if (edit.kind === 'split') {
    let next = state;
    splitBlock(state.apply(state.tr.setSelection(TextSelection.create(state.doc, at))), (tr) => { next = state.apply(tr); });
    return next;
  }
  const changes = listChanges(state.doc);
  if (!changes.length) return state;
  return state.apply(review(state, [changes[edit.at % changes.length].id], edit.kind));
}

describe('change bars', () => {
  it('stay what a full recomputation gives through tracked edits, splits and review', () => {
    const edit = fc.record({
      kind: fc.constantFrom('type', 'delete', 'split', 'agree', 'reject', 'accept'),
      at: fc.integer({ min: 0, max: 1000 }), len: fc.integer({ min: 1, max: 80 }), user: fc.constantFrom(0, 1),
    }) as fc.Arbitrary<Edit>;
    let seen = 0;
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
      let state = editorState(base);
      for (const e of edits) {
        state = apply(state, e);
        expect(bars(state)).toEqual(bars(editorState(state.doc)));
        seen += bars(state).length;
      }
    }), { numRuns: 40, seed: 20261123 });
    expect(seen).toBeGreaterThan(40); // the runs did make block records
  });

  it('are whole after a transaction replacing the whole document (y-prosemirror renders so at open)', () => {
    // a document with bars: tracked edits by both users, then an empty editor gets it in one replace
    let edited = editorState(base);
    for (const e of [{ kind: 'split', at: 300 }, { kind: 'type', at: 600 }, { kind: 'split', at: 800, user: 1 }] as const) {
      edited = apply(edited, { len: 1, user: 0, ...e });
    }
    expect(bars(editorState(edited.doc)).length).toBeGreaterThan(1);
    const empty = EditorState.create({ schema: base.type.schema, plugins: [changeBars()] });
    const opened = empty.apply(empty.tr.replaceWith(0, empty.doc.content.size, edited.doc.content));
    expect(bars(opened)).toEqual(bars(editorState(edited.doc)));
  });

  it('carry the colour of the record’s author and its change ids', () => {
    let state = editorState(base);
    const pos = textPos(base, 500);
    splitBlock(state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos))), (tr) => { state = state.apply(tr); });
    const [bar] = changeBarsKey.getState(state)!.find();
    const attrs = (bar as unknown as { type: { attrs: Record<string, string> } }).type.attrs;
    const [change] = listChanges(state.doc);
    expect(change.text).toBe('\n');
    expect(attrs['data-change-ids']).toBe(change.id);
    expect(attrs['data-change-author']).toBe('anna');
    expect(attrs.style).toMatch(/^--author-color: #[0-9a-f]{6}$/);
  });
});

describe('the cursor around deleted text', () => {
  it('steps over a whole deleted run in either direction, from its edges and from inside', () => {
    const item = textPos(base, 300);
    let state = editorState(base);
    const $item = state.doc.resolve(item);
    const start = $item.start() + 3, end = start + 10;
    state = state.apply(state.tr.delete(start, end)); // tracked: struck through, not removed
    expect(state.doc.textBetween(start, end)).toBe(base.textBetween(start, end));
    const at = (pos: number) => state.doc.resolve(pos);
    expect(overDeletedText(at(start), 1)).toBe(end);
    expect(overDeletedText(at(end), -1)).toBe(start);
    expect(overDeletedText(at(start + 4), 1)).toBe(end);
    expect(overDeletedText(at(start + 4), -1)).toBe(start);
    expect(overDeletedText(at(end), 1)).toBeNull();
    expect(overDeletedText(at(start), -1)).toBeNull();
  });

  it('keeps text typed at either edge of a deletion out of it', () => {
    let state = editorState(base);
    const start = state.doc.resolve(textPos(base, 300)).start() + 3, end = start + 10;
    state = state.apply(state.tr.delete(start, end));
    for (const [pos, text] of [[end, 'after'], [start, 'before']] as const) {
      state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)).insertText(text));
    }
    const runs: string[] = [];
    state.doc.nodesBetween(start, end + 'before'.length + 'after'.length, (node) => {
      if (node.isText) runs.push(`${node.marks.map((m) => m.type.name).join('+')}:${node.text}`);
    });
    expect(runs.filter((r) => !r.startsWith(':'))).toEqual([
      'insertion:before', `deletion:${base.textBetween(start, end)}`, 'insertion:after',
    ]);
  });
});

describe('the change listing', () => {
  it('groups by proposal, memoised on the document, and navigation wraps around', () => {
    let state = editorState(base);
    for (const n of [100, 600, 900]) state = state.apply(state.tr.insertText('new ', textPos(state.doc, n)));
    const index = changeIndex(state.doc);
    expect(changeIndex(state.doc)).toBe(index);
    expect(index.changes).toHaveLength(3);
    expect(index.authors).toEqual([{ id: 'anna', name: 'Anna Schmidt', count: 3 }]);
    expect(groupByProposal(index.changes, proposalActions(state.doc)).map((g) => [g.action, g.ref, g.changes.length])).toEqual([['MOD', 'EUR/48A1/1', 3]]);
    const [a, b, c] = index.changes;
    const at = (change: typeof a) => state.apply(state.tr.setSelection(changeSelection(state, change)));
    expect(state.doc.textBetween(changeSelection(state, b).from, changeSelection(state, b).to)).toBe('new ');
    expect(adjacentChange(at(a), 1)).toBe(b);
    expect(adjacentChange(at(c), 1)).toBe(a);
    expect(adjacentChange(at(a), -1)).toBe(c);
  });
});

describe('grouping', () => {
  it('puts the changes outside proposals in one group of their own, in document order', () => {
    const at = (id: string, proposalRef: string | null) => ({ id, proposalRef }) as ReturnType<typeof listChanges>[number];
    const groups = groupByProposal([at('a', null), at('b', 'EUR/48A1/1'), at('c', null), at('d', 'EUR/48A1/2')], new Map([['EUR/48A1/1', 'MOD'], ['EUR/48A1/2', 'ADD']]));
    expect(groups.map((g) => [g.ref, g.action, g.changes.map((c) => c.id).join('')])).toEqual([
      [null, null, 'ac'], ['EUR/48A1/1', 'MOD', 'b'], ['EUR/48A1/2', 'ADD', 'd'],
    ]);
  });
});

describe('who may review', () => {
  const change = (author: string, status: 'suggested' | 'agreed') => ({ id: `${author}-${status}`, author, status }) as ReturnType<typeof listChanges>[number];
  it('gives coordinators everything, drafters only their open suggestions to reject, observers nothing', () => {
    const coordinator = { id: 'carla', role: 'coordinator' as const };
    const drafter = { id: 'anna', role: 'drafter' as const };
    const observer = { id: 'olga', role: 'observer' as const };
    for (const action of ['agree', 'reject', 'accept'] as const) {
      expect(mayReview(coordinator, change('anna', 'suggested'), action)).toBe(true);
      expect(mayReview(observer, change('olga', 'suggested'), action)).toBe(false);
      expect(mayReview(drafter, change('anna', 'suggested'), action)).toBe(action === 'reject');
      expect(mayReview(drafter, change('boris', 'suggested'), action)).toBe(false);
      expect(mayReview(drafter, change('anna', 'agreed'), action)).toBe(false);
    }
    const all = [change('anna', 'suggested'), change('boris', 'suggested'), change('anna', 'agreed')];
    expect(reviewableIds(drafter, all, 'reject')).toEqual(['anna-suggested']);
    expect(reviewableIds(coordinator, all, 'agree')).toEqual(['anna-suggested', 'boris-suggested']);
    expect([coordinator, drafter, observer].map(mayToggleTrackMode)).toEqual([true, false, false]);
  });
});
