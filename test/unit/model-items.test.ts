// Item and call-heading commands on EditorState: insertItem, splitItem (Enter), Tab levels, insertCallHeading.
import { describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';
import { changeItemLevel, insertCallHeading, insertItem, insertLabelTab, insertTab, removeLink, setLink, splitItem } from '../../shared/model';
import { schema } from '../../shared/schema';

const n = schema.nodes;
const t = (text: string) => (text ? schema.text(text) : null);

/** Part of Resolution 30 (Rev. Kigali, 2022), wtdc22-resolutions.txt. */
function res30(): PMNode {
  return n.doc.create(null, [n.resolution.create({ number: '30' }, [
    n.number_line.create(null, t('RESOLUTION 30 (Rev. Kigali, 2022)')),
    n.title.create(null, t('Role of the ITU Telecommunication Development Sector in implementing the outcomes of the World Summit on the Information Society')),
    n.call_heading.create(null, t('recalling')),
    n.item.create(null, t('a)\tthe relevant outcomes of both phases of WSIS;')),
    n.item.create(null, t('b)\tResolution 140 (Rev. Bucharest, 2022) of the Plenipotentiary Conference;')),
    n.call_heading.create(null, t('resolves')),
    n.paragraph.create(),
  ])]);
}

function stateAt(doc: PMNode, text: string, offset = 0): EditorState {
  let pos = -1;
  doc.descendants((node, p) => {
    if (pos < 0 && node.isText && node.text!.includes(text)) pos = p + node.text!.indexOf(text) + offset;
    return pos < 0;
  });
  if (pos < 0) throw new Error(`no "${text}" in the test document`);
  return EditorState.create({ doc, selection: TextSelection.create(doc, pos) });
}

/** The state with the cursor in the first empty textblock. */
function stateInEmpty(doc: PMNode): EditorState {
  let pos = -1;
  doc.descendants((node, p) => {
    if (pos < 0 && node.isTextblock && node.content.size === 0) pos = p + 1;
    return pos < 0;
  });
  return EditorState.create({ doc, selection: TextSelection.create(doc, pos) });
}

function run(state: EditorState, command: Command): EditorState {
  let next: EditorState | null = null;
  expect(command(state, (tr) => { next = state.apply(tr); })).toBe(true);
  return next!;
}

const texts = (doc: PMNode) => {
  const out: string[] = [];
  doc.descendants((node) => {
    if (node.isTextblock) out.push(`${node.type.name}${node.type.name === 'item' ? node.attrs.level : ''}: ${node.textContent}`);
    return !node.isTextblock;
  });
  return out;
};

describe('splitItem (Enter in an item)', () => {
  it('makes the next item with the next label at the end of an item', () => {
    const text = 'Bucharest, 2022) of the Plenipotentiary Conference;';
    const next = run(stateAt(res30(), text, text.length), splitItem);
    expect(texts(next.doc).slice(3, 6)).toEqual([
      'item0: a)\tthe relevant outcomes of both phases of WSIS;',
      'item0: b)\tResolution 140 (Rev. Bucharest, 2022) of the Plenipotentiary Conference;',
      'item0: c)\t',
    ]);
    expect(next.selection.$from.parentOffset).toBe(3);
  });

  it('carries the text after the cursor into the next item', () => {
    const next = run(stateAt(res30(), 'of both phases'), splitItem);
    expect(texts(next.doc).slice(3, 5)).toEqual(['item0: a)\tthe relevant outcomes ', 'item0: b)\tof both phases of WSIS;']);
  });

  it('ends the list when the item holds only its label', () => {
    const withNext = run(stateAt(res30(), 'Conference;', 'Conference;'.length), splitItem);
    const ended = run(withNext, splitItem);
    expect(texts(ended.doc)[5]).toBe('paragraph: ');
  });

  it('leaves other blocks to the default Enter', () => {
    expect(splitItem(stateAt(res30(), 'recalling'))).toBe(false);
  });
});

describe('insertItem', () => {
  it('continues the list of the item under the cursor', () => {
    const next = run(stateAt(res30(), 'the relevant'), insertItem);
    expect(texts(next.doc)[4]).toBe('item0: b)\t');
  });

  it('starts an operative list at 1 in an empty paragraph after "resolves"', () => {
    const next = run(stateInEmpty(res30()), insertItem);
    expect(texts(next.doc)[6]).toBe('item0: 1\t');
    expect(next.selection.$from.parentOffset).toBe(2);
  });

  it('refuses where the schema allows no item (the cover)', () => {
    const doc = n.doc.create(null, [n.cover.create(null, [n.cover_field.create({ name: 'title' }, t('PROPOSALS'))])]);
    expect(insertItem(stateAt(doc, 'PROPOSALS'))).toBe(false);
  });
});

describe('item levels (Tab / Shift-Tab)', () => {
  it('indents and outdents the items in the selection within 0..3', () => {
    const doc = res30();
    let state = stateAt(doc, 'the relevant');
    const to = stateAt(doc, 'Resolution 140').selection.from;
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, state.selection.from, to)));
    state = run(state, changeItemLevel(1));
    expect(texts(state.doc).slice(3, 5).map((s) => s.slice(0, 5))).toEqual(['item1', 'item1']);
    for (let i = 0; i < 3; i++) if (changeItemLevel(1)(state)) state = run(state, changeItemLevel(1));
    expect(state.doc.child(0).child(3).attrs.level).toBe(3);
    expect(changeItemLevel(1)(state)).toBe(false);
    state = run(state, changeItemLevel(-2));
    expect(state.doc.child(0).child(3).attrs.level).toBe(1);
    expect(changeItemLevel(1)(stateAt(doc, 'recalling'))).toBe(false);
  });

  it('types the tab that ends a label being typed', () => {
    const doc = n.doc.create(null, [n.resolution.create(null, [n.number_line.create(null, t('RESOLUTION 1')), n.item.create(null, t('c)'))])]);
    const state = stateAt(doc, 'c)', 2);
    const next = run(state, insertLabelTab);
    expect(next.doc.child(0).child(1).textContent).toBe('c)\t');
    expect(insertLabelTab(next)).toBe(false);
    expect(insertLabelTab(stateAt(res30(), 'relevant'))).toBe(false);
    expect(run(stateAt(res30(), 'recalling', 9), insertTab).doc.child(0).child(2).textContent).toBe('recalling\t');
  });
});

