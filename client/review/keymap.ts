// Review shortcuts: track mode on/off (coordinators), next and previous change.
import type { Command } from 'prosemirror-state';
import { SHORTCUTS } from '../editor/keymap';
import { goToChange, toggleTrackMode } from './navigation';
import type { Reviewer } from './permissions';

export function reviewKeymap(reviewer: Reviewer): Record<string, Command> {
  return {
    [SHORTCUTS.trackChanges]: toggleTrackMode(reviewer),
    [SHORTCUTS.nextChange]: goToChange(1),
    [SHORTCUTS.previousChange]: goToChange(-1),
  };
}
