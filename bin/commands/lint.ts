// `draftroom lint doc.json`: one line per problem; exit code 1 when any is an error.
import { readFile } from 'node:fs/promises';
import { docFromJSON } from '../../shared/model/doc-json';
import { lint, type Problem } from '../../shared/model/lint';
import { CliError, parseArgs } from './args';

export const usage = 'lint doc.json';

/** One problem as one line: `doc.json: error missing-ref [EUR/48A1/2]: ...`. */
export function problemLine(input: string, p: Problem): string {
  return `${input}: ${p.severity} ${p.code}${p.proposalRef ? ` [${p.proposalRef}]` : ''}: ${p.message}`;
}

export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs(args);
  const [input, ...extra] = positionals;
  if (!input || extra.length) throw new CliError(`usage: draftroom ${usage}`);
  const text = await readFile(input, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${input}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const problems = lint(docFromJSON(text, input));
  for (const p of problems) {
    console.log(problemLine(input, p));
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (!problems.length) console.log(`${input}: no problems`);
  else console.log(`${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`);
  return errors ? 1 : 0;
}
