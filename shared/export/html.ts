// Layout -> a self-contained HTML preview: ITU look in one inline style sheet, revisions as <ins>
// and <del> with their author and date, footnotes with the layout's numbers (per resolution), ready to print to PDF.
import { looksCss } from './looks';
import { sameRevision, type Block, type Inline, type Layout, type Para, type ParaStyle, type RunStyle, type ShownFormat, type ShownRevision, type TableLayout } from './layout';

const CSS = `
@page { size: A4; margin: 2.5cm 2cm 2cm 2cm; }
body { font: 12pt/1.25 'Times New Roman', Times, serif; color: #000; max-width: 17cm; margin: 2em auto; padding: 0 1em; }
p { margin: 6pt 0 0; }
.tab { display: inline-block; min-width: 0.5cm; }
.label { display: inline-block; min-width: 1cm; text-indent: 0; }
.ProposalHeading .label, .ActionLine .label, .Reasons .label { min-width: 2cm; }
.CoverConference { font-weight: bold; font-size: 14pt; margin-top: 0; }
.CoverMeeting { font-weight: bold; margin-top: 12pt; }
.CoverRight { font-weight: bold; text-align: right; margin-top: 0; }
.CoverSource { font-weight: bold; font-size: 14pt; text-align: center; margin-top: 36pt; }
.CoverTitle { font-weight: bold; font-size: 14pt; text-align: center; text-transform: uppercase; margin: 12pt 0 24pt; }
.cover { page-break-after: always; border-bottom: 1px solid #999; padding-bottom: 1em; margin-bottom: 2em; }
.ProposalHeading { font-weight: bold; margin-top: 24pt; padding-left: 2cm; text-indent: -2cm; page-break-after: avoid; }
.ActionLine { margin-top: 18pt; page-break-after: avoid; }
.NumberLine { margin-top: 24pt; page-break-after: avoid; }
.ResTitle { margin-top: 12pt; page-break-after: avoid; }
.CallHeading { margin-top: 8pt; page-break-after: avoid; }
.Reasons { margin-top: 12pt; }
.Heading1 { margin-top: 18pt; }
.Heading2 { margin-top: 12pt; }
.Heading3 { margin-top: 10pt; }
.Separator, .End { text-align: center; margin-top: 18pt; }
ins { color: #1a5fb4; text-decoration: underline; }
del { color: #c01c28; text-decoration: line-through; }
ins.suggested, del.suggested { background: #fff3bf; }
ins.mark, del.mark { font-family: sans-serif; font-size: 9pt; }
p.former-style { outline: 1px dashed #1a5fb4; }
.format-change { border-bottom: 2px dotted #bf8700; }
table { border-collapse: collapse; width: 100%; margin-top: 6pt; }
td, th { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
th { background: #e7e6e6; }
td > p:first-child, th > p:first-child { margin-top: 0; }
.footnotes { border-top: 1px solid #000; width: 5cm; margin-top: 12pt; }
.footnotes p { font-size: 10pt; width: 17cm; margin-top: 3pt; }
@media print { ins.suggested, del.suggested { background: none; } body { margin: 0; max-width: none; } }
${looksCss((style) => `.${style}`)}
`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ESCAPES[c]);

function describe(rev: ShownRevision): string {
  const when = rev.date.toISOString().slice(0, 16).replace('T', ' ');
  return `${rev.kind === 'insertion' ? 'Inserted' : 'Deleted'} by ${rev.author}, ${when} UTC (${rev.status})`;
}

function wrapRevision(html: string, rev: ShownRevision | null, extraClass = ''): string {
  if (!rev) return html;
  const tag = rev.kind === 'insertion' ? 'ins' : 'del';
  const cls = [rev.status, extraClass].filter(Boolean).join(' ');
  return `<${tag} class="${cls}" title="${escape(describe(rev))}" datetime="${rev.date.toISOString()}">${html}</${tag}>`;
}

