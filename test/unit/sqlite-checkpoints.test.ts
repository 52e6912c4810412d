// The write-ahead log is checkpointed in quiet times (server/store/sqlite-checkpoints.ts): read from
// SQLite's own wal-index (the `-shm` file, https://www.sqlite.org/walformat.html): `mxFrame`, the
// frames in the log, at byte 16 of the header, and `nBackfill`, the frames copied into the
// database, at byte 96; both native-endian 32-bit. The clock is vitest's (setTimeout and
// performance.now), so quiet time passes without waiting.
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHECKPOINT_IDLE_MS, IdleCheckpoints, WAL_CAP_PAGES } from '../../server/store/sqlite-checkpoints';

let dir: string;
let db: Database.Database;
let checkpoints: IdleCheckpoints;
let allowed = true;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  dir = mkdtempSync(join(tmpdir(), 'draftroom-wal-'));
  db = new Database(join(dir, 'test.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE log (id INTEGER PRIMARY KEY, data BLOB)');
  allowed = true;
  checkpoints = new IdleCheckpoints(db, () => allowed);
});

afterEach(() => {
  checkpoints.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  vi.useRealTimers();
});

/** Frames in the log and frames copied into the database file. */
function wal(): { frames: number; backfilled: number } {
  const shm = readFileSync(join(dir, 'test.sqlite-shm'));
  return { frames: shm.readUInt32LE(16), backfilled: shm.readUInt32LE(96) };
}

const insert = (count: number) => {
  const statement = db.prepare('INSERT INTO log (data) VALUES (?)');
  for (let i = 0; i < count; i++) {
    statement.run(Buffer.alloc(64, i)); // a commit of its own, as a keystroke's append
    checkpoints.wrote();
  }
};

describe('IdleCheckpoints', () => {
  it('raises SQLite\'s own bound: a commit checkpoints only past the cap', () => {
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_CAP_PAGES);
  });

  it('checkpoints once nothing was written for the quiet time, not while writes go on', () => {
    insert(100);
    expect(wal().frames).toBeGreaterThanOrEqual(100);
    expect(wal().backfilled).toBe(0);

    vi.advanceTimersByTime(CHECKPOINT_IDLE_MS - 100);
    insert(1); // the quiet time starts again
    vi.advanceTimersByTime(CHECKPOINT_IDLE_MS - 100);
    expect(wal().backfilled).toBe(0);

    vi.advanceTimersByTime(100);
    const after = wal();
    expect(after.backfilled).toBe(after.frames);

    // the next commit starts the log again from its beginning
    insert(1);
    expect(wal().frames).toBeLessThan(5);
  });

  it('waits while a transaction is open on the connection, and checkpoints at the next quiet time', () => {
    insert(20);
    allowed = false;
    vi.advanceTimersByTime(CHECKPOINT_IDLE_MS);
    expect(wal().backfilled).toBe(0);
    allowed = true;
    vi.advanceTimersByTime(CHECKPOINT_IDLE_MS);
    expect(wal().backfilled).toBe(wal().frames);
  });

  it('does nothing after close', () => {
    insert(20);
    checkpoints.close();
    vi.advanceTimersByTime(CHECKPOINT_IDLE_MS * 4);
    expect(wal().backfilled).toBe(0);
  });
});
