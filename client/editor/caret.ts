// The caret where the browser put it. Chromium moves the DOM selection on mousedown but delivers
// the click's `selectionchange` later, sometimes after the next key or after a remote update, so
// ProseMirror's state can still hold the caret from before the click. Two things then undid the
// click: a key handled from the stale state, and y-prosemirror restoring the selection it saved
// from the stale state around a remote update (y-prosemirror issue #146). Both are closed here by
// reading the DOM selection into the state first.
import { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';

/** The parts of prosemirror-view's (internal) DOM observer used here. */
interface DomObserver {
  flushingSoon: number;
  pendingRecords(): readonly MutationRecord[];
  flush(): void;
}

/**
 * Makes the state's selection the browser's when ProseMirror has not read it yet. Only the
 * selection: when DOM changes are pending (typing not yet read) it leaves them to ProseMirror.
 */
export function readDomSelection(view: EditorView): void {
  if (view.isDestroyed || view.composing || !view.hasFocus()) return;
  const observer = (view as unknown as { domObserver?: DomObserver }).domObserver;
  if (!observer || observer.flushingSoon > -1 || observer.pendingRecords().length) return;
  observer.flush();
}

/**
 * Reads the caret right after a click (the task after the mousedown, when the browser has placed
 * it) and before any key is handled, so commands and typing start where the user clicked. On
 * focus this also comes before ProseMirror's check 20 ms later that puts the state's selection
 * back when the DOM one has not been read (meant for browsers resetting it on focus, it undid the
 * first click into the editor when the click's selectionchange came late).
 */
export function caretPlugin(destroy: () => void = () => {}): Plugin {
  const soon = (view: EditorView) => {
    setTimeout(() => readDomSelection(view), 0);
    return false;
  };
  return new Plugin({
    view: () => ({ destroy }),
    props: {
      handleKeyDown(view) {
        readDomSelection(view);
        return false;
      },
      handleDOMEvents: { focus: soon, mousedown: soon },
    },
  });
}

/**
 * Reads the caret before a Yjs transaction that does not come from this editor (a remote or
 * offline update) starts, so the selection y-prosemirror saves and restores is the one on screen.
 * Call before the EditorView is created: Yjs calls listeners in the order they were added, and
 * y-prosemirror saves the selection in its own `beforeAllTransactions` listener.
 */
export function readCaretBeforeUpdates(doc: Y.Doc, view: () => EditorView | null): () => void {
  const before = () => {
    const origin = (doc as unknown as { _transaction: { origin: unknown } | null })._transaction?.origin;
    const v = view();
    if (v && origin !== ySyncPluginKey) readDomSelection(v);
  };
  doc.on('beforeAllTransactions', before);
  return () => doc.off('beforeAllTransactions', before);
}
