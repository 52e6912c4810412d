// The JSON body of `POST /api/documents` ({title, group?, content?}): its fields, and its content
// (a whole imported document, up to `maxMessageBytes`) checked against the schema and turned into
// the Yjs state the document starts from. A body past 64 kB is read in a worker thread (the
// conversion of a large document takes seconds); smaller ones here.
import { SMALL_JSON_LIMIT } from './body-limits';
import { contentToState } from './content';
import { ImportFailure, type Importer } from './import/importer';
import { HttpError } from './http-error';

/** The JSON body of a new document, its `content` replaced by the Yjs state of it. */
export interface NewDocumentBody {
  fields: Record<string, unknown>;
  state?: Uint8Array;
}

/** Reads the body's bytes; throws an Error with a one-line reason (invalid JSON, invalid content). */
export function newDocumentBody(bytes: Uint8Array): NewDocumentBody {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    throw new Error('request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { fields: {} };
  const { content, ...fields } = body as Record<string, unknown>;
  return content === undefined ? { fields } : { fields, state: contentToState(content) };
}

/** The body of a request as express.raw left it (a Buffer, or nothing for another content type); 400 for a bad one. */
export async function readNewDocumentBody(raw: unknown, importer: Importer): Promise<NewDocumentBody> {
  if (!Buffer.isBuffer(raw) || raw.length === 0) return { fields: {} };
  try {
    return raw.length <= SMALL_JSON_LIMIT ? newDocumentBody(raw) : await importer.newDocument(raw);
  } catch (err) {
    if (err instanceof ImportFailure) throw new HttpError(err.status, err.message);
    throw new HttpError(400, (err as Error).message);
  }
}