function styled(html: string, style: RunStyle): string {
  let out = html;
  if (style.bold) out = `<strong>${out}</strong>`;
  if (style.italic) out = `<em>${out}</em>`;
  if (style.underline) out = `<u>${out}</u>`;
  if (style.superscript) out = `<sup>${out}</sup>`;
  if (style.subscript) out = `<sub>${out}</sub>`;
  if (style.link && /^(https?:|mailto:|#)/i.test(style.link)) out = `<a href="${escape(style.link)}">${out}</a>`;
  return out;
}

/** Footnotes of the current section, printed at its end with the numbers the layout gave them. */
class Notes {
  items: { mark: string; content: string; id: number }[] = [];
  constructor(private readonly ids: { next: number }) {}
  add(mark: string, content: string): string {
    const id = this.ids.next++;
    this.items.push({ mark, content, id });
    return `<sup class="fn-ref"><a id="fnref-${id}" href="#fn-${id}">${escape(mark)}</a></sup>`;
  }
  render(): string {
    if (!this.items.length) return '';
    const notes = this.items.map((n) => `<p id="fn-${n.id}"><sup>${escape(n.mark)}</sup> ${n.content}</p>`);
    return `<div class="footnotes">${notes.join('')}</div>`;
  }
}

/** A shown formatting change: the text in its new formatting, who changed it and from what in the title. */
function formatChanged(html: string, format: ShownFormat | undefined): string {
  if (!format) return html;
  const when = format.date.toISOString().slice(0, 16).replace('T', ' ');
  const was = Object.entries(format.before).filter(([, on]) => on).map(([name]) => name).join(', ') || 'plain';
  const title = `Formatted by ${format.author}, ${when} UTC (${format.status}); was ${was}`;
  return `<span class="format-change ${format.status}" title="${escape(title)}">${html}</span>`;
}

function inline(item: Inline, notes: Notes): string {
  switch (item.type) {
    case 'text': return formatChanged(styled(escape(item.text), item.style), item.format);
    case 'tab': return '<span class="tab">\t</span>';
    case 'break': return '<br>';
    case 'footnote': return notes.add(item.mark, inlines(item.content, notes));
  }
}

/** The runs, consecutive ones of one revision in one <ins> or <del>. */
function inlines(list: Inline[], notes: Notes): string {
  let out = '';
  let group: Inline[] = [];
  let revision: ShownRevision | null = null;
  const flush = () => {
    if (group.length) out += wrapRevision(group.map((item) => inline(item, notes)).join(''), revision);
    group = [];
  };
  for (const item of list) {
    const itemRevision = item.revision;
    if (!sameRevision(itemRevision, revision)) {
      flush();
      revision = itemRevision;
    }
    group.push(item);
  }
  flush();
  return out;
}

/** Styles whose text before the first tab is a label hanging in its own column. */
const LABELLED = new Set<ParaStyle>(['Item0', 'Item1', 'Item2', 'Item3', 'ProposalHeading', 'ActionLine', 'Reasons']);

/** The paragraph's content: a label column (`a)`, `MOD`, `Reasons:`) in place of the first tab where the style has one. */
function content(p: Para, notes: Notes): string {
  const tab = LABELLED.has(p.style) ? p.inlines.findIndex((i) => i.type === 'tab') : -1;
  if (tab < 0) return inlines(p.inlines, notes);
  const label = inlines(p.inlines.slice(0, tab), notes);
  return `<span class="label">${label}</span>${inlines(p.inlines.slice(tab + 1), notes)}`;
}

const TAGS: Partial<Record<ParaStyle, string>> = { Heading1: 'h2', Heading2: 'h3', Heading3: 'h4' };

function paragraph(p: Para, notes: Notes): string {
  const tag = TAGS[p.style] ?? 'p';
  const classes = [p.style, p.formerStyle ? 'former-style' : ''].filter(Boolean).join(' ');
  const title = p.formerStyle ? ` title="${escape(`Was ${p.formerStyle.style}; changed by ${p.formerStyle.revision.author}`)}"` : '';
  const align = p.align ? ` style="text-align:${p.align}"` : '';
  const mark = p.mark ? wrapRevision('¶', p.mark, 'mark') : '';
  return `<${tag} class="${classes}"${align}${title}>${content(p, notes)}${mark}</${tag}>`;
}

function table(t: TableLayout, notes: Notes): string {
  const rows = t.rows.map((row) => {
    const cells = row.cells.map((cell) => {
      const tag = cell.header ? 'th' : 'td';
      const span = `${cell.colspan > 1 ? ` colspan="${cell.colspan}"` : ''}${cell.rowspan > 1 ? ` rowspan="${cell.rowspan}"` : ''}`;
      return `<${tag}${span}>${cell.paras.map((p) => paragraph(p, notes)).join('')}</${tag}>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table>${rows.join('')}</table>`;
}

function block(b: Block, notes: Notes): string {
  return b.type === 'para' ? paragraph(b, notes) : table(b, notes);
}

/** The HTML page of a layout. */
export function writeHtml(layout: Layout): string {
  const ids = { next: 1 };
  const coverNotes = new Notes(ids);
  const cover = layout.cover.map((p) => paragraph(p, coverNotes)).join('\n');
  const sections = layout.sections.map((section) => {
    const notes = new Notes(ids);
    const body = section.blocks.map((b) => block(b, notes)).join('\n');
    return `<section class="proposal">\n${body}\n${notes.render()}</section>`;
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escape(layout.title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<section class="cover">\n${cover}\n${coverNotes.render()}</section>`,
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
}
