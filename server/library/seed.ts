// Seeds an empty library with the WTDC-22 resolutions from ../shared/fixtures (skipped with one
// log line when the file is missing).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDocument } from '../../shared/import';
import { FIXTURES_DIR } from '../demo';
import { entriesOf } from './entries';
import type { Library } from './library';

export const SEED_FILE = 'wtdc22-resolutions.txt';

/** Fills an empty library from the seed file; returns how many entries it added. */
export async function seedLibrary(library: Library, log: (line: string) => void, dir = FIXTURES_DIR): Promise<number> {
  if (library.count() > 0) return 0;
  const file = join(dir, SEED_FILE);
  if (!existsSync(file)) {
    log(`Library: ${file} not found, starting with an empty library.`);
    return 0;
  }
  const drafts = entriesOf(await importDocument(readFileSync(file, 'utf8'), { format: 'text' }));
  const { added } = library.add(drafts, SEED_FILE);
  log(`Library: added ${added} provisions from ${SEED_FILE}.`);
  return added;
}
