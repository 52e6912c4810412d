// Rows -> a prosemirror-tables `table`: tab-separated rows (one line per row; a first column that
// is empty in every row, an indenting tab of the conversion, is dropped) and the rows of
// cell-table.ts (one line per cell). Columns are padded to the widest row.
import type { Node as PMNode } from 'prosemirror-model';
import { schema } from '../schema';
import { plainText, sliceInline, toNodes, trimInline, type Inline } from './inline';

export interface TableRow {
  content: Inline[];
  /** Lines that continue the row's last cell (a cell of several lines). */
  more: Inline[][];
}

export function buildTable(rows: readonly TableRow[]): PMNode {
  let cells = rows.map((row) => splitCells(row.content));
  if (cells.every((row) => row.length > 1 && !plainText(row[0]).trim())) cells = cells.map((row) => row.slice(1));
  const width = cells.reduce((max, row) => Math.max(max, row.length), 0);
  const { table, table_row, table_cell, paragraph } = schema.nodes;
  return table.create(null, cells.map((row, r) => {
    const paragraphs = row.map((cell) => [paragraph.create(null, toNodes(cell))]);
    while (paragraphs.length < width) paragraphs.push([paragraph.create()]);
    const last = lastFilled(row);
    for (const line of rows[r].more) paragraphs[last].push(paragraph.create(null, toNodes(trimInline(line))));
    return table_row.create(null, paragraphs.map((content) => table_cell.create(null, content)));
  }));
}

function splitCells(content: readonly Inline[]): Inline[][] {
  const text = plainText(content).trimEnd();
  const cells: Inline[][] = [];
  let from = 0;
  for (let tab = text.indexOf('\t'); tab >= 0; tab = text.indexOf('\t', from)) {
    cells.push(trimInline(sliceInline(content, from, tab)));
    from = tab + 1;
  }
  cells.push(trimInline(sliceInline(content, from, text.length)));
  return cells;
}

function lastFilled(row: readonly Inline[][]): number {
  for (let i = row.length - 1; i > 0; i--) if (plainText(row[i]).trim()) return i;
  return 0;
}

/** A table from rows of cells of paragraphs (inline content), padded to the widest row. */
export function buildCellTable(rows: readonly (readonly Inline[][])[][]): PMNode {
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  const { table, table_row, table_cell, paragraph } = schema.nodes;
  return table.create(null, rows.map((row) => {
    const cells = row.map((cell) => table_cell.create(null, cell.map((p) => paragraph.create(null, toNodes(trimInline(p))))));
    while (cells.length < width) cells.push(table_cell.create(null, [paragraph.create()]));
    return table_row.create(null, cells);
  }));
}
