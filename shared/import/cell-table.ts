// Tables of the text conversions written one cell per line (../shared/fixtures/README.md):
// each cell starts on a line beginning with a TAB (spaces before it allowed), the cell's further
// paragraphs follow on lines without one, a lone TAB is an empty cell and an empty line ends
// the row. Real files also have rows that miss cells and blank lines inside a cell: after an
// empty line, text without a TAB still belongs to the row when the row lacks cells and the
// next cell to come fits in it; otherwise the table has ended.
//
// The reader works on the raw lines, before any line is classified, so the text of a cell
// (a quoted resolution with its call headings and items) stays the cell's paragraphs.

/** A table found in the lines: [from, to) line indexes; rows of cells of paragraph texts. */
export interface CellTable {
  from: number;
  to: number;
  rows: string[][][];
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
    if (isTable(table)) {
      table.rows = table.rows.filter((row) => row.some((cell) => cell.some((p) => p.trim())));
      tables.push(table);
      i = table.to;
    } else {
      // Not a table from here; one may still start at a later row.
      i = rowStarts[1] ?? Math.max(table.to, i + 1);
    }
  }
  return tables;
}

function readTable(lines: readonly string[], from: number): { table: CellTable; rowStarts: number[] } {
  const rows: string[][][] = [];
  const rowStarts: number[] = [];
  let width = 0;
  let i = from;
  let end = from;
  while (i < lines.length && isCellStart(lines[i])) {
    const row: string[][] = [];
    rowStarts.push(i);
    let next = -1;
    while (i < lines.length) {
      const line = lines[i];
      if (isCellStart(line)) {
        row.push([cellText(line)]);
        i++;
      } else if (!isBlank(line)) {
        row[row.length - 1].push(line.trim());
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

/** The paragraph text of a cell's first line: the line after its leading TAB. */
function cellText(line: string): string {
  return line.replace(CELL_START, '').trim();
}

/**
 * A table has several cells in its first row (the header) or, after a one-cell first row (a
 * merged title row), in most of its rows; a single row is one only when no tab is inside its
 * text (indented lines of a table written one row per line are not one).
 */
function isTable(table: CellTable): boolean {
  const { rows } = table;
  const wide = rows.filter((row) => row.length >= 2).length;
  if (rows.length === 1) return wide === 1 && !rows[0].some((cell) => cell.some((p) => p.includes('\t')));
  return rows[0].length >= 2 || (rows.length >= 3 && wide * 2 > rows.length);
}

/** Cell paragraphs as kept: the non-empty ones, or one empty paragraph for an empty cell. */
export function cellParagraphs(cell: readonly string[]): string[] {
  const kept = cell.filter((p) => p.trim());
  return kept.length ? kept : [''];
}
