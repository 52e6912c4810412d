// `draftroom import FILE [--format text|markdown|docx] [--out doc.json] [--pretty]`: prints the
// ProseMirror JSON of an imported ITU document, or writes it to --out. The format defaults to the
// file's look. The JSON is compact (it is for programs: writing 1.3 MB of indented JSON was a
// quarter of the command's time) unless --pretty asks for it indented, or stdout is a terminal.
// The import report (debris dropped, references inferred) goes to stderr, one line each.
// Synchronous file I/O: a one-shot command has nothing to overlap it with, and the thread pool's
// round trips showed as idle time in its profile.
import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { importWithReport, type ImportFormat } from '../../shared/import';
import { CliError, option, parseArgs } from './args';

export const usage = 'import FILE [--format text|markdown|docx] [--out doc.json] [--pretty]';

const FORMATS = ['text', 'markdown', 'docx'];

export async function run(args: string[]): Promise<number> {
  // A one-shot process: V8's optimising compiler (TurboFan) does not pay off in it. Its background
  // compile jobs competed with the import for the CPU and the process waited for them at exit
  // (CPU profile: ~50 ms idle after the output was written); without it the 577 kB import took
  // about 0.8x the time, and documents of 2.3 and 6 MB were no slower (docs/PERFORMANCE.md).
  setFlagsFromString('--no-opt');
  const parsed = parseArgs(args, ['pretty']);
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw new CliError(`usage: draftroom ${usage}`);
  // A .docx is recognised by its bytes too; the extension only gives a clearer error for a damaged one.
  const format = option(parsed, 'format') ?? (/\.docx$/i.test(file) ? 'docx' : undefined);
  if (format !== undefined && !FORMATS.includes(format)) {
    throw new CliError(`--format must be one of ${FORMATS.join(', ')} (got '${format}')`);
  }
  const out = option(parsed, 'out');
  const bytes = readInput(file);
  const { doc, report } = await importWithReport(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    ...(format ? { format: format as ImportFormat } : {}),
  }).catch((err: Error) => {
    throw new CliError(`${file}: ${err.message}`);
  });
  for (const message of report.messages) console.error(`${file}: ${message}`);
  const pretty = parsed.options.pretty === true || (!out && process.stdout.isTTY === true);
  const json = `${JSON.stringify(doc.toJSON(), null, pretty ? 2 : undefined)}\n`;
  if (out) {
    writeFileSync(out, json);
    console.error(`wrote ${out} (${doc.childCount} blocks)`);
  } else {
    process.stdout.write(json);
  }
  return 0;
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new CliError(`cannot read ${file}: ${reason}`);
  }
}
