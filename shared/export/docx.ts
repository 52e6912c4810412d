// Layout -> .docx bytes with the `docx` package: shown revisions become Word revisions (w:ins and
// w:del runs, paragraph-mark revisions, w:pPrChange for a changed style, w:rPrChange for changed
// formatting), footnotes real Word footnotes carrying the layout's numbers (docx-footnote.ts), tabs
// real w:tab against the styles' tab stops.
import {
  AlignmentType, Document, ExternalHyperlink, Header, PageNumber, InsertedTextRun, DeletedTextRun, NoteNumberRestart, Packer,
  Paragraph, SectionType, ShadingType, Tab, Table, TableCell, TableRow, TextRun, UnderlineType, WidthType,
  type IRunOptions, type ISectionOptions, type ParagraphChild,
} from 'docx';
import { splitCommentEdges, WordComments } from './docx-comments';
import { Footnotes, TrackedRun } from './docx-footnote';
import { ITU_STYLES, PAGE, TAB_STOPS } from './docx-styles';
import { sameFormatChange, sameRevision, type Block, type Inline, type Layout, type Para, type RunStyle, type ShownFormat, type ShownRevision, type TableLayout } from './layout';

/** Usable width of the A4 page between the margins, in twips. */
const TEXT_WIDTH = PAGE.size.width - PAGE.margin.left - PAGE.margin.right;

/** Numbers Word revisions: every w:ins, w:del and w:pPrChange needs an id of its own. */
class RevisionIds {
  private next = 1;
  /** The footnotes written so far. */
  readonly notes = new Footnotes();
  /** The comments of a review copy, whose range edges `runs` writes. */
  constructor(readonly comments: WordComments | null = null) {}
  attrs(rev: { author: string; date: Date }): { id: number; author: string; date: string } {
    return { id: this.next++, author: rev.author, date: rev.date.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  }
}

function runOptions(style: RunStyle): IRunOptions {
  return {
    bold: style.bold || undefined,
    italics: style.italic || undefined,
    underline: style.underline || style.link ? {} : undefined,
    superScript: style.superscript || undefined,
    subScript: style.subscript || undefined,
  };
}

function tracked(options: IRunOptions, revision: ShownRevision | null, ids: RevisionIds, inserted?: ShownRevision): ParagraphChild {
  if (!revision) return new TextRun(options);
  const attrs = ids.attrs(revision);
  if (revision.kind === 'insertion') return new InsertedTextRun({ ...options, ...attrs });
  const deleted = new DeletedTextRun({ ...options, ...attrs });
  // Text inserted by one author and deleted by another: Word's w:ins around the w:del.
  return inserted ? (new TrackedRun('insertion', ids.attrs(inserted), deleted) as unknown as ParagraphChild) : deleted;
}

function sameStyle(a: RunStyle, b: RunStyle): boolean {
  return !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.underline === !!b.underline
    && !!a.superscript === !!b.superscript && !!a.subscript === !!b.subscript && a.link === b.link;
}

type Chunk = Extract<Inline, { type: 'text' | 'tab' }>;

/**
 * A formatting change as Word's w:rPrChange: its id, author and date, and the run properties
 * before. A property the run has now and did not have before is written switched off, so the old
 * w:rPr says what changed and is never empty (the docx package leaves an empty one out, and
 * w:rPrChange requires it).
 */
function formatRevision(style: RunStyle, format: ShownFormat | undefined, ids: RevisionIds): IRunOptions {
  if (!format) return {};
  const before: Record<string, unknown> = { ...runOptions(format.before) };
  for (const [key, value] of Object.entries(runOptions(style))) {
    if (value === undefined || before[key] !== undefined) continue;
    before[key] = key === 'underline' ? { type: UnderlineType.NONE } : false;
  }
  return { revision: { ...(before as IRunOptions), ...ids.attrs(format) } };
}

/** One Word run for consecutive text and tabs of one style and one revision ("a)", tab, text: one w:ins). */
function run(chunks: Chunk[], ids: RevisionIds): ParagraphChild {
  const { style, revision, format, inserted } = chunks[0];
  const children = chunks.map((c) => (c.type === 'text' ? c.text : new Tab()));
  if (style.link && !revision) {
    return new ExternalHyperlink({ link: style.link, children: [new TextRun({ ...runOptions(style), ...formatRevision(style, format, ids), children, style: 'Hyperlink' })] });
  }
  return tracked({ ...runOptions(style), ...formatRevision(style, format, ids), children }, revision, ids, inserted);
}

function runs(inlines: Inline[], ids: RevisionIds): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  let chunks: Chunk[] = [];
  const flush = () => {
    if (chunks.length) out.push(run(chunks, ids));
    chunks = [];
  };
  for (const inline of ids.comments ? splitCommentEdges(inlines) : inlines) {
    if (inline.type === 'comment') {
      flush();
      out.push(...ids.comments!.edge(inline));
      continue;
    }
    if (inline.type === 'text' || inline.type === 'tab') {
      const first = chunks[0];
      if (first && !(sameStyle(first.style, inline.style) && sameRevision(first.revision, inline.revision) && sameFormatChange(first.format, inline.format) && sameRevision(first.inserted ?? null, inline.inserted ?? null))) flush();
      chunks.push(inline);
      continue;
    }
    flush();
    if (inline.type === 'break') {
      out.push(tracked({ break: 1 }, inline.revision, ids));
    } else {
      const body = [new Paragraph({ style: 'FootnoteText', children: runs(inline.content, ids) })];
      out.push(ids.notes.reference(inline.mark, body, inline.revision && { kind: inline.revision.kind, attrs: ids.attrs(inline.revision) }));
    }
  }
  flush();
  return out;
}

