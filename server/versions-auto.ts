// Automatic versions: a room whose text has changed gets a version named "Auto: <date>" once
// `quietMs` pass without further edits, or after `everyUpdates` edits (at most once a minute), and when it unloads
// for lack of connections with edits not yet saved (not at shutdown: a restart is no pause in the
// work, and those edits count again from the next one). Only text changes count, not comments.
// Several servers may hold the same room (scale-out): the store saves the version only when no
// automatic version was taken since this server's first unsaved edit, so exactly one of them does.
import * as Y from 'yjs';
import type { Room } from './collab/room';
import type { RoomWatcher, UnloadReason } from './collab/rooms';
import type { Store } from './store/store';

export interface AutoVersionOptions {
  /** Save after this long without edits (ms); default 10 minutes. */
  quietMs: number;
  /** Save after this many edits (Yjs transactions changing the text) even while editing goes on; default 500. */
  everyUpdates: number;
}

export const DEFAULT_AUTO_VERSIONS: AutoVersionOptions = { quietMs: 10 * 60_000, everyUpdates: 500 };

/**
 * Versions for `everyUpdates` edits come at most once a minute: a room typed in by many (or a
 * replay) reaches 500 edits in seconds, and each version is a whole copy of the document (the
 * replay bench saved 520 of them, a third of the server's time). Edits past the count within the
 * minute are saved when it is over.
 */
export const EVERY_UPDATES_GAP_MS = 60_000;

/**
 * The options from the environment: DRAFTROOM_AUTO_VERSION_MINUTES and DRAFTROOM_AUTO_VERSION_UPDATES
 * (positive numbers), DRAFTROOM_AUTO_VERSION_MINUTES=off to turn automatic versions off.
 */
export function autoVersionsFromEnv(env: NodeJS.ProcessEnv = process.env): AutoVersionOptions | false {
  const minutes = env.DRAFTROOM_AUTO_VERSION_MINUTES, updates = env.DRAFTROOM_AUTO_VERSION_UPDATES;
  if (minutes === 'off') return false;
  const positive = (value: string | undefined, name: string): number | undefined => {
    if (value === undefined || value === '') return undefined;
    const n = Number(value);
    if (!(n > 0)) throw new Error(`${name} must be a positive number or 'off', not '${value}'`);
    return n;
  };
  const m = positive(minutes, 'DRAFTROOM_AUTO_VERSION_MINUTES'), u = positive(updates, 'DRAFTROOM_AUTO_VERSION_UPDATES');
  return {
    quietMs: m === undefined ? DEFAULT_AUTO_VERSIONS.quietMs : m * 60_000,
    everyUpdates: u === undefined ? DEFAULT_AUTO_VERSIONS.everyUpdates : Math.ceil(u),
  };
}

/** "Auto: 2026-11-23 14:05 UTC". */
export function autoVersionName(time: number): string {
  return `Auto: ${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Watches one room's text and saves automatic versions of it. */
export function watchAutoVersions(
  room: Room, store: Store, opts: AutoVersionOptions, log: (line: string) => void, now: () => number = Date.now,
): RoomWatcher {
  const fragment = room.doc.getXmlFragment('prosemirror');
  let edits = 0;
  /** When the first edit not yet in a version arrived. */
  let since = 0;
  let timer: NodeJS.Timeout | null = null;
  let saving: Promise<void> = Promise.resolve();

  /** When the last version for edits was started (the gap above counts from it). */
  let lastSave = 0;
  /** A save is set for the end of that gap. */
  let due = false;

  const save = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    due = false;
    lastSave = Date.now();
    if (edits === 0) return saving;
    edits = 0;
    const from = since;
    saving = saving.then(async () => {
      await room.flush();
      const version = await store.createAutoVersion(room.id, autoVersionName(now()), Y.encodeStateAsUpdate(room.doc), from, Y.encodeStateVector(room.doc));
      if (version) log(`collab ${room.id}: saved version ${version.id} (${version.name})`);
    }).catch((err) => log(`collab ${room.id}: automatic version failed: ${(err as Error).message}`));
    return saving;
  };

  const onEdit = (): void => {
    if (edits++ === 0) since = Date.now();
    if (due) return;
    if (edits >= opts.everyUpdates) {
      const wait = lastSave + EVERY_UPDATES_GAP_MS - Date.now();
      if (wait <= 0) {
        void save();
        return;
      }
      if (timer) clearTimeout(timer);
      due = true;
      timer = setTimeout(() => void save(), wait);
      timer.unref();
      log(`collab ${room.id}: ${edits} edits since the last version; the next is saved in ${Math.ceil(wait / 1000)} s (one a minute)`);
      return;
    }
    if (timer) return void timer.refresh(); // the quiet period starts again (one timer per room, not one per edit)
    timer = setTimeout(() => void save(), opts.quietMs);
    timer.unref();
  };
  fragment.observeDeep(onEdit);

  return {
    /** Stops watching; saves what is pending when the room unloads for lack of connections. */
    async close(reason: UnloadReason) {
      fragment.unobserveDeep(onEdit);
      if (reason !== 'idle') {
        if (timer) clearTimeout(timer);
        edits = 0;
      }
      await save();
    },
  };
}
