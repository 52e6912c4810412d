// Importers: text and markdown (and later .docx) -> a ProseMirror document of the schema.
// Pipeline: decode -> read lines (format-specific inline syntax) -> classify -> build the tree.
import type { Node as PMNode } from 'prosemirror-model';
import { buildDocument } from './build';
import { readMarkdown } from './markdown';
import { decodeInput, looksLikeMarkdown, splitLines } from './source';
import { readText } from './text';
import { classifyLines } from './units';

export type ImportFormat = 'text' | 'markdown' | 'docx';

const FORMATS: readonly ImportFormat[] = ['text', 'markdown', 'docx'];

/**
 * Imports an ITU document. `format` defaults to 'markdown' when the text looks like markdown,
 * else 'text'. Throws an Error with a clear message on empty or binary input.
 */
export async function importDocument(input: string | Uint8Array, opts: { format?: ImportFormat } = {}): Promise<PMNode> {
  const format = opts.format;
  if (format !== undefined && !FORMATS.includes(format)) {
    throw new Error(`unknown import format '${String(format)}' (expected text, markdown or docx)`);
  }
  if (format === 'docx') throw new Error('docx import is not available yet');
  const text = decodeInput(input);
  const markdown = format ? format === 'markdown' : looksLikeMarkdown(text);
  const lines = splitLines(text);
  const source = markdown ? readMarkdown(lines) : readText(lines);
  if (source.length === 0) throw new Error('cannot import: the document has no text');
  return buildDocument(classifyLines(source, markdown));
}
