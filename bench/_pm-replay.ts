// Replays a sequential editing trace as an editor would make it: each patch one ProseMirror
// transaction on a document of paragraphs (a newline in the trace is a paragraph split, deleting
// one joins paragraphs), optionally in track mode, each new state written into a Y.XmlFragment
// with y-prosemirror's updateYFragment, the function its ySyncPlugin calls on every view update
// (the plugin itself needs an EditorView, so a DOM; this is the same work without the view).
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import * as Y from 'yjs';
import { schema } from '../shared/schema';
import { suggestChanges, trackBeforeApply, trackedTextInput } from '../shared/track';
import type { Patch, SequentialTrace } from './_trace';

/** Finds the document position of a flat text offset (paragraphs joined by newlines), starting from the last one found. */
class OffsetLocator {
  private index = 0;
  private flat = 0;
  private pos = 0;

  locate(doc: PMNode, offset: number): number {
    if (this.index >= doc.childCount) this.index = this.flat = this.pos = 0;
    while (offset < this.flat) {
      this.index--;
      this.flat -= doc.child(this.index).content.size + 1;
      this.pos -= doc.child(this.index).nodeSize;
    }
    while (offset > this.flat + doc.child(this.index).content.size) {
      if (this.index + 1 >= doc.childCount) throw new Error(`offset ${offset} is past the end of the text`);
      this.flat += doc.child(this.index).content.size + 1;
      this.pos += doc.child(this.index).nodeSize;
      this.index++;
    }
    return this.pos + 1 + (offset - this.flat);
  }
}

/** The text of a document of paragraphs as the trace sees it. */
export const flatText = (doc: PMNode): string => doc.textBetween(0, doc.content.size, '\n');

export interface PmReplayOptions {
  /** Track mode: the suggest-mode plugin on, typing through its text input path. */
  track: boolean;
  /** The fragment each state is written into (its Y.Doc gets one Yjs transaction per patch). */
  fragment: Y.XmlFragment;
  /** Whom track mode records as the author (default: a 'bench' user). */
  author?: { id: string; name: string };
  /** False: transactions applied by `state.apply` alone (track mode then appends its own transaction), as before the editor's dispatch tracked them (default true). */
  dispatch?: boolean;
}

function insertTransaction(state: EditorState, at: number, text: string, track: boolean): Transaction {
  if (track && !text.includes('\n')) {
    const typed = trackedTextInput(state, at, at, text);
    if (typed) return typed;
  }
  const tr = state.tr;
  const lines = text.split('\n');
  let pos = at;
  lines.forEach((line, i) => {
    if (i > 0) {
      tr.split(pos);
      pos += 2;
    }
    if (line) {
      tr.insertText(line, pos);
      pos += line.length;
    }
  });
  return tr;
}

/** A transaction applied as the editor's dispatch applies it (client/editor/view.ts): in track mode, tracked before it is applied. */
const dispatch = (state: EditorState, tr: Transaction, viaDispatch: boolean): EditorState => state.apply(viaDispatch ? trackBeforeApply(state, tr) : tr);

/**
 * The state after one patch. A one-character deletion is the Backspace an editor makes: the
 * cursor is put after the character first (a selection transaction, as the user's cursor is
 * there), so track mode sees the direction of the key, as it does in the editor.
 */
function applyPatch(state: EditorState, locator: OffsetLocator, [pos, del, ins]: Patch, track: boolean, viaDispatch: boolean): EditorState {
  const from = locator.locate(state.doc, pos);
  if (del > 0) {
    const to = locator.locate(state.doc, pos + del);
    // Back to the paragraph of `from` (it did not move), so the next lookup starts there.
    locator.locate(state.doc, pos);
    if (ins) throw new Error('a patch that deletes and inserts at once is not supported');
    if (del === 1 && !(state.selection.empty && state.selection.head === to)) {
      state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, to)));
    }
    return dispatch(state, state.tr.delete(from, to), track && viaDispatch);
  }
  return dispatch(state, insertTransaction(state, from, ins, track), track && viaDispatch);
}

/** Replays `trace` patch by patch; returns the final state (the fragment has been kept in step). */
export function replayThroughProseMirror(trace: SequentialTrace, opts: PmReplayOptions): EditorState {
  if (trace.startContent) throw new Error('a trace with start content is not supported');
  const { fragment, track } = opts;
  const viaDispatch = opts.dispatch ?? true;
  const ydoc = fragment.doc;
  if (!ydoc) throw new Error('the fragment must belong to a Y.Doc');
  const plugins = track ? [suggestChanges(opts.author ?? { id: 'bench', name: 'Bench' })] : [];
  let state = EditorState.create({ doc: schema.node('doc', null, [schema.node('paragraph')]), plugins });
  const meta = { mapping: new Map(), isOMark: new Map() };
  ydoc.transact(() => updateYFragment(ydoc, fragment, state.doc, meta), 'bench');
  const locator = new OffsetLocator();
  for (const { patches } of trace.txns) {
    for (const patch of patches) {
      state = applyPatch(state, locator, patch, track, viaDispatch);
      const doc = state.doc;
      ydoc.transact(() => updateYFragment(ydoc, fragment, doc, meta), 'bench');
    }
  }
  return state;
}

/** The fragment's text, read back through y-prosemirror. */
export const fragmentText = (fragment: Y.XmlFragment): string => flatText(yXmlFragmentToProseMirrorRootNode(fragment, schema));
