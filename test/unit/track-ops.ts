// Random edit sequences for the track-mode property tests: the ops, their commands, and playing
// a sequence in track mode and, as its plain twin, without it (see track-properties.test.ts).
import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';
import { deleteSelection, joinBackward, joinForward, splitBlock } from 'prosemirror-commands';
import type { Mapping } from 'prosemirror-transform';
import fc from 'fast-check';
import { schema } from '../../shared/schema';
import { allChangeIds, review, setTrackUser } from '../../shared/track';
import { alice, bob, editorState } from './track-doc';

export type Op = { kind: 'type' | 'backspace' | 'delete' | 'range' | 'split' | 'paste' | 'retype' | 'action'; a: number; b: number; n: number; bob: boolean };

export const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('type', 'type', 'backspace', 'backspace', 'delete', 'range', 'range', 'split', 'paste', 'retype', 'action'),
  a: fc.nat(100_000), b: fc.nat(100_000), n: fc.nat(100), bob: fc.boolean(),
});

const WORDS = ['the', 'Union', 'Dubai, 2014', 'ITU‑D', ' ', 'a)\t'];
const PASTES: Slice[] = [
  new Slice(Fragment.from(schema.text('pasted text')), 0, 0),
  new Slice(Fragment.from([schema.nodes.paragraph.create(null, schema.text('end of one')), schema.nodes.paragraph.create(null, schema.text('start of two'))]), 1, 1),
  new Slice(Fragment.from([
    schema.nodes.item.create(null, schema.text('x)\tfirst')), schema.nodes.item.create(null, schema.text('y)\tsecond')),
    schema.nodes.item.create(null, schema.text('z)\tthird')),
  ]), 1, 1),
];
const TYPES = [schema.nodes.paragraph, schema.nodes.item, schema.nodes.heading, schema.nodes.call_heading];
const ACTIONS = ['MOD', 'SUP', 'ADD', 'NOC'];

/** A position in a textblock, chosen by `n` among all of them. */
function textPos(doc: PMNode, n: number): number {
  const sel = TextSelection.between(doc.resolve(n % (doc.content.size + 1)), doc.resolve(n % (doc.content.size + 1)));
  return sel.head;
}

function runCommand(state: EditorState, command: Command): EditorState | null {
  let next: EditorState | null = null;
  command(state, (tr) => { next = state.apply(tr); });
  return next;
}

function at(state: EditorState, anchor: number, head = anchor): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.between(state.doc.resolve(anchor), state.doc.resolve(head))));
}

/** The command an op stands for, at a place of `state` (`map` carries tracked positions over). */
function command(op: Op, state: EditorState, rawPos: number, rawEnd: number): { state: EditorState; command: Command } | null {
  const clamp = (p: number) => Math.max(0, Math.min(state.doc.content.size, p));
  const pos = clamp(rawPos), end = clamp(rawEnd);
  const $pos = state.doc.resolve(pos);
  switch (op.kind) {
    case 'type': return { state: at(state, pos), command: (s, d) => { d?.(s.tr.insertText(WORDS[op.n % WORDS.length])); return true; } };
    case 'backspace':
      return $pos.parentOffset > 0
        ? { state: at(state, pos), command: (s, d) => { d?.(s.tr.delete(pos - 1, pos)); return true; } }
        : { state: at(state, pos), command: joinBackward };
    case 'delete':
      return $pos.parentOffset < $pos.parent.content.size
        ? { state: at(state, pos), command: (s, d) => { d?.(s.tr.delete(pos, pos + 1)); return true; } }
        : { state: at(state, pos), command: joinForward };
    case 'range': return { state: at(state, pos, end), command: deleteSelection };
    case 'split': return { state: at(state, pos), command: splitBlock };
    // Pasting over a selection that starts a paragraph: ProseMirror keeps that first paragraph
    // (its type) for the rest, while accepting a tracked deletion of a whole paragraph keeps the
    // following one (Word's rule). The text is the same; the generator leaves this case out.
    case 'paste':
      if (end > pos && $pos.parentOffset === 0) return null;
      return { state: at(state, pos, end), command: (s, d) => { d?.(s.tr.replaceSelection(PASTES[op.n % PASTES.length])); return true; } };
    case 'retype': {
      const type = TYPES[op.n % TYPES.length], start = $pos.before();
      if (!$pos.parent.isTextblock || !$pos.node(-1).canReplaceWith($pos.index(-1), $pos.index(-1) + 1, type)) return null;
      return { state, command: (s, d) => { d?.(s.tr.setNodeMarkup(start, type, type === schema.nodes.heading ? { level: 2 } : null)); return true; } };
    }
    case 'action': {
      for (let d = $pos.depth; d > 0; d--) {
        if ($pos.node(d).type !== schema.nodes.proposal) continue;
        const ppos = $pos.before(d);
        return { state, command: (s, dispatch) => { dispatch?.(s.tr.setNodeAttribute(ppos, 'action', ACTIONS[op.n % ACTIONS.length])); return true; } };
      }
      return null;
    }
  }
}

/** Where a block op lands must be the same block on both sides (a block merged away on accept is not). */
function sameBlock(tracked: PMNode, plain: PMNode, pos: number, map: Mapping): boolean {
  const $t = tracked.resolve(pos);
  if (!$t.parent.isTextblock) return false;
  const $s = plain.resolve(map.map($t.start(), -1)), $e = plain.resolve(map.map($t.end(), 1));
  return $s.parentOffset === 0 && $e.parentOffset === $e.parent.content.size && $s.sameParent($e);
}

export function acceptAll(state: EditorState, ids: string[]) {
  return review(state, ids, 'accept');
}

export function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (let j = 0; j < hay.length && i < needle.length; j++) if (hay[j] === needle[i]) i++;
  return i === needle.length;
}

export interface Run { tracked: EditorState; plain: EditorState; applied: number }

/** Apply the ops in track mode and, as their plain twins, without it. */
export function play(original: PMNode, ops: Op[]): Run {
  let tracked = editorState(original, alice);
  const base = new Set(allChangeIds(original));
  let plain = EditorState.create({ doc: acceptAll(EditorState.create({ doc: original }), [...base]).doc });
  let applied = 0;
  for (const op of ops) {
    const user = op.bob ? bob : alice;
    tracked = runCommand(tracked, setTrackUser(user))!;
    const map = acceptAll(tracked, allChangeIds(tracked.doc)).mapping;
    const pos = textPos(tracked.doc, op.a);
    const end = op.kind === 'range' || (op.kind === 'paste' && op.b % 2) ? textPos(tracked.doc, op.b) : pos;
    const [from, to] = [Math.min(pos, end), Math.max(pos, end)];
    if ((op.kind === 'retype' || op.kind === 'action') && !sameBlock(tracked.doc, plain.doc, pos, map)) continue;
    const t = command(op, tracked, from, to);
    const p = command(op, plain, map.map(from, op.kind === 'backspace' ? -1 : 1), map.map(to, -1));
    if (!t || !p) continue;
    const nextTracked = runCommand(t.state, t.command), nextPlain = runCommand(p.state, p.command);
    if (!nextTracked || !nextPlain) continue;
    tracked = nextTracked;
    plain = nextPlain;
    applied++;
  }
  return { tracked, plain, applied };
}

