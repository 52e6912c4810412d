// Start-up of `draftroom` as a user runs it (a fresh process each time): `serve` until it listens
// (and its RSS then, empty: no document open), and `import` of a 577 kB text document (the
// WTDC-22 resolutions repeated) to a file. Each against a baseline measured in the same run,
// interleaved: the same command run from the TypeScript sources through tsx (how bin/draftroom ran
// before the JavaScript build), and for import a node process reading and JSON-parsing the
// import's own output. Targets (issue #14): start < 0.4 s, empty RSS < 80 MiB, import < 0.3 s.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtCli } from '../bin/build-node.mjs';
import { ROOT } from '../server/build';
import { median, ms, rssMiB, runIfMain, type BenchOptions, type BenchResult } from './_util';
import { SERVE_NODE_FLAGS } from './collab-server';

const START_TARGET_MS = 400;
const RSS_TARGET_MIB = 80;
const IMPORT_TARGET_MS = 300;
const DOC_BYTES = 577 * 1024;

interface Sample { ms: number; rssMiB?: number }

/** A user's environment: no loader options inherited from the bench runner; `fromSource` runs tsx. */
function env(fromSource: boolean): NodeJS.ProcessEnv {
  const { DRAFTROOM_FROM_SOURCE: _, ...rest } = process.env;
  return { ...rest, NODE_OPTIONS: '', ...(fromSource ? { DRAFTROOM_FROM_SOURCE: '1' } : {}) };
}

/** Runs `node args` to its end; its wall time. */
function timeProcess(args: string[], environment: NodeJS.ProcessEnv): Promise<Sample> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: environment, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done({ ms: performance.now() - started }) : fail(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr}`))));
  });
}

/** `draftroom serve` until it prints that it listens and answers /api/session; then stopped. */
function timeServe(dataDir: string, fromSource: boolean): Promise<Sample> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...SERVE_NODE_FLAGS, 'bin/draftroom', 'serve', '--port', '0', '--no-build', '--data', dataDir], {
      cwd: ROOT, env: env(fromSource), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let sample: Sample | undefined;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Draftroom is running at (\S+)/.exec(output)?.[1];
      if (!url || sample) return;
      sample = { ms: performance.now() - started };
      fetch(`${url}/api/session`).then((res) => {
        if (res.status !== 401) throw new Error(`GET /api/session answered ${res.status}`);
        sample!.rssMiB = rssMiB(child.pid!);
        child.kill('SIGTERM');
      }).catch((err: Error) => {
        child.kill('SIGKILL');
        fail(err);
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('error', fail);
    // Stopped by us once it answered (a failed answer has failed the promise already), or early.
    child.on('close', () => (sample ? done(sample) : fail(new Error(`serve stopped before listening:\n${output}`))));
  });
}

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const runs = quick ? 1 : 5;
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-bench-start-'));
  try {
    await builtCli(() => {}); // built before measuring: the launcher only checks that it is fresh
    const text = readFileSync(resolve(ROOT, '../shared/fixtures/wtdc22-resolutions.txt'), 'utf8');
    const bytes = quick ? 20 * 1024 : DOC_BYTES;
    const doc = join(dir, 'document.txt');
    writeFileSync(doc, text.repeat(Math.ceil(bytes / text.length)).slice(0, bytes));
    const out = join(dir, 'document.json');
    const dataDir = join(dir, 'data');
    await timeServe(dataDir, false); // the first start seeds the library and the demo: not measured

    const parse = `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(out)}, 'utf8'))`;
    const cases = {
      parse: [] as Sample[], importBuilt: [] as Sample[], importTsx: [] as Sample[], serveTsx: [] as Sample[], serveBuilt: [] as Sample[],
    };
    for (let i = 0; i < runs; i++) {
      cases.importBuilt.push(await timeProcess(['bin/draftroom', 'import', doc, '--out', out], env(false)));
      cases.parse.push(await timeProcess(['-e', parse], env(false)));
      cases.importTsx.push(await timeProcess(['bin/draftroom', 'import', doc, '--out', out], env(true)));
      cases.serveBuilt.push(await timeServe(dataDir, false));
      cases.serveTsx.push(await timeServe(dataDir, true));
    }
    const med = (samples: Sample[]) => median(samples.map((s) => s.ms));
    const rss = (samples: Sample[]) => {
      const values = samples.map((s) => s.rssMiB).filter((v): v is number => v !== undefined);
      return values.length ? median(values).toFixed(0) : '-';
    };
    const kB = `${Math.round(bytes / 1024)} kB`;
    const row = (name: string, samples: Sample[], base: Sample[], withRss = false) => ({
      case: name, runs: samples.length, 'median ms': ms(med(samples)), 'RSS MiB': withRss ? rss(samples) : '-', 'x baseline': (med(samples) / med(base)).toFixed(2),
    });
    const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
    const serveRss = cases.serveBuilt.map((s) => s.rssMiB).filter((v): v is number => v !== undefined);
    return {
      name: 'draftroom start-up: serve to listening, import of a document (built JavaScript vs tsx)',
      rows: [
        row(`baseline: node reads and JSON-parses the import's output (${Math.round(readFileSync(out).length / 1024)} kB)`, cases.parse, cases.parse),
        row(`draftroom import of ${kB} of text (built)`, cases.importBuilt, cases.parse),
        row(`draftroom import of ${kB} of text (tsx, the sources)`, cases.importTsx, cases.parse),
        row('baseline: draftroom serve to listening (tsx, the sources)', cases.serveTsx, cases.serveTsx, true),
        row('draftroom serve to listening (built)', cases.serveBuilt, cases.serveTsx, true),
        { case: `target: import < ${IMPORT_TARGET_MS} ms (${kB})`, runs, 'median ms': ms(med(cases.importBuilt)), 'RSS MiB': '-', 'x baseline': verdict(med(cases.importBuilt) < IMPORT_TARGET_MS) },
        { case: `target: start < ${START_TARGET_MS} ms`, runs, 'median ms': ms(med(cases.serveBuilt)), 'RSS MiB': '-', 'x baseline': verdict(med(cases.serveBuilt) < START_TARGET_MS) },
        { case: `target: empty server RSS < ${RSS_TARGET_MIB} MiB`, runs, 'median ms': '-', 'RSS MiB': rss(cases.serveBuilt), 'x baseline': serveRss.length ? verdict(median(serveRss) < RSS_TARGET_MIB) : '-' },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, run);
