// Comment threads as Word comments in the review .docx. The threads' ranges are carried through the
// layout as private-use marker characters put into a copy of the document (U+E000 + n where thread
// n starts, U+E800 + n where it ends, with the marks of the text around them, so they stay in the
// same runs); the .docx writer turns each marker into w:commentRangeStart / w:commentRangeEnd and a
// w:commentReference, and each message into a w:comment (replies threaded to the first message,
// resolved threads marked done), through the `docx` package's comments support.
import { CommentRangeEnd, CommentRangeStart, CommentReference, Paragraph, TextRun, type ICommentOptions, type ParagraphChild } from 'docx';
import type { Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import type { Inline } from './layout';

/** A thread to export: its current range in the document and its messages. */
export interface ExportComment {
  from: number;
  to: number;
  resolved: boolean;
  messages: { author: string; text: string; date: Date }[];
}

const START = 0xe000;
const END = 0xe800;
const MAX_THREADS = END - START;
const MARKER = /[\ue000-\uefff]/;

/** An edge of a comment range found in the layout's text. */
export interface CommentEdge {
  type: 'comment';
  edge: 'start' | 'end';
  thread: number;
}

/** Whether `pos` is where a marker can go: inside a textblock, not inside a footnote. */
function insertable(doc: PMNode, pos: number): boolean {
  const $pos = doc.resolve(pos);
  return $pos.parent.inlineContent && $pos.parent.type.name !== 'footnote';
}

/**
 * A copy of `doc` with the markers of the threads whose ranges are usable (both ends in text
 * outside footnotes, at most 2048 threads), and those threads, numbered as their markers are.
 */
export function markCommentRanges(doc: PMNode, comments: ExportComment[]): { doc: PMNode; threads: ExportComment[] } {
  const size = doc.content.size;
  const threads = comments.filter((c) => Number.isInteger(c.from) && Number.isInteger(c.to) && 0 <= c.from && c.from < c.to && c.to <= size
    && c.messages.length > 0 && insertable(doc, c.from) && insertable(doc, c.to)).slice(0, MAX_THREADS);
  const edges = threads.flatMap((t, i) => [
    { pos: t.from, char: String.fromCharCode(START + i), order: 1 },
    { pos: t.to, char: String.fromCharCode(END + i), order: 0 },
  ]);
  // Insert from the end, so earlier positions stay valid; at one position, ends before starts.
  edges.sort((a, b) => b.pos - a.pos || b.order - a.order);
  const tr = new Transform(doc);
  for (const edge of edges) {
    const marks = tr.doc.resolve(edge.pos).marks();
    tr.insert(edge.pos, doc.type.schema.text(edge.char, marks));
  }
  return { doc: tr.doc, threads };
}

/** The inlines with each marker character taken out of the text as a comment edge. */
export function splitCommentEdges(inlines: Inline[]): (Inline | CommentEdge)[] {
  const out: (Inline | CommentEdge)[] = [];
  for (const inline of inlines) {
    if (inline.type !== 'text' || !MARKER.test(inline.text)) {
      out.push(inline);
      continue;
    }
    let text = '';
    for (const char of inline.text) {
      const code = char.charCodeAt(0);
      if (code < START || code >= START + 2 * MAX_THREADS) {
        text += char;
        continue;
      }
      if (text) out.push({ ...inline, text });
      text = '';
      out.push({ type: 'comment', edge: code < END ? 'start' : 'end', thread: code < END ? code - START : code - END });
    }
    if (text) out.push({ ...inline, text });
  }
  return out;
}

/** The Word comments of the exported threads, and the range markup of each thread. */
export class WordComments {
  private ids: number[][] = [];
  readonly options: ICommentOptions[] = [];

  constructor(threads: ExportComment[]) {
    let next = 0;
    threads.forEach((thread, t) => {
      const ids: number[] = [];
      thread.messages.forEach((message, k) => {
        const id = next++;
        ids.push(id);
        this.options.push({
          id, author: message.author, initials: initials(message.author), date: message.date,
          parentId: k === 0 ? undefined : ids[0], resolved: thread.resolved || undefined,
          children: message.text.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })),
        });
      });
      this.ids[t] = ids;
    });
  }

  /** w:commentRangeStart of every message of the thread, or their ends with the references. */
  edge(edge: CommentEdge): ParagraphChild[] {
    const ids = this.ids[edge.thread] ?? [];
    if (edge.edge === 'start') return ids.map((id) => new CommentRangeStart(id));
    return ids.flatMap((id) => [new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })]);
  }
}

function initials(name: string): string {
  const words = name.split(/[\s._-]+/).filter(Boolean);
  return words.map((w) => w[0]).join('').slice(0, 3).toUpperCase() || '?';
}
