// Smoke test of the benchmarks: every bench/ script's run() on tiny inputs (`quick`) completes and
// returns a table with a baseline measured in the same run; the runner refuses unknown names.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchScripts, markdownTable, run as runBench, type BenchResult } from '../../bin/commands/bench';
import { ROOT } from '../../server/build';

describe('bench scripts, quick', () => {
  const scripts = benchScripts();

  it('finds the scripts and leaves the helpers out', () => {
    expect(scripts).toEqual(expect.arrayContaining(['replay.ts', 'replay-concurrent.ts', 'collab-latency.ts', 'cold-load.ts', 'export.ts', 'cli-start.ts']));
    expect(scripts.some((f) => f.startsWith('_'))).toBe(false);
  });

  // collab-server.ts is the helper that starts a server and connects clients, not a bench.
  for (const file of scripts.filter((f) => f !== 'collab-server.ts')) {
    it(`${file}: run({ quick: true }) returns a table with its baseline`, async () => {
      const mod = (await import(join(ROOT, 'bench', file))) as { run(opts: { quick: boolean }): Promise<BenchResult> };
      const result = await mod.run({ quick: true });
      expect(result.name.length).toBeGreaterThan(10);
      expect(result.rows.length).toBeGreaterThanOrEqual(2);
      const first = Object.values(result.rows[0]).join(' ');
      expect(first).toMatch(/baseline/i);
      const table = markdownTable(result.rows);
      expect(table.split('\n')).toHaveLength(result.rows.length + 2);
      expect(table).not.toMatch(/\bNaN\b/);
    }, 180_000);
  }

  it('the runner refuses a name that matches no script', async () => {
    await expect(runBench(['no-such-bench'])).rejects.toThrow(/no bench script matches no-such-bench/);
    await expect(runBench(['--speed', 'max'])).rejects.toThrow(/unknown option --speed/);
  });
});
