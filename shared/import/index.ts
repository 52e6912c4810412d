// Importers: text, markdown and .docx -> a ProseMirror document of the schema.
// Pipeline: decode -> read lines (format-specific inline syntax, or Word paragraphs) -> classify -> build the tree.
import type { Node as PMNode } from 'prosemirror-model';
import { buildDocument } from './build';
import { importDocx, isZip } from './docx';
import { readMarkdown } from './markdown';
import { splitDetachedRevisions } from './revision-runs';
import { decodeInput, looksLikeMarkdown, splitLines } from './source';
import { readText } from './text';
import { classifyLines } from './units';

export type ImportFormat = 'text' | 'markdown' | 'docx';

const FORMATS: readonly ImportFormat[] = ['text', 'markdown', 'docx'];

/**
 * Imports an ITU document. `format` defaults to 'docx' for zip bytes, to 'markdown' when the
 * text looks like markdown, else 'text'. Throws an Error with a clear message on empty or
 * binary input, and on a .docx that is damaged or not a Word document.
 */
export async function importDocument(input: string | Uint8Array, opts: { format?: ImportFormat } = {}): Promise<PMNode> {
  const format = opts.format;
  if (format !== undefined && !FORMATS.includes(format)) {
    throw new Error(`unknown import format '${String(format)}' (expected text, markdown or docx)`);
  }
  if (format === 'docx' || (format === undefined && input instanceof Uint8Array && isZip(input))) {
    if (!(input instanceof Uint8Array)) throw new Error('cannot import: a .docx must be given as bytes (Uint8Array), not a string');
    return importDocx(input);
  }
  const text = decodeInput(input);
  const markdown = format ? format === 'markdown' : looksLikeMarkdown(text);
  const lines = splitLines(text);
  const source = markdown ? readMarkdown(lines) : readText(lines);
  if (source.length === 0) throw new Error('cannot import: the document has no text');
  return splitDetachedRevisions(buildDocument(classifyLines(source, markdown)));
}
