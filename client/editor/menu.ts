// The toolbar's items: what each does, whether it applies and whether it is active, from an EditorState.
import { toggleMark } from 'prosemirror-commands';
import type { MarkType } from 'prosemirror-model';
import type { Command, EditorState } from 'prosemirror-state';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { schema } from '../../shared/schema';
import { insertCallHeading, insertItem, insertReasons } from '../../shared/model';
import { reletterAtCursor } from '../library/reletter';
import { linkCommand, proposalDialogCommand, SHORTCUTS, uiCommand, type UiCommands } from './keymap';

export interface MenuItem {
  id: string;
  label: string;
  title: string;
  shortcut?: string;
  command: Command;
  active?(state: EditorState): boolean;
}

/** Whether the mark is on the selection (or in the stored marks at the cursor). */
export function markActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

function markItem(id: string, label: string, title: string, type: MarkType, shortcut: string): MenuItem {
  return { id, label, title, shortcut, command: toggleMark(type), active: (state) => markActive(state, type) };
}

/** The toolbar, in groups. */
export function menuGroups(ui: UiCommands): MenuItem[][] {
  const { marks } = schema;
  return [
    [
      { id: 'proposal', label: 'New proposal…', title: 'Insert a proposal unit (MOD, SUP … from the library of texts in force)', shortcut: SHORTCUTS.proposal, command: proposalDialogCommand(ui) },
      { id: 'insert-file', label: 'Insert file…', title: 'Insert the text of a .docx, .txt or .md file as tracked changes', command: uiCommand(() => ui.insertFromFile()) },
    ],
    [
      { id: 'call-heading', label: 'Call heading', title: 'Insert a call heading (considering, resolves …)', shortcut: SHORTCUTS.callHeading, command: insertCallHeading() },
      { id: 'item', label: 'Item', title: 'Insert a labelled item (Tab / Shift-Tab change its level)', shortcut: SHORTCUTS.item, command: insertItem },
      { id: 'reasons', label: 'Reasons', title: 'Add the Reasons paragraph to this proposal', shortcut: SHORTCUTS.reasons, command: insertReasons },
      { id: 'reletter', label: 'Reletter', title: 'Reletter the items of this list as tracked changes (the shortcut outside a list: every list)', shortcut: SHORTCUTS.reletter, command: reletterAtCursor },
      { id: 'citations', label: 'Citations…', title: 'Update revision citations against the library, as tracked changes', command: uiCommand(() => ui.updateCitations()) },
    ],
    [
      markItem('strong', 'B', 'Bold', marks.strong, SHORTCUTS.strong),
      markItem('em', 'I', 'Italic', marks.em, SHORTCUTS.em),
      markItem('underline', 'U', 'Underline', marks.underline, SHORTCUTS.underline),
      markItem('superscript', 'x²', 'Superscript', marks.superscript, SHORTCUTS.superscript),
      markItem('subscript', 'x₂', 'Subscript', marks.subscript, SHORTCUTS.subscript),
      { id: 'link', label: 'Link', title: 'Link the selection (again to remove)', shortcut: SHORTCUTS.link, command: linkCommand(ui), active: (state) => markActive(state, marks.link) },
    ],
    [
      { id: 'undo', label: '↶', title: 'Undo your last change', shortcut: SHORTCUTS.undo, command: undoCommand },
      { id: 'redo', label: '↷', title: 'Redo', shortcut: SHORTCUTS.redo, command: redoCommand },
    ],
  ];
}
