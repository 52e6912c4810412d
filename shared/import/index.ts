// Importers: text, markdown and .docx -> a ProseMirror document of the schema.
// Pipeline: decode -> read lines (format-specific inline syntax, or Word paragraphs; debris dropped)
// -> classify -> build the tree -> infer missing reference numbers. What was dropped or inferred
// goes into the import report. The markdown reader (markdown-it) and the .docx reader (fflate,
// xmldom) are loaded on first use: most of the importer's code by size, which a process importing
// text (`draftroom import`) would otherwise compile and evaluate for nothing.
import type { Node as PMNode } from 'prosemirror-model';
import { buildDocument } from './build';
import { isZip } from './docx/zip';
import { dropEmptyFootnotes } from './empty-footnotes';
import { inferReferences } from './infer-refs';
import { ReportCollector, type ImportReport } from './report';
import { splitDetachedRevisions } from './revision-runs';
import { decodeInput, looksLikeMarkdown, splitLines } from './source';
import { readText } from './text';
import { classifyLines } from './units';

export type ImportFormat = 'text' | 'markdown' | 'docx';
export type { ImportReport, DroppedKind, InferredRef } from './report';

const FORMATS: readonly ImportFormat[] = ['text', 'markdown', 'docx'];

/**
 * Imports an ITU document. `format` defaults to 'docx' for zip bytes, to 'markdown' when the
 * text looks like markdown, else 'text'. Throws an Error with a clear message on empty or
 * binary input, and on a .docx that is damaged or not a Word document.
 */
export async function importDocument(input: string | Uint8Array, opts: { format?: ImportFormat } = {}): Promise<PMNode> {
  return (await importWithReport(input, opts)).doc;
}

/** importDocument, with the report of what the import dropped (debris) or inferred (reference numbers). */
export async function importWithReport(
  input: string | Uint8Array, opts: { format?: ImportFormat } = {},
): Promise<{ doc: PMNode; report: ImportReport }> {
  const format = opts.format;
  if (format !== undefined && !FORMATS.includes(format)) {
    throw new Error(`unknown import format '${String(format)}' (expected text, markdown or docx)`);
  }
  if (format === 'docx' || (format === undefined && input instanceof Uint8Array && isZip(input))) {
    if (!(input instanceof Uint8Array)) throw new Error('cannot import: a .docx must be given as bytes (Uint8Array), not a string');
    const report = new ReportCollector();
    const { importDocx } = await import('./docx');
    const doc = inferReferences(dropEmptyFootnotes(importDocx(input), report), report);
    return { doc, report: report.report() };
  }
  const report = new ReportCollector();
  const text = decodeInput(input);
  const markdown = format ? format === 'markdown' : looksLikeMarkdown(text);
  const lines = splitLines(text);
  const source = markdown ? (await import('./markdown')).readMarkdown(lines, report) : readText(lines, report);
  if (source.length === 0) throw new Error('cannot import: the document has no text');
  const doc = inferReferences(splitDetachedRevisions(buildDocument(classifyLines(source, markdown))), report);
  return { doc, report: report.report() };
}
