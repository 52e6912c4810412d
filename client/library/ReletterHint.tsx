// The non-modal offer to reletter: shown while the list around the cursor has labels out of order
// (after an item was inserted or deleted), with a button running reletterItems on that list.
import { useMemo, useState } from 'react';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { reletterItems } from '../../shared/model/reletter';
import { fixesAtCursor } from './reletter';

export function ReletterHint({ view, state }: { view: EditorView; state: EditorState }) {
  const fixes = useMemo(() => (view.editable ? fixesAtCursor(state) : []), [view, state]);
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
