// `draftroom bench [--quick] [name ...]`: runs the scripts in bench/ (each exports `run(opts)`) one
// after another, each in a process of its own (so none measures in a heap another one left), and
// prints their tables, each with the time it took and the machine it ran on.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../server/build';
import { CliError, parseArgs } from './args';
import { markdownTable, updatePerformanceDoc, updateReadme, type RunResult } from './bench-markdown';

export { markdownTable };

export const usage = 'bench  [--quick] [--markdown] [name ...]   (names: the bench/ scripts, by prefix; --markdown writes the tables to docs/PERFORMANCE.md, and a run of all to the README\'s summary)';

export interface BenchResult {
  name: string;
  rows: Array<Record<string, string | number>>;
  /** A few lines for the README's performance summary (`--markdown`), beside the target rows. */
  summary?: string[];
}

/** The line a bench script run by this command ends its output with: the marker, then its result as JSON. */
export const RESULT_MARKER = '\u0000bench-result ';

/** Runs one bench script in a child process (its own output passes through); its result. */
function runScript(file: string, quick: boolean): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', file), ...(quick ? ['--quick'] : [])], {
      cwd: ROOT, env: { ...process.env, DRAFTROOM_BENCH_RESULT: '1' }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => { out += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      const at = out.lastIndexOf(RESULT_MARKER);
      const before = at < 0 ? out : out.slice(0, at);
      if (before.trim()) process.stdout.write(before);
      if (code !== 0 || at < 0) return reject(new Error(`exited with code ${code}${at < 0 ? ' and no result' : ''}`));
      resolve(JSON.parse(out.slice(at + RESULT_MARKER.length)) as BenchResult);
    });
  });
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

/**
 * The bench scripts: the files bench/*.ts that export `run` (not helpers), and the benches that are
 * folders, bench/NAME/index.ts exporting `run` (bench/peers/; bench/load/ is `npm run load`).
 */
export function benchScripts(): string[] {
  const exportsRun = (file: string) => /^export async function run\b/m.test(safeRead(join(ROOT, 'bench', file)));
  return readdirSync(join(ROOT, 'bench'), { withFileTypes: true })
    .flatMap((entry) => {
      if (entry.isDirectory()) return [`${entry.name}/index.ts`];
      return entry.name.endsWith('.ts') && !entry.name.startsWith('_') ? [entry.name] : [];
    })
    .filter(exportsRun)
    .sort();
}

/** Writes the run's tables to docs/PERFORMANCE.md; the README's summary too when every bench ran and none failed. */
function writeMarkdown(results: RunResult[], complete: boolean): void {
  const stamp = machine();
  const docPath = join(ROOT, 'docs', 'PERFORMANCE.md');
  writeFileSync(docPath, updatePerformanceDoc(safeRead(docPath), results, stamp));
  console.log(`\nWrote the tables of ${results.length} bench(es) to docs/PERFORMANCE.md.`);
  if (!complete) {
    console.log('The README\'s summary is left as it was: it is rewritten from a run of every bench without a failure.');
    return;
  }
  const readmePath = join(ROOT, 'README.md');
  writeFileSync(readmePath, updateReadme(readFileSync(readmePath, 'utf8'), results, stamp));
  console.log('Rewrote the README\'s performance summary.');
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['quick', 'markdown']);
  const unknown = Object.keys(parsed.options).find((name) => name !== 'quick' && name !== 'markdown');
  if (unknown) throw new CliError(`unknown option --${unknown}\nusage: draftroom ${usage}`);
  const scripts = benchScripts();
  const names = parsed.positionals;
  const wanted = names.length ? scripts.filter((f) => names.some((a) => f.startsWith(a))) : scripts;
  if (!wanted.length) throw new CliError(`no bench script matches ${names.join(' ')}; have: ${scripts.join(', ')}`);
  const markdown = parsed.options.markdown === true;
  if (markdown && parsed.options.quick === true) throw new CliError('--markdown records real figures: not with --quick');
  console.log(`Machine: ${machine()}`);
  const startedAll = performance.now();
  let failed = 0;
  const results: RunResult[] = [];
  for (const file of wanted) {
    const started = performance.now();
    try {
      const result = await runScript(file, parsed.options.quick === true);
      const seconds = (performance.now() - started) / 1000;
      results.push({ ...result, file, seconds });
      console.log(`\n### ${result.name} (${file}, ${seconds.toFixed(1)} s)\n`);
      console.log(markdownTable(result.rows));
    } catch (err) {
      failed++;
      console.error(`\n### ${file} failed: ${err instanceof Error ? err.message : err}`);
    }
  }
  console.log(`\nAll benches: ${((performance.now() - startedAll) / 1000).toFixed(0)} s${failed ? `, ${failed} failed` : ''}`);
  if (markdown) writeMarkdown(results, wanted.length === scripts.length && !failed);
  return failed ? 1 : 0;
}
