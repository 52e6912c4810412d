// Smoke test of the benchmarks: every bench/ script's run() on tiny inputs (`quick`) completes and
// returns a table with a baseline measured in the same run; the runner refuses unknown names.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchScripts, markdownTable, run as runBench, type BenchResult } from '../../bin/commands/bench';
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
    for (const what of [/keystroke.*2 clients.*median/, /keystroke.*p99/, /automerge-paper.*late client/, /RSS, empty/, /RSS, \d+ open documents/, /RSS, \d+ idle connections/]) {
      expect(labels.some((l) => what.test(l)), String(what)).toBe(true);
    }
    for (const row of figures) {
      for (const peer of ['Draftroom', 'Hocuspocus', 'y-websocket']) expect(Number(row[peer]), `${row.figure}: ${peer}`).toBeGreaterThan(0);
      // the ratios are those of the printed figures (rounded as printed)
      for (const [ratio, peer] of [['x Hocuspocus', 'Hocuspocus'], ['x y-websocket', 'y-websocket']]) {
        expect(Number(row[ratio])).toBeCloseTo(Number(row.Draftroom) / Number(row[peer]), 0);
      }
      expect(String(row.verdict)).toMatch(/ahead of both|behind|within 1.2x|over 1.2x/);
    }
    const skips = rows.map((r) => String(r.figure)).filter((f) => / skips: /.test(f));
    expect(skips.map((f) => f.split(' skips:')[0])).toEqual(['Draftroom', 'Hocuspocus', 'y-websocket']);
    expect(skips.join(' ')).toMatch(/2 s after its last change/);
    expect(skips.join(' ')).toMatch(/no durability/);
  }, 120_000);

  it('the runner refuses a name that matches no script', async () => {
    await expect(runBench(['no-such-bench'])).rejects.toThrow(/no bench script matches no-such-bench/);
    await expect(runBench(['--speed', 'max'])).rejects.toThrow(/unknown option --speed/);
  });
});
