// `npm run load [-- --clients 500 --seconds 60 --interval 30000 --paragraphs 50 --settle 60000]`: the
// load run (bench/load/typing-load.ts) with its result as a table; exit code 1 when clients or the
// stored document do not end with the same content (or clients still miss edits after --settle ms).
import { markdownTable } from '../../bin/commands/bench';
import { ms } from '../_util';
import { loadOptions } from './options';
import { runLoad, type LoadOptions } from './typing-load';

async function main(): Promise<number> {
  let opts: LoadOptions;
  try {
    opts = loadOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`load: ${(err as Error).message}`);
    return 1;
  }
  const r = await runLoad({ ...opts, log: (line) => console.log(line) });
  console.log(`\n### Load: ${r.clients} clients typing into one document for ${r.seconds} s (loopback)\n`);
  console.log(markdownTable([{
    clients: r.clients,
    paragraphs: opts.paragraphs,
    keystrokes: r.keystrokes,
    'keys/s': Math.round(r.keystrokes / r.seconds),
    'latency median (ms)': r.latency.samples ? ms(r.latency.median) : '-',
    'latency p99 (ms)': r.latency.samples ? ms(r.latency.p99) : '-',
    'all clients had every edit after (ms)': Number.isNaN(r.settleMs) ? 'never' : ms(r.settleMs),
    'content (chars)': r.contentChars,
    'clients diverging': r.divergent,
    'stored (SQLite) matches': r.storedMatches ? 'yes' : 'NO',
    result: r.converged ? 'converged' : Number.isNaN(r.settleMs) ? `DIVERGED (edits still missing ${opts.settleMs} ms after typing)` : 'DIVERGED',
  }]));
  return r.converged ? 0 : 1;
}

main().then((code) => {
  process.exitCode = code;
}, (err) => {
  console.error(`load failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
});
