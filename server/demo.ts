// The demo document (id 'demo'), created on first start from product data only: a cover, a MOD of
// WTDC Resolution 30 (its in-force text from the base texts, so every edit becomes a revision
// mark), the SUP of PP-18 ECP-6 and the first ADD of PP-14 WG-PL/149 (server/demo-texts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './build';
import { contentToState } from './content';
import { DEMO_GROUP } from './auth/demo';
import { BASE_TEXTS_DIR, SEED_FILE } from './library/seed';
import type { Store } from './store/store';
import { isUniqueViolation } from './store/sql';

export const DEMO_ID = 'demo';
export const DEMO_TITLE = 'Draft European Common Proposals to WTDC (demo)';
export const DEMO_TEXTS_DIR = join(ROOT, 'server', 'demo-texts');

type Json = { type: string; attrs?: Record<string, unknown>; content?: Json[]; text?: string };

const text = (value: string): Json[] => (value ? [{ type: 'text', text: value }] : []);
const block = (type: string, value: string, attrs?: Record<string, unknown>): Json => ({ type, ...(attrs ? { attrs } : {}), content: text(value) });

function cover(): Json {
  const fields: [string, string][] = [
    ['conference', 'World Telecommunication Development Conference (WTDC-25)'],
    ['meeting', 'PLENARY MEETING'],
    ['document', 'Addendum 1 to Document XX-E'],
    ['date', ''],
    ['original', 'Original: English'],
    ['source', 'European Common Proposals'],
    ['title', 'PROPOSALS FOR THE WORK OF THE CONFERENCE'],
  ];
  return { type: 'cover', content: fields.map(([name, value]) => block('cover_field', value, { name })) };
}

/** The lines of Resolution 30 as in force (Rev. Kigali, 2022), up to the next resolution. */
function resolution30Text(resolutions: string): string {
  const lines = resolutions.split(/\r?\n/);
  const isResolutionLine = (line: string) => /^(\[bookmark: [^\]]*\])*RESOLUTION \d+ \(/.test(line);
  const start = lines.findIndex((line) => isResolutionLine(line) && line.includes('RESOLUTION 30 ('));
  if (start < 0) throw new Error(`Resolution 30 not found in ${SEED_FILE}`);
  let end = lines.findIndex((line, i) => i > start && isResolutionLine(line));
  if (end < 0) end = lines.length;
  return lines.slice(start, end).join('\n').trim();
}

async function firstProposal(input: string, format: 'text' | 'markdown', source: string): Promise<Json> {
  // the importer (and markdown-it) loaded only when the demo is made: not on every start
  const { importDocument } = await import('../shared/import');
  const doc = (await importDocument(input, { format })).toJSON() as Json;
  const proposal = doc.content?.find((node) => node.type === 'proposal');
  if (!proposal) throw new Error(`no proposal imported from ${source}`);
  return proposal;
}

/** The demo assembled from the product data (throws when a text is missing or does not import). */
export async function demoDocument(dirs = { baseTexts: BASE_TEXTS_DIR, demoTexts: DEMO_TEXTS_DIR }): Promise<Json> {
  const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
  const mod = [
    'MOD\tEUR/XXA1/1',
    resolution30Text(read(dirs.baseTexts, SEED_FILE)),
    'Reasons:\tTo bring Resolution 30 up to date.',
  ].join('\n');
  const proposals = [
    await firstProposal(mod, 'text', 'Resolution 30'),
    await firstProposal(read(dirs.demoTexts, 'pp18-ecp6-res185-sup.txt'), 'text', 'pp18-ecp6-res185-sup.txt'),
    await firstProposal(read(dirs.demoTexts, 'pp14-wgpl149-add-new-resolutions.md'), 'markdown', 'pp14-wgpl149-add-new-resolutions.md'),
  ];
  proposals.forEach((proposal, i) => { proposal.attrs = { ...proposal.attrs, ref: `EUR/XXA1/${i + 1}` }; });
  const doc = { type: 'doc', content: [cover(), ...proposals] };
  contentToState(doc); // validates against the schema
  return doc;
}

/**
 * Creates the demo document, owned by group EUR, when the store is empty (first start). Returns
 * whether it did (of several servers starting at once on one empty database, one does); a demo that cannot be built is left out with one log line (no stand-in).
 */
export async function seedDemo(store: Store, log: (line: string) => void): Promise<boolean> {
  if ((await store.listDocuments()).length > 0) return false;
  let content: Json;
  try {
    content = await demoDocument();
  } catch (err) {
    log(`demo: not created, its texts could not be read (${(err as Error).message})`);
    return false;
  }
  try {
    await store.createDocument({ id: DEMO_ID, title: DEMO_TITLE, group: DEMO_GROUP, state: contentToState(content) });
  } catch (err) {
    if (isUniqueViolation(err)) return false; // another server starting on the same empty database made it
    throw err;
  }
  return true;
}
