// Enter in the editor's keymap (client/editor/keymap.ts): where a block cannot be split (a proposal's
// Reasons, its last block by the schema), Enter breaks the line instead of doing nothing; in track
// mode the break is the drafter's tracked insertion.
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { buildKeymap } from '../../client/editor/keymap';
import { schema } from '../../shared/schema';
import { listChanges, suggestChanges, trackBeforeApply } from '../../shared/track';

const enter = buildKeymap(schema, { openProposalDialog: () => {}, askLinkTarget: () => null, updateCitations: () => {}, insertFromFile: () => {} }).Enter;

function reasonsState(track: boolean): EditorState {
  const doc = schema.node('doc', null, [schema.node('proposal', { action: 'MOD', ref: 'EUR/48A1/1' }, [
    schema.node('paragraph', null, [schema.text('Body')]),
    schema.node('reasons', null, [schema.text('Reasons:\tBecause QA.')]),
  ])]);
  let end = 0;
  doc.descendants((node, pos) => { if (node.type.name === 'reasons') end = pos + node.nodeSize - 1; });
  return EditorState.create({ doc, selection: TextSelection.create(doc, end), plugins: track ? [suggestChanges({ id: 'u-d', name: 'Drafter' })] : [] });
}

/** Presses Enter, then types `text`, as the editor's dispatch applies them (tracked before applied). */
function pressEnterAndType(state: EditorState, text: string): EditorState {
  let next = state;
  expect(enter(next, (tr) => { next = next.apply(trackBeforeApply(next, tr)); })).toBe(true);
  return next.apply(trackBeforeApply(next, next.tr.insertText(text)));
}

describe('Enter in Reasons', () => {
  it('breaks the line: the next words do not run into the last ones', () => {
    const after = pressEnterAndType(reasonsState(false), 'second line');
    const reasons = after.doc.firstChild!.lastChild!;
    expect(reasons.type.name).toBe('reasons');
    expect(reasons.textBetween(0, reasons.content.size, undefined, '\n')).toBe('Reasons:\tBecause QA.\nsecond line');
  });

  it('is the drafter\'s tracked insertion in track mode', () => {
    const after = pressEnterAndType(reasonsState(true), 'second line');
    const reasons = after.doc.firstChild!.lastChild!;
    expect(reasons.child(reasons.childCount - 2).type.name).toBe('hard_break');
    expect(listChanges(after.doc).map((c) => `${c.kind}:${c.author}`)).toEqual(['insertion:u-d']);
  });
});
