// The document body (w:body) -> source lines for the shared builder: one line per Word paragraph
// with its inline content, its paragraph style and its paragraph-mark revisions; a Word table
// is read whole into a `table` node. Empty paragraphs only separate, as blank lines do in text
// (unless they are a revision themselves).
import type { Element } from '@xmldom/xmldom';
import type { Node as PMNode } from 'prosemirror-model';
import { schema, type BlockRevision } from '../../schema';
import { SOFT_BREAK, plainText, toNodes, type Inline } from '../inline';
import type { SourceLine } from '../lines';
import { readRuns, type RunContext } from './runs';
import { styledBlock } from './styles';
import { elements, isW, wAttr, wChild } from './xml';

/** A source line read from Word, with the paragraph's style id (`Call`, `enumlev1`, `Heading1` ...). */
export interface DocxLine extends SourceLine {
  style: string | null;
}

interface Paragraph {
  content: Inline[];
  style: string | null;
  track: BlockRevision[] | null;
}

export function readBody(body: Element, ctx: RunContext): DocxLine[] {
  const out: DocxLine[] = [];
  let blankBefore = false;
  let index = 0;
  const visit = (parent: Element) => {
    for (const el of elements(parent)) {
      if (isW(el, 'p')) {
        index++;
        const p = readParagraph(el, ctx);
        const text = plainText(p.content);
        const hasNode = p.content.some((item) => item !== SOFT_BREAK && !item.isText && item.type.name !== 'hard_break');
        // An empty paragraph separates, unless it is itself a change (an inserted empty line).
        if (!/\S/.test(text) && !hasNode && !p.track) {
          blankBefore = true;
          continue;
        }
        out.push({ content: p.content, text, blankBefore, block: index, lineNo: index, style: p.style, ...(p.track ? { track: p.track } : {}) });
        blankBefore = false;
      } else if (isW(el, 'tbl')) {
        index++;
        out.push({ content: [], text: '', blankBefore, block: index, lineNo: index, style: null, node: readTable(el, ctx) });
        blankBefore = false;
      } else if (isW(el, 'sdt')) {
        visit(wChild(el, 'sdtContent') ?? el);
      } else if (isW(el, 'customXml')) {
        visit(el);
      }
    }
  };
  visit(body);
  return out;
}

function readParagraph(p: Element, ctx: RunContext): Paragraph {
  const pPr = wChild(p, 'pPr');
  const content = readRuns(p, ctx);
  // A label from Word's list numbering is written out as the ITU types it: label, tab, text.
  const label = ctx.numbering.label(pPr);
  if (label) content.unshift(schema.text(`${label}\t`));
  // The paragraph mark comes after the paragraph's text: its revision continues or ends the text's change.
  const markProps = wChild(pPr, 'rPr');
  const track: BlockRevision[] = [];
  const ins = wChild(markProps, 'ins') ?? wChild(markProps, 'moveTo');
  const del = wChild(markProps, 'del') ?? wChild(markProps, 'moveFrom');
  if (ins) track.push(ctx.revisions.block('insertion', ins));
  if (del) track.push(ctx.revisions.block('deletion', del));
  if (!ins && !del) ctx.revisions.plain();
  // A former style: the block was another kind of block (an item made a heading).
  const change = wChild(pPr, 'pPrChange');
  const former = change && styledBlock(wAttr(wChild(wChild(change, 'pPr'), 'pStyle'), 'val'));
  if (change && former) track.push(ctx.revisions.attribute(change, { type: former.type, ...former.attrs }));
  return { content, style: wAttr(wChild(pPr, 'pStyle'), 'val'), track: track.length ? track : null };
}

function readTable(tbl: Element, ctx: RunContext): PMNode {
  const { table, table_row, table_cell, paragraph } = schema.nodes;
  const rows: PMNode[] = [];
  for (const tr of elements(tbl)) {
    if (!isW(tr, 'tr')) continue;
    const cells: PMNode[] = [];
    for (const tc of elements(tr)) {
      if (!isW(tc, 'tc')) continue;
      const span = Number(wAttr(wChild(wChild(tc, 'tcPr'), 'gridSpan'), 'val')) || 1;
      const paragraphs = cellParagraphs(tc).map((p) => {
        const read = readParagraph(p, ctx);
        return paragraph.create({ track: read.track }, toNodes(read.content));
      });
      cells.push(table_cell.create({ colspan: Math.max(1, Math.min(span, 64)) }, paragraphs.length ? paragraphs : [paragraph.create()]));
    }
    if (cells.length) rows.push(table_row.create(null, cells));
  }
  if (!rows.length) rows.push(table_row.create(null, [table_cell.create(null, [paragraph.create()])]));
  return table.create(null, rows);
}

/** The paragraphs of a cell, nested tables flattened into it. */
function cellParagraphs(tc: Element): Element[] {
  const out: Element[] = [];
  for (const el of elements(tc)) {
    if (isW(el, 'p')) out.push(el);
    else if (isW(el, 'tbl') || isW(el, 'tr') || isW(el, 'tc') || isW(el, 'sdt') || isW(el, 'sdtContent')) out.push(...cellParagraphs(el));
  }
  return out;
}
