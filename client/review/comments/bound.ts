// The editor's document as the comment anchors need it: the view's doc with y-prosemirror's
// mapping of Yjs types to nodes (or, before the first sync, one rendered from the fragment), and the
// anchor a new comment on the current selection gets.
import type { EditorState } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';
import { bindDocument, changeAnchor, rangeAnchor, type Anchor, type BoundDocument } from '../../../shared/comments';
import { changeIdsInRange, listChanges, type Change } from '../../../shared/track';

export function boundDocument(state: EditorState, ydoc: Y.Doc): BoundDocument {
  const binding = ySyncPluginKey.getState(state)?.binding as { mapping: BoundDocument['mapping']; type: Y.XmlFragment } | undefined;
  if (!binding) return bindDocument(ydoc);
  return { ydoc, fragment: binding.type, doc: state.doc, mapping: binding.mapping };
}

/** What a new comment on the selection can attach to: the selected text and/or one tracked change. */
export interface CommentTarget {
  range: Anchor | null;
  change: { anchor: Anchor; change: Change } | null;
}

/**
 * The targets of the selection: its text when it is not empty, and the tracked change it lies in
 * (a cursor inside a change, or a selection within one change); null when there is neither.
 */
export function commentTarget(state: EditorState, ydoc: Y.Doc): CommentTarget | null {
  const { from, to, empty } = state.selection;
  const bound = boundDocument(state, ydoc);
  const range = empty || state.doc.textBetween(from, to, '', '\ufffc').trim() === '' ? null : rangeAnchor(bound, from, to);
  const ids = changeIdsInRange(state.doc, from, to);
  const change = ids.length === 1 ? listChanges(state.doc).find((c) => c.id === ids[0] && c.from <= from && c.to >= to) : undefined;
  const target = { range, change: change ? { anchor: changeAnchor(state.doc, change.id), change } : null };
  return target.range || target.change ? target : null;
}
