// The caret where the browser put it. Chromium moves the DOM selection on mousedown but delivers
// the click's `selectionchange` later, sometimes after the next key or after a remote update, so
// ProseMirror's state can still hold the caret from before the click. Two things then undid the
// click: a key handled from the stale state, and y-prosemirror restoring the selection it saved
// from the stale state around a remote update (y-prosemirror issue #146). Both are closed here by
// reading the DOM selection into the state first.
import { Plugin, TextSelection, type Selection, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';

/** The parts of prosemirror-view's (internal) DOM observer used here. */
interface DomObserver {
  flushingSoon: number;
  currentSelection: { eq(range: DomRange): boolean };
  pendingRecords(): readonly MutationRecord[];
  flush(): void;
}

interface DomRange {
  anchorNode: Node | null;
  anchorOffset: number;
  focusNode: Node | null;
  focusOffset: number;
}

function internals(view: EditorView): { observer?: DomObserver; range(): DomRange } {
  const v = view as unknown as { domObserver?: DomObserver; domSelectionRange(): DomRange };
  return { observer: v.domObserver, range: () => v.domSelectionRange() };
}

/**
 * The browser's caret when ProseMirror has not read it yet, mapped through `tr`; null when it
 * has (or `tr` sets the selection itself). Any state update that redraws the document (a remote
 * cursor moving, a remote edit) writes the state's selection into the page, which would undo a
 * click whose selectionchange has not arrived yet: the view's dispatch puts this on `tr` first.
 */
export function unreadCaret(view: EditorView, tr: Transaction): Selection | null {
  if (tr.selectionSet || view.composing || !view.hasFocus() || !(view.state.selection instanceof TextSelection)) return null;
  const { observer, range } = internals(view);
  const dom = range();
  if (!observer || !dom.anchorNode || !dom.focusNode || observer.currentSelection.eq(dom)) return null;
  const editable = (node: Node) => view.dom.contains(node) && !(node instanceof Element ? node : node.parentElement)?.closest('[contenteditable=false]');
  if (!editable(dom.anchorNode) || !editable(dom.focusNode)) return null;
  try {
    const doc = view.state.doc;
    const anchor = view.posAtDOM(dom.anchorNode, dom.anchorOffset);
    const head = view.posAtDOM(dom.focusNode, dom.focusOffset);
    const sel = TextSelection.between(doc.resolve(anchor), doc.resolve(head)).map(tr.doc, tr.mapping);
    return sel.eq(tr.selection) ? null : sel;
  } catch {
    return null; // a DOM position ProseMirror cannot place
  }
}

/**
 * Makes the state's selection the browser's when ProseMirror has not read it yet. Only the
 * selection: when DOM changes are pending (typing not yet read) it leaves them to ProseMirror.
 */
export function readDomSelection(view: EditorView): void {
  if (view.isDestroyed || view.composing || !view.hasFocus()) return;
  const { observer } = internals(view);
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
