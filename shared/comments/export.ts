// The threads of a document as the review .docx exports them: each anchored thread with its
// current range and its messages (orphaned threads have no text to hang on and are left out).
import type { ExportComment } from '../export/docx-comments';
import { locateThreads, type BoundDocument } from './anchors';
import { readThreads } from './model';

export function exportComments(bound: BoundDocument): ExportComment[] {
  return locateThreads(bound, readThreads(bound.ydoc)).filter((l) => !l.orphaned).map((l) => ({
    from: l.from,
    to: l.to,
    resolved: l.thread.resolved,
    messages: l.thread.messages.map((m) => ({ author: m.author.name, text: m.text, date: new Date(m.createdAt) })),
  }));
}
