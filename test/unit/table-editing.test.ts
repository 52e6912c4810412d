// The editor's table plugin (client/editor/table-editing.ts) skips prosemirror-tables' table repair
// for transactions that only change text or marks inside textblocks, and the long-table node view
// (client/editor/nodeviews/table.ts) finds the columns without a cell map: a key typed in a cell of
// a long table computes no TableMap. Everything else is repaired exactly as tableEditing() does:
// random sequences of text edits, marks, row and column changes and broken spans end in the same
// document with both plugins.
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { addColumnAfter, addRowAfter, deleteRow, TableMap, tableEditing } from 'prosemirror-tables';
import { schema } from '../../shared/schema';
import { changesTextOnly, tableEditingForText } from '../../client/editor/table-editing';
import { LONG_TABLE_ROWS, longTableColumns } from '../../client/editor/nodeviews/table';

const { table, table_row: row, table_cell: cell, paragraph } = schema.nodes;

function tableDoc(rows: number, cols: number, colspanAt: number | null = null): PMNode {
  const make = (r: number) => row.create(null, Array.from({ length: cols - (r === colspanAt ? 1 : 0) }, (_, c) =>
    cell.create(r === colspanAt && c === 0 ? { colspan: 2 } : null, paragraph.create(null, schema.text(`r${r}c${c}`)))));
  return schema.node('doc', null, [paragraph.create(null, schema.text('Before')), table.create(null, Array.from({ length: rows }, (_, r) => make(r)))]);
}

/** The positions inside the cells' paragraphs' text of `doc`. */
function textPositions(doc: PMNode): number[] {
  const out: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) for (let i = 1; i <= node.content.size + 1; i++) out.push(pos + i);
    return !node.isTextblock;
  });
  return out;
}

type Op =
  | { kind: 'type'; at: number; text: string }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'bold'; at: number; len: number }
  | { kind: 'row' | 'deleteRow' | 'column'; at: number }
  | { kind: 'span'; at: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('type' as const), at: fc.nat(), text: fc.string({ minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('bold' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constantFrom('row' as const, 'deleteRow' as const, 'column' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('span' as const), at: fc.nat() }),
);

/** `op` as a transaction on `state` (null when it does not apply). */
function transaction(state: EditorState, op: Op): Transaction | null {
  const positions = textPositions(state.doc);
  const at = positions[op.at % positions.length];
  const tr = state.tr;
  switch (op.kind) {
    case 'type': return tr.setSelection(TextSelection.create(state.doc, at)).insertText(op.text);
    case 'delete': {
      const $at = state.doc.resolve(at);
      const to = Math.min($at.end(), at + op.len);
      return to > at ? tr.delete(at, to) : null;
    }
    case 'bold': return tr.addMark(at, Math.min(state.doc.content.size, at + op.len), schema.marks.strong.create());
    case 'span': {
      // a cell made two columns wide: the row no longer lines up, which the repair fixes
      const $at = state.doc.resolve(at);
      for (let d = $at.depth; d > 0; d--) {
        if ($at.node(d).type === cell) return tr.setNodeMarkup($at.before(d), null, { ...$at.node(d).attrs, colspan: 2, colwidth: null });
      }
      return null;
    }
    default: {
      const command = op.kind === 'row' ? addRowAfter : op.kind === 'deleteRow' ? deleteRow : addColumnAfter;
      const placed = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
      let out: Transaction | null = null;
      command(placed, (t) => { out = t; });
      if (!out) return null;
      // the command's steps, on the state the selection move made
      const steps = (out as Transaction).steps;
      const tr2 = state.tr.setSelection(TextSelection.create(state.doc, at));
      for (const step of steps) tr2.step(step);
      return tr2;
    }
  }
}

describe('table editing without a cell map per key', () => {
  it('a key typed in a cell of a long table computes no TableMap, a new row does', () => {
    let state = EditorState.create({ schema, doc: tableDoc(LONG_TABLE_ROWS + 5, 3), plugins: [tableEditingForText()] });
    const at = textPositions(state.doc)[200];
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
    const get = vi.spyOn(TableMap, 'get');
    try {
      const tr = state.tr.insertText('x');
      expect(changesTextOnly(tr)).toBe(true);
      const next = state.apply(tr);
      expect(longTableColumns(next.doc.child(1))).toBe('repeat(3, minmax(0, 1fr))');
      expect(get).not.toHaveBeenCalled();
      // a structural change is checked as before
      addRowAfter(next, (t) => { next.apply(t); });
      expect(get).toHaveBeenCalled();
    } finally {
      get.mockRestore();
    }
  });

  it('repairs exactly what tableEditing() repairs', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 6 }), (ops, rows) => {
      const doc = tableDoc(rows, 3);
      let ours = EditorState.create({ schema, doc, plugins: [tableEditingForText()] });
      let theirs = EditorState.create({ schema, doc, plugins: [tableEditing()] });
      for (const op of ops) {
        const a = transaction(ours, op), b = transaction(theirs, op);
        expect(a === null).toBe(b === null);
        if (!a || !b) continue;
        ours = ours.apply(a);
        theirs = theirs.apply(b);
        expect(ours.doc.toJSON()).toEqual(theirs.doc.toJSON());
      }
    }), { numRuns: 150 });
  });

  it('text-only transactions are those that change text or marks inside one textblock', () => {
    const state = EditorState.create({ schema, doc: tableDoc(2, 2) });
    const [first] = textPositions(state.doc);
    expect(changesTextOnly(state.tr.insertText('a', first))).toBe(true);
    expect(changesTextOnly(state.tr.delete(first, first + 2))).toBe(true);
    expect(changesTextOnly(state.tr.addMark(1, state.doc.content.size, schema.marks.strong.create()))).toBe(true);
    expect(changesTextOnly(state.tr.split(first + 1))).toBe(false);
    // a deletion across cells
    expect(changesTextOnly(state.tr.delete(first, textPositions(state.doc).at(-1)!))).toBe(false);
    expect(changesTextOnly(state.tr.setNodeMarkup(state.doc.child(0).nodeSize, null, {}))).toBe(false);
  });

  it('a long table has the columns of its widest row, as its cell map has', () => {
    fc.assert(fc.property(fc.integer({ min: LONG_TABLE_ROWS, max: LONG_TABLE_ROWS + 8 }), fc.integer({ min: 1, max: 6 }), fc.option(fc.nat()), (rows, cols, spanRow) => {
      const t = tableDoc(rows, cols, spanRow === null || cols < 2 ? null : spanRow % rows).child(1);
      const columns = longTableColumns(t);
      expect(columns).toBe(`repeat(${TableMap.get(t).width}, minmax(0, 1fr))`);
    }));
  });
});
