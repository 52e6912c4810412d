// Helpers shared by the bench scripts: timing statistics and the "run directly" entry point.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { markdownTable, RESULT_MARKER, type BenchResult } from '../bin/commands/bench';

export type { BenchResult };

/** What every bench's `run()` accepts: `quick` runs it on tiny inputs (the smoke tests do). */
export interface BenchOptions {
  quick?: boolean;
}

/** The q-quantile (0..1) of the samples, by nearest rank. */
export function quantile(samples: number[], q: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const median = (samples: number[]): number => quantile(samples, 0.5);

/** Milliseconds with a precision that suits the magnitude. */
export function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(3);
}

/** The resident set of a Linux process in MiB (undefined elsewhere, or when it has ended). */
export function rssMiB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `fn` `count` times and returns each run's duration in ms. */
export async function timeRuns(count: number, fn: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** When the module at `url` is the script node was started with, runs it and prints its table. */
export function runIfMain(url: string, run: (opts?: BenchOptions) => Promise<BenchResult>): void {
  if (!process.argv[1] || url !== pathToFileURL(process.argv[1]).href) return;
  run({ quick: process.argv.includes('--quick') }).then(
    (result) => {
      // run by `draftroom bench`: the result for it to print; run by hand: the table
      if (process.env.DRAFTROOM_BENCH_RESULT) process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
      else console.log(`### ${result.name}\n\n${markdownTable(result.rows)}`);
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
