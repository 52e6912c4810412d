// Direct editing leaves a trace, in the page: this client says in awareness whether its track mode
// is on (`tracking`), and everyone sees who the server says is editing without tracking
// (server/direct-edits.ts announces it in the server's own awareness state, from the coordinator's
// word or from her untracked updates, so a client cannot hide it).
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { EditorState } from 'prosemirror-state';
import type { Awareness } from 'y-protocols/awareness';
import { isTrackMode } from '../../shared/track';
import { announcedDirectEditors, directEditNotice, type DirectEditor } from './direct-editors';

export function DirectEditNotice({ awareness, state, selfId }: { awareness: Awareness; state: EditorState; selfId: string }) {
  const tracking = isTrackMode(state);
  useEffect(() => { awareness.setLocalStateField('tracking', tracking); }, [awareness, tracking]);

  const cache = useRef<DirectEditor[]>([]);
  const subscribe = useCallback((listener: () => void) => {
    awareness.on('change', listener);
    return () => awareness.off('change', listener);
  }, [awareness]);
  const editors = useSyncExternalStore(subscribe, () => {
    const next = announcedDirectEditors(awareness.getStates() as Map<number, Record<string, unknown>>, selfId);
    if (JSON.stringify(next) !== JSON.stringify(cache.current)) cache.current = next;
    return cache.current;
  });
  if (!editors.length) return null;
  // in the header row, where it moves nothing under the pointer
  return (
    <span className="direct-edit-notice" role="status" data-editors={editors.map((e) => e.name).join(',')}
      title="Their changes are not marked as suggestions; a version is saved when they turn track changes off and when they turn it back on (see History).">
      {directEditNotice(editors)}
    </span>
  );
}
