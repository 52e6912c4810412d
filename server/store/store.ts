// The Store interface: documents (metadata + Yjs state as a compacted row and an update log)
// and named versions (full state copies). SQLite (store/sqlite.ts, the default) and PostgreSQL
// (store/postgres.ts, several servers on one database) implement it.

export interface DocumentMeta {
  id: string;
  title: string;
  /** The code of the group that owns the document (EUR, ACP, ...). */
  group: string;
  createdAt: number;
  updatedAt: number;
}

export interface VersionMeta {
  id: string;
  name: string;
  createdAt: number;
}

export interface NewDocument {
  /** Chosen by the store when omitted. */
  id?: string;
  title: string;
  /** The code of the owning group (see server/auth); it must exist. */
  group: string;
  /** Initial Yjs state (an update encoding the whole document), if any. */
  state?: Uint8Array;
}

/** What a room needs to rebuild a document: the compacted state and the updates logged since. */
export interface StoredState {
  state: Uint8Array | null;
  updates: Uint8Array[];
}

/**
 * A compaction's new state made from what the store holds: the caller (a room) absorbs the stored
 * state and log rows into its Y.Doc and gives the doc's encoding, which holds all of them, so the
 * store writes it as is, with no merge of the stored parts.
 */
export type StateFrom = (stored: StoredState) => Uint8Array;

/** createDocument was given a group code that does not exist. */
export class UnknownGroupError extends Error {
  constructor(readonly group: string) {
    super(`no such group '${group}'`);
  }
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Resolves when the store can serve (a trivial query answers), rejects otherwise. */
  ping(): Promise<void>;
  /** Every document, or only those of the given group codes. */
  listDocuments(groups?: string[]): Promise<DocumentMeta[]>;
  getDocument(id: string): Promise<DocumentMeta | undefined>;
  createDocument(doc: NewDocument): Promise<DocumentMeta>;
  /** Returns the updated document, or undefined when it does not exist. */
  renameDocument(id: string, title: string): Promise<DocumentMeta | undefined>;
  /** Deletes the document with its updates and versions; false when it did not exist. */
  deleteDocument(id: string): Promise<boolean>;

  /**
   * Appends Yjs updates durably, all or none (one transaction); resolves with the number of
   * updates not yet compacted. Rejects when the database cannot be reached.
   */
  appendUpdates(id: string, updates: Uint8Array[]): Promise<number>;
  /**
   * A store that can append without waiting (SQLite: a synchronous call) appends `update` before
   * it returns, as `appendUpdates` would: the number of updates not yet compacted, or null when it
   * cannot append at once (the room then takes the `appendUpdates` way). Throws when the
   * database refuses the update.
   */
  appendNow?(id: string, update: Uint8Array): number | null;
  /** The compacted state and the pending updates, or undefined for an unknown document. */
  load(id: string): Promise<StoredState | undefined>;
  /**
   * Merges the stored state, the logged updates it reads and `state` if given into the state row
   * (Y.mergeUpdates), or writes what `state` makes of them when it is a StateFrom (a room's), and
   * deletes exactly the log rows it read, in one transaction: an update appended meanwhile (by
   * another server) stays in the log. On PostgreSQL it returns at once when another server is
   * compacting the document.
   */
  compact(id: string, state?: Uint8Array | StateFrom): Promise<void>;

  listVersions(id: string): Promise<VersionMeta[]>;
  getVersion(id: string, versionId: string): Promise<{ version: VersionMeta; state: Uint8Array } | undefined>;
  createVersion(id: string, name: string, state: Uint8Array): Promise<VersionMeta>;
  /**
   * An automatic version ("Auto: ..."), unless one created at or after `since` (by this or another
   * server) already holds every item of `state`: checked and inserted under a per-document lock,
   * so of several servers holding the same room exactly one saves it. Undefined when skipped.
   * `vector` is the state vector of `state` (a room gives its doc's: Y.encodeStateVector), read
   * from `state` when not given.
   */
  createAutoVersion(id: string, name: string, state: Uint8Array, since: number, vector?: Uint8Array): Promise<VersionMeta | undefined>;

  close(): Promise<void>;
}
