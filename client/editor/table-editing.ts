// prosemirror-tables' editing plugin, minus its table check on keystrokes. After every
// transaction that changed a table, `tableEditing` recomputes the table's cell map (`fixTables`:
// `TableMap.get` of the new table node) to repair cells that no longer line up: for the 413-row
// mapping table ~1 ms a key, for text typed in a cell, which cannot change how the cells line up.
// Transactions that only change text or inline marks inside textblocks skip that check here; any
// other (a structural edit, a remote change y-prosemirror renders as block replacements, a paste)
// is checked as before. The selection is still normalised after every transaction.
import type { Transaction } from 'prosemirror-state';
import { Plugin } from 'prosemirror-state';
import { tableEditing } from 'prosemirror-tables';
import { AddMarkStep, RemoveMarkStep, ReplaceStep, type Step } from 'prosemirror-transform';
import type { Node as PMNode } from 'prosemirror-model';
import { allInline } from '../../shared/track/insertion';

/** Whether `step`, applied to `doc`, only changes inline content inside one textblock (or marks). */
function inlineOnly(step: Step, doc: PMNode): boolean {
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return true;
  if (!(step instanceof ReplaceStep)) return false;
  const { slice } = step;
  if (slice.openStart !== 0 || slice.openEnd !== 0 || !allInline(slice.content)) return false;
  if (step.from < 0 || step.to > doc.content.size) return false;
  const $from = doc.resolve(step.from);
  return $from.parent.isTextblock && step.to <= $from.end();
}

/** Whether every step of `tr` only changes text or marks within textblocks. */
export function changesTextOnly(tr: Transaction): boolean {
  return tr.steps.every((step, i) => inlineOnly(step, tr.docs[i]));
}

/** `tableEditing()` whose table repair (`fixTables`) is skipped for transactions that change text only. */
export function tableEditingForText(): Plugin {
  const base = tableEditing();
  const append = base.spec.appendTransaction!;
  return new Plugin({
    ...base.spec,
    // fixTables compares the old and the new document: handed the new state as the old one it
    // finds no changed table; normalizeSelection still runs on the new state
    appendTransaction: (trs, oldState, state) => append.call(base, trs, trs.every(changesTextOnly) ? state : oldState, state),
  });
}
