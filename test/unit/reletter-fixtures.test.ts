// Relettering on Resolution 30 of the WTDC-22 fixture: after an item is deleted or inserted with
// track mode, the labels that follow are fixed as tracked changes (`~~d~~c)`), one change per
// item, and review agrees, rejects or accepts them exactly.
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { findLabelFixes, reletterItems } from '../../shared/model/reletter';
import { schema } from '../../shared/schema';
import { listChanges, review } from '../../shared/track';
import { fixtureText } from './import-fixtures';
import { alice, bob, editorState, run } from './track-doc';

let wtdc22: PMNode;

beforeAll(async () => {
  wtdc22 = await importDocument(fixtureText('wtdc22-resolutions.txt'));
});

/** Resolution 30 alone, as a document: a MOD proposal starts from it. */
function res30(): PMNode {
  let found: PMNode | null = null;
  wtdc22.descendants((node) => {
    if (node.type.name === 'resolution' && node.attrs.number === '30') found = node;
    return !found;
  });
  return schema.nodes.doc.create(null, [found!]);
}

/** Items of the list after the call heading `call`, with their positions. */
function list(doc: PMNode, call: string): { node: PMNode; pos: number }[] {
  const out: { node: PMNode; pos: number }[] = [];
  let inList = false;
  doc.descendants((node, pos) => {
    if (node.type.name === 'call_heading') inList = node.textContent === call;
    else if (inList && node.type.name === 'item') out.push({ node, pos });
    return !node.isTextblock;
  });
  if (!out.length) throw new Error(`no list after "${call}"`);
  return out;
}

/** An item's label as the reviewer sees it: `~~deleted~~`, `[inserted]`. */
function shownLabel(item: PMNode): string {
  let out = '';
  let done = false;
  item.forEach((child) => {
    if (done || !child.isText) return;
    let text = child.text!;
    const tab = text.indexOf('\t');
    if (tab >= 0) {
      text = text.slice(0, tab);
      done = true;
    }
    if (!text) return;
    if (schema.marks.deletion.isInSet(child.marks)) out += `~~${text}~~`;
    else if (schema.marks.insertion.isInSet(child.marks)) out += `[${text}]`;
    else out += text;
  });
  return out;
}

/** Deletes the item at `index` of the list with track mode, like selecting the paragraph and pressing Delete. */
function deleteItem(state: EditorState, call: string, index: number): EditorState {
  const items = list(state.doc, call);
  const { pos, node } = items[index];
  const next = items[index + 1];
  const to = next ? next.pos + 1 : pos + node.nodeSize - 1;
  return state.apply(state.tr.delete(pos + 1, to));
}

/** Inserts a new item after the item at `index` with track mode: Enter at its end, then the typed label and text. */
function insertItemAfter(state: EditorState, call: string, index: number, text: string): EditorState {
  const { pos, node } = list(state.doc, call)[index];
  const end = pos + node.nodeSize - 1;
  let next = state.apply(state.tr.split(end, 1, [{ type: schema.nodes.item, attrs: { level: node.attrs.level } }]));
  next = next.apply(next.tr.setSelection(TextSelection.create(next.doc, end + 2)));
  return next.apply(next.tr.insertText(text));
}

