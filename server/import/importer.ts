// Imports off the event loop: each import (.docx, text, markdown; a new document's JSON content)
// runs in a worker thread of its own (worker.mjs -> job.ts) with a time limit (the worker is terminated), a memory limit
// (`resourceLimits`) and a size limit on its input, and at most `maxConcurrent` at once, so the
// server keeps answering everyone else whatever file arrives. Every failure is an ImportFailure
// with the HTTP status to answer and a one-line reason.
import { Worker } from 'node:worker_threads';
import type { ImportFormat, ImportReport } from '../../shared/import';
import type { EntryDraft } from '../library/entries';
import type { Mapping } from '../../shared/model/resolution-mapping';
import type { NewDocumentBody } from '../document-body';
import type { JobOutput, JobResult } from './job';

export interface ImportLimits {
  /** An import still running after this long is stopped (the worker is terminated). */
  timeoutMs: number;
  /** The worker's V8 heap (old generation); past it the worker dies and the import fails. */
  maxMemoryMb: number;
  /** Imports running at once; more are refused with 503. */
  maxConcurrent: number;
  /** Largest text or markdown file. */
  maxTextBytes: number;
  /** Largest .docx file (its unpacked parts have their own limits, shared/import/limits.ts). */
  maxDocxBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  timeoutMs: 20_000, maxMemoryMb: 1024, maxConcurrent: 2, maxTextBytes: 8 * MB, maxDocxBytes: 32 * MB,
};

/** Why an import failed: the HTTP status (400 bad file, 413 too large, 422 past a limit, 503 busy) and one line. */
export class ImportFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

// From source (tsx, vitest) the worker registers tsx and runs job.ts; built (bin/build-node.mjs),
// job.ts is the entry import-job.js beside the chunk this code is in.
const WORKER = import.meta.url.endsWith('.ts') ? new URL('./worker.mjs', import.meta.url) : new URL('./import-job.js', import.meta.url);

export class Importer {
  readonly limits: ImportLimits;
  private running = 0;

  constructor(limits: Partial<ImportLimits> = {}) {
    this.limits = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  }

  /** The largest input accepted for `format`. */
  maxBytes(format: ImportFormat): number {
    return format === 'docx' ? this.limits.maxDocxBytes : this.limits.maxTextBytes;
  }

  /** The 413 failure of an input of `size` bytes, or null when it is within the limit. */
  tooLarge(format: ImportFormat, size: number): ImportFailure | null {
    const max = this.maxBytes(format);
    if (size <= max) return null;
    return new ImportFailure(413, `the file is larger than ${formatBytes(max)}, the limit for ${format === 'docx' ? '.docx' : format} imports`);
  }

  /** Imports `bytes` in a worker thread; resolves to the document's ProseMirror JSON. */
  async run(bytes: Uint8Array, format: ImportFormat): Promise<Record<string, unknown>> {
    return (await this.limited(bytes, format, 'document') as { doc: Record<string, unknown> }).doc;
  }

  /** Imports `bytes` in a worker thread; resolves to the library entries and the cross-Sector mapping read from the document, and the import report. */
  async libraryEntries(bytes: Uint8Array, format: ImportFormat): Promise<{ entries: EntryDraft[]; mapping: Mapping; report: ImportReport }> {
    return await this.limited(bytes, format, 'library-entries') as { entries: EntryDraft[]; mapping: Mapping; report: ImportReport };
  }

  /**
   * Reads the JSON body of a new document in a worker thread: its fields and its content as a
   * Yjs state (its size is the body parser's limit).
   */
  async newDocument(bytes: Uint8Array): Promise<NewDocumentBody> {
    return (await this.limited(bytes, null, 'new-document') as { body: NewDocumentBody }).body;
  }

  private async limited(bytes: Uint8Array, format: ImportFormat | null, output: JobOutput): Promise<JobResult> {
    const large = format && this.tooLarge(format, bytes.length);
    if (large) throw large;
    if (this.running >= this.limits.maxConcurrent) throw new ImportFailure(503, 'the server is busy with other imports: try again in a minute');
    this.running++;
    try {
      return await this.inWorker(bytes, format, output);
    } finally {
      this.running--;
    }
  }

  private inWorker(bytes: Uint8Array, format: ImportFormat | null, output: JobOutput): Promise<JobResult> {
    const copy = new Uint8Array(bytes); // its own buffer, moved to the worker
    const { timeoutMs, maxMemoryMb } = this.limits;
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER, {
        workerData: { bytes: copy, format, output },
        transferList: [copy.buffer],
        resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, maxMemoryMb / 8)) },
      });
      worker.unref(); // a running import never keeps a closing server's process alive
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
        void worker.terminate();
      };
      const timer = setTimeout(() => finish(() => reject(new ImportFailure(422, `the import took longer than ${timeoutMs / 1000} s and was stopped`))), timeoutMs);
      timer.unref();
      worker.on('message', (result: JobResult) => finish(() => {
        if ('error' in result) reject(new ImportFailure(result.limit ? 422 : 400, result.error));
        else resolve(result);
      }));
      worker.on('error', (err: Error & { code?: string }) => finish(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new ImportFailure(422, `the import needed more than ${maxMemoryMb} MB of memory and was stopped`)
        : new Error(`import worker failed: ${err.message.split('\n')[0]}`))));
      worker.on('exit', (code) => finish(() => reject(new Error(`import worker exited with code ${code} before answering`))));
    });
  }
}

function formatBytes(bytes: number): string {
  return bytes % MB === 0 ? `${bytes / MB} MB` : `${Math.round(bytes / 1024)} kB`;
}
