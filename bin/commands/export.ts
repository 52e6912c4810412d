// `draftroom export doc.json --format submission|review|clean|html --out FILE [--include-suggested] [--group NAME] [--force]`:
// refuses a document with lint errors (one line each, exit 1) unless --force. Suggested changes are
// not lint's business here: a submission refuses them unless --include-suggested, a clean copy leaves
// them out unless --include-suggested (then applies them), the review copy and HTML show them.
import { readFile, writeFile } from 'node:fs/promises';
import { exportDocument, EXPORT_FORMATS, type ExportFormat } from '../../shared/export';
import { docFromJSON } from '../../shared/model/doc-json';
import { lint } from '../../shared/model/lint';
import { CliError, option, parseArgs } from './args';
import { problemLine } from './lint';

export const usage = 'export doc.json --format submission|review|clean|html --out FILE [--include-suggested] [--group NAME] [--force]';

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['include-suggested', 'force']);
  const [input, ...extra] = parsed.positionals;
  if (!input || extra.length) throw new CliError(`usage: draftroom ${usage}`);
  const format = option(parsed, 'format');
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')}${format ? ` (got '${format}')` : ''}`);
  }
  const out = option(parsed, 'out');
  if (!out) throw new CliError('--out FILE is required');
  const group = option(parsed, 'group');
  const text = await readFile(input, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${input}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const doc = docFromJSON(text, input);
  const errors = lint(doc).filter((p) => p.severity === 'error' && p.code !== 'suggested-change');
  if (errors.length && parsed.options.force !== true) {
    for (const p of errors) console.error(problemLine(input, p));
    throw new CliError(`${errors.length} lint error${errors.length === 1 ? '' : 's'}: fix ${errors.length === 1 ? 'it' : 'them'}, or export anyway with --force`);
  }
  const bytes = await exportDocument(doc, {
    format: format as ExportFormat,
    includeSuggested: parsed.options['include-suggested'] === true,
    ...(group ? { group: { name: group } } : {}),
  });
  await writeFile(out, bytes);
  console.log(`wrote ${out} (${format}, ${bytes.length} bytes)`);
  return 0;
}
