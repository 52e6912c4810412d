// The tracked-changes review UI: the changes panel, the hover popover, the track-mode switch,
// the markup views, and the editor plugins (review shortcuts, cursor over deleted text,
// author-coloured change bars, markup views).
import type { Plugin } from 'prosemirror-state';
import { keymap } from 'prosemirror-keymap';
import { changeBars } from './change-bars';
import { markupViews } from './markup';
import { deletedTextCursor } from './deleted-text';
import { reviewKeymap } from './keymap';
import type { Reviewer } from './permissions';
import './review.css';

export { ChangesPanel } from './ChangesPanel';
export { ChangePopover } from './ChangePopover';
export { TrackToggle } from './TrackToggle';
export { DirectEditNotice } from './DirectEditNotice';
export { MarkupSelect } from './MarkupSelect';
export type { Reviewer, Role } from './permissions';

/** The editor plugins of the review UI, to go before the editor's own keymaps. */
export function reviewPlugins(reviewer: Reviewer): Plugin[] {
  return [keymap(reviewKeymap(reviewer)), deletedTextCursor(), changeBars(), markupViews()];
}
