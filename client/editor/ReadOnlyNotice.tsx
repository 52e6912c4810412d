// For readers who cannot change the text (observers): typing in the document is not silently
// dropped (and the space bar does not scroll the page) but answered with a notice saying why.
import { useEffect, useState } from 'react';
import type { EditorView } from 'prosemirror-view';

/** How long the notice stays after the last key. */
const SHOW_MS = 4000;

/** Whether `event` would change text in an editable document: a character, Enter, Backspace, Delete. */
export function isTextKey(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  return event.key.length === 1 || ['Enter', 'Backspace', 'Delete'].includes(event.key);
}

export function ReadOnlyNotice({ view, reason }: { view: EditorView; reason: string }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      // keys in the comment box and other fields are theirs
      if (target && target !== document.body && !view.dom.contains(target)) return;
      const sel = document.getSelection();
      if (!sel?.anchorNode || !view.dom.contains(sel.anchorNode) || !isTextKey(event)) return;
      event.preventDefault();
      setShown(true);
      clearTimeout(timer);
      timer = setTimeout(() => setShown(false), SHOW_MS);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('keydown', onKey);
    };
  }, [view]);
  if (!shown) return null;
  return <p className="read-only-notice" role="status">{reason}</p>;
}
