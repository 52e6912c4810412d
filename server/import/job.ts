// One import, run in a worker thread (see importer.ts): the file's bytes and format arrive in
// workerData; the ProseMirror JSON of the document, or the import's one-line error, goes back.
import { parentPort, workerData } from 'node:worker_threads';
import { importDocument, type ImportFormat } from '../../shared/import';
import { ImportLimitError } from '../../shared/import/limits';

/** What the worker posts back. */
export type JobResult = { doc: Record<string, unknown> } | { error: string; limit: boolean };

const { bytes, format } = workerData as { bytes: Uint8Array; format: ImportFormat };
let result: JobResult;
try {
  const input = format === 'docx' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  result = { doc: (await importDocument(input, { format })).toJSON() as Record<string, unknown> };
} catch (err) {
  result = { error: (err instanceof Error ? err.message : String(err)).split('\n')[0], limit: err instanceof ImportLimitError };
}
parentPort!.postMessage(result);
