// Tables of the text conversions written one cell per line (../shared/fixtures/README.md):
// each cell starts on a line beginning with a TAB (spaces before it allowed), the cell's further
// paragraphs follow on lines without one, a lone TAB is an empty cell and an empty line ends
// the row. Real files also have rows that miss cells and blank lines inside a cell: after an
// empty line, text without a TAB still belongs to the row when the row lacks cells and the
// next cell to come fits in it; otherwise the table has ended.
//
// The text reader runs it on the raw lines, before any line is classified, so the text of a
// cell (a quoted resolution with its call headings and items) stays the cell's paragraphs;
// classifyLines runs it again on source lines (a .docx made from such a text), where an empty
// paragraph is the blank line.
import type { Node as PMNode } from 'prosemirror-model';
import { sliceInline, trimInline, type Inline } from './inline';
import type { SourceLine } from './lines';
import { buildCellTable } from './table';

/** A table found in the lines: [from, to) line indexes; rows of cells of the indexes of their paragraph lines. */
export interface CellTable {
  from: number;
  to: number;
  rows: number[][][];
}

const CELL_START = /^[ \u00a0]*\t/;
/** How far a blank line inside a cell may be from the row's next cell. */
const LOOKAHEAD = 400;

const isCellStart = (line: string) => CELL_START.test(line);
const isBlank = (line: string) => !isCellStart(line) && !/\S/.test(line);

/** The tables written one cell per line in `lines`, in order, not overlapping. */
export function findCellTables(lines: readonly string[]): CellTable[] {
  const tables: CellTable[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!isCellStart(lines[i])) {
      i++;
      continue;
    }
    const { table, rowStarts } = readTable(lines, i);
    if (isTable(table, lines)) {
      table.rows = table.rows.filter((row) => row.some((cell) => cell.some((k) => cellText(lines[k]))));
      tables.push(table);
      i = table.to;
    } else {
      // Not a table from here; one may still start at a later row with several cells.
      const wide = table.rows.findIndex((row, r) => r > 0 && row.length >= 2);
      i = wide > 0 ? rowStarts[wide] : Math.max(table.to, i + 1);
    }
  }
  return tables;
}

function readTable(lines: readonly string[], from: number): { table: CellTable; rowStarts: number[] } {
  const rows: number[][][] = [];
  const rowStarts: number[] = [];
  let width = 0;
  let i = from;
  let end = from;
  while (i < lines.length && isCellStart(lines[i])) {
    const row: number[][] = [];
    rowStarts.push(i);
    let next = -1;
    while (i < lines.length) {
      const line = lines[i];
      if (isCellStart(line)) {
        row.push([i]);
        i++;
      } else if (!isBlank(line)) {
        row[row.length - 1].push(i);
        i++;
      } else {
        let j = i;
        while (j < lines.length && isBlank(lines[j])) j++;
        if (j < lines.length && !isCellStart(lines[j]) && continuesRow(lines, j, width - row.length)) {
          i = j;
          continue;
        }
        next = j;
        break;
      }
    }
    rows.push(row);
    width = Math.max(width, row.length);
    end = i;
    if (next < 0) break;
    i = next;
  }
  return { table: { from, to: end, rows }, rowStarts };
}

/**
 * Whether text without a TAB at `j`, after an empty line, still belongs to the row: the row
 * lacks `missing` cells and the next group of cells (up to an empty line) fits in them.
 */
function continuesRow(lines: readonly string[], j: number, missing: number): boolean {
  if (missing <= 0) return false;
  let k = j;
  const stop = Math.min(lines.length, j + LOOKAHEAD);
  while (k < stop && !isCellStart(lines[k])) k++;
  if (k >= stop) return false;
  let cells = 0;
  for (; k < lines.length && !isBlank(lines[k]); k++) if (isCellStart(lines[k])) cells++;
  return cells <= missing;
}

/** The paragraph text of a line of a cell: after the leading TAB of a cell's first line, trimmed. */
export function cellText(line: string): string {
  return line.replace(CELL_START, '').trim();
}

/**
 * A table has several cells in its first row (the header) or, after a one-cell first row (a
 * merged title row), in most of its rows; a single row is one only when no tab is inside its
 * text (indented lines of a table written one row per line are not one).
 */
function isTable(table: CellTable, lines: readonly string[]): boolean {
  const { rows } = table;
  const wide = rows.filter((row) => row.length >= 2).length;
  if (rows.length === 1) return wide === 1 && !rows[0].some((cell) => cell.some((k) => cellText(lines[k]).includes('\t')));
  return rows[0].length >= 2 || (rows.length >= 3 && wide * 2 > rows.length);
}

/**
 * The table node of a found table: `paragraph(k)` gives the inline content of line k as a cell
 * paragraph. A cell keeps its non-empty paragraphs, or one empty paragraph.
 */
export function cellTableNode(table: CellTable, lines: readonly string[], paragraph: (k: number) => Inline[]): PMNode {
  return buildCellTable(table.rows.map((row) => row.map((cell) => {
    const kept = cell.filter((k) => cellText(lines[k]));
    return kept.length ? kept.map(paragraph) : [[]];
  })));
}

/**
 * Source lines with the tables written one cell per line made into table lines (`node`).
 * A blank line is a line's `blankBefore`; a line holding a block (a Word table) ends a table.
 */
export function groupCellTables(source: readonly SourceLine[]): SourceLine[] {
  if (!source.some((line) => !line.node && CELL_START.test(line.text))) return source.slice();
  const out: SourceLine[] = [];
  for (let from = 0; from < source.length; ) {
    let to = from;
    while (to < source.length && !source[to].node) to++;
    out.push(...groupSegment(source.slice(from, to)));
    if (to < source.length) out.push(source[to]);
    from = to + 1;
  }
  return out;
}

function groupSegment(segment: readonly SourceLine[]): SourceLine[] {
  // As lines of text: an empty line before each line that had one.
  const lines: string[] = [];
  const origin: number[] = [];
  segment.forEach((line, i) => {
    if (line.blankBefore && i > 0) {
      lines.push('');
      origin.push(-1);
    }
    lines.push(line.text.replace(/\n/g, ' '));
    origin.push(i);
  });
  const tables = findCellTables(lines);
  if (!tables.length) return segment.slice();
  const out: SourceLine[] = [];
  let next = 0;
  for (const table of tables) {
    const first = origin[table.from];
    out.push(...segment.slice(next, first));
    const paragraph = (k: number) => {
      const line = segment[origin[k]];
      const lead = line.text.length - line.text.replace(CELL_START, '').length;
      return trimInline(sliceInline(line.content, lead));
    };
    const node = cellTableNode(table, lines, paragraph);
    out.push({ content: [], text: '', blankBefore: segment[first].blankBefore, block: segment[first].block, lineNo: segment[first].lineNo, node });
    next = (origin.slice(table.from, table.to).filter((o) => o >= 0).pop() ?? first) + 1;
  }
  out.push(...segment.slice(next));
  return out;
}
