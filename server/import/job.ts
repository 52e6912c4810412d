// One import, run in a worker thread (see importer.ts): the input's bytes, format and what to
// make of it arrive in workerData; the document's ProseMirror JSON (or the library entries and
// the cross-Sector mapping read from it, each with the import report, so that the server's thread never walks a large document), or the Yjs state of a new
// document's JSON body, or the one-line error, goes back.
import { parentPort, workerData } from 'node:worker_threads';
import { importWithReport, type ImportFormat, type ImportReport } from '../../shared/import';
import { ImportLimitError } from '../../shared/import/limits';
import { newDocumentBody, type NewDocumentBody } from '../document-body';
import { entriesOf, type EntryDraft } from '../library/entries';
import { readMapping, type Mapping } from '../../shared/model/resolution-mapping';

/**
 * What the worker makes of its input: an imported file's document or library entries, or a
 * `POST /api/documents` JSON body's fields and its content as a Yjs state.
 */
export type JobOutput = 'document' | 'library-entries' | 'new-document';

/** What the worker posts back. */
export type JobResult = { doc: Record<string, unknown>; report: ImportReport } | { entries: EntryDraft[]; mapping: Mapping; report: ImportReport } | { body: NewDocumentBody } | { error: string; limit: boolean };

const { bytes, format, output } = workerData as { bytes: Uint8Array; format: ImportFormat; output: JobOutput };
let result: JobResult;
try {
  if (output === 'new-document') {
    result = { body: newDocumentBody(bytes) };
  } else {
    const input = format === 'docx' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const { doc, report } = await importWithReport(input, { format });
    result = output === 'library-entries' ? { entries: entriesOf(doc), mapping: readMapping(doc), report } : { doc: doc.toJSON() as Record<string, unknown>, report };
  }
} catch (err) {
  result = { error: (err instanceof Error ? err.message : String(err)).split('\n')[0], limit: err instanceof ImportLimitError };
}
parentPort!.postMessage(result);
