// The 577 kB TSAG mapping document (one long real table, bench/_mapping.ts) in Chromium, as a
// drafter reviewing it sees it: track mode on, the changes panel open with the document's tracked
// changes listed (one in every 25 paragraphs carries a suggestion) and the comments panel mounted.
// Measured: opening it warm (navigation to the `draftroom:document-ready` mark), and typing in a
// cell in the middle of the table, each key from its keydown event to the end of the next frame
// (a message posted from the requestAnimationFrame after the keydown: style, layout and paint of
// that frame included). Targets (issue 14): open under 500 ms warm, keys under 16 ms median and
// under 50 ms at the 99th percentile.
//
// `--before REV` builds the client of git revision REV as well and measures both in one run,
// interleaved round by round (the machine's load hits both alike), both builds served alike; each
// figure is the median of the rounds' figures. `--profile FILE` records a CPU profile of the last
// round's typing (client built with source maps) and prints where its time goes by source module
// (bench/_cpuprofile.ts); `--profile-open FILE` the same for one more warm open; `--trace FILE`
// and `--trace-open FILE` record Chromium's trace of them and print the main thread's self time
// by trace event. `--keys` prints each round's slowest keys (their index in the typed text) with
// their time split into waiting for the main thread, the key's tasks until its frame, and the frame.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBenchBrowser } from './_browser';
import { ensureClientBuild, ROOT } from '../server/build';
import { startServer } from '../server/main';
import type { Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { schema } from '../shared/schema';
import { importDocument } from '../shared/import';
import { mappingDocument, sized } from './_mapping';
import { profileSummary } from './_cpuprofile';
import { median, ms, quantile, runIfMain, type BenchOptions, type BenchResult } from './_util';

const OPEN_TARGET_MS = 500;
const KEY_MEDIAN_TARGET_MS = 16;
const KEY_P99_TARGET_MS = 50;
const USER = 'bench';
const PASSWORD = 'bench-password';
/** Chromium's flags beyond the benches' own (bench/_browser.ts). */
const ARGS = [
  // pages served by a route (serveBuild) count as public: let them reach the server's WebSocket on 127.0.0.1
  '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests'];
const TYPED = 'typing into the mapping table ';

/** A fixture imported, sized like mappingDocument's answer. */
async function fixtureDocument(name: string): Promise<{ doc: PMNode; blocks: number; rows: number }> {
  return sized(await importDocument(readFileSync(join(ROOT, '../shared/fixtures', name), 'utf8'), { format: 'text' }));
}

interface Build {
  label: string;
  /** The built client to serve instead of the server's own (dist/client), or null for the server's. */
  dir: string | null;
}

interface Round {
  open: number[];
  keys: number[];
  /** The same on a one-paragraph document: the floor of this machine and build. */
  smallOpen: number[];
  smallKeys: number[];
}

function argValue(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : null;
}

/** Builds the client of `rev` (or of the working tree when null) into a temporary folder. */
async function buildClient(rev: string | null, sourcemap: boolean, temp: string): Promise<string> {
  let src = ROOT;
  if (rev) {
    src = join(temp, `src-${rev.replace(/\W/g, '_')}`);
    execFileSync('mkdir', ['-p', src]);
    const tar = execFileSync('git', ['-C', ROOT, 'archive', rev, 'client', 'shared', 'vite.config.ts', 'package.json'], { maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', src], { input: tar });
    symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'));
  }
  const out = join(temp, `client-${rev ? rev.replace(/\W/g, '_') : 'work'}${sourcemap ? '-maps' : ''}`);
  const { build } = await import('vite');
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(src, 'vite.config.ts'), root: join(src, 'client'), logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true, sourcemap },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return out;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json', '.svg': 'image/svg+xml' };

/** Serves the pages and assets of `dir` to `context` in place of the server's client (the API and WebSocket still reach the server). */
async function serveBuild(context: BrowserContext, base: string, dir: string): Promise<void> {
  await context.route((url) => url.origin === base && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/collab'), async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = join(dir, path);
    if (path.startsWith('/assets/') && existsSync(file)) {
      await route.fulfill({ body: readFileSync(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream', headers: { 'cache-control': 'max-age=31536000, immutable' } });
    } else {
      await route.fulfill({ body: readFileSync(join(dir, 'index.html')), contentType: 'text/html' });
    }
  });
}

/** A tracked suggestion on the first word of every `every`-th paragraph of `doc`, by several authors. */
function withSuggestions(doc: PMNode, every: number): { doc: PMNode; changes: number } {
  const authors = [['ana', 'Ana Silva'], ['ben', 'Ben Okafor'], ['chen', 'Chen Wei'], ['dina', 'Dina Haddad']];
  const spans: { from: number; to: number; n: number }[] = [];
  let n = 0;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const first = node.firstChild;
    if (n++ % every === 0 && first?.isText) {
      const word = /^\S+/.exec(first.text!)?.[0];
      if (word) spans.push({ from: pos + 1, to: pos + 1 + word.length, n });
    }
    return false;
  });
  const tr = new Transform(doc);
  for (const { from, to, n: i } of spans) {
    const [id, name] = authors[i % authors.length];
    const type = i % 3 === 0 ? schema.marks.deletion : schema.marks.insertion;
    tr.addMark(from, to, type.create({ id: `seed-${i}`, author: id, authorName: name, time: Date.UTC(2026, 10, 1) + i * 60_000, status: i % 4 === 0 ? 'agreed' : 'suggested' }));
  }
  return { doc: tr.doc, changes: spans.length };
}

async function openDoc(page: Page, base: string, id: string): Promise<number> {
  await page.goto(`${base}/d/${id}`);
  await page.waitForSelector('.editor-page[data-synced=true]');
  // the mark, and the first frame after it (the document painted)
  return page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => {
    const ready = performance.getEntriesByName('draftroom:document-ready')[0].startTime;
    setTimeout(() => resolve(ready));
  })));
}

