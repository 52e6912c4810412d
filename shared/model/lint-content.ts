// lint rules on the content of a document, wherever it stands (inside proposals or not): what real
// imports showed to go wrong. Tables whose cells slipped (a row with text in one cell between rows
// with several; a table of one column), duplicate item numbers in one list, an empty cover date,
// text that looks like a Word field code, empty footnotes. All warnings.
import type { Node as PMNode } from 'prosemirror-model';
import { findFieldCode } from '../import/debris';
import type { Problem } from './lint';

const warning = (code: string, message: string, pos: number): Problem => ({ severity: 'warning', code, message, pos });

const snippet = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

/** Cells of a row that hold text. */
function filledCells(row: PMNode): number {
  let n = 0;
  row.forEach((cell) => {
    if (/\S/.test(cell.textContent)) n++;
  });
  return n;
}

/**
 * A row that looks slipped: it has one cell only (not a merged row spanning the table), or only
 * its first cell holds text (later columns left empty are normal: "same as above").
 */
function loneCell(row: PMNode, columns: number): boolean {
  if (row.childCount === 1) return Number(row.child(0).attrs.colspan ?? 1) < columns;
  return filledCells(row) === 1 && /\S/.test(row.child(0).textContent);
}

function tableProblems(table: PMNode, pos: number): Problem[] {
  const out: Problem[] = [];
  let columns = 0;
  table.forEach((row) => {
    let width = 0;
    row.forEach((cell) => {
      width += Number(cell.attrs.colspan ?? 1);
    });
    columns = Math.max(columns, width);
  });
  if (columns === 1 && table.childCount > 1) {
    out.push(warning('table-one-column', `a table of one column (${table.childCount} rows, from "${snippet(table.child(0).textContent)}"): its cells may have been read as rows`, pos));
    return out;
  }
  const filled = Array.from({ length: table.childCount }, (_, i) => filledCells(table.child(i)));
  let offset = pos + 1;
  table.forEach((row, _o, i) => {
    if (i > 0 && i < table.childCount - 1 && loneCell(row, columns) && filled[i - 1] >= 2 && filled[i + 1] >= 2) {
      out.push(warning('table-lone-cell', `a table row with one cell between rows with several: "${snippet(row.textContent)}" may belong to the row above`, offset));
    }
    offset += row.nodeSize;
  });
  return out;
}

/** The label of an item as it reads after its changes: the text before the tab, deleted text left out. */
function itemLabel(item: PMNode): string {
  let text = '';
  item.forEach((child) => {
    if (child.isText && !child.marks.some((m) => m.type.name === 'deletion')) text += child.text;
  });
  const tab = text.indexOf('\t');
  const label = tab < 0 ? '' : text.slice(0, tab).trim();
  return /^\(?[a-z0-9]{1,6}(?:\.[a-z0-9]{1,3})*\)?\.?$/i.test(label) ? label : '';
}

/** Duplicate item numbers among the items of one list: the items between two headings, per level. */
function listProblems(container: PMNode, pos: number): Problem[] {
  const out: Problem[] = [];
  let seen: Map<string, number>[] = [];
  container.forEach((child, offset) => {
    const at = pos + 1 + offset;
    if (child.type.name !== 'item') {
      if (child.type.name !== 'paragraph') seen = [];
      return;
    }
    const level = Math.max(0, Math.min(9, Math.floor(Number(child.attrs.level) || 0)));
    seen = seen.slice(0, level + 1);
    while (seen.length <= level) seen.push(new Map());
    const label = itemLabel(child);
    if (!label) return;
    const first = seen[level].get(label);
    if (first !== undefined) out.push(warning('duplicate-item-number', `item ${label} appears twice in one list: "${snippet(child.textContent)}"`, at));
    else seen[level].set(label, at);
  });
  return out;
}

export function contentProblems(doc: PMNode): Problem[] {
  const out: Problem[] = [];
  doc.descendants((node, pos) => {
    switch (node.type.name) {
      case 'cover':
        node.forEach((field, offset) => {
          if (field.attrs.name === 'date' && !/\S/.test(field.textContent)) out.push(warning('empty-cover-date', 'the cover has an empty date', pos + 1 + offset));
        });
        return true;
      case 'table':
        out.push(...tableProblems(node, pos));
        return true;
      case 'proposal':
      case 'resolution':
      case 'table_cell':
        out.push(...listProblems(node, pos));
        return true;
      case 'footnote':
        if (!/\S/.test(node.textContent)) out.push(warning('empty-footnote', 'an empty footnote: it would be exported as a blank numbered note', pos));
        else fieldCode(node, pos, out);
        return false;
      default:
        if (node.isTextblock) fieldCode(node, pos, out);
        return true;
    }
  });
  if (doc.type.name === 'doc') out.push(...listProblems(doc, -1));
  return out;
}

/** Checks the text of a textblock or footnote (not of the footnotes inside it, checked on their own). */
function fieldCode(node: PMNode, pos: number, out: Problem[]): void {
  let text = '';
  node.forEach((child) => {
    if (child.isText) text += child.text;
  });
  const code = findFieldCode(text);
  if (code) out.push(warning('field-code', `text that looks like a Word field code: "${snippet(code.trim())}"`, pos));
}

