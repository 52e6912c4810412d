// The TSAG mapping document at its real size (577 kB): the fixture holds its start (a letter, the
// cover table, Table 1 and the first rows of Table 2); the whole document goes on with more rows of
// Table 2 of the same kind. Built here as the excerpt followed by its own Table 2 rows until the
// text reaches the size, so the importer makes one long real table of it (~400 rows, ~1,700 cells,
// ~5,000 paragraphs), as the benches and the browser tests of large documents need.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Node as PMNode } from 'prosemirror-model';
import { importDocument } from '../shared/import';

export const MAPPING_BYTES = 577 * 1024;
const FIXTURE = resolve(import.meta.dirname, '../../shared/fixtures/tsag-mapping-excerpt.txt');

/** The mapping document's text, `bytes` long or a little more (whole rows only). */
export function mappingText(bytes = MAPPING_BYTES): string {
  const text = readFileSync(FIXTURE, 'utf8');
  const lines = text.split('\n');
  const title = lines.findIndex((line) => line.startsWith('Table 2'));
  if (title < 0) throw new Error('the mapping excerpt has no Table 2');
  // the header row (a cell a line) ends at the first empty line after the title
  const headerEnd = lines.findIndex((line, i) => i > title && line.trim() === '');
  const rows = lines.slice(headerEnd + 1).join('\n').replace(/\s+$/, '');
  let out = text.replace(/\s+$/, '');
  while (Buffer.byteLength(out) < bytes) out += `\n\n${rows}`;
  return `${out}\n`;
}

/** A document with its size in blocks and table rows. */
export function sized(doc: PMNode): { doc: PMNode; blocks: number; rows: number } {
  let blocks = 0, rows = 0;
  doc.descendants((node) => {
    if (node.isTextblock) blocks++;
    if (node.type.name === 'table_row') rows++;
    return !node.isTextblock;
  });
  return { doc, blocks, rows };
}

/** The mapping document imported, with its size in blocks and table rows. */
export async function mappingDocument(bytes = MAPPING_BYTES): Promise<{ doc: PMNode; blocks: number; rows: number }> {
  return sized(await importDocument(mappingText(bytes), { format: 'text' }));
}
