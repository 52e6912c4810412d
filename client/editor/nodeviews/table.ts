// Node view of a table. A long table (LONG_TABLE_ROWS rows or more, no cell spanning rows or more
// than 6 columns) has each row laid out as a CSS grid of the table's columns (fixed shares, so the
// rows' columns line up) with `content-visibility: auto` (itu.css): Chromium then skips the style, layout and paint of the rows off screen, and the
// text offsets it computes for the caret on every key (for input methods) no longer walk the whole
// table. A native table cannot do that: containment does not apply to rows and cells, and a
// table's auto layout reads every cell. The columns get the widths the cells record (colwidth), in
// proportion, or equal shares. Short tables stay native tables with their automatic layout.
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin } from 'prosemirror-state';
import { Decoration, DecorationSet, type NodeView, type ViewMutationRecord } from 'prosemirror-view';

export const LONG_TABLE_ROWS = 40;

/** Per row node (an edit elsewhere in the table keeps it): whether its cells fit a row grid (none spans rows, none more than 6 columns: itu.css spans columns up to 6), and its width in columns. */
const rowShapes = new WeakMap<PMNode, { fits: boolean; width: number }>();
function rowShape(row: PMNode): { fits: boolean; width: number } {
  let shape = rowShapes.get(row);
  if (!shape) {
    let fits = true, width = 0;
    row.forEach((cell) => {
      if ((cell.attrs.rowspan ?? 1) > 1 || (cell.attrs.colspan ?? 1) > 6) fits = false;
      width += cell.attrs.colspan ?? 1;
    });
    shape = { fits, width };
    rowShapes.set(row, shape);
  }
  return shape;
}

/**
 * The grid columns of a long table (`grid-template-columns`), or null for a native table. With no
 * cell spanning rows the table's width is its widest row's (as `TableMap` finds it), so a key typed
 * in a cell, which makes a new table node, costs a look-up per row rather than a new cell map.
 */
export function longTableColumns(table: PMNode): string | null {
  if (table.childCount < LONG_TABLE_ROWS) return null;
  let columns = 0;
  for (let i = 0; i < table.childCount; i++) {
    const shape = rowShape(table.child(i));
    if (!shape.fits) return null;
    columns = Math.max(columns, shape.width);
  }
  const widths: number[] = [];
  table.firstChild?.forEach((cell) => {
    const colwidth = cell.attrs.colwidth as number[] | null;
    for (let i = 0; i < (cell.attrs.colspan ?? 1); i++) widths.push(colwidth?.[i] ?? 0);
  });
  if (widths.length === columns && widths.every((w) => w > 0)) return widths.map((w) => `minmax(0, ${w}fr)`).join(' ');
  return `repeat(${columns}, minmax(0, 1fr))`;
}

export class TableView implements NodeView {
  dom: HTMLTableElement;
  contentDOM: HTMLTableSectionElement;

  constructor(private node: PMNode) {
    this.dom = document.createElement('table');
    this.contentDOM = this.dom.appendChild(document.createElement('tbody'));
    this.layout(node);
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    if (node !== this.node) this.layout(node);
    this.node = node;
    return true;
  }

  /** Our own attributes on the table element are not content. */
  ignoreMutation(mutation: ViewMutationRecord): boolean {
    return mutation.type === 'attributes' && mutation.target === this.dom;
  }

  private columns: string | null | undefined = undefined;

  /** The table's class and columns, touched only when they change (a key typed in a cell changes neither). */
  private layout(node: PMNode): void {
    const columns = longTableColumns(node);
    if (columns === this.columns) return;
    this.columns = columns;
    this.dom.classList.toggle('long-table', columns !== null);
    if (columns) this.dom.style.setProperty('--table-columns', columns);
    else this.dom.style.removeProperty('--table-columns');
  }
}

/**
 * Marks the table row holding the selection's head (`caret-row`), which itu.css never lets the
 * browser skip: typing in a row Chromium had skipped until the frame before (scrolled to and
 * typed in at once) lost a space typed at the end of a paragraph.
 */
export function caretRowPlugin(): Plugin {
  return new Plugin({
    props: {
      decorations(state) {
        const { $head } = state.selection;
        for (let d = $head.depth; d > 0; d--) {
          if ($head.node(d).type.name === 'table_row') {
            return DecorationSet.create(state.doc, [Decoration.node($head.before(d), $head.after(d), { class: 'caret-row' })]);
          }
        }
        return DecorationSet.empty;
      },
    },
  });
}
