// Seeds an empty library with the texts in force that ship with Draftroom: every file in
// server/library/base-texts (product data, see its README), read by the importer like any upload.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportFormat } from '../../shared/import';
import { ROOT } from '../build';
import { entriesOf } from './entries';
import type { Library } from './library';

export const BASE_TEXTS_DIR = join(ROOT, 'server', 'library', 'base-texts');
/** The base text the demo's MOD starts from, and the first file seeded. */
export const SEED_FILE = 'wtdc22-resolutions.txt';

/** The import format of a base-text file by its extension, or null for files that are not texts (the README). */
export function baseTextFormat(name: string): ImportFormat | null {
  if (/^readme/i.test(name)) return null;
  if (/\.txt$/i.test(name)) return 'text';
  if (/\.md$/i.test(name)) return 'markdown';
  if (/\.docx$/i.test(name)) return 'docx';
  return null;
}

/** The base-text files, the seed file first, then by name. */
export function baseTextFiles(dir = BASE_TEXTS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => baseTextFormat(name) !== null)
    .sort((a, b) => Number(b === SEED_FILE) - Number(a === SEED_FILE) || a.localeCompare(b));
}

/** Fills an empty library from the base texts; returns how many entries it added. */
export async function seedLibrary(library: Library, log: (line: string) => void, dir = BASE_TEXTS_DIR): Promise<number> {
  if ((await library.count()) > 0) return 0;
  const files = baseTextFiles(dir);
  if (!files.length) {
    log(`Library: no base texts in ${dir}, starting with an empty library.`);
    return 0;
  }
  // the importer (and markdown-it) loaded only when there is something to seed: not on every start
  const { importDocument } = await import('../../shared/import');
  let total = 0;
  for (const name of files) {
    const format = baseTextFormat(name)!;
    const bytes = readFileSync(join(dir, name));
    try {
      const drafts = entriesOf(await importDocument(format === 'docx' ? new Uint8Array(bytes) : bytes.toString('utf8'), { format }));
      const { added } = await library.add(drafts, name);
      log(`Library: added ${added} provisions from ${name}.`);
      total += added;
    } catch (err) {
      log(`Library: ${name} could not be imported (${(err as Error).message}); skipped.`);
    }
  }
  return total;
}
