// Proposal units: finding the one around the cursor and the commands that add or change them.
import type { Node as PMNode, ResolvedPos } from 'prosemirror-model';
import { NodeSelection, TextSelection, type Command, type EditorState } from 'prosemirror-state';
import { ACTIONS, type Action } from '../schema';
import { ancestorOfType } from './blocks';

export interface ProposalAttrs {
  action: Action;
  ref: string;
  heading?: string;
}

export function isAction(value: unknown): value is Action {
  return (ACTIONS as readonly unknown[]).includes(value);
}

/** The proposal holding `$pos` (or selected as a node), with the position before it. */
export function findProposal(state: EditorState, $pos: ResolvedPos = state.selection.$from): { node: PMNode; pos: number } | null {
  const sel = state.selection;
  if (sel instanceof NodeSelection && sel.node.type.name === 'proposal') return { node: sel.node, pos: sel.from };
  return ancestorOfType($pos, 'proposal');
}

/** A new, empty proposal unit: one paragraph for its text and a `Reasons:` paragraph. */
export function createProposal(state: EditorState, attrs: ProposalAttrs): PMNode {
  const { proposal, paragraph, reasons } = state.schema.nodes;
  return proposal.createChecked(
    { action: attrs.action, ref: attrs.ref, heading: attrs.heading ?? '' },
    [paragraph.create(), reasons.create()],
  );
}

function checkAttrs(attrs: Partial<ProposalAttrs>): void {
  if (attrs.action !== undefined && !isAction(attrs.action)) throw new RangeError(`Unknown proposal action: ${String(attrs.action)}`);
  if (attrs.ref !== undefined && typeof attrs.ref !== 'string') throw new RangeError('A proposal reference must be a string');
  if (attrs.heading !== undefined && typeof attrs.heading !== 'string') throw new RangeError('A proposal heading must be a string');
}

/**
 * Inserts a new proposal unit after the top-level block holding the selection (after the cover
 * when the cursor is in it) and puts the cursor in its first paragraph.
 */
export function insertProposal(attrs: ProposalAttrs): Command {
  checkAttrs(attrs);
  return (state, dispatch) => {
    const { $from } = state.selection;
    const pos = $from.depth > 0 ? $from.after(1) : state.doc.content.size;
    const index = state.doc.resolve(pos).index(0);
    if (!state.doc.canReplaceWith(index, index, state.schema.nodes.proposal)) return false;
    if (dispatch) {
      const tr = state.tr.insert(pos, createProposal(state, attrs));
      tr.setSelection(TextSelection.create(tr.doc, pos + 2));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Changes the attributes of the proposal at `pos` (for the proposal header's controls). */
export function updateProposal(pos: number, attrs: Partial<ProposalAttrs>): Command {
  checkAttrs(attrs);
  return (state, dispatch) => {
    const node = state.doc.nodeAt(pos);
    if (!node || node.type.name !== 'proposal') return false;
    const changed = (Object.keys(attrs) as (keyof ProposalAttrs)[]).some((k) => attrs[k] !== undefined && node.attrs[k] !== attrs[k]);
    if (!changed) return false;
    if (dispatch) {
      const next = { ...node.attrs };
      for (const [key, value] of Object.entries(attrs)) if (value !== undefined) next[key] = value;
      dispatch(state.tr.setNodeMarkup(pos, undefined, next));
    }
    return true;
  };
}

/** Changes the action (MOD, ADD, SUP ...) of the proposal holding the selection. */
export function setProposalAction(action: Action): Command {
  if (!isAction(action)) throw new RangeError(`Unknown proposal action: ${String(action)}`);
  return (state, dispatch) => {
    const found = findProposal(state);
    if (!found) return false;
    return updateProposal(found.pos, { action })(state, dispatch);
  };
}

/** Adds the closing `Reasons:` paragraph to the proposal holding the selection, when it has none. */
export const insertReasons: Command = (state, dispatch) => {
  const found = findProposal(state);
  if (!found || found.node.lastChild?.type.name === 'reasons') return false;
  const end = found.pos + found.node.nodeSize - 1;
  if (dispatch) {
    const tr = state.tr.insert(end, state.schema.nodes.reasons.create());
    tr.setSelection(TextSelection.create(tr.doc, end + 1));
    dispatch(tr.scrollIntoView());
  }
  return true;
};
