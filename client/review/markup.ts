// Word's markup views: All markup, Simple markup (the final text with a change bar beside every
// changed paragraph), No markup (as if every change were accepted: the submission's final text)
// and Original (as if every change were rejected). Switching never touches the document: the mode
// is an attribute on the sheet that review.css reads, plus node decorations hiding the paragraphs
// that exist only in the other text (an inserted paragraph or unit in Original, a deleted one in
// No markup), and in Original the formatting text had before a tracked formatting change.
import { DOMSerializer, Fragment, type Mark, type Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet, type DirectEditorProps, type EditorView } from 'prosemirror-view';
import { schema, type BlockRevision } from '../../shared/schema';
import { beforeOf, formatMarks, isFormatMark } from '../../shared/track/format-change';
import { blockRecords, formatChangeMark, insertionMark } from '../../shared/track/revision';
import { isUnitRecord } from '../../shared/track/unit';

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

let serializer: DOMSerializer | null = null;

/**
 * Original shows text whose formatting changed (a formatChange) with its formatting before: the
 * text itself is hidden and a widget draws it again with the `before` marks instead of the
 * current ones (a child cannot undo an underline or a superscript drawn around it). Text the
 * change inserted is hidden in Original anyway.
 */
function formattedBefore(node: PMNode, pos: number, out: Decoration[]): void {
  const change = formatChangeMark(node);
  if (!change || !node.isText || insertionMark(node)) return;
  const kept = node.marks.filter((m) => m !== change && !isFormatMark(m.type));
  const marks = formatMarks(schema, beforeOf(change)).reduce<readonly Mark[]>((set, mark) => mark.addToSet(set), kept);
  const text = schema.text(node.text!, marks);
  const end = pos + node.nodeSize;
  out.push(Decoration.inline(pos, end, { class: 'markup-gone' }));
  out.push(Decoration.widget(pos, () => {
    serializer ??= DOMSerializer.fromSchema(schema);
    const span = document.createElement('span');
    span.className = 'markup-was-formatted';
    span.appendChild(serializer.serializeFragment(Fragment.from(text)));
    return span;
  }, { side: -1, key: `was:${change.attrs.id}:${pos}:${node.text}`, ignoreSelection: true }));
}

/**
 * What `mode` hides or draws differently: the paragraphs that are not in its text, wholly inserted
 * (Original) or wholly deleted (No markup); in Original, a unit added (its unit record) as a
 * whole, and reformatted text in its formatting before.
 */
function gone(doc: PMNode, mode: MarkupMode): DecorationSet {
  if (mode !== 'original' && mode !== 'final') return DecorationSet.empty;
  const kind = mode === 'original' ? 'insertion' : 'deletion';
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (node.isInline) {
      if (mode === 'original') formattedBefore(node, pos, decorations);
      return false;
    }
    if (mode === 'original' && blockRecords(node).some(isUnitRecord)) {
      decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'markup-gone' }));
      return false;
    }
    if (!node.isTextblock) return true;
    if (hasRecord(node, kind) && (allMarked(node, kind) || (kind === 'insertion' && !node.childCount))) {
      decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'markup-gone' }));
      return false;
    }
    return mode === 'original';
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
