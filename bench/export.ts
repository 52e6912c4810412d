// Export bench: the 14 WTDC-22 resolutions (the whole fixture, ~960 paragraphs) wrapped as one MOD
// proposal with an agreed insertion and deletion in every tenth paragraph, exported as a submission.
// Baselines in the same run: serialising the document to JSON, and the HTML export. Target: < 1 s.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { exportDocument } from '../shared/export';
import { importDocument } from '../shared/import';
import { scanRevisions } from '../shared/model/revision-scan';
import { schema } from '../shared/schema';
import { median, ms, runIfMain, timeRuns, type BenchOptions, type BenchResult } from './_util';

const FIXTURE = fileURLToPath(new URL('../../shared/fixtures/wtdc22-resolutions.txt', import.meta.url));

/** The imported fixture as the provision of one MOD proposal, with agreed revisions sprinkled in. */
export async function bigModDoc(): Promise<PMNode> {
  const imported = await importDocument(await readFile(FIXTURE, 'utf8'));
  const body: PMNode[] = [];
  let cover: PMNode | null = null;
  imported.forEach((node) => {
    if (node.type.name === 'cover') cover = node;
    else body.push(node);
  });
  const unit = schema.node('proposal', { action: 'MOD', ref: 'EUR/XXA1/1' }, [...body, schema.node('reasons', null, [schema.text('Reasons:\tUpdate.')])]);
  const tr = new Transform(schema.node('doc', null, cover ? [cover, unit] : [unit]));
  let n = 0;
  tr.doc.descendants((node, pos) => {
    if (!node.isTextblock || node.content.size < 20 || n++ % 10) return true;
    const attrs = { id: `bench-${n}`, author: 'u1', authorName: 'Bench', time: 1_650_000_000_000 + n, status: 'agreed' };
    tr.addMark(pos + 1, pos + 6, schema.marks.deletion.create(attrs));
    tr.insert(pos + node.content.size + 1, schema.text(' (revised)', [schema.marks.insertion.create({ ...attrs, id: `${attrs.id}i` })]));
    return false;
  });
  return tr.doc;
}

export async function run({ quick = false }: BenchOptions = {}): Promise<BenchResult> {
  const RUNS = quick ? 1 : 7;
  const doc = await bigModDoc();
  let paragraphs = 0;
  doc.descendants((node) => {
    if (node.isTextblock) paragraphs++;
    return true;
  });
  const revisions = scanRevisions(doc).length;
  const date = new Date('2022-06-16T12:00:00Z');
  // One warm-up of each so that module loading and JIT are not counted.
  await exportDocument(doc, { format: 'submission', date });
  await exportDocument(doc, { format: 'html' });
  const cases: Array<[string, () => unknown]> = [
    ['JSON.stringify(doc.toJSON()) (baseline)', () => JSON.stringify(doc.toJSON())],
    ['html export (baseline)', () => exportDocument(doc, { format: 'html' })],
    ['submission .docx', () => exportDocument(doc, { format: 'submission', date })],
    ['review .docx', () => exportDocument(doc, { format: 'review' })],
    ['clean .docx', () => exportDocument(doc, { format: 'clean' })],
  ];
  const rows: BenchResult['rows'] = [];
  let baseline = 0;
  for (const [name, fn] of cases) {
    const samples = await timeRuns(RUNS, fn);
    const med = median(samples);
    if (!baseline) baseline = med;
    rows.push({ case: name, paragraphs, revisions, 'median ms': ms(med), 'max ms': ms(Math.max(...samples)), 'x JSON': (med / baseline).toFixed(1) });
  }
  const submission = Number(rows.find((r) => r.case === 'submission .docx')?.['median ms']);
  rows.push({ case: `target: submission < 1000 ms: ${submission < 1000 ? 'met' : 'MISSED'}`, paragraphs: '', revisions: '', 'median ms': '', 'max ms': '', 'x JSON': '' });
  return { name: `export of the WTDC-22 resolutions as one MOD (${RUNS} runs)`, rows };
}

runIfMain(import.meta.url, run);
