// A throwaway PostgreSQL 15 for tests: a fresh cluster in a temporary directory on a free port,
// trust authentication on 127.0.0.1 only. PostgreSQL refuses to run as root, so as root every
// command runs as the `postgres` user (the Debian package creates it).
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port';

const run = promisify(execFile);
const BIN = process.env.DRAFTROOM_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresEngine {
  /** A URL of the `postgres` database (the superuser `draftroom`, no password). */
  url: string;
  port: number;
  /** A new empty database on this cluster; its URL. */
  newDatabase(): Promise<string>;
  /** Stops the engine (fast shutdown: open connections are cut); `start` brings it back with its data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /**
   * Freezes every process of the engine (SIGSTOP): connections stay open and nothing is answered,
   * as behind a network black hole or a failover that left them hanging; `thaw` lets it go on.
   */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** Stops it and deletes its directory. */
  destroy(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

function pgCommand(command: string, args: string[]) {
  const file = join(BIN, command);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
}

let databases = 0;

export async function startPostgres(): Promise<PostgresEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-pg-'));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  await pgCommand('initdb', ['-D', data, '-A', 'trust', '-U', 'draftroom', '--no-sync', '--encoding=UTF8', '--locale=C']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const start = async () => {
    await pgCommand('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', options, 'start']);
  };
  const stop = async () => {
    await pgCommand('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  };
  await start();
  const url = `postgres://draftroom@127.0.0.1:${port}/postgres`;
  /** The postmaster's pid, then its children's (the backends and helpers). */
  const processes = async (): Promise<number[]> => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const { stdout } = await run('pgrep', ['-P', String(postmaster)]).catch(() => ({ stdout: '' }));
    return [postmaster, ...stdout.split('\n').filter(Boolean).map(Number)];
  };
  const thaw = async () => {
    for (const pid of await processes()) process.kill(pid, 'SIGCONT');
  };
  return {
    url,
    port,
    async newDatabase() {
      const name = `t${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://draftroom@127.0.0.1:${port}/${name}`;
    },
    stop,
    start,
    async freeze() {
      // the children first: a stopped postmaster forks no backend for them to wait on
      for (const pid of (await processes()).reverse()) process.kill(pid, 'SIGSTOP');
    },
    thaw,
    async destroy() {
      await thaw().catch(() => {}); // a frozen engine would never stop
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
