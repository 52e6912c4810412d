// `draftroom lint doc.json [--data DIR]`: one line per problem; exit code 1 when any is an error.
// With --data, the base-text library of that data dir is read (never changed) and a MOD citing a
// resolution by a revision older than the library's newest is warned of (outdated-citation).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { revisionLookup, type RevisionLookup } from '../../shared/model/citation-refs';
import { Library } from '../../server/library/library';
import { openStore } from '../../server/store/open';
import { docFromJSON } from '../../shared/model/doc-json';
import { lint, type Problem } from '../../shared/model/lint';
import { CliError, option, parseArgs } from './args';

export const usage = 'lint doc.json [--data ./data | --database-url URL]';

/** The library's newest revisions in a data dir that has a database, or in PostgreSQL; an error otherwise. */
async function libraryOf(dir: string | undefined, databaseUrl: string | undefined): Promise<RevisionLookup> {
  const data = resolve(dir ?? './data');
  if (!databaseUrl && !existsSync(join(data, 'draftroom.sqlite'))) throw new CliError(`${dir} holds no Draftroom data (no draftroom.sqlite)`);
  const store = await openStore({ dataDir: data, databaseUrl });
  try {
    return revisionLookup(await new Library(store.sql).inForce());
  } finally {
    await store.close();
  }
}

/** One problem as one line: `doc.json: error missing-ref [EUR/48A1/2]: ...`. */
export function problemLine(input: string, p: Problem): string {
  return `${input}: ${p.severity} ${p.code}${p.proposalRef ? ` [${p.proposalRef}]` : ''}: ${p.message}`;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  const [input, ...extra] = parsed.positionals;
  const unknown = Object.keys(parsed.options).find((name) => name !== 'data' && name !== 'database-url');
  if (!input || extra.length || unknown) throw new CliError(`usage: draftroom ${usage}`);
  const dataDir = option(parsed, 'data');
  const text = await readFile(input, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${input}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const doc = docFromJSON(text, input);
  const databaseUrl = option(parsed, 'database-url');
  const problems = lint(doc, dataDir || databaseUrl ? { library: await libraryOf(dataDir, databaseUrl) } : {});
  for (const p of problems) {
    console.log(problemLine(input, p));
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (!problems.length) console.log(`${input}: no problems`);
  else console.log(`${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`);
  return errors ? 1 : 0;
}
