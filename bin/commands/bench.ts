// `draftroom bench [--quick] [name ...]`: runs the scripts in bench/ (each exports `run(opts)`) one
// after another and prints their tables, each with the time it took and the machine it ran on.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../server/build';
import { CliError, parseArgs } from './args';

export const usage = 'bench  [--quick] [name ...]   (names: the bench/ scripts, by prefix)';

export interface BenchResult {
  name: string;
  rows: Array<Record<string, string | number>>;
}

type BenchModule = { run?: (opts?: { quick?: boolean }) => Promise<BenchResult> };

/** Renders rows as a markdown table, columns in the order of the first row's keys. */
export function markdownTable(rows: BenchResult['rows']): string {
  if (!rows.length) return '(no rows)';
  const cols = Object.keys(rows[0]);
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(cols), line(cols.map(() => '---')), ...rows.map((r) => line(cols.map((c) => r[c] ?? '')))].join('\n');
}

/** The machine, as the README's performance section records it. */
export function machine(): string {
  const model = /model name\s*:\s*(.*)/.exec(safeRead('/proc/cpuinfo'))?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${model}), Node ${process.version}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The bench scripts: bench/*.ts except helpers (leading underscore) and folders. */
export function benchScripts(): string[] {
  return readdirSync(join(ROOT, 'bench')).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).sort();
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['quick']);
  const unknown = Object.keys(parsed.options).find((name) => name !== 'quick');
  if (unknown) throw new CliError(`unknown option --${unknown}\nusage: draftroom ${usage}`);
  const scripts = benchScripts();
  const names = parsed.positionals;
  const wanted = names.length ? scripts.filter((f) => names.some((a) => f.startsWith(a))) : scripts;
  if (!wanted.length) throw new CliError(`no bench script matches ${names.join(' ')}; have: ${scripts.join(', ')}`);
  console.log(`Machine: ${machine()}`);
  const startedAll = performance.now();
  let failed = 0;
  for (const file of wanted) {
    const mod = (await import(join(ROOT, 'bench', file))) as BenchModule;
    if (typeof mod.run !== 'function') continue;
    const started = performance.now();
    try {
      const result = await mod.run({ quick: parsed.options.quick === true });
      console.log(`\n### ${result.name} (${file}, ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
      console.log(markdownTable(result.rows));
    } catch (err) {
      failed++;
      console.error(`\n### ${file} failed: ${err instanceof Error ? err.message : err}`);
    }
  }
  console.log(`\nAll benches: ${((performance.now() - startedAll) / 1000).toFixed(0)} s${failed ? `, ${failed} failed` : ''}`);
  return failed ? 1 : 0;
}
