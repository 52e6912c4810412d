// Keyboard shortcuts of the editor: marks, document structure, items, per-user undo/redo.
import { baseKeymap, chainCommands, toggleMark } from 'prosemirror-commands';
import type { Schema } from 'prosemirror-model';
import type { Command } from 'prosemirror-state';
import { goToNextCell } from 'prosemirror-tables';
import { redoCommand, undoCommand } from 'y-prosemirror';
import {
  changeItemLevel, insertCallHeading, insertItem, insertLabelTab, insertReasons, insertTab, removeLink, setLink, splitItem,
} from '../../shared/model';
import { reletterItems } from '../../shared/model/reletter';

/** Commands that need the UI (a dialog or a prompt) rather than only the state. */
export interface UiCommands {
  openProposalDialog(): void;
  askLinkTarget(): string | null;
  /** Asks for the conference drafted for and proposes the citation updates (client/library). */
  updateCitations(): void;
  /** Picks a .docx/.txt/.md file and inserts its blocks, tracked (client/library). */
  insertFromFile(): void;
}

/** A command that hands over to the UI; always applicable. */
export function uiCommand(open: () => void): Command {
  return (_state, dispatch) => {
    if (dispatch) open();
    return true;
  };
}

/** Opens the new-proposal dialog; always applicable. */
export function proposalDialogCommand(ui: UiCommands): Command {
  return (_state, dispatch) => {
    if (dispatch) ui.openProposalDialog();
    return true;
  };
}

/** Removes the link under the cursor or selection, else asks for an address and links the selection. */
export function linkCommand(ui: UiCommands): Command {
  return (state, dispatch, view) => {
    if (removeLink(state)) return removeLink(state, dispatch, view);
    if (state.selection.empty) return false;
    if (!dispatch) return true;
    const href = ui.askLinkTarget();
    return href ? setLink(href)(state, dispatch, view) : false;
  };
}

/** The shortcut table, `Mod` being Cmd on macOS and Ctrl elsewhere. */
export const SHORTCUTS = {
  undo: 'Mod-z',
  redo: 'Mod-y',
  redoAlt: 'Shift-Mod-z',
  strong: 'Mod-b',
  em: 'Mod-i',
  underline: 'Mod-u',
  superscript: 'Mod-.',
  subscript: 'Mod-,',
  link: 'Mod-k',
  proposal: 'Mod-Alt-p',
  callHeading: 'Mod-Alt-h',
  item: 'Mod-Alt-i',
  reasons: 'Mod-Alt-r',
  reletter: 'Mod-Alt-l',
  trackChanges: 'Shift-Mod-e',
  nextChange: 'Mod-Alt-]',
  previousChange: 'Mod-Alt-[',
} as const;

export function buildKeymap(schema: Schema, ui: UiCommands): Record<string, Command> {
  const { marks } = schema;
  return {
    [SHORTCUTS.undo]: undoCommand,
    [SHORTCUTS.redo]: redoCommand,
    [SHORTCUTS.redoAlt]: redoCommand,
    [SHORTCUTS.strong]: toggleMark(marks.strong),
    [SHORTCUTS.em]: toggleMark(marks.em),
    [SHORTCUTS.underline]: toggleMark(marks.underline),
    [SHORTCUTS.superscript]: toggleMark(marks.superscript),
    [SHORTCUTS.subscript]: toggleMark(marks.subscript),
    [SHORTCUTS.link]: linkCommand(ui),
    [SHORTCUTS.proposal]: proposalDialogCommand(ui),
    [SHORTCUTS.callHeading]: insertCallHeading(),
    [SHORTCUTS.item]: insertItem,
    [SHORTCUTS.reasons]: insertReasons,
    [SHORTCUTS.reletter]: reletterItems(),
    // where a block cannot be split (Reasons, a cover field), Enter breaks the line
    Enter: chainCommands(splitItem, baseKeymap.Enter, lineBreak),
    'Shift-Enter': lineBreak,
    Tab: chainCommands(goToNextCell(1), insertLabelTab, changeItemLevel(1), insertTab),
    'Shift-Tab': chainCommands(goToNextCell(-1), changeItemLevel(-1)),
  };
}

/** A line break (hard_break) at the selection; not applicable where the block cannot hold one. */
export const lineBreak: Command = (state, dispatch) => {
  const br = state.schema.nodes.hard_break;
  const { $from, $to } = state.selection;
  if (!$from.sameParent($to) || !$from.parent.canReplaceWith($from.index(), $to.index(), br)) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(br.create()).scrollIntoView());
  return true;
};

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iP(hone|ad)/.test(navigator.platform);

/** `Mod-Alt-p` as the user's platform writes it, for tooltips. */
export function shortcutLabel(key: string): string {
  const mac = IS_MAC;
  return key.split('-').map((part) => (part === 'Mod' ? (mac ? '⌘' : 'Ctrl') : part === 'Alt' && mac ? '⌥' : part)).join(mac ? '' : '+');
}
