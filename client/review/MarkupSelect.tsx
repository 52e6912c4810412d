// The toolbar's choice of markup view (Word's "Display for Review"); see markup.ts.
import { useState } from 'react';
import type { EditorView } from 'prosemirror-view';
import { MARKUP_MODES, markupMode, setMarkupMode, type MarkupMode } from './markup';

export function MarkupSelect({ view }: { view: EditorView }) {
  const [mode, setMode] = useState<MarkupMode>(() => markupMode(view));
  const title = MARKUP_MODES.find((m) => m.mode === mode)?.title;
  return (
    <select className="markup-select" aria-label="Markup view" title={title} value={mode}
      onChange={(event) => {
        const next = event.target.value as MarkupMode;
        setMarkupMode(view, next);
        setMode(next);
      }}>
      {MARKUP_MODES.map((m) => <option key={m.mode} value={m.mode} title={m.title}>{m.label}</option>)}
    </select>
  );
}
