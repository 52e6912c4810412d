// What a room writes when it compacts its document's stored log (store.ts `StateFrom`): what the
// store holds, absorbed into the room's Y.Doc as another server's updates are, and then the doc's
// encoding, which holds it all, so the store writes it as is (no Y.mergeUpdates of the stored
// parts: on the automerge-paper text at 60,000 edits merging the state row and 500 updates took
// 133 ms, encoding the doc 5 ms). Most of what the store holds is in the doc already: the state
// row this room wrote last is not applied again, nor the log rows it appended itself (the same
// bytes in the same order); anything else (another server's rows or state row) is applied.
import * as Y from 'yjs';
import type { StoredState } from '../store/store';
import { REMOTE } from './broker';

/** Rows a room remembers having appended, at most (older ones are applied again: harmless). */
const MAX_OWN_ROWS = 20_000;

const sameBytes = (a: Uint8Array, b: Uint8Array | null | undefined): boolean =>
  !!b && a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));

/**
 * Applies a logged update to `doc`; false when Yjs cannot apply it. No update the guard lets
 * through is such, but a store may hold one from an older version or another tool: it is left out
 * (when a room loads, rooms.ts, and when it compacts, here) rather than making the document
 * unloadable or its log impossible to compact.
 */
export function applyStored(doc: Y.Doc, update: Uint8Array): boolean {
  try {
    Y.applyUpdate(doc, update);
    return true;
  } catch {
    return false;
  }
}

export class CompactionState {
  /** The state row this room wrote last. */
  private written: Uint8Array | null = null;
  /** The updates this room appended to the log since, in order. */
  private own: Uint8Array[] = [];

  constructor(private doc: Y.Doc) {}

  /**
   * Notes updates this room appended to the log (in order), as copies: a client's update is a view
   * into the buffer its message was read into, which it would keep alive (8 KiB or more each).
   */
  appended(updates: Uint8Array[]): void {
    for (const update of updates) this.own.push(new Uint8Array(update));
    if (this.own.length > MAX_OWN_ROWS) this.own.splice(0, this.own.length - MAX_OWN_ROWS);
  }

  /** The new state row from what the store holds (store.ts `StateFrom`). */
  stateFrom = (stored: StoredState): Uint8Array => {
    let matched = this.firstInLog(stored.updates);
    this.doc.transact(() => {
      if (stored.state && !sameBytes(stored.state, this.written)) Y.applyUpdate(this.doc, stored.state);
      for (const update of stored.updates) {
        if (sameBytes(update, this.own[matched])) matched++;
        else applyStored(this.doc, update); // a row Yjs cannot apply is dropped with the rest
      }
    }, REMOTE);
    // rows appended after the store read the log stay for the next compaction
    this.own.splice(0, matched);
    return (this.written = Y.encodeStateAsUpdate(this.doc));
  };

  /**
   * Where this room's rows still in the log begin. Those before were compacted by another server
   * (or process), which deletes the log from its oldest rows on: they are in the state row now, and
   * left in `own` none would ever match again, nor any row after them (a room written without
   * pause while a quiet one compacts keeps MAX_OWN_ROWS copies, each compared at every compaction).
   * Forgetting a row is harmless (it is applied again), so with none of its rows in the log the room
   * forgets them all.
   */
  private firstInLog(updates: Uint8Array[]): number {
    const own = this.own;
    if (own.length === 0 || updates.some((update) => sameBytes(update, own[0]))) return 0;
    const key = (update: Uint8Array) => Buffer.from(update.buffer, update.byteOffset, update.length).toString('latin1');
    const logged = new Set(updates.map(key));
    const first = own.findIndex((update) => logged.has(key(update)));
    return first < 0 ? own.length : first;
  }
}
