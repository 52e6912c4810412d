// What each block contributes to the change list, cached per node. ProseMirror never mutates a
// node and a new document shares every node an edit did not touch, so listing the changes of the
// document after a keystroke visits only the blocks on the path to the edit (a table, its row, its
// cell, the paragraph) and reuses the contributions of all the others: the listing costs the
// number of blocks on that path and of changes, not the size of the document.
import type { Node as PMNode } from 'prosemirror-model';
import type { RevisionAttrs } from '../schema';
import { blockRecords, deletionMark, formatChangeMark, insertionMark, type ChangeKind } from './revision';
import { beforeOf, formatDifferences, formatOf } from './format-change';
import { describeUnit, isUnitRecord } from './unit';

/**
 * One contribution to a change, in document order: its text is appended to the change with the
 * same kind and id, its range widens the change's. Positions are relative to the start of the
 * block whose list holds it; `ref` is the enclosing proposal's, or undefined while the event
 * sits in a list of a block outside any proposal (its readers give it theirs).
 */
export interface ChangeEvent {
  attrs: RevisionAttrs;
  kind: ChangeKind;
  text: string;
  from: number;
  to: number;
  ref: string | null | undefined;
  /** describeAttributeChange's words for an attribute record, computed by the caller's describer. */
  node?: PMNode;
  /** The words of a formatting change in this span (formatDifferences). */
  words?: string[];
  /** A unit record (shared/track/unit.ts): the change is the whole unit added. */
  unit?: true;
  /** What the change is, in words, for a unit added ("Added MOD Resolution 30 (unit EUR/48A1/1)"). */
  description?: string;
}

const cache = new WeakMap<PMNode, ChangeEvent[]>();

/** Text of an inline node as a change shows it. */
function inlineText(node: PMNode): string {
  if (node.isText) return node.text!;
  if (node.type.name === 'hard_break') return '\n';
  return node.textContent;
}

/** The events of inline `node` at `pos` (relative), pushed onto `out`. */
function inlineEvents(node: PMNode, pos: number, out: ChangeEvent[]): void {
  const text = inlineText(node);
  const ins = insertionMark(node), del = deletionMark(node);
  if (ins) out.push({ attrs: ins.attrs as RevisionAttrs, kind: 'insertion', text, from: pos, to: pos + node.nodeSize, ref: undefined });
  if (del) out.push({ attrs: del.attrs as RevisionAttrs, kind: 'deletion', text, from: pos, to: pos + node.nodeSize, ref: undefined });
  const format = formatChangeMark(node);
  if (format) {
    out.push({
      attrs: format.attrs as RevisionAttrs, kind: 'format', text, from: pos, to: pos + node.nodeSize, ref: undefined,
      words: formatDifferences(beforeOf(format), formatOf(node.marks)),
    });
  }
  // an inline node with content of its own (a footnote) holds changes too
  node.forEach((child, offset) => inlineEvents(child, pos + 1 + offset, out));
}

/** The events of block `node`, positions relative to its start (cached: never mutate the result). */
export function blockEvents(node: PMNode): readonly ChangeEvent[] {
  let events = cache.get(node);
  if (events) return events;
  events = [];
  const ref = node.type.name === 'proposal' ? String(node.attrs.ref ?? '') || null : undefined;
  const end = node.nodeSize;
  const records = blockRecords(node);
  for (const record of records) {
    if (record.kind === 'attribute') events.push({ attrs: record, kind: 'attribute', text: '', from: 0, to: end, ref, node });
    else if (isUnitRecord(record)) {
      // at the unit's opening, so selecting the change puts the cursor into the unit
      events.push({ attrs: record, kind: 'insertion', text: '', from: 0, to: 1, ref, unit: true, description: describeUnit(node) });
    } else {
      // a unit inserted as a tracked insertion (its text marked too) is named the same way
      const named = record.kind === 'insertion' && record.whole && node.type.name === 'proposal';
      events.push({ attrs: record, kind: record.kind, text: '', from: end - 1, to: end, ref, ...(named ? { description: describeUnit(node) } : {}) });
    }
  }
  node.forEach((child, offset) => {
    if (child.isInline) {
      const start = events!.length;
      inlineEvents(child, 1 + offset, events!);
      if (ref !== undefined) for (let i = start; i < events!.length; i++) events![i].ref = ref;
      return;
    }
    for (const e of blockEvents(child)) {
      events!.push({ ...e, from: e.from + 1 + offset, to: e.to + 1 + offset, ref: e.ref === undefined ? ref : e.ref });
    }
  });
  if (node.isTextblock) {
    for (const record of records) {
      if (record.kind !== 'attribute') events.push({ attrs: record, kind: record.kind, text: '\n', from: end - 1, to: end, ref });
    }
  }
  cache.set(node, events);
  return events;
}
