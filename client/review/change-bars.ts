// Change bars in the author's colour: a node decoration on every block with revision records
// (an inserted paragraph, a deleted paragraph mark, a changed attribute) or with formatting
// changes in its text (`data-format-change`) sets `--author-color`,
// which itu.css uses for the bar in the margin, and lists the change ids for the review UI.
// Kept up to date incrementally: only the blocks a transaction touched are looked at again.
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { AddMarkStep, AttrStep, RemoveMarkStep } from 'prosemirror-transform';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { schema, type BlockRevision, type RevisionAttrs } from '../../shared/schema';
import { colorForId } from '../app/user';

export const changeBarsKey = new PluginKey<DecorationSet>('draftroom/change-bars');

/** The formatting changes in a textblock's text (a reformatted word is easy to miss: it gets a bar too). */
function formatChanges(node: PMNode): RevisionAttrs[] {
  const found = new Map<string, RevisionAttrs>();
  if (node.isTextblock) {
    node.forEach((child) => {
      const mark = schema.marks.formatChange.isInSet(child.marks);
      if (mark && !found.has(mark.attrs.id)) found.set(mark.attrs.id, mark.attrs as RevisionAttrs);
    });
  }
  return [...found.values()];
}

function barDecoration(node: PMNode, pos: number): Decoration | null {
  const records = (node.attrs.track as BlockRevision[] | null | undefined) ?? [];
  const formats = formatChanges(node);
  const all: RevisionAttrs[] = [...records, ...formats];
  if (!all.length) return null;
  const shown = [...all].reverse().find((r) => r.status === 'suggested') ?? all[all.length - 1];
  return Decoration.node(pos, pos + node.nodeSize, {
    style: `--author-color: ${colorForId(shown.author || 'unknown')}`,
    'data-change-ids': all.map((r) => r.id).join(' '),
    'data-change-author': shown.author,
    ...(formats.length ? { 'data-format-change': formats.map((f) => f.status).join(' ') } : {}),
  });
}

function allBars(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (node.isInline) return false;
    const deco = barDecoration(node, pos);
    if (deco) decorations.push(deco);
    return true;
  });
  return DecorationSet.create(doc, decorations);
}

/** The ranges of `tr.doc` its steps touched, attribute steps included (their step maps are empty). */
function touchedRanges(tr: Transaction): [number, number][] {
  const ranges: [number, number][] = [];
  tr.steps.forEach((step, i) => {
    const after = tr.mapping.slice(i + 1);
    if (step instanceof AttrStep) ranges.push([after.map(step.pos, -1), after.map(step.pos, 1) + 1]);
    // mark steps have empty step maps too: a format change came or went in their range
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) ranges.push([after.map(step.from, -1), after.map(step.to, 1)]);
    step.getMap().forEach((_oldStart, _oldEnd, start, end) => ranges.push([after.map(start, -1), after.map(end, 1)]));
  });
  return ranges;
}

function updateBars(set: DecorationSet, tr: Transaction): DecorationSet {
  const { doc } = tr;
  const ranges = touchedRanges(tr);
  // a transaction replacing the whole document (y-prosemirror's first render, a remote change it
  // renders as one replace): one walk, not a lookup per block
  if (ranges.some(([from, to]) => from <= 0 && to >= doc.content.size)) return allBars(doc);
  let bars = set.map(tr.mapping, tr.doc);
  for (const [rawFrom, rawTo] of ranges) {
    const from = Math.max(0, Math.min(rawFrom, doc.content.size)), to = Math.max(from, Math.min(rawTo, doc.content.size));
    const stale = bars.find(from, to);
    const fresh: Decoration[] = [];
    const seen = new Set<number>();
    doc.nodesBetween(from, to, (node, pos) => {
      if (node.isInline) return false;
      seen.add(pos);
      const deco = barDecoration(node, pos);
      if (deco) fresh.push(deco);
      return true;
    });
    // a stale bar the walk did not reach: whatever block starts there now
    for (const { from: pos } of stale) {
      if (seen.has(pos)) continue;
      seen.add(pos);
      const node = pos < doc.content.size ? doc.nodeAt(pos) : null;
      const deco = node && !node.isInline ? barDecoration(node, pos) : null;
      if (deco) fresh.push(deco);
    }
    bars = bars.remove(stale).add(doc, fresh.sort((a, b) => a.from - b.from)); // add() wants them in order
  }
  return bars;
}

/** The plugin drawing the change bars. */
export function changeBars(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: changeBarsKey,
    state: {
      init: (_config, state) => allBars(state.doc),
      apply: (tr, set) => (tr.docChanged ? updateBars(set, tr) : set),
    },
    props: {
      decorations: (state) => changeBarsKey.getState(state),
    },
  });
}
