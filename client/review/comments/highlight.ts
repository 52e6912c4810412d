// Highlights of commented ranges in the editor: inline decorations for each located thread (the
// active one stronger), set by the comments panel through a transaction meta and mapped through
// edits in between; a click on a highlight makes its thread active.
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

export interface HighlightRange {
  threadId: string;
  from: number;
  to: number;
  resolved: boolean;
}

interface HighlightState {
  ranges: HighlightRange[];
  active: string | null;
  decorations: DecorationSet;
}

export const commentHighlightKey = new PluginKey<HighlightState>('comment-highlights');

/** Decorations of the open threads' ranges and of the active thread (even when resolved). */
function decorate(doc: PMNode, ranges: HighlightRange[], active: string | null): DecorationSet {
  const size = doc.content.size;
  const shown = ranges.filter((r) => r.from < r.to && r.to <= size && (!r.resolved || r.threadId === active));
  return DecorationSet.create(doc, shown.map((r) => Decoration.inline(r.from, r.to, {
    class: r.threadId === active ? 'comment-range comment-range-active' : 'comment-range',
    'data-thread': r.threadId,
  }, { threadId: r.threadId })));
}

/** Sets the highlighted ranges and the active thread. */
export function setHighlights(tr: Transaction, ranges: HighlightRange[], active: string | null): Transaction {
  return tr.setMeta(commentHighlightKey, { ranges, active });
}

/** The highlight plugin; `onActivate` is called with the thread of a clicked highlight. */
export function commentHighlights(onActivate: (threadId: string) => void): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: commentHighlightKey,
    state: {
      init: () => ({ ranges: [], active: null, decorations: DecorationSet.empty }),
      apply(tr, value) {
        const meta = tr.getMeta(commentHighlightKey) as { ranges: HighlightRange[]; active: string | null } | undefined;
        if (meta) return { ...meta, decorations: decorate(tr.doc, meta.ranges, meta.active) };
        if (!tr.docChanged) return value;
        // Mapped like the decorations, so that the panel, locating the anchors afresh, finds them unchanged.
        const ranges = value.ranges.map((r) => ({ ...r, from: tr.mapping.map(r.from, 1), to: tr.mapping.map(r.to, -1) }));
        return { ...value, ranges, decorations: value.decorations.map(tr.mapping, tr.doc) };
      },
    },
    props: {
      decorations: (state) => commentHighlightKey.getState(state)?.decorations,
      handleClick(view, pos) {
        const found = commentHighlightKey.getState(view.state)?.decorations.find(pos, pos);
        const threadId = found?.[0]?.spec.threadId as string | undefined;
        if (threadId) onActivate(threadId);
        return false;
      },
    },
  });
}
