// Helpers for the .docx import tests: LibreOffice writes the .docx files (one soffice call for
// several files, with a profile of its own), and small hand-made packages test what soffice
// cannot be made to write.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { strToU8, zipSync } from 'fflate';

const run = promisify(execFile);

/** Converts `files` (.txt, .fodt ...) to .docx in `outDir` with one soffice call; returns the .docx bytes in order. */
export async function toDocx(files: string[], outDir: string): Promise<Uint8Array[]> {
  const profile = await mkdtemp(join(tmpdir(), 'draftroom-lo-'));
  try {
    await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'docx', '--outdir', outDir, ...files], {
      timeout: 180_000,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui; the .docx import tests need it');
    }
    throw err;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  return Promise.all(files.map(async (f) => new Uint8Array(await readFile(join(outDir, basename(f).replace(/\.[^.]+$/, '.docx'))))));
}

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A minimal .docx package: `body` is the inner XML of w:body, `footnotes` the w:footnote elements. */
export function handmadeDocx(body: string, opts: { footnotes?: string; rels?: string; parts?: Record<string, string> } = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${body}</w:body></w:document>`),
  };
  if (opts.footnotes !== undefined) {
    files['word/footnotes.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="${W_NS}">${opts.footnotes}</w:footnotes>`);
  }
  if (opts.rels !== undefined) {
    files['word/_rels/document.xml.rels'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${opts.rels}</Relationships>`,
    );
  }
  for (const [name, text] of Object.entries(opts.parts ?? {})) files[name] = strToU8(text);
  return zipSync(files);
}

/** A Word paragraph of plain runs; `\t` becomes w:tab. */
export function para(text: string, pPr = ''): string {
  const runs = text.split('\t').map((t) => `<w:t xml:space="preserve">${t}</w:t>`).join('<w:tab/>');
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}<w:r>${runs}</w:r></w:p>`;
}