describe('relettering Resolution 30 of WTDC-22', () => {
  it('finds nothing to fix in the untouched resolutions', () => {
    expect(findLabelFixes(wtdc22)).toEqual([]);
    expect(reletterItems()(EditorState.create({ doc: wtdc22 }))).toBe(false);
  });

  it('after deleting recalling c), letters d) to n) move up as tracked changes by the relettering user', () => {
    let state = deleteItem(editorState(res30(), alice), 'recalling', 2);
    const recalling = list(state.doc, 'recalling');
    expect(recalling.map((i) => shownLabel(i.node))).toEqual(['a)', 'b)', '~~c)~~', 'd)', 'e)', 'f)', 'g)', 'h)', 'i)', 'j)', 'k)', 'l)', 'm)', 'n)']);
    const fixes = findLabelFixes(state.doc, { from: recalling[0].pos, to: recalling[0].pos });
    expect(fixes.map((f) => `${f.old}->${f.label}`)).toEqual(['d->c', 'e->d', 'f->e', 'g->f', 'h->g', 'i->h', 'j->i', 'k->j', 'l->k', 'm->l', 'n->m']);
    // Other lists of the resolution are untouched, so the whole document has the same fixes.
    expect(findLabelFixes(state.doc)).toEqual(fixes);

    const before = listChanges(state.doc).length;
    state = run(state, reletterItems(recalling[5].pos, bob));
    expect(list(state.doc, 'recalling').map((i) => shownLabel(i.node))).toEqual([
      'a)', 'b)', '~~c)~~', '~~d~~[c])', '~~e~~[d])', '~~f~~[e])', '~~g~~[f])', '~~h~~[g])', '~~i~~[h])', '~~j~~[i])',
      '~~k~~[j])', '~~l~~[k])', '~~m~~[l])', '~~n~~[m])',
    ]);
    const changes = listChanges(state.doc).filter((c) => c.author === bob.id);
    expect(changes).toHaveLength(22);
    expect(new Set(changes.map((c) => c.id)).size).toBe(11);
    expect(changes.every((c) => c.authorName === 'Bob' && c.status === 'suggested')).toBe(true);
    expect(changes.slice(0, 2).map((c) => [c.kind, c.text])).toEqual([['deletion', 'd'], ['insertion', 'c']]);
    expect(listChanges(state.doc)).toHaveLength(before + 22);
    expect(findLabelFixes(state.doc)).toEqual([]);
    expect(reletterItems()(state)).toBe(false);
  });

  it('review agrees, rejects and accepts each relabelling as one change', () => {
    let state = deleteItem(editorState(res30(), alice), 'recalling', 2);
    state = run(state, reletterItems(list(state.doc, 'recalling')[0].pos, bob));
    const ids = [...new Set(listChanges(state.doc).filter((c) => c.author === bob.id).map((c) => c.id))];

    const agreed = state.apply(review(state, [ids[0]], 'agree'));
    expect(listChanges(agreed.doc).filter((c) => c.id === ids[0]).map((c) => c.status)).toEqual(['agreed', 'agreed']);

    const rejected = state.apply(review(state, ids, 'reject'));
    expect(list(rejected.doc, 'recalling').map((i) => shownLabel(i.node)).slice(2, 5)).toEqual(['~~c)~~', 'd)', 'e)']);
    expect(findLabelFixes(rejected.doc).length).toBe(11);

    const accepted = state.apply(review(state, ids.slice(0, 2), 'accept'));
    expect(list(accepted.doc, 'recalling').map((i) => shownLabel(i.node)).slice(2, 6)).toEqual(['~~c)~~', 'c)', 'd)', '~~f~~[e])']);
    expect(list(accepted.doc, 'recalling')[3].node.textContent).toMatch(/^c\)\tUNGA Resolution 76\/189/);
  });

  it('after inserting an item in recognizing further, the old c) becomes d)', () => {
    let state = insertItemAfter(editorState(res30(), alice), 'recognizing further', 1, 'c)\tthat a new item is inserted;');
    expect(list(state.doc, 'recognizing further').map((i) => shownLabel(i.node))).toEqual(['a)', 'b)', '[c)]', 'c)']);
    state = run(state, reletterItems(undefined, bob));
    expect(list(state.doc, 'recognizing further').map((i) => shownLabel(i.node))).toEqual(['a)', 'b)', '[c)]', '~~c~~[d])']);
  });

  it('renumbers 1 to 11 after deleting item 2, whole numbers replaced (~~11~~10)', () => {
    const call = 'resolves to invite the ITU Telecommunication Development Sector';
    let state = deleteItem(editorState(res30(), alice), call, 1);
    state = run(state, reletterItems(list(state.doc, call)[0].pos, bob));
    const labels = list(state.doc, call).map((i) => shownLabel(i.node));
    expect(labels.slice(0, 4)).toEqual(['1', '~~2~~', '~~3~~[2]', '~~4~~[3]']);
    expect(labels.slice(9)).toEqual(['~~10~~[9]', '~~11~~[10]', 'i)', 'ii)', 'iii)']);
  });

  it('reletters roman sub-items under their item only, and leaves dashes alone', () => {
    const call = 'further instructs the Director of the Telecommunication Development Bureau';
    let state = deleteItem(editorState(res30(), alice), call, 1);
    const sub = list(state.doc, call);
    expect(sub.slice(0, 4).map((i) => shownLabel(i.node))).toEqual(['1', '~~i)~~', 'ii)', 'iii)']);
    state = run(state, reletterItems(sub[2].pos, bob));
    expect(list(state.doc, call).slice(0, 4).map((i) => shownLabel(i.node))).toEqual(['1', '~~i)~~', '~~ii~~[i])', '~~iii~~[ii])']);
    const dashes = schema.nodes.doc.create(null, [schema.nodes.resolution.create(null, [
      schema.nodes.number_line.create(null, schema.text('RESOLUTION 1')),
      ...['\u2013\tone', '\u2013\ttwo'].map((t) => schema.nodes.item.create(null, schema.text(t))),
    ])]);
    expect(findLabelFixes(dashes)).toEqual([]);
  });

  it('replaces its own earlier suggestion instead of deleting it, when relettering again', () => {
    let state = deleteItem(editorState(res30(), alice), 'recognizing', 1);
    state = run(state, reletterItems(list(state.doc, 'recognizing')[0].pos, bob));
    expect(list(state.doc, 'recognizing').map((i) => shownLabel(i.node))).toEqual(['a)', '~~b)~~', '~~c~~[b])', '~~d~~[c])', '~~e~~[d])']);
    // Alice then deletes the text of a) (its paragraph stays, the label is gone): b) c) d) move up again.
    const first = list(state.doc, 'recognizing')[0];
    state = state.apply(state.tr.delete(first.pos + 1, first.pos + first.node.nodeSize - 1));
    state = run(state, reletterItems(list(state.doc, 'recognizing')[0].pos, bob));
    expect(list(state.doc, 'recognizing').map((i) => shownLabel(i.node))).toEqual(['~~a)~~', '~~b)~~', '~~c~~[a])', '~~d~~[b])', '~~e~~[c])']);
  });
});