/** Types `text` in the middle cell paragraph of the table; each key's time from keydown to the end of its next frame. */
async function typeKeys(page: Page, text: string, selector = '.ProseMirror td p'): Promise<number[]> {
  await page.evaluate((selector) => new Promise<void>((resolve) => {
    const w = window as unknown as { keyFrames: number[]; keyPhases: number[][]; keyListener?: (e: Event) => void };
    w.keyFrames = [];
    w.keyPhases = [];
    if (!w.keyListener) {
      w.keyListener = (e: Event) => {
        const t0 = e.timeStamp, handled = performance.now();
        requestAnimationFrame(() => {
          const frame = performance.now();
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            const end = performance.now();
            w.keyFrames.push(end - t0);
            // waiting for the main thread; the key's tasks until the frame starts; the frame (style, layout, paint)
            w.keyPhases.push([handled - t0, frame - handled, end - frame]);
          };
          channel.port2.postMessage(null);
        });
      };
      document.addEventListener('keydown', w.keyListener, { capture: true });
    }
    const cells = document.querySelectorAll(selector);
    const target = cells[Math.floor(cells.length / 2)];
    target.scrollIntoView({ block: 'center' });
    // as a click puts the caret (a plain focus() scrolled the editor back to its top, and the first key back to the cell)
    (target.closest('.ProseMirror') as HTMLElement).focus({ preventScroll: true });
    document.addEventListener('selectionchange', () => requestAnimationFrame(() => resolve()), { once: true });
    const range = document.createRange();
    range.selectNodeContents(target);
    range.collapse(false);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  }), selector);
  await page.keyboard.type(text, { delay: 40 });
  await page.waitForFunction((n) => (window as unknown as { keyFrames: number[] }).keyFrames.length >= n, text.length);
  return page.evaluate(() => (window as unknown as { keyFrames: number[] }).keyFrames);
}

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { name?: string } }

/** Starts Chromium's tracing (the DevTools timeline categories); the returned function stops it and gives the events. */
async function startTrace(page: Page): Promise<() => Promise<TraceEvent[]>> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink,blink.user_timing,v8', transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

