// Awareness: who is in the document (their `user` states) and how their cursors look.
import { Plugin } from 'prosemirror-state';
import type { Awareness } from 'y-protocols/awareness';
import { afterFrame } from './after-frame';
import { colorForId } from '../app/user';

export interface Present {
  clientId: number;
  id: string;
  name: string;
  color: string;
  self: boolean;
}

/** The users in the awareness states, the local one first, one entry per user id. */
export function presentUsers(awareness: Awareness): Present[] {
  const seen = new Set<string>();
  const out: Present[] = [];
  const states = [...awareness.getStates().entries()].sort(([a], [b]) => (a === awareness.clientID ? -1 : b === awareness.clientID ? 1 : a - b));
  for (const [clientId, state] of states) {
    const user = state.user as { id?: unknown; name?: unknown; color?: unknown } | undefined;
    if (!user || typeof user.name !== 'string') continue;
    const id = typeof user.id === 'string' ? user.id : `client-${clientId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    // the colour this client gives the user (a member's own: client/app/user.ts), as her changes show
    const color = typeof user.id === 'string' ? colorForId(user.id) : '#666666';
    out.push({ clientId, id, name: user.name, color, self: clientId === awareness.clientID });
  }
  return out;
}

/** A remote cursor: a coloured caret with the user's name in a flag (y-prosemirror's cursorBuilder). */
export function buildCursor(user: { id?: string; name?: string; color?: string }): HTMLElement {
  const color = typeof user.id === 'string' ? colorForId(user.id) : '#666666';
  const cursor = document.createElement('span');
  cursor.className = 'ProseMirror-yjs-cursor';
  cursor.style.borderColor = color;
  const flag = document.createElement('span');
  flag.className = 'cursor-name';
  flag.style.backgroundColor = color;
  flag.textContent = user.name || 'Anonymous';
  cursor.append('\u2060', flag, '\u2060');
  return cursor;
}

/**
 * y-prosemirror's cursor plugin publishing the local caret after the frame that shows it: on every
 * view update it turns the selection into Yjs relative positions (a walk from the document's start
 * to the caret) and sets the awareness state, which y-websocket encodes and sends at once (~1 ms a
 * key in the middle of the 577 kB mapping document, ~3 ms for the click placing the caret). Here
 * that runs once after the next frame, for the view's state of then (several updates of one frame
 * are published once). Remote cursors are drawn as before.
 */
export function publishCaretAfterFrame(plugin: Plugin): Plugin {
  const makeView = plugin.spec.view;
  if (!makeView) return plugin;
  return new Plugin({
    ...plugin.spec,
    view(view) {
      const inner = makeView(view);
      let cancel: (() => void) | null = null;
      return {
        update(_view, prevState) {
          cancel ??= afterFrame(() => {
            cancel = null;
            if (!view.isDestroyed) inner.update?.(view, prevState);
          });
        },
        destroy() {
          cancel?.();
          inner.destroy?.();
        },
      };
    },
  });
}
