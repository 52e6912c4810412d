// Import time of the real WTDC-22 resolutions (200 kB of text, 14 resolutions, 16 footnotes),
// against a baseline measured in the same run: decoding the same bytes, splitting them into
// lines and building a document of plain paragraphs. Target: median under 200 ms.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importDocument } from '../shared/import';
import { schema } from '../shared/schema';
import { median, ms, quantile, runIfMain, timeRuns, type BenchOptions, type BenchResult } from './_util';

const TARGET_MS = 200;
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../shared/fixtures', name)));

/** The least any importer must do: decode, split into lines, one paragraph per line. */
function baseline(bytes: Uint8Array) {
  const text = new TextDecoder().decode(bytes);
  const paragraphs = text.split(/\r?\n/).filter((line) => line.trim()).map((line) => schema.nodes.paragraph.create(null, schema.text(line)));
  return schema.nodes.doc.create(null, paragraphs);
}

async function measure(fn: () => unknown, quick: boolean): Promise<number[]> {
  await timeRuns(quick ? 1 : WARMUP, fn);
  return timeRuns(quick ? 2 : RUNS, fn);
}

const RUNS = 30;
const WARMUP = 5;

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const wtdc22 = fixture('wtdc22-resolutions.txt');
  const big = new TextEncoder().encode(new TextDecoder().decode(wtdc22).repeat(quick ? 2 : 10));
  const md = fixture('pp14-wgpl149-res64-mod.md');
  const base = await measure(() => baseline(wtdc22), quick);
  const cases: Array<[string, number[]]> = [
    ['baseline: split wtdc22 into plain paragraphs', base],
    ['import wtdc22-resolutions.txt (text)', await measure(() => importDocument(wtdc22, { format: 'text' }), quick)],
    ['import pp14-wgpl149-res64-mod.md (markdown)', await measure(() => importDocument(md, { format: 'markdown' }), quick)],
    [`import wtdc22 x${quick ? 2 : 10} (${(big.byteLength / 1e6).toFixed(1)} MB text)`, await measure(() => importDocument(big, { format: 'text' }), quick)],
  ];
  const baseMedian = median(base);
  const rows = cases.map(([name, samples]) => ({
    case: name,
    runs: samples.length,
    'median ms': ms(median(samples)),
    'p90 ms': ms(quantile(samples, 0.9)),
    'x baseline': (median(samples) / baseMedian).toFixed(1),
  }));
  const importMedian = median(cases[1][1]);
  rows.push({
    case: `target: wtdc22 import median < ${TARGET_MS} ms`,
    runs: cases[1][1].length,
    'median ms': ms(importMedian),
    'p90 ms': ms(quantile(cases[1][1], 0.9)),
    'x baseline': importMedian < TARGET_MS ? 'met' : 'MISSED',
  });
  return { name: `Import time (${quick ? 2 : RUNS} runs after ${quick ? 1 : WARMUP} warm-up runs)`, rows };
}

runIfMain(import.meta.url, run);
