// `draftroom bench [name ...]`: runs the scripts in bench/ (each exports `run()`) and prints their tables.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../server/build';

export interface BenchResult {
  name: string;
  rows: Array<Record<string, string | number>>;
}

/** Renders rows as a markdown table, columns in the order of the first row's keys. */
export function markdownTable(rows: BenchResult['rows']): string {
  if (!rows.length) return '(no rows)';
  const cols = Object.keys(rows[0]);
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(cols), line(cols.map(() => '---')), ...rows.map((r) => line(cols.map((c) => r[c] ?? '')))].join('\n');
}

export async function run(args: string[]): Promise<number> {
  const dir = join(ROOT, 'bench');
  const scripts = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).sort();
  const wanted = args.length ? scripts.filter((f) => args.some((a) => f.startsWith(a))) : scripts;
  if (!wanted.length) {
    console.error(`no bench script matches ${args.join(' ')}; have: ${scripts.join(', ')}`);
    return 1;
  }
  let failed = 0;
  for (const file of wanted) {
    const mod = (await import(join(dir, file))) as { run?: () => Promise<BenchResult> };
    if (typeof mod.run !== 'function') continue;
    const started = performance.now();
    try {
      const result = await mod.run();
      console.log(`\n### ${result.name} (${file}, ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
      console.log(markdownTable(result.rows));
    } catch (err) {
      failed++;
      console.error(`\n### ${file} failed: ${err instanceof Error ? err.message : err}`);
    }
  }
  return failed ? 1 : 0;
}
