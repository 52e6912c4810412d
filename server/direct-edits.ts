// Direct editing leaves a trace. A coordinator edits without tracking when her client says so (its
// awareness state has `tracking: false`) or when the server sees it (an update of hers inserts or
// deletes text without revision marks, collab/untracked.ts), whatever her client says. While she
// does:
// - the room announces it in the server's own awareness state, which every client receives and
//   no client can overwrite: `{directEditing: [{id, name, since}]}`;
// - a version is saved when it begins ("Tracking off: <name> (<date> UTC)", of the text before her
//   direct edits when her client said so first; "Editing without tracking: <name> ..." when the
//   server noticed it, which then holds her first such edit) and when it ends ("Tracking on again:
//   <name> ..."): when her client says tracking is on again or she leaves, and, for what the server
//   noticed, after `quietMs` without untracked edits. Her direct edits are attributed to her by
//   collab/attribution.ts, so comparing those two versions shows them as hers.
import * as Y from 'yjs';
import { Connection } from './collab/connection';
import type { Room } from './collab/room';
import type { RoomWatcher, UnloadReason } from './collab/rooms';
import { UntrackedEdits } from './collab/untracked';
import type { Store } from './store/store';

export interface DirectEditOptions {
  /** Direct editing the server noticed (not announced by the client) ends after this long without untracked edits (ms). */
  quietMs: number;
}

export const DEFAULT_DIRECT_EDITS: DirectEditOptions = { quietMs: 60_000 };

/** "2026-11-23 14:05:09 UTC". */
const stamp = (time: number): string => `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

export const trackingOffName = (name: string, time: number) => `Tracking off: ${name} (${stamp(time)})`;
export const untrackedEditsName = (name: string, time: number) => `Editing without tracking: ${name} (${stamp(time)})`;
export const trackingOnName = (name: string, time: number) => `Tracking on again: ${name} (${stamp(time)})`;

interface Editor {
  name: string;
  since: number;
  /** Her client says track changes is off. */
  claimed: boolean;
  /** The server saw untracked edits of hers lately. */
  noticed: boolean;
  timer: NodeJS.Timeout | null;
}

/** Watches one room for coordinators editing without tracking (see above). */
export function watchDirectEdits(
  room: Room, store: Store, log: (line: string) => void, opts: DirectEditOptions = DEFAULT_DIRECT_EDITS, now: () => number = Date.now,
): RoomWatcher {
  const untracked = new UntrackedEdits(room.doc.getXmlFragment('prosemirror'));
  const editors = new Map<string, Editor>();
  let saving: Promise<void> = Promise.resolve();
  let closed = false;

  /** Saves a version of the text as it is at this moment. */
  const save = (name: string): void => {
    room.attribution.flush(); // the version says who wrote what so far
    const state = Y.encodeStateAsUpdate(room.doc);
    saving = saving.then(async () => {
      await room.flush();
      const version = await store.createVersion(room.id, name, state);
      log(`collab ${room.id}: saved version ${version.id} (${version.name})`);
    }).catch((err) => log(`collab ${room.id}: direct-edit version failed: ${(err as Error).message}`));
  };

  const announce = (): void => {
    if (closed) return;
    const list = [...editors].map(([id, e]) => ({ id, name: e.name, since: e.since }));
    room.announce(list.length ? { directEditing: list } : null);
  };

  const begin = (user: { id: string; name: string }, how: 'claimed' | 'noticed'): Editor => {
    let editor = editors.get(user.id);
    if (editor) return editor;
    const time = now();
    editor = { name: user.name, since: time, claimed: false, noticed: false, timer: null };
    editors.set(user.id, editor);
    save(how === 'claimed' ? trackingOffName(user.name, time) : untrackedEditsName(user.name, time));
    announce();
    return editor;
  };

  const maybeEnd = (userId: string): void => {
    const editor = editors.get(userId);
    if (!editor || editor.claimed || editor.noticed) return;
    if (editor.timer) clearTimeout(editor.timer);
    editors.delete(userId);
    save(trackingOnName(editor.name, now()));
    announce();
  };

  const coordinator = (conn: Connection) => conn.access.role() === 'coordinator';

  /** Whose clients say track changes is off, from the awareness states of each connection. */
  const onAwareness = (): void => {
    const off = new Map<string, { id: string; name: string }>();
    const states = room.awareness.getStates();
    for (const conn of room.connections) {
      if (!coordinator(conn)) continue;
      for (const client of room.awarenessClientsOf(conn)) if (states.get(client)?.tracking === false) off.set(conn.access.user.id, conn.access.user);
    }
    for (const user of off.values()) begin(user, 'claimed').claimed = true;
    for (const [userId, editor] of editors) {
      if (editor.claimed && !off.has(userId)) {
        editor.claimed = false;
        maybeEnd(userId);
      }
    }
  };

  const onTransaction = (tr: Y.Transaction): void => {
    const conn = tr.origin;
    // every transaction is read (the reader follows the texts' revision marks), a coordinator's judged
    if (!untracked.read(tr, conn instanceof Connection && coordinator(conn)) || !(conn instanceof Connection)) return;
    const user = conn.access.user;
    if (editors.get(user.id)?.claimed) return; // her client said so: it ends when it says tracking is on
    const editor = begin(user, 'noticed');
    editor.noticed = true;
    if (editor.timer) return void editor.timer.refresh(); // a keystroke: the quiet period starts again
    editor.timer = setTimeout(() => {
      editor.timer = null;
      editor.noticed = false;
      maybeEnd(user.id);
    }, opts.quietMs);
    editor.timer.unref();
  };

  room.awareness.on('update', onAwareness);
  room.doc.on('afterTransaction', onTransaction);

  return {
    async close(reason: UnloadReason) {
      room.awareness.off('update', onAwareness);
      room.doc.off('afterTransaction', onTransaction);
      for (const [userId, editor] of editors) {
        if (editor.timer) clearTimeout(editor.timer);
        editor.claimed = editor.noticed = false;
        if (reason === 'idle') maybeEnd(userId);
      }
      closed = true;
      await saving;
    },
  };
}
