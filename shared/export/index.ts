// exportDocument: a document -> the submission, review or clean .docx, or an HTML preview.
// Lays the document out for the format (plan.ts), then hands the layout to a writer.
import type { Node as PMNode } from 'prosemirror-model';
import { revisionKind, scanRevisions, snippet, type ScannedRevision } from '../model/revision-scan';
import { writeDocx } from './docx';
import { markCommentRanges, WordComments, type ExportComment } from './docx-comments';
import { writeHtml } from './html';
import { EXPORT_FORMATS, type ExportFormat } from './layout';
import { planLayout } from './plan';

export type { ExportFormat } from './layout';
export { EXPORT_FORMATS } from './layout';
export type { ExportComment } from './docx-comments';

export interface ExportOptions {
  format: ExportFormat;
  /**
   * The changes still only suggested count as agreed: a submission is exported in spite of them,
   * and a clean copy applies them (the review copy and HTML show every change anyway).
   */
  includeSuggested?: boolean;
  /** Author of the submission's revisions; default: the cover's source field, else 'Proposals'. */
  group?: { name: string };
  /** Date of the submission's revisions (and of revisions recorded without a time); default: now. */
  date?: Date;
  /** Comment threads to add to a review copy as Word comments (ignored by the other formats). */
  comments?: ExportComment[];
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** File extension and media type of an export, for a download's name and Content-Type. */
export function exportFileType(format: ExportFormat): { extension: 'docx' | 'html'; mediaType: string } {
  return format === 'html' ? { extension: 'html', mediaType: 'text/html; charset=utf-8' } : { extension: 'docx', mediaType: DOCX };
}

/** Thrown when a submission is asked for while changes are still only suggested. */
export class SuggestedChangesError extends Error {
  constructor(readonly changes: ScannedRevision[]) {
    const lines = changes.slice(0, 20).map((c) => {
      return `  ${c.proposalRef || '(outside proposals)'}: ${revisionKind(c)} by ${c.authorName || c.author || 'unknown'}: "${snippet(c.text)}"`;
    });
    if (changes.length > lines.length) lines.push(`  ... and ${changes.length - lines.length} more`);
    super(`the document has ${changes.length} suggested change${changes.length === 1 ? '' : 's'} not yet agreed; `
      + `agree or reject them, or export with includeSuggested:\n${lines.join('\n')}`);
    this.name = 'SuggestedChangesError';
  }
}

/** The group a submission's revisions are attributed to: the cover's source field, else 'Proposals'. */
export function defaultGroup(doc: PMNode): string {
  const cover = doc.firstChild?.type.name === 'cover' ? doc.firstChild : null;
  let source = '';
  cover?.forEach((field) => {
    if (!source && field.attrs.name === 'source') source = field.textContent.trim();
  });
  return source || 'Proposals';
}

function checkOptions(doc: PMNode, opts: ExportOptions): void {
  if (!doc || typeof (doc as PMNode).type?.name !== 'string' || doc.type.name !== 'doc') {
    throw new TypeError('exportDocument needs a ProseMirror document node of the Draftroom schema');
  }
  if (!opts || !EXPORT_FORMATS.includes(opts.format)) {
    throw new RangeError(`unknown export format '${String(opts?.format)}' (expected ${EXPORT_FORMATS.join(', ')})`);
  }
  if (opts.date !== undefined && !(opts.date instanceof Date && Number.isFinite(opts.date.getTime()))) {
    throw new RangeError('the export date must be a valid Date');
  }
  if (opts.group !== undefined && (typeof opts.group?.name !== 'string' || !opts.group.name.trim())) {
    throw new RangeError('the group name must be a non-empty string');
  }
}

/** Exports `doc` in `opts.format`: .docx bytes, or UTF-8 HTML bytes for 'html'. */
export async function exportDocument(doc: PMNode, opts: ExportOptions): Promise<Uint8Array> {
  checkOptions(doc, opts);
  doc.check();
  if (opts.format === 'submission' && !opts.includeSuggested) {
    const suggested = scanRevisions(doc).filter((r) => r.status === 'suggested');
    if (suggested.length) throw new SuggestedChangesError(suggested);
  }
  const group = opts.group?.name.trim() || defaultGroup(doc);
  const marked = opts.format === 'review' && opts.comments?.length ? markCommentRanges(doc, opts.comments) : null;
  const layout = planLayout(marked?.doc ?? doc, { format: opts.format, group, date: opts.date ?? new Date(), includeSuggested: opts.includeSuggested });
  if (opts.format === 'html') return new TextEncoder().encode(writeHtml(layout));
  return writeDocx(layout, {
    creator: opts.format === 'submission' ? group : 'Draftroom', trackRevisions: opts.format !== 'clean',
    comments: marked ? new WordComments(marked.threads) : undefined,
  });
}
