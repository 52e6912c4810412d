// Proposal commands on EditorState: insertProposal, setProposalAction, updateProposal, insertReasons.
import { describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';
import { findProposal, insertProposal, insertReasons, nextReference, setProposalAction, updateProposal } from '../../shared/model';
import { schema } from '../../shared/schema';

const n = schema.nodes;
const t = (text: string) => (text ? schema.text(text) : null);

/** The opening of ECP-1 of the European proposals to PP-18 (pp18-ecp1-res133-mod.txt). */
function ecp1(withReasons = true): PMNode {
  const resolution = n.resolution.create({ kind: 'RESOLUTION', number: '133' }, [
    n.number_line.create(null, t('RESOLUTION 133 (Rev. Dubai, 2018)')),
    n.title.create(null, t('Role of administrations of Member States in the management of internationalized (multilingual) domain names')),
    n.paragraph.create(null, t('The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),')),
    n.call_heading.create(null, t('considering')),
  ]);
  const content = [n.paragraph.create(null, t('The proposed revision to Resolution 133')), resolution];
  if (withReasons) content.push(n.reasons.create(null, t('To update the resolution.')));
  return n.doc.create(null, [
    n.cover.create(null, [n.cover_field.create({ name: 'conference' }, t('Plenipotentiary Conference (PP-18)'))]),
    n.proposal.create({ action: 'MOD', ref: 'EUR/48A1/1', heading: 'ECP-1: Revision to Resolution 133' }, content),
  ]);
}

/** A state with the cursor at the first occurrence of `text` in the document. */
function stateAt(doc: PMNode, text: string): EditorState {
  let pos = -1;
  doc.descendants((node, p) => {
    if (pos < 0 && node.isText && node.text!.includes(text)) pos = p + node.text!.indexOf(text);
    return pos < 0;
  });
  if (pos < 0) throw new Error(`no "${text}" in the test document`);
  return EditorState.create({ doc, selection: TextSelection.create(doc, pos) });
}

function run(state: EditorState, command: Command): EditorState | null {
  let next: EditorState | null = null;
  const ok = command(state, (tr) => { next = state.apply(tr); });
  expect(ok).toBe(next !== null);
  return next;
}

describe('insertProposal', () => {
  it('adds a unit after the current one, numbered next, with the cursor in its text', () => {
    const state = stateAt(ecp1(), 'considering');
    const ref = nextReference(state.doc);
    expect(ref).toBe('EUR/48A1/2');
    const next = run(state, insertProposal({ action: 'ADD', ref }))!;
    const added = next.doc.child(2);
    expect(added.type.name).toBe('proposal');
    expect(added.attrs).toMatchObject({ action: 'ADD', ref: 'EUR/48A1/2', heading: '' });
    expect(added.content.content.map((c) => c.type.name)).toEqual(['paragraph', 'reasons']);
    expect(findProposal(next)!.node.attrs.ref).toBe('EUR/48A1/2');
    expect(next.selection.$from.parent.type.name).toBe('paragraph');
    expect(nextReference(next.doc)).toBe('EUR/48A1/3');
  });

  it('puts a unit inserted from the cover after the cover', () => {
    const next = run(stateAt(ecp1(), 'Plenipotentiary Conference (PP-18)'), insertProposal({ action: 'SUP', ref: 'EUR/48A1/2', heading: 'ECP-6: Suppression' }))!;
    expect(next.doc.child(0).type.name).toBe('cover');
    expect(next.doc.child(1).attrs).toMatchObject({ action: 'SUP', heading: 'ECP-6: Suppression' });
    expect(next.doc.child(2).attrs.ref).toBe('EUR/48A1/1');
  });

  it('refuses an unknown action with a clear error', () => {
    expect(() => insertProposal({ action: 'DEL' as never, ref: 'EUR/48A1/2' })).toThrow(/Unknown proposal action: DEL/);
  });
});

describe('setProposalAction and updateProposal', () => {
  it('changes the action of the unit around the cursor and keeps its ref and heading', () => {
    const next = run(stateAt(ecp1(), 'considering'), setProposalAction('(MOD)'))!;
    expect(next.doc.child(1).attrs).toMatchObject({ action: '(MOD)', ref: 'EUR/48A1/1', heading: 'ECP-1: Revision to Resolution 133' });
  });

  it('does nothing outside a proposal or when the action is already set', () => {
    const state = stateAt(ecp1(), 'considering');
    expect(setProposalAction('MOD')(state)).toBe(false);
    expect(setProposalAction('SUP')(stateAt(ecp1(), 'Plenipotentiary'))).toBe(false);
  });

  it('edits the ref of the proposal at a position and refuses other nodes', () => {
    const doc = ecp1();
    const pos = doc.child(0).nodeSize;
    const state = EditorState.create({ doc });
    const next = run(state, updateProposal(pos, { ref: 'EUR/48A1/7' }))!;
    expect(next.doc.child(1).attrs.ref).toBe('EUR/48A1/7');
    expect(updateProposal(0, { ref: 'x' })(state)).toBe(false);
    expect(updateProposal(pos, { ref: 'EUR/48A1/1' })(state)).toBe(false);
  });
});

describe('insertReasons', () => {
  it('closes a proposal without Reasons and puts the cursor in it', () => {
    const next = run(stateAt(ecp1(false), 'considering'), insertReasons)!;
    const unit = next.doc.child(1);
    expect(unit.lastChild!.type.name).toBe('reasons');
    expect(next.selection.$from.parent.type.name).toBe('reasons');
  });

  it('does nothing when the proposal has its Reasons already', () => {
    expect(insertReasons(stateAt(ecp1(), 'considering'))).toBe(false);
  });
});