const ALIGN = { left: 'left', center: 'center', right: 'right', justify: 'both' } as const;

function paragraph(p: Para, ids: RevisionIds): Paragraph {
  const mark = p.mark ? { [p.mark.kind]: ids.attrs(p.mark) } : undefined;
  return new Paragraph({
    style: p.style,
    tabStops: TAB_STOPS[p.style],
    alignment: p.align ? ALIGN[p.align] : undefined,
    children: runs(p.inlines, ids),
    run: mark,
    revision: p.formerStyle ? { ...ids.attrs(p.formerStyle.revision), style: p.formerStyle.style } : undefined,
  });
}

function table(t: TableLayout, ids: RevisionIds): Table {
  const columns = Math.max(1, ...t.rows.map((r) => r.cells.reduce((n, c) => n + c.colspan, 0)));
  const width = Math.floor(TEXT_WIDTH / columns);
  return new Table({
    width: { size: width * columns, type: WidthType.DXA },
    columnWidths: Array.from({ length: columns }, () => width),
    rows: t.rows.map((row, i) => new TableRow({
      tableHeader: i === 0 && row.cells.every((c) => c.header) || undefined,
      children: row.cells.map((cell) => new TableCell({
        columnSpan: cell.colspan > 1 ? cell.colspan : undefined,
        rowSpan: cell.rowspan > 1 ? cell.rowspan : undefined,
        width: { size: width * cell.colspan, type: WidthType.DXA },
        shading: cell.header ? { type: ShadingType.CLEAR, fill: 'E7E6E6', color: 'auto' } : undefined,
        children: cell.paras.map((p) => paragraph(cell.header ? { ...p, inlines: p.inlines.map(bold) } : p, ids)),
      })),
    })),
  });
}

function bold(inline: Inline): Inline {
  return inline.type === 'text' || inline.type === 'tab' ? { ...inline, style: { ...inline.style, bold: true } } : inline;
}

function block(b: Block, ids: RevisionIds): Paragraph | Table {
  return b.type === 'para' ? paragraph(b, ids) : table(b, ids);
}

/** ITU page header from page 2 on: the page number between dashes, then the document's number. */
function pageHeader(reference: string): { default: Header; first: Header } {
  const line = (children: (string | typeof PageNumber.CURRENT)[]) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0 }, children: [new TextRun({ children })] });
  return {
    default: new Header({ children: [line(['- ', PageNumber.CURRENT, ' -']), ...(reference ? [line([reference])] : [])] }),
    first: new Header({ children: [] }),
  };
}

export interface DocxMeta {
  creator: string;
  /** Turn on Word's Track Changes for further editing. */
  trackRevisions: boolean;
  /** Word comments whose ranges the layout carries as markers (docx-comments.ts). */
  comments?: WordComments;
}

/** Writes the layout as a Word document. Each proposal is a continuous section; footnotes carry the layout's numbers. */
export async function writeDocx(layout: Layout, meta: DocxMeta): Promise<Uint8Array> {
  const ids = new RevisionIds(meta.comments ?? null);
  // The cover page is a section of its own, only when the document has a cover (no blank first page).
  const hasCover = layout.cover.length > 0;
  const sections: ISectionOptions[] = hasCover ? [{
    properties: { page: PAGE, titlePage: true },
    headers: pageHeader(layout.reference),
    children: layout.cover.map((p) => paragraph(p, ids)),
  }] : [];
  layout.sections.forEach((section, i) => {
    const first = i === 0 && !hasCover;
    sections.push({
      properties: {
        type: i === 0 ? (first ? undefined : SectionType.NEXT_PAGE) : SectionType.CONTINUOUS,
        page: PAGE,
        titlePage: first || undefined,
        // Word's own numbering (of notes a reader adds) restarts per proposal; ours is printed in the marks.
        footnoteProperties: { restart: NoteNumberRestart.EACH_SECTION },
      },
      headers: first ? pageHeader(layout.reference) : { default: pageHeader(layout.reference).default },
      children: section.blocks.map((b) => block(b, ids)),
    });
  });
  if (!sections.length) sections.push({ properties: { page: PAGE }, children: [new Paragraph({})] });
  const doc = new Document({
    creator: meta.creator,
    lastModifiedBy: meta.creator,
    title: layout.title,
    styles: ITU_STYLES,
    features: { trackRevisions: meta.trackRevisions },
    comments: meta.comments ? { children: meta.comments.options } : undefined,
    footnotes: ids.notes.bodies,
    sections,
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}
