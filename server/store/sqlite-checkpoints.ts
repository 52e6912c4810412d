// When SQLite copies its write-ahead log into the database file (a checkpoint): while the store is
// idle, not in the commit of whichever keystroke crosses SQLite's threshold.
//
// In WAL mode a commit only appends to the log; SQLite's own rule then checkpoints in the commit
// that takes the log past `wal_autocheckpoint` pages (1,000 by default), and that commit waits for
// the copy and for two fsyncs: ~5 ms on the bench machine, once every ~470 keystrokes, during
// typing (docs/PERFORMANCE.md). Here the store says when it wrote (`wrote`); once nothing has been
// written for `idleMs`, a PASSIVE checkpoint runs (it never waits for a writer, and a commit
// after it starts the log again from its beginning). SQLite's rule stays as the bound, at `capPages`:
// a store written without a pause checkpoints in a commit as before, about half as often.
import type Database from 'better-sqlite3';

/** Quiet time after the last write before the log is checkpointed (ms). */
export const CHECKPOINT_IDLE_MS = 500;
/** Pages in the log at which a commit checkpoints anyway (SQLite's `wal_autocheckpoint`): 8 MiB of 4 KiB pages. */
export const WAL_CAP_PAGES = 2000;

export class IdleCheckpoints {
  /** performance.now() of the last write. */
  private last = 0;
  private timer: NodeJS.Timeout | null = null;

  /** `canRun` is false while a transaction is open on the connection (the check waits for the next quiet time). */
  constructor(
    private db: Database.Database,
    private canRun: () => boolean,
    private idleMs = CHECKPOINT_IDLE_MS,
    capPages = WAL_CAP_PAGES,
  ) {
    db.pragma(`wal_autocheckpoint = ${capPages}`);
  }

  /** The store committed a write: the log is checkpointed once the store has been quiet for `idleMs`. */
  wrote(): void {
    this.last = performance.now();
    if (!this.timer) this.arm(this.idleMs);
  }

  /** Stops checking (the store closes; closing the connection checkpoints what is left). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.check, ms);
    this.timer.unref();
  }

  private check = (): void => {
    this.timer = null;
    const quiet = performance.now() - this.last;
    if (quiet < this.idleMs) return this.arm(this.idleMs - quiet);
    if (!this.db.open) return;
    if (!this.canRun()) return this.arm(this.idleMs);
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // another connection checkpointing or writing: the next quiet time (or SQLite's bound) does it
    }
  };
}
