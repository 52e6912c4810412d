// Smoke test of the benchmarks: every bench/ script's run() on tiny inputs (`quick`) completes and
// returns a table with a baseline measured in the same run; the runner refuses unknown names.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { benchScripts, markdownTable, run as runBench, type BenchResult } from '../../bin/commands/bench';
import { connectPeer, type PeerClient } from '../../bench/peers/client';
import { speedVerdict } from '../../bench/peers/index';
import { targetLines, updatePerformanceDoc, updateReadme, type RunResult } from '../../bin/commands/bench-markdown';
import { ROOT } from '../../server/build';

describe('bench scripts, quick', () => {
  const scripts = benchScripts();

  it('finds the scripts and leaves the helpers out', () => {
    expect(scripts).toEqual(expect.arrayContaining(['replay.ts', 'replay-concurrent.ts', 'collab-latency.ts', 'cold-load.ts', 'export.ts', 'cli-start.ts', 'peers/index.ts']));
    expect(scripts.some((f) => f.startsWith('_'))).toBe(false);
  });

  async function runQuick(file: string): Promise<BenchResult> {
    const mod = (await import(join(ROOT, 'bench', file))) as { run(opts: { quick: boolean }): Promise<BenchResult> };
    const result = await mod.run({ quick: true });
    expect(result.name.length).toBeGreaterThan(10);
    expect(result.rows.length).toBeGreaterThanOrEqual(2);
    const first = Object.values(result.rows[0]).join(' ');
    expect(first).toMatch(/baseline/i);
    const table = markdownTable(result.rows);
    expect(table.split('\n')).toHaveLength(result.rows.length + 2);
    expect(table).not.toMatch(/\bNaN\b/);
    return result;
  }

  // collab-server.ts is the helper that starts a server and connects clients, not a bench.
  for (const file of scripts.filter((f) => f !== 'collab-server.ts' && f !== 'peers/index.ts')) {
    it(`${file}: run({ quick: true }) returns a table with its baseline`, async () => {
      await runQuick(file);
    }, 180_000);
  }

  it('peers/index.ts: Draftroom, Hocuspocus and y-websocket each measured on every figure, with ratios and what each skips', async () => {
    const { rows } = await runQuick('peers/index.ts');
    const figures = rows.filter((r) => /\((ms|MiB)\)$/.test(String(r.figure)));
    const labels = figures.map((r) => String(r.figure));
    for (const what of [/keystroke.*2 clients.*median/, /keystroke.*p99/, /automerge-paper.*late client/, /server start/, /RSS, empty/, /RSS, \d+ open documents/, /RSS, \d+ idle connections/]) {
      expect(labels.some((l) => what.test(l)), String(what)).toBe(true);
    }
    for (const row of figures) {
      for (const peer of ['Draftroom', 'Hocuspocus', 'y-websocket']) expect(Number(row[peer]), `${row.figure}: ${peer}`).toBeGreaterThan(0);
      // the ratios are those of the printed figures (rounded as printed)
      for (const [ratio, peer] of [['x Hocuspocus', 'Hocuspocus'], ['x y-websocket', 'y-websocket']]) {
        expect(Number(row[ratio])).toBeCloseTo(Number(row.Draftroom) / Number(row[peer]), 0);
      }
      expect(String(row.verdict)).toMatch(/ahead of|behind|level with|within 1.2x|over 1.2x/);
    }
    const skips = rows.map((r) => String(r.figure)).filter((f) => / skips: /.test(f));
    expect(skips.map((f) => f.split(' skips:')[0])).toEqual(['Draftroom', 'Hocuspocus', 'y-websocket']);
    expect(skips.join(' ')).toMatch(/2 s after its last change/);
    expect(skips.join(' ')).toMatch(/no durability/);
  }, 120_000);

  it('the runner refuses a name that matches no script', async () => {
    await expect(runBench(['no-such-bench'])).rejects.toThrow(/no bench script matches no-such-bench/);
    await expect(runBench(['--speed', 'max'])).rejects.toThrow(/unknown option --speed/);
    await expect(runBench(['--markdown', '--quick'])).rejects.toThrow(/not with --quick/);
  });
});

