// Where the caret stays when someone else's text arrives right at it. Around every change from
// elsewhere, y-prosemirror saves the selection as Yjs relative positions tied to the character
// after each end. Text another person typed at the caret then landed before the caret and pushed it
// past that text. Two people typing at one spot had their letters interleaved ("ablepthaa" for
// "alpha" and "beta"): each one's next letter went after the other's last. Word and Google Docs keep
// each person's typing together. So here a caret right after text stays tied to the character
// before it, and what another person types at that spot goes after the caret.
import { TextSelection, type EditorState } from 'prosemirror-state';
import { absolutePositionToRelativePosition, type ProsemirrorBinding } from 'y-prosemirror';
import * as Y from 'yjs';

type SavedSelection = NonNullable<ProsemirrorBinding['beforeTransactionSelection']>;

/**
 * The caret of `state` as a relative position tied to the character before it (left association),
 * in y-prosemirror's saved-selection form; null when the selection is not a caret right after text.
 */
export function caretAfterText(binding: Pick<ProsemirrorBinding, 'type' | 'mapping'>, state: EditorState): SavedSelection | null {
  const sel = state.selection;
  if (!(sel instanceof TextSelection) || !sel.empty || !sel.$head.nodeBefore?.isText) return null;
  const before = absolutePositionToRelativePosition(sel.head - 1, binding.type, binding.mapping) as Y.RelativePosition | null;
  if (!before?.item) return null;
  const caret = new Y.RelativePosition(null, null, before.item, -1);
  return { type: 'text', anchor: caret, head: caret };
}

/**
 * Makes `binding` save a caret right after text that way before each Yjs transaction. Register it
 * after the binding's view exists: Yjs calls listeners in the order they were added, and this one
 * replaces what y-prosemirror's own `beforeAllTransactions` listener saved. It goes once the view
 * is destroyed.
 */
export function keepCaretAfterText(binding: ProsemirrorBinding): void {
  const save = (): void => {
    const view = binding.prosemirrorView as { state: EditorState; isDestroyed?: boolean } | null;
    if (!view) return;
    if (view.isDestroyed) return void binding.doc.off('beforeAllTransactions', save);
    const caret = caretAfterText(binding, view.state);
    if (caret) binding.beforeTransactionSelection = caret;
  };
  binding.doc.on('beforeAllTransactions', save);
}
