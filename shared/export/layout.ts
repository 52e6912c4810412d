// The laid-out document every exporter renders: paragraphs in ITU styles holding styled runs, each
// run and paragraph mark either plain or a revision to show. Built once per export by plan.ts, so
// the .docx and HTML writers only draw it and never decide what a revision means.
import type { ChangeStatus } from '../schema';

export type ExportFormat = 'submission' | 'review' | 'clean' | 'html';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['submission', 'review', 'clean', 'html'];

/** A revision shown in the output (Word's w:ins / w:del, HTML's ins / del). */
export interface ShownRevision {
  kind: 'insertion' | 'deletion';
  author: string;
  date: Date;
  status: ChangeStatus;
}

/** A formatting change shown in the output (Word's w:rPrChange): who, when, and the style before. */
export interface ShownFormat {
  author: string;
  date: Date;
  status: ChangeStatus;
  before: RunStyle;
}

export interface RunStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  superscript?: boolean;
  subscript?: boolean;
  link?: string;
}

export type Inline =
  /** `inserted`: the insertion under a shown deletion (text one author inserted and another deleted; Word's w:ins around w:del). */
  | { type: 'text'; text: string; style: RunStyle; revision: ShownRevision | null; format?: ShownFormat; inserted?: ShownRevision }
  | { type: 'tab'; style: RunStyle; revision: ShownRevision | null; format?: ShownFormat; inserted?: ShownRevision }
  | { type: 'break'; revision: ShownRevision | null }
  /** A footnote with its printed number (`mark`); `revision` when the whole footnote was inserted or deleted. */
  | { type: 'footnote'; mark: string; content: Inline[]; revision: ShownRevision | null };

/** ITU paragraph styles; their look is defined once per writer (docx-styles.ts, html.ts). */
export type ParaStyle =
  | 'Normal' | 'CoverConference' | 'CoverMeeting' | 'CoverRight' | 'CoverSource' | 'CoverTitle' | 'CoverField'
  | 'ProposalHeading' | 'ActionLine' | 'NumberLine' | 'ResTitle' | 'CallHeading'
  | 'Item0' | 'Item1' | 'Item2' | 'Item3' | 'Reasons' | 'Heading1' | 'Heading2' | 'Heading3'
  | 'Separator' | 'End';

export interface Para {
  type: 'para';
  style: ParaStyle;
  align?: 'left' | 'center' | 'right' | 'justify';
  inlines: Inline[];
  /** A revision of the paragraph mark: the whole paragraph inserted or deleted. */
  mark: ShownRevision | null;
  /** The paragraph's earlier style, when an attribute revision changed it and is shown. */
  formerStyle?: { style: ParaStyle; revision: ShownRevision };
}

export interface TableLayout {
  type: 'table';
  rows: Array<{ cells: Array<{ header: boolean; colspan: number; rowspan: number; paras: Para[] }> }>;
}

export type Block = Para | TableLayout;

/** One proposal unit (or a run of blocks outside proposals), a section of its own in Word. */
export interface Section {
  blocks: Block[];
}

export interface Layout {
  /** Cover page paragraphs, the title line included. */
  cover: Para[];
  sections: Section[];
  title: string;
  /** The document's number as the cover gives it (`Addendum 1 to Document 48-E`), for page headers. */
  reference: string;
}

/**
 * The printed numbers of footnotes, as the ITU numbers them: from 1 in each resolution (and each
 * proposal), through the text outside them. Writers print these numbers themselves, so every office
 * suite shows the same ones (LibreOffice ignores Word's per-section restarts).
 */
export class FootnoteNumbers {
  private count = 0;
  next(): string {
    return String(++this.count);
  }
  restart(): void {
    this.count = 0;
  }
}

export function para(style: ParaStyle, inlines: Inline[], mark: ShownRevision | null = null): Para {
  return { type: 'para', style, inlines, mark };
}

export function text(value: string, style: RunStyle = {}, revision: ShownRevision | null = null, format?: ShownFormat, inserted?: ShownRevision): Inline[] {
  const out: Inline[] = [];
  const shown = { ...(format ? { format } : {}), ...(inserted ? { inserted } : {}) };
  value.split('\t').forEach((part, i) => {
    if (i > 0) out.push({ type: 'tab', style, revision, ...shown });
    if (part) out.push({ type: 'text', text: part, style, revision, ...shown });
  });
  return out;
}

/** Whether two shown formatting changes are one: same author, time, status and style before. */
export function sameFormatChange(a: ShownFormat | undefined, b: ShownFormat | undefined): boolean {
  if (!a || !b) return a === b;
  return a.author === b.author && a.status === b.status && a.date.getTime() === b.date.getTime() && JSON.stringify(a.before) === JSON.stringify(b.before);
}

/** Whether two shown revisions are one for the reader: same kind, author and time. */
export function sameRevision(a: ShownRevision | null, b: ShownRevision | null): boolean {
  return a === b || (!!a && !!b && a.kind === b.kind && a.author === b.author && a.status === b.status && a.date.getTime() === b.date.getTime());
}

/** The plain text of inlines as shown (deleted text included), tabs as \t. */
export function inlineText(inlines: Inline[]): string {
  return inlines.map((i) => (i.type === 'text' ? i.text : i.type === 'tab' ? '\t' : i.type === 'break' ? '\n' : '')).join('');
}
