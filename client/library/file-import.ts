// Reading a file the user picked (.docx, .txt, .md) into a document with the shared importer, in the browser.
import type { Node as PMNode } from 'prosemirror-model';
import { importWithReport, type ImportFormat, type ImportReport } from '../../shared/import';

/** Largest file read (the server's JSON limit is larger; a proposals document is far smaller). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
export const ACCEPTED_FILES = '.docx,.txt,.md,.markdown';

/** The import format of a file name, or null when Draftroom cannot read it. */
export function formatOfFile(name: string): ImportFormat | null {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'docx') return 'docx';
  if (ext === 'txt') return 'text';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  return null;
}

/**
 * The file as a document, with the import report (debris dropped, references inferred) to show
 * the user; throws an Error with a message for the user when it cannot be read.
 */
export async function readImportFile(file: File): Promise<{ doc: PMNode; report: ImportReport }> {
  const format = formatOfFile(file.name);
  if (!format) throw new Error(`“${file.name}” is not a .docx, .txt or .md file.`);
  if (file.size > MAX_FILE_BYTES) throw new Error(`“${file.name}” is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return await importWithReport(format === 'docx' ? bytes : new TextDecoder().decode(bytes), { format });
  } catch (err) {
    throw new Error(`“${file.name}” cannot be imported: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A document title from a file name: `ECP-res30.docx` -> `ECP-res30`. */
export function titleOfFile(name: string): string {
  return name.replace(/\.[^.]+$/, '').trim().slice(0, 200) || 'Imported document';
}

/** The report as one sentence for the user ("dropped 3 template lines; inferred ..."), or '' when there is nothing to say. */
export function reportText(report: ImportReport): string {
  return report.messages.join('; ');
}
