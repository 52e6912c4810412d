// The non-modal offer to reletter: shown while the list around the cursor has labels out of order
// (after an item was inserted or deleted), with a button running reletterItems at the cursor.
import { useMemo, useState } from 'react';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { findLabelFixes, reletterItems } from '../../shared/model/reletter';

/** The fixes of the lists in the block holding the cursor's paragraph. */
function fixesAround(state: EditorState) {
  const { $from } = state.selection;
  const depth = Math.max(0, $from.depth - 1);
  return findLabelFixes(state.doc, { from: $from.start(depth), to: $from.end(depth) });
}

export function ReletterHint({ view, state }: { view: EditorView; state: EditorState }) {
  const fixes = useMemo(() => (view.editable ? fixesAround(state) : []), [view, state]);
  const key = fixes.map((f) => `${f.from}:${f.label}`).join(' ');
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (!fixes.length || dismissed === key) return null;
  const run = () => {
    reletterItems(fixes[0].itemPos)(view.state, view.dispatch);
    view.focus();
  };
  return (
    <div className="reletter-hint" role="status">
      <span>{fixes.length === 1 ? 'One label' : `${fixes.length} labels`} of this list out of order ({fixes.map((f) => `${f.old}→${f.label}`).join(', ')}).</span>
      <button type="button" className="primary" onMouseDown={(e) => e.preventDefault()} onClick={run}>Reletter following items</button>
      <button type="button" aria-label="Dismiss" title="Dismiss" onClick={() => setDismissed(key)}>×</button>
    </div>
  );
}
