// Word's markup views: All markup, Simple markup (the final text with a change bar beside every
// changed paragraph), No markup (as if every change were accepted: the submission's final text)
// and Original (as if every change were rejected). Switching never touches the document: the mode
// is an attribute on the sheet that review.css reads, plus node decorations hiding the paragraphs
// that exist only in the other text (an inserted paragraph in Original, a deleted one in No markup).
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet, type DirectEditorProps, type EditorView } from 'prosemirror-view';
import type { BlockRevision } from '../../shared/schema';

export type MarkupMode = 'all' | 'simple' | 'final' | 'original';

export const MARKUP_MODES: ReadonlyArray<{ mode: MarkupMode; label: string; title: string }> = [
  { mode: 'all', label: 'All markup', title: 'Every insertion and deletion, in its author’s colour' },
  { mode: 'simple', label: 'Simple markup', title: 'The text as if all changes were accepted, with a bar beside each changed paragraph' },
  { mode: 'final', label: 'No markup', title: 'The text as if all changes were accepted (the submission’s final text)' },
  { mode: 'original', label: 'Original', title: 'The text as if all changes were rejected (read only)' },
];

interface Holder {
  mode: MarkupMode;
  /** The view's own `editable`, put back when leaving Original. */
  editable?: DirectEditorProps['editable'];
  cache: { doc: PMNode | null; mode: MarkupMode; set: DecorationSet };
}

const markupKey = new PluginKey('draftroom/markup');

/** Whether every inline child of `block` carries mark `mark` (false for an empty block). */
function allMarked(block: PMNode, mark: 'insertion' | 'deletion'): boolean {
  if (!block.childCount) return false;
  let all = true;
  block.forEach((child) => { all &&= child.marks.some((m) => m.type.name === mark); });
  return all;
}

function hasRecord(node: PMNode, kind: BlockRevision['kind']): boolean {
  return ((node.attrs.track as BlockRevision[] | null) ?? []).some((r) => r.kind === kind);
}

/** The paragraphs that are not in the text `mode` shows: wholly inserted (Original) or wholly deleted (No markup). */
function gone(doc: PMNode, mode: MarkupMode): DecorationSet {
  if (mode !== 'original' && mode !== 'final') return DecorationSet.empty;
  const kind = mode === 'original' ? 'insertion' : 'deletion';
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (node.isInline) return false;
    if (!node.isTextblock) return true;
    if (hasRecord(node, kind) && (allMarked(node, kind) || (kind === 'insertion' && !node.childCount))) {
      decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'markup-gone' }));
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

/** The plugin behind the markup views; switch with `setMarkupMode`. */
export function markupViews(): Plugin {
  const holder: Holder = { mode: 'all', cache: { doc: null, mode: 'all', set: DecorationSet.empty } };
  return new Plugin({
    key: markupKey,
    holder,
    props: {
      decorations(state) {
        const { cache } = holder;
        if (cache.doc !== state.doc || cache.mode !== holder.mode) holder.cache = { doc: state.doc, mode: holder.mode, set: gone(state.doc, holder.mode) };
        return holder.cache.set;
      },
    },
  });
}

function holderOf(view: EditorView): Holder | null {
  const plugin = markupKey.get(view.state);
  return plugin ? (plugin.spec as unknown as { holder: Holder }).holder : null;
}

export function markupMode(view: EditorView): MarkupMode {
  return holderOf(view)?.mode ?? 'all';
}

/** Shows `view`'s document in markup view `mode`, without a transaction. */
export function setMarkupMode(view: EditorView, mode: MarkupMode): void {
  const holder = holderOf(view);
  if (!holder || holder.mode === mode) return;
  if (holder.mode !== 'original' && mode === 'original') holder.editable = view.props.editable;
  holder.mode = mode;
  const sheet = view.dom.parentElement;
  if (sheet) sheet.dataset.markup = mode;
  // setProps redraws the decorations; Original is read only (what one types there would be hidden)
  view.setProps({ editable: mode === 'original' ? () => false : holder.editable ?? view.props.editable });
}
