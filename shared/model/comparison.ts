// What the compare endpoint answers (server/compare.ts makes it, the client's compare view shows it).

/** Someone whose changes a comparison shows. */
export interface CompareAuthor {
  /** User id ('' when no one is recorded for the text: written before attribution was kept). */
  id: string;
  name: string;
  inserted: number;
  deleted: number;
}

/** What changed between two states of a document, attributed. */
export interface Comparison {
  /** ProseMirror JSON: the newer document with the differences as insertion/deletion marks. */
  doc: unknown;
  authors: CompareAuthor[];
  inserted: number;
  deleted: number;
}
