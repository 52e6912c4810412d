// The load run on a small scale: clients typing through a real server in a child process converge,
// and the document read back from SQLite after shutdown matches them; bad options are refused.
import { describe, expect, it } from 'vitest';
import { loadOptions } from '../../bench/load/options';
import { runLoad, seededRandom } from '../../bench/load/typing-load';

describe('load run', () => {
  it('12 clients typing for 2 s converge, with the stored document', async () => {
    const result = await runLoad({ clients: 12, seconds: 2, keyIntervalMs: 100, paragraphs: 3, settleMs: 20_000 });
    expect(result.keystrokes).toBeGreaterThan(50);
    expect(result.divergent).toBe(0);
    expect(result.storedMatches).toBe(true);
    expect(result.converged).toBe(true);
    expect(result.latency.samples).toBeGreaterThan(0);
    // Every paragraph got typing: the content grew beyond the three starting labels.
    expect(result.contentChars).toBeGreaterThan('<paragraph>Paragraph 1: </paragraph>'.length * 3 + 20);
  }, 120_000);

  it('options: defaults, and a clear error for bad values', () => {
    expect(loadOptions([])).toMatchObject({ clients: 500, seconds: 60, paragraphs: 50 });
    expect(loadOptions(['--clients', '20', '--seconds', '5'])).toMatchObject({ clients: 20, seconds: 5, paragraphs: 20 });
    expect(() => loadOptions(['--clients', 'many'])).toThrow(/--clients must be a whole number from 2 to 2000, not 'many'/);
    expect(() => loadOptions(['--seconds', '0'])).toThrow(/--seconds must be/);
    expect(() => loadOptions(['--host', 'example.org'])).toThrow(/unknown option --host/);
    expect(() => loadOptions(['extra'])).toThrow(/unexpected argument 'extra'/);
  });

  it('types the same keys on every run (seeded)', () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const xs = Array.from({ length: 5 }, () => a());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b()));
    expect(new Set(xs).size).toBe(5);
  });
});