/** Self time on the renderer's main thread by trace event (script, style, layout, paint, native editing ...), per key. */
function traceSummary(events: TraceEvent[], keys: number, top = 20): string {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const slices = events.filter((e) => e.ph === 'X' && e.dur !== undefined && (!main || (e.pid === main.pid && e.tid === main.tid)))
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; children: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const { e, children } = stack.pop()!;
      self.set(e.name, (self.get(e.name) ?? 0) + (e.dur! - children) / 1000);
      if (stack.length) stack[stack.length - 1].children += e.dur!;
    }
  };
  for (const e of slices) {
    close(e.ts);
    stack.push({ e, end: e.ts + e.dur!, children: 0 });
  }
  close(Infinity);
  return ['main thread self time by trace event (ms per key):', ...[...self].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, v]) => `${(v / keys).toFixed(2).padStart(9)}  ${k}`)].join('\n');
}

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const ROUNDS = quick ? 1 : Number(argValue('--rounds') ?? 3);
  const WARM_OPENS = quick ? 1 : 3;
  const typed = quick ? TYPED.slice(0, 8) : TYPED.repeat(2);
  const before = argValue('--before');
  const profileFile = argValue('--profile');
  // `--profile-open FILE` / `--trace-open FILE`: the same for one warm open of the last round
  const profileOpenFile = argValue('--profile-open');
  const traceOpenFile = argValue('--trace-open');
  const traceFile = argValue('--trace');
  const printKeys = process.argv.includes('--keys'); // prints each round's slowest keys (their index in the typed text)
  const extraCss = argValue('--css'); // an experiment: CSS added to the page before typing
  const temp = mkdtempSync(join(tmpdir(), 'draftroom-bench-typing-'));
  const builds: Build[] = [];
  if (before) builds.push({ label: `before (${before})`, dir: await buildClient(before, false, temp) });
  // with --before, the working tree's client is built and served the same way as the other (a
  // route of the browser context: it costs each request a round trip through the bench process)
  if (profileFile || profileOpenFile || before) builds.push({ label: 'after', dir: await buildClient(null, Boolean(profileFile || profileOpenFile), temp) });
  else {
    await ensureClientBuild(() => {});
    builds.push({ label: before ? 'after' : 'now', dir: null });
  }
  const dataDir = join(temp, 'data');
  const server = await startServer({ port: 0, dataDir, seedDemo: false, log: () => {} });
  const { browser, mode, close } = await launchBenchBrowser(ARGS);
  try {
    // `--fixture NAME`: another fixture instead (typed in its middle paragraph), e.g. wtdc22-resolutions.txt
    const fixture = argValue('--fixture');
    const mapping = fixture ? await fixtureDocument(fixture) : await mappingDocument(quick ? 60 * 1024 : undefined);
    const where = fixture ? '.ProseMirror p' : '.ProseMirror td p';
    const seeded = withSuggestions(mapping.doc, 25);
    server.auth.accounts.ensureGroup('EUR', 'CEPT (European Common Proposals)');
    await server.auth.createUser(USER, PASSWORD, { group: 'EUR', role: 'coordinator' });
    const contexts = new Map<Build, { context: BrowserContext; page: Page; id: string; smallId: string }>();
    for (const b of builds) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      if (b.dir) await serveBuild(context, server.url, b.dir);
      const session = await context.request.post(`${server.url}/api/session`, { data: { name: USER, password: PASSWORD } });
      if (!session.ok()) throw new Error(`signing in: ${session.status()}`);
      const { csrfToken } = (await session.json()) as { csrfToken: string };
      // a document of each build's own: the changes typed in one round do not reach the other's
      const res = await context.request.post(`${server.url}/api/documents`, {
        headers: { 'x-csrf-token': csrfToken }, data: { title: `TSAG mapping (${b.label})`, group: 'EUR', content: seeded.doc.toJSON() },
      });
      if (res.status() !== 201) throw new Error(`creating the document: ${res.status()} ${await res.text()}`);
      const id = ((await res.json()) as { document: { id: string } }).document.id;
      const small = await context.request.post(`${server.url}/api/documents`, {
        headers: { 'x-csrf-token': csrfToken }, data: { title: `One paragraph (${b.label})`, group: 'EUR', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'One paragraph.' }] }] } },
      });
      if (small.status() !== 201) throw new Error(`creating the small document: ${small.status()}`);
      const smallId = ((await small.json()) as { document: { id: string } }).document.id;
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`page error (${b.label}):`, e.message));
      page.on('console', (m) => { if (m.type() === 'error') console.error(`console (${b.label}):`, m.text()); });
      await openDoc(page, server.url, id); // cold: warms the HTTP cache
      await openDoc(page, server.url, smallId);
      contexts.set(b, { context, page, id, smallId });
    }
    const rounds = new Map<Build, Round[]>(builds.map((b) => [b, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const b of builds) {
        const { page, id, smallId } = contexts.get(b)!;
        const smallOpen: number[] = [];
        for (let i = 0; i < WARM_OPENS; i++) smallOpen.push(await openDoc(page, server.url, smallId));
        const smallKeys = await typeKeys(page, typed, '.ProseMirror p');
        const open: number[] = [];
        for (let i = 0; i < WARM_OPENS; i++) open.push(await openDoc(page, server.url, id));
        if ((profileOpenFile || traceOpenFile) && r === ROUNDS - 1 && b === builds[builds.length - 1]) {
          // one more warm open, recorded (not counted in the figures)
          const cdp = profileOpenFile ? await page.context().newCDPSession(page) : null;
          if (cdp) {
            await cdp.send('Profiler.enable');
            await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
            await cdp.send('Profiler.start');
          }
          const tracing = traceOpenFile ? await startTrace(page) : null;
          const t = await openDoc(page, server.url, id);
          console.error(`recorded open: ${ms(t)} ms`);
          if (tracing) {
            const events = await tracing();
            writeFileSync(traceOpenFile!, JSON.stringify({ traceEvents: events }));
            console.error(traceSummary(events, 1, 40).replace('per key', 'in the open'));
          }
          if (cdp) {
            const { profile } = await cdp.send('Profiler.stop');
            writeFileSync(profileOpenFile!, JSON.stringify(profile));
            console.error(profileSummary(profile, b.dir!, 40));
          }
        }
        if (extraCss) {
          await page.addStyleTag({ content: extraCss });
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        }
        const profiling = profileFile && r === ROUNDS - 1 && b === builds[builds.length - 1];
        const cdp = profiling ? await page.context().newCDPSession(page) : null;
        if (cdp) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
          await cdp.send('Profiler.start');
        }
        const tracing = traceFile && r === ROUNDS - 1 && b === builds[builds.length - 1] ? await startTrace(page) : null;
        const keys = await typeKeys(page, typed, where);
        if (tracing) {
          const events = await tracing();
          writeFileSync(traceFile!, JSON.stringify({ traceEvents: events }));
          console.error(traceSummary(events, typed.length));
        }
        if (cdp) {
          const { profile } = await cdp.send('Profiler.stop');
          writeFileSync(profileFile!, JSON.stringify(profile));
          console.error(profileSummary(profile, b.dir!));
        }
        if (printKeys) {
          const phases = await page.evaluate(() => (window as unknown as { keyPhases: number[][] }).keyPhases);
          const slowest = keys.map((k, i) => [i, k]).sort((x, y) => y[1] - x[1]).slice(0, 6);
          console.error(`${b.label}, round ${r + 1}: slowest keys (index: ms = waiting + until the frame + frame) ${slowest.map(([i, k]) => `${i}: ${ms(k)} = ${phases[i].map((p) => p.toFixed(1)).join(' + ')}`).join(', ')}`);
        }
        rounds.get(b)!.push({ open, keys, smallOpen, smallKeys });
      }
    }
    const rows: BenchResult['rows'] = [];
    const of = (b: Build, f: (r: Round) => number) => median(rounds.get(b)!.map(f));
    for (const b of builds) {
      const tag = builds.length > 1 ? `${b.label}: ` : '';
      rows.push(
        { measure: `${tag}baseline: open a one-paragraph document, warm (median of ${ROUNDS} rounds x ${WARM_OPENS})`, ms: ms(median(rounds.get(b)!.flatMap((r) => r.smallOpen))), target: '-' },
        { measure: `${tag}baseline: key to next frame in it, median (p99)`, ms: `${ms(of(b, (r) => median(r.smallKeys)))} (${ms(of(b, (r) => quantile(r.smallKeys, 0.99)))})`, target: '-' },
        { measure: `${tag}open, warm (median of ${ROUNDS} rounds x ${WARM_OPENS})`, ms: ms(median(rounds.get(b)!.flatMap((r) => r.open))), target: `< ${OPEN_TARGET_MS}` },
        { measure: `${tag}key to next frame, median (median of ${ROUNDS} rounds x ${typed.length} keys)`, ms: ms(of(b, (r) => median(r.keys))), target: `< ${KEY_MEDIAN_TARGET_MS}` },
        { measure: `${tag}key to next frame, p99 (median of ${ROUNDS} rounds)`, ms: ms(of(b, (r) => quantile(r.keys, 0.99))), target: `< ${KEY_P99_TARGET_MS}` },
        { measure: `${tag}key to next frame, worst key of all rounds`, ms: ms(Math.max(...rounds.get(b)!.flatMap((r) => r.keys))), target: '-' },
      );
    }
    return { name: `${fixture ?? 'The TSAG mapping document'} (${mapping.blocks} paragraphs, ${mapping.rows} table rows, ${seeded.changes} tracked changes) in Chromium, ${mode}, track mode, changes panel open`, rows };
  } finally {
    await close();
    await server.close();
    // a profile's source maps stay for reading it again (the data goes)
    if (profileFile || profileOpenFile) {
      rmSync(dataDir, { recursive: true, force: true });
      console.error(`the profiled client build (with its source maps): ${builds[builds.length - 1].dir}`);
    } else rmSync(temp, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, run);
