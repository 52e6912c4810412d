// The toolbar's track-changes switch: on by default; coordinators may turn it off, everyone else
// sees its state with the reason they cannot change it.
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { isTrackMode } from '../../shared/track';
import { shortcutLabel, SHORTCUTS } from '../editor/keymap';
import { toggleTrackMode } from './navigation';
import { trackModeLockReason, type Reviewer } from './permissions';

export function TrackToggle({ view, state, reviewer }: { view: EditorView; state: EditorState; reviewer: Reviewer }) {
  const on = isTrackMode(state);
  const lock = trackModeLockReason(reviewer);
  const title = lock ?? `Turn track changes ${on ? 'off' : 'on'} (${shortcutLabel(SHORTCUTS.trackChanges)})`;
  return (
    // the title sits on a wrapper too: disabled buttons get no pointer events in some browsers
    <span className="track-toggle-wrap" title={title}>
      <button type="button" role="switch" aria-checked={on} className={`track-toggle${on ? ' on' : ''}`}
        data-command="track-changes" disabled={!!lock} title={title}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => { toggleTrackMode(reviewer)(view.state, view.dispatch, view); view.focus(); }}>
        <span className="switch" aria-hidden="true" />
        Track changes{on ? '' : ': off'}
      </button>
    </span>
  );
}
