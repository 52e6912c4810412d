// `draftroom user` run as a real process on a data dir: add (given or generated password, shown
// once), role, list; the accounts it writes are the server's (checked through Auth on the same
// SQLite file, or the same PostgreSQL database with DATABASE_URL); bad input is one line on stderr and exit code 1.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Auth } from '../../server/auth/auth';
import { openSqliteStore } from '../../server/store/sqlite';
import { openPgStore } from '../../server/store/postgres';
import { startPostgres, type PostgresEngine } from '../engines/postgres';
import { builtCli } from '../../bin/build-node.mjs';

const CLI = resolve(process.cwd(), 'bin/draftroom');
let dir: string;

/** Runs the CLI with stdin closed (not a TTY), as in scripts. */
function draftroom(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [CLI, 'user', ...args, '--data', dir], (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

async function withAuth<T>(fn: (auth: Auth) => Promise<T>): Promise<T> {
  const store = openSqliteStore(dir);
  try {
    return await fn(new Auth(store.sql));
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'draftroom-user-'));
  // built before the first command (after a source changed, its first run would build and say so on stderr)
  await builtCli(() => {});
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('draftroom user', () => {
  it('adds a first coordinator with a generated password, printed once, creating the group', async () => {
    const { code, stdout, stderr } = await draftroom('add', 'chair', '--group', 'EUR', '--role', 'coordinator');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Created group EUR.');
    const password = /Password \(shown once\): (\S+)/.exec(stdout)![1];
    await withAuth(async (auth) => {
      const user = await auth.verifyCredentials('chair', password);
      expect(user?.name).toBe('chair');
      expect(await auth.accounts.memberships(user!.id)).toEqual([{ group: 'EUR', groupName: 'CEPT (European Common Proposals)', role: 'coordinator' }]);
    });
  });

  it('adds a user with a given password, changes roles and lists everyone', async () => {
    expect((await draftroom('add', 'writer', '--group', 'EUR', '--role', 'drafter', '--password', 'writer-password')).stdout)
      .not.toContain('Password');
    expect((await draftroom('role', 'writer', '--group', 'EUR', '--role', 'observer')).stdout).toContain('writer is now observer of EUR.');
    const { code, stdout } = await draftroom('list');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(['chair\tcoordinator of EUR', 'writer\tobserver of EUR']);
    await withAuth(async (auth) => expect((await auth.verifyCredentials('writer', 'writer-password'))?.name).toBe('writer'));
  });

  it('refuses bad input with one line and exit code 1', async () => {
    const cases: [string[], RegExp][] = [
      [['add', 'chair', '--group', 'EUR', '--role', 'drafter', '--password', 'another-password'], /the name 'chair' is taken/],
      [['add', 'x', '--group', 'EUR', '--role', 'chief'], /--role must be one of/],
      [['add', 'x', '--role', 'drafter'], /--group is required/],
      [['add', 'x', '--group', 'europe', '--role', 'drafter', '--password', 'long-enough'], /capital letters/],
      [['add', 'x', '--group', 'EUR', '--role', 'drafter', '--password', 'short'], /8 to 200/],
      [['role', 'chair', '--group', 'EUR', '--role', 'drafter'], /last coordinator/],
      [['role', 'nobody', '--group', 'EUR', '--role', 'drafter'], /no such user/],
      [['add', 'x', '--group', 'EUR', '--role', 'drafter', '--colour', 'red'], /unknown option --colour/],
      [['remove', 'x'], /usage: draftroom user add/],
    ];
    const results = await Promise.all(cases.map(([args]) => draftroom(...args)));
    for (const [i, [args, message]] of cases.entries()) {
      const { code, stdout, stderr } = results[i];
      expect({ args, code }).toEqual({ args, code: 1 });
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(stdout).toBe('');
    }
  });
});

describe('draftroom user on PostgreSQL (DATABASE_URL)', () => {
  let engine: PostgresEngine | undefined;
  afterAll(async () => { await engine?.destroy(); });

  it('writes the accounts every server on that database sees', async () => {
    engine = await startPostgres();
    const url = await engine.newDatabase();
    const run = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, [CLI, 'user', ...args], { env: { ...process.env, DATABASE_URL: url } }, (err, stdout, stderr) => {
        done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
    });
    expect(await run('add', 'chair', '--group', 'EUR', '--role', 'coordinator', '--password', 'chair-password')).toMatchObject({ code: 0, stderr: '' });
    expect((await run('list')).stdout.trim()).toBe('chair\tcoordinator of EUR');
    const store = await openPgStore(url);
    try {
      expect((await new Auth(store.sql).verifyCredentials('chair', 'chair-password'))?.name).toBe('chair');
    } finally {
      await store.close();
    }
  });
});
