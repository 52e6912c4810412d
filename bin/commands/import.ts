// `draftroom import FILE [--format text|markdown|docx] [--out doc.json]`: prints the ProseMirror JSON
// of an imported ITU document, or writes it to --out. The format defaults to the file's look.
// The import report (debris dropped, references inferred) goes to stderr, one line each.
import { readFile, writeFile } from 'node:fs/promises';
import { importWithReport, type ImportFormat } from '../../shared/import';
import { CliError, option, parseArgs } from './args';

export const usage = 'import FILE [--format text|markdown|docx] [--out doc.json]';

const FORMATS = ['text', 'markdown', 'docx'];

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw new CliError(`usage: draftroom ${usage}`);
  // A .docx is recognised by its bytes too; the extension only gives a clearer error for a damaged one.
  const format = option(parsed, 'format') ?? (/\.docx$/i.test(file) ? 'docx' : undefined);
  if (format !== undefined && !FORMATS.includes(format)) {
    throw new CliError(`--format must be one of ${FORMATS.join(', ')} (got '${format}')`);
  }
  const out = option(parsed, 'out');
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new CliError(`cannot read ${file}: ${reason}`);
  });
  const { doc, report } = await importWithReport(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    ...(format ? { format: format as ImportFormat } : {}),
  }).catch((err: Error) => {
    throw new CliError(`${file}: ${err.message}`);
  });
  for (const message of report.messages) console.error(`${file}: ${message}`);
  const json = `${JSON.stringify(doc.toJSON(), null, 2)}\n`;
  if (out) {
    await writeFile(out, json);
    console.error(`wrote ${out} (${doc.childCount} blocks)`);
  } else {
    process.stdout.write(json);
  }
  return 0;
}
