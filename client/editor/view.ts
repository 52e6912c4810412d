// Creates the EditorView of a document: the schema, y-prosemirror sync/cursors/undo, keymaps and node views.
import { baseKeymap } from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { keymap } from 'prosemirror-keymap';
import { EditorState, Plugin, type Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { ySyncPlugin, ySyncPluginKey, yCursorPlugin, yUndoPlugin, type ProsemirrorBinding } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { schema } from '../../shared/schema';
import { keepTargetTypeAtEnd } from '../../shared/model/paste-end';
import { suggestChanges, trackBeforeApply, trackRefusal } from '../../shared/track';
import { buildKeymap, type UiCommands } from './keymap';
import { FootnoteView } from './nodeviews/footnote';
import { ProposalView } from './nodeviews/proposal';
import { caretRowPlugin, TableView } from './nodeviews/table';
import { tableEditingForText } from './table-editing';
import { revisionMarkViews } from './revisions';
import { buildCursor, publishCaretAfterFrame } from './awareness';
import { caretPlugin, readCaretBeforeUpdates, unreadCaret } from './caret';
import { installLooks } from './looks-css';
import { writeAlongPath } from './y-path-update';
import { keepCaretAfterText } from './caret-anchor';
import { reviewPlugins, type Reviewer } from '../review';

export interface EditorOptions {
  fragment: Y.XmlFragment;
  /** Whom local edits are attributed to: track mode is always on (DESIGN.md, "Tracked changes"). */
  user: { id: string; name: string };
  /** False for observers: the text cannot be changed (the server refuses it anyway). */
  editable: boolean;
  /** The user and their role, for the review shortcuts. */
  reviewer: Reviewer;
  awareness: Awareness;
  ui: UiCommands;
  /** More plugins (comment highlights and shortcut), before the editor's own keymaps. */
  plugins?: Plugin[];
  /** Called after every state change (with the transactions that made it), for the toolbar. */
  onState(state: EditorState, transactions: readonly Transaction[]): void;
  /** Called when track mode took an edit back because it could not record it as a tracked change. */
  onRefused?(reason: string): void;
}

export function createEditorView(mount: HTMLElement, opts: EditorOptions): EditorView {
  installLooks();
  // before the view (and y-prosemirror's binding) exists: see caret.ts
  let created: EditorView | null = null;
  const stopReading = readCaretBeforeUpdates(opts.fragment.doc!, () => created);
  const state = EditorState.create({
    schema,
    plugins: [
      caretPlugin(stopReading),
      // a paste of paragraphs leaves the rest of the block it ends in its type (shared/model/paste-end.ts)
      new Plugin({ props: { transformPasted: (slice, view) => keepTargetTypeAtEnd(slice, view.state.selection.$to.parent) } }),
      ySyncPlugin(opts.fragment),
      // the local caret is published after the frame that shows it (awareness.ts)
      publishCaretAfterFrame(yCursorPlugin(opts.awareness, { cursorBuilder: buildCursor })),
      yUndoPlugin(),
      suggestChanges(opts.user),
      ...reviewPlugins(opts.reviewer),
      ...(opts.plugins ?? []),
      keymap(buildKeymap(schema, opts.ui)),
      keymap(baseKeymap),
      dropCursor(),
      gapCursor(),
      tableEditingForText(),
      caretRowPlugin(),
    ],
  });
  created = new EditorView(mount, {
    state,
    nodeViews: {
      proposal: (node, v, getPos) => new ProposalView(node, v, getPos),
      footnote: (node, v, getPos) => new FootnoteView(node, v, getPos),
      table: (node) => new TableView(node),
    },
    markViews: revisionMarkViews,
    editable: () => opts.editable,
    attributes: { class: 'itu-document', spellcheck: 'true', 'aria-label': 'Document' },
    // `this` rather than the returned view: y-prosemirror dispatches while the view is being constructed.
    // y-prosemirror also dispatches from timeouts that can fire after the view was destroyed.
    dispatchTransaction(this: EditorView, tr) {
      if (this.isDestroyed) return;
      // a click ProseMirror has not read yet stays where the browser put the caret (caret.ts)
      const caret = unreadCaret(this, tr);
      if (caret) tr.setSelection(caret);
      // a local edit is tracked before it is applied: one state instead of two (plugin.ts)
      const { state, transactions } = this.state.applyTransaction(trackBeforeApply(this.state, tr));
      this.updateState(state);
      const refused = transactions.map(trackRefusal).find((reason) => reason);
      if (refused) opts.onRefused?.(refused);
      opts.onState(this.state, transactions);
    },
  });
  // local edits reach Yjs along their path, not by comparing whole top-level blocks (y-path-update.ts)
  const binding = ySyncPluginKey.getState(created.state)?.binding as ProsemirrorBinding | undefined;
  if (binding) {
    writeAlongPath(binding);
    // others' text typed at the caret goes after it (caret-anchor.ts)
    keepCaretAfterText(binding);
  }
  return created;
}
