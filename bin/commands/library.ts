// `draftroom library import FILE [--format text|markdown|docx] [--data ./data]` adds the provisions
// (every resolution, decision, recommendation ...) of a document to the base-text library;
// `draftroom library list [QUERY] [--all] [--data ./data]` shows what is in force. An empty library
// is first seeded with the texts that ship with Draftroom, as the server does on first start.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { importDocument, type ImportFormat } from '../../shared/import';
import { entriesOf } from '../../server/library/entries';
import { readMapping } from '../../shared/model/resolution-mapping';
import { Library } from '../../server/library/library';
import { seedLibrary } from '../../server/library/seed';
import { databaseUrlFromEnv, openStore } from '../../server/store/open';
import { CliError, option, parseArgs, type ParsedArgs } from './args';

export const usage = [
  'library import FILE [--format text|markdown|docx] [--data ./data | --database-url URL]',
  '  library list [QUERY] [--all] [--data ./data | --database-url URL]',
].join('\n');

const FORMATS: readonly ImportFormat[] = ['text', 'markdown', 'docx'];

function checkOptions(parsed: ParsedArgs, known: string[]): void {
  const unknown = Object.keys(parsed.options).find((name) => !known.includes(name));
  if (unknown) throw new CliError(`unknown option --${unknown}\nusage: draftroom ${usage}`);
}

/** Runs `fn` on the library of the data dir or of --database-url / DATABASE_URL (safe while the server runs: SQLite in WAL mode, or PostgreSQL). */
async function withLibrary<T>(parsed: ParsedArgs, fn: (library: Library) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir: resolve(option(parsed, 'data', './data')!), databaseUrl: option(parsed, 'database-url') ?? databaseUrlFromEnv() });
  try {
    const library = new Library(store.sql);
    await seedLibrary(library, (line) => console.log(line));
    return await fn(library);
  } finally {
    await store.close();
  }
}

async function importFile(parsed: ParsedArgs): Promise<number> {
  checkOptions(parsed, ['format', 'data', 'database-url']);
  const [file, extra] = parsed.positionals;
  if (!file || extra) throw new CliError(`give one file to import\nusage: draftroom ${usage}`);
  const format = option(parsed, 'format') ?? (/\.docx$/i.test(file) ? 'docx' : /\.(md|markdown)$/i.test(file) ? 'markdown' : undefined);
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`--format must be one of ${FORMATS.join(', ')} (got '${format}')`);
  }
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new CliError(`cannot read ${file}: ${reason}`);
  });
  const doc = await importDocument(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    ...(format ? { format: format as ImportFormat } : {}),
  }).catch((err: Error) => {
    throw new CliError(`${file}: ${err.message}`);
  });
  const drafts = entriesOf(doc);
  const mapping = readMapping(doc);
  if (!drafts.length && !mapping.rows.length) throw new CliError(`${file}: no resolution, decision or recommendation was found in it`);
  return withLibrary(parsed, async (library) => {
    if (mapping.rows.length) {
      const stored = await library.related.add(mapping, basename(file));
      console.log(`${basename(file)}: ${stored.rows} mapping rows, ${stored.relations} cross-Sector relations`);
      for (const u of stored.unparsed) console.log(`not read\tTable ${u.table} row ${u.row} (${u.sector})\t${u.text}\t(${u.reason})`);
      if (!drafts.length) return 0;
    }
    const result = await library.add(drafts, basename(file));
    for (const entry of result.entries) {
      console.log(`${entry.supersededBy ? 'older  ' : 'in force'}\t${entry.numberLine || `${entry.kind} ${entry.number}`}\t${entry.title}`);
    }
    console.log(`${basename(file)}: ${result.added} added, ${result.replaced} replaced, ${result.older} older revisions kept as superseded`);
    return 0;
  });
}

async function list(parsed: ParsedArgs): Promise<number> {
  checkOptions(parsed, ['data', 'all', 'database-url']);
  const query = parsed.positionals.join(' ');
  return withLibrary(parsed, async (library) => {
    const entries = await library.search(query, { includeSuperseded: parsed.options.all === true });
    for (const entry of entries) {
      console.log(`${entry.numberLine || `${entry.kind} ${entry.number}`}\t${entry.title}\t(${entry.source}${entry.supersededBy ? ', superseded' : ''})`);
    }
    if (!entries.length) console.log(query ? `nothing in the library matches '${query}'` : 'the library is empty');
    return 0;
  });
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parseArgs(rest, ['all']);
  switch (sub) {
    case 'import': return importFile(parsed);
    case 'list': return list(parsed);
    default: throw new CliError(`usage: draftroom ${usage}`);
  }
}