describe('insertCallHeading', () => {
  it('turns an empty paragraph into a call heading', () => {
    const next = run(stateInEmpty(res30()), insertCallHeading('instructs the Director of the Telecommunication Development Bureau'));
    expect(texts(next.doc)[6]).toBe('call_heading: instructs the Director of the Telecommunication Development Bureau');
  });

  it('adds an empty call heading after a non-empty block', () => {
    const next = run(stateAt(res30(), 'WSIS;'), insertCallHeading());
    expect(texts(next.doc)[4]).toBe('call_heading: ');
    expect(next.selection.$from.parent.type.name).toBe('call_heading');
  });

  it('refuses where call headings cannot go', () => {
    const doc = n.doc.create(null, [n.paragraph.create(null, t('Top-level text'))]);
    expect(insertCallHeading()(stateAt(doc, 'Top-level'))).toBe(false);
  });
});

describe('links', () => {
  it('links a selection to a safe address and removes it again from the cursor', () => {
    const doc = res30();
    const start = stateAt(doc, 'Resolution 140');
    let state = start.apply(start.tr.setSelection(TextSelection.create(doc, start.selection.from, start.selection.from + 14)));
    expect(setLink('javascript:alert(1)')(state)).toBe(false);
    state = run(state, setLink('https://www.itu.int/pub/S-CONF-PLEN'));
    const linked = state.doc.child(0).child(4).child(1);
    expect(linked.text).toBe('Resolution 140');
    expect(linked.marks[0].attrs.href).toBe('https://www.itu.int/pub/S-CONF-PLEN');
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, state.selection.from + 3)));
    state = run(state, removeLink);
    expect(state.doc.rangeHasMark(0, state.doc.content.size, schema.marks.link)).toBe(false);
  });
});