describe('peer bench client', () => {
  it('opens a connection the server closed again, resyncs, and counts it', async () => {
    // y-websocket 1.5.4's reference server code in this process, on a real port
    const { setupWSConnection } = createRequire(import.meta.url)('y-websocket-peer/bin/utils') as {
      setupWSConnection(conn: WebSocket, req: IncomingMessage, opts: { docName: string }): void;
    };
    const server = createServer();
    const wss = new WebSocketServer({ server });
    const sockets: WebSocket[] = [];
    wss.on('connection', (conn, req) => {
      sockets.push(conn);
      setupWSConnection(conn, req, { docName: 'reconnect' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/reconnect`;
    const [a, b] = [await connectPeer({ url }), await connectPeer({ url })];
    try {
      a.doc.getText('t').insert(0, 'before');
      await textIs(b, 'before');
      const reopened = new Promise((resolve) => wss.once('connection', resolve));
      sockets[0].close(); // the server closes a's connection
      a.doc.getText('t').insert(6, ' meanwhile'); // typed while closed: goes with the resync
      await reopened;
      await textIs(b, 'before meanwhile');
      expect(a.reconnects).toBe(1);
      expect(b.reconnects).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** Resolves once the client's text `t` reads `expected`. */
function textIs(client: PeerClient, expected: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (client.doc.getText('t').toString() !== expected) return;
      client.doc.off('update', check);
      resolve();
    };
    client.doc.on('update', check);
    check();
  });
}

describe('peer bench verdicts', () => {
  const figure = (Draftroom: number[], Hocuspocus: number[], y: number[]) => ({ samples: { Draftroom, Hocuspocus, 'y-websocket': y } });

  it('compares the repetitions pair by pair: ahead or behind only when every pair says so', () => {
    expect(speedVerdict(figure([1, 1, 1], [2, 2, 2], [3, 3, 3]))).toBe('ahead of both');
    expect(speedVerdict(figure([3, 3, 3], [2, 2, 2], [1, 1, 1]))).toBe('behind both');
    // the medians say ahead of y-websocket (1 < 1.1), but one repetition of three says behind
    expect(speedVerdict(figure([1, 1, 1], [2, 2, 2], [1.1, 1.2, 0.9]))).toBe('ahead of Hocuspocus; level with y-websocket (ahead in 2 of 3 runs)');
    expect(speedVerdict(figure([1, 1, 1], [0.9, 1.2, 0.8], [0.5, 0.5, 0.5]))).toBe('level with Hocuspocus (ahead in 1 of 3 runs); behind y-websocket');
  });

  it('judges by the medians when the samples cannot be paired', () => {
    expect(speedVerdict(figure([1, 1, 5], [2, 2], [0.5]))).toBe('ahead of Hocuspocus; behind y-websocket');
  });
});

describe('bench --markdown', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'PERFORMANCE.md'), 'utf8');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const stamp = '2 cores (test CPU), Node v0, 2026-01-01 00:00 UTC';
  const peers: RunResult = {
    file: 'peers/index.ts', seconds: 12.3, name: 'Draftroom beside its peers',
    rows: [
      { figure: 'baseline: a keystroke', Draftroom: '-', verdict: '-' },
      { figure: 'replay (ms)', Draftroom: '900', verdict: 'ahead of both' },
    ],
    summary: ['Beside the peers: replay 0.62x Hocuspocus, 0.86x y-websocket.'],
  };
  const replay: RunResult = {
    file: 'replay.ts', seconds: 60, name: 'Replay of automerge-paper',
    rows: [
      { setup: 'baseline: bare Y.Text', 'time (ms)': '4480', target: '' },
      { setup: 'through the server', 'time (ms)': '8036', target: 'through the server / bare Y.Text = 1.73: met (target ≤ 3x)' },
      { setup: 'track mode', 'time (ms)': '2166', target: 'track / plain editing = 1.52: MISSED (target ≤ 1.5x)' },
    ],
  };
  const blocks = (text: string) => text.match(/<!-- bench:[^ ]+ -->/g) ?? [];

  it('docs/PERFORMANCE.md has a block for every bench, so a run replaces its table in place', () => {
    for (const file of benchScripts().filter((f) => f !== 'collab-server.ts')) expect(doc).toContain(`<!-- bench:${file} -->`);
  });

  it('replaces the tables of the benches that ran, stamped, and leaves the rest of the file as it was', () => {
    const updated = updatePerformanceDoc(doc, [peers, replay], stamp);
    expect(blocks(updated)).toEqual(blocks(doc));
    const peersBlock = updated.slice(updated.indexOf('<!-- bench:peers/index.ts -->'), updated.indexOf('<!-- /bench:peers/index.ts -->'));
    expect(peersBlock).toContain(`run of ${stamp}`);
    expect(peersBlock).toContain('| replay (ms) | 900 | ahead of both |');
    // a bench that did not run keeps its table; the hand-written text around the blocks stays
    const block = (text: string, file: string) => text.slice(text.indexOf(`<!-- bench:${file} -->`), text.indexOf(`<!-- /bench:${file} -->`));
    expect(block(updated, 'export.ts')).toBe(block(doc, 'export.ts'));
    expect(updated.slice(0, updated.indexOf('<!-- bench:last-run -->'))).toBe(doc.slice(0, doc.indexOf('<!-- bench:last-run -->')));
    // idempotent: a second run of the same results gives the same file
    expect(updatePerformanceDoc(updated, [peers, replay], stamp)).toBe(updated);
  });

  it('gives a bench without a block a section of its own, replaced by the next run', () => {
    const fresh: RunResult = { file: 'new-bench.ts', seconds: 1, name: 'A new bench', rows: [{ setup: 'baseline: one server', ms: 1 }] };
    const once = updatePerformanceDoc(doc, [fresh], stamp);
    expect(once).toContain('## bench/new-bench.ts');
    expect(blocks(once)).toEqual([...blocks(doc), '<!-- bench:new-bench.ts -->']);
    const twice = updatePerformanceDoc(once, [{ ...fresh, rows: [{ setup: 'baseline: one server', ms: 2 }] }], stamp);
    expect(twice.match(/## bench\/new-bench\.ts/g)).toHaveLength(1);
    expect(twice).toContain('| baseline: one server | 2 |');
  });

  it('rewrites the README summary from the run: the peer lines and every target, met or missed', () => {
    expect(targetLines(replay)).toEqual([
      'through the server: time (ms) 8036, through the server / bare Y.Text = 1.73: met (target ≤ 3x)',
      'track mode: time (ms) 2166, track / plain editing = 1.52: MISSED (target ≤ 1.5x)',
    ]);
    // a verdict in the target column that does not say "target", and a bare threshold to compare with
    const checks: RunResult = {
      file: 'update-path.ts', seconds: 20, name: 'Update path',
      rows: [
        { workload: 'drafter', path: 'baseline: bare', ratio: '1.00', target: '' },
        { workload: 'drafter', path: 'with the checks', ratio: '1.44', target: 'MISSED (≤ 1.2x); runs 1.54, 1.44' },
        { measure: 'open, warm', ms: '472', target: '< 500' },
        { measure: 'before: the old path', ms: '500', target: 'the path outside the editor view' },
      ],
    };
    expect(targetLines(checks)).toEqual([
      'drafter: path with the checks, ratio 1.44, MISSED (≤ 1.2x); runs 1.54, 1.44',
      'open, warm: ms 472, target < 500',
    ]);
    const updated = updateReadme(readme, [peers, replay, checks], stamp);
    const summary = updated.slice(updated.indexOf('<!-- bench:summary -->'), updated.indexOf('<!-- /bench:summary -->'));
    expect(summary).toContain('- Beside the peers: replay 0.62x Hocuspocus, 0.86x y-websocket.');
    // one line per bench
    expect(summary).toContain('- replay: through the server: time (ms) 8036, through the server / bare Y.Text = 1.73: met (target ≤ 3x); track mode: time (ms) 2166, track / plain editing = 1.52: MISSED');
    expect(summary).toContain('- update-path: drafter: path with the checks, ratio 1.44, MISSED (≤ 1.2x); runs 1.54, 1.44; open, warm: ms 472, target < 500');
    expect(summary).toContain('docs/PERFORMANCE.md');
    expect(summary.split('\n').length).toBeLessThan(16);
    const outside = (text: string) => text.slice(0, text.indexOf('<!-- bench:summary -->')) + text.slice(text.indexOf('<!-- /bench:summary -->'));
    expect(outside(updated)).toBe(outside(readme));
    expect(() => updateReadme('# A README without the block', [replay], stamp)).toThrow(/no <!-- bench:summary -->/);
  });
});
