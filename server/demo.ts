// The demo document (id 'demo'), created on first start: a cover, a MOD of WTDC Resolution 30
// (its in-force text, so every edit becomes a revision mark), the SUP of PP-18 ECP-6 and the first
// ADD of PP-14 WG-PL/149, imported from ../shared/fixtures; a small built-in demo otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importDocument } from '../shared/import';
import { ROOT } from './build';
import { contentToState } from './content';
import { DEMO_GROUP } from './auth/demo';
import type { Store } from './store/store';

export const DEMO_ID = 'demo';
export const DEMO_TITLE = 'Draft European Common Proposals to WTDC (demo)';
export const FIXTURES_DIR = resolve(ROOT, '..', 'shared', 'fixtures');

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
  if (start < 0) throw new Error('Resolution 30 not found in wtdc22-resolutions.txt');
  let end = lines.findIndex((line, i) => i > start && isResolutionLine(line));
  if (end < 0) end = lines.length;
  return lines.slice(start, end).join('\n').trim();
}

async function firstProposal(input: string, format: 'text' | 'markdown', source: string): Promise<Json> {
  const doc = (await importDocument(input, { format })).toJSON() as Json;
  const proposal = doc.content?.find((node) => node.type === 'proposal');
  if (!proposal) throw new Error(`no proposal imported from ${source}`);
  return proposal;
}

/** The demo assembled from the real fixtures (throws when they or the importer are missing). */
export async function fixtureDemo(dir = FIXTURES_DIR): Promise<Json> {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const mod = [
    'MOD\tEUR/XXA1/1',
    resolution30Text(read('wtdc22-resolutions.txt')),
    'Reasons:\tTo bring Resolution 30 up to date.',
  ].join('\n');
  const proposals = [
    await firstProposal(mod, 'text', 'Resolution 30'),
    await firstProposal(read('pp18-ecp6-res185-sup.txt'), 'text', 'pp18-ecp6-res185-sup.txt'),
    await firstProposal(read('pp14-wgpl149-add-new-resolutions.md'), 'markdown', 'pp14-wgpl149-add-new-resolutions.md'),
  ];
  proposals.forEach((proposal, i) => { proposal.attrs = { ...proposal.attrs, ref: `EUR/XXA1/${i + 1}` }; });
  return { type: 'doc', content: [cover(), ...proposals] };
}

/** A small demo of the same shape, for when the fixtures or the importer are not available. */
export function builtInDemo(): Json {
  const proposal = (action: string, n: number, heading: string, content: Json[]): Json => ({
    type: 'proposal', attrs: { action, ref: `EUR/XXA1/${n}`, heading }, content,
  });
  return {
    type: 'doc',
    content: [
      cover(),
      proposal('MOD', 1, '', [
        {
          type: 'resolution',
          attrs: { kind: 'RESOLUTION', number: '30' },
          content: [
            block('number_line', 'RESOLUTION 30 (Rev. Kigali, 2022)'),
            block('title', 'Role of the ITU Telecommunication Development Sector in implementing the outcomes of the World Summit on the Information Society and the 2030 Agenda for Sustainable Development'),
            block('paragraph', 'The World Telecommunication Development Conference (Kigali, 2022),'),
            block('call_heading', 'recalling'),
            block('item', 'a)\tthe outcomes of both phases of the World Summit on the Information Society (WSIS);'),
            block('item', 'b)\tUNGA Resolution 70/1, on transforming our world: the 2030 Agenda for Sustainable Development;'),
            block('call_heading', 'resolves to invite the ITU Telecommunication Development Sector'),
            block('item', '1\tto continue its work on the realization of the WSIS vision;'),
          ],
        },
        block('reasons', 'To bring Resolution 30 up to date.'),
      ]),
      proposal('SUP', 2, 'ECP-6: Suppression to Resolution 185: Global flight tracking for civil aviation', [
        {
          type: 'resolution',
          attrs: { kind: 'RESOLUTION', number: '185' },
          content: [block('number_line', 'RESOLUTION 185 (Busan, 2014)'), block('title', 'Global flight tracking for civil aviation')],
        },
        block('reasons', 'With the decisions taken at WRC-15, this Resolution is no longer needed.'),
      ]),
      proposal('ADD', 3, '', [
        {
          type: 'resolution',
          attrs: { kind: 'RESOLUTION', number: '[WG-PL/7]' },
          content: [
            block('number_line', 'DRAFT NEW RESOLUTION [WG-PL/7]'),
            block('title', 'Using ICTs to break the chain of health-related emergencies such as Ebola virus transmission'),
            block('paragraph', 'The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),'),
            block('call_heading', 'recalling'),
            block('item', 'a)\tArticle 5 of the International Telecommunication Regulations, on safety of life and priority of telecommunications;'),
          ],
        },
        block('reasons', 'Reasons:'),
      ]),
    ],
  };
}

/** The demo content: from the fixtures when possible, else the built-in one (saying why). */
export async function demoContent(log: (line: string) => void, dir = FIXTURES_DIR): Promise<Json> {
  if (existsSync(dir)) {
    try {
      const doc = await fixtureDemo(dir);
      contentToState(doc); // validates against the schema
      return doc;
    } catch (err) {
      log(`demo: using the built-in demo document (${(err as Error).message})`);
    }
  }
  return builtInDemo();
}

/** Creates the demo document, owned by group EUR, when the store is empty (first start). Returns whether it did. */
export async function seedDemo(store: Store, log: (line: string) => void): Promise<boolean> {
  if ((await store.listDocuments()).length > 0) return false;
  const state = contentToState(await demoContent(log));
  await store.createDocument({ id: DEMO_ID, title: DEMO_TITLE, group: DEMO_GROUP, state });
  return true;
}
