// `draftroom lint doc.json [--data DIR]`: one line per problem; exit code 1 when any is an error.
// With --data, the base-text library of that data dir is read (never changed) and a MOD citing a
// resolution by a revision older than the library's newest is warned of (outdated-citation).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { revisionLookup, type RevisionLookup } from '../../shared/model/citation-refs';
import { Library } from '../../server/library/library';
import { openSqliteStore } from '../../server/store/sqlite';
import { docFromJSON } from '../../shared/model/doc-json';
import { lint, type Problem } from '../../shared/model/lint';
import { CliError, option, parseArgs } from './args';

export const usage = 'lint doc.json [--data ./data]';

/** The library's newest revisions in a data dir that has a database; an error otherwise. */
async function libraryOf(dir: string): Promise<RevisionLookup> {
  const data = resolve(dir);
  if (!existsSync(join(data, 'draftroom.sqlite'))) throw new CliError(`${dir} holds no Draftroom data (no draftroom.sqlite)`);
  const store = openSqliteStore(data);
  try {
    return revisionLookup(new Library(store.db).inForce());
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
  const unknown = Object.keys(parsed.options).find((name) => name !== 'data');
  if (!input || extra.length || unknown) throw new CliError(`usage: draftroom ${usage}`);
  const dataDir = option(parsed, 'data');
  const text = await readFile(input, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${input}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const doc = docFromJSON(text, input);
  const problems = lint(doc, dataDir ? { library: await libraryOf(dataDir) } : {});
  for (const p of problems) {
    console.log(problemLine(input, p));
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (!problems.length) console.log(`${input}: no problems`);
  else console.log(`${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`);
  return errors ? 1 : 0;
}
