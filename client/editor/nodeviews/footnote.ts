// Node view of a footnote: a superscript number (CSS counter, per resolution) whose text shows as a
// tooltip and is edited in a small nested editor that opens when the footnote is selected.
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, Selection, type Command, type Transaction } from 'prosemirror-state';
import { StepMap } from 'prosemirror-transform';
import { keymap } from 'prosemirror-keymap';
import { EditorView, type NodeView } from 'prosemirror-view';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { changedRange } from '../../../shared/model/changed-range';

function toEdge(edge: 'start' | 'end'): Command {
  return (state, dispatch) => {
    if (dispatch) dispatch(state.tr.setSelection(edge === 'start' ? Selection.atStart(state.doc) : Selection.atEnd(state.doc)));
    return true;
  };
}

export class FootnoteView implements NodeView {
  dom: HTMLElement;
  private inner: EditorView | null = null;
  private popover: HTMLElement | null = null;

  constructor(private node: PMNode, private outer: EditorView, private getPos: () => number | undefined) {
    this.dom = document.createElement('span');
    this.dom.className = 'footnote';
    this.dom.title = node.textContent;
  }

  selectNode(): void {
    this.dom.classList.add('ProseMirror-selectednode');
    if (!this.inner) this.open();
  }

  deselectNode(): void {
    this.dom.classList.remove('ProseMirror-selectednode');
    if (this.inner) this.close();
  }

  private open(): void {
    const popover = this.dom.appendChild(document.createElement('span'));
    popover.className = 'footnote-popover';
    popover.setAttribute('role', 'dialog');
    popover.setAttribute('aria-label', 'Footnote text');
    this.popover = popover;
    this.inner = new EditorView(popover, {
      state: EditorState.create({
        doc: this.node,
        plugins: [keymap({
          'Mod-z': () => undoCommand(this.outer.state, this.outer.dispatch),
          'Mod-y': () => redoCommand(this.outer.state, this.outer.dispatch),
          'Shift-Mod-z': () => redoCommand(this.outer.state, this.outer.dispatch),
          Escape: () => { this.outer.focus(); return true; },
          // Left to the browser, these would leave the nested editor for the outer document.
          'Mod-Home': toEdge('start'),
          'Mod-End': toEdge('end'),
        })],
      }),
      editable: () => this.outer.editable,
      dispatchTransaction: (tr) => this.dispatchInner(tr),
      handleDOMEvents: {
        mousedown: () => {
          // Keep the outer selection on the footnote while the inner editor takes focus.
          if (this.outer.hasFocus()) this.inner?.focus();
          return false;
        },
      },
    });
  }

  private close(): void {
    this.inner?.destroy();
    this.inner = null;
    this.popover?.remove();
    this.popover = null;
  }

  /** Applies an inner edit and forwards it, shifted to the footnote's place, to the outer document. */
  private dispatchInner(tr: Transaction): void {
    if (!this.inner) return;
    const { state, transactions } = this.inner.state.applyTransaction(tr);
    this.inner.updateState(state);
    if (tr.getMeta('fromOutside')) return;
    const pos = this.getPos();
    if (pos === undefined) return;
    const outerTr = this.outer.state.tr;
    const offset = StepMap.offset(pos + 1);
    for (const t of transactions) for (const step of t.steps) outerTr.step(step.map(offset)!);
    if (outerTr.docChanged) this.outer.dispatch(outerTr);
  }

  update(node: PMNode): boolean {
    if (!node.sameMarkup(this.node)) return false;
    this.node = node;
    this.dom.title = node.textContent;
    if (this.inner) {
      const state = this.inner.state;
      const range = changedRange(node, state.doc);
      if (range) {
        const { start, endA, endB } = range;
        this.inner.dispatch(state.tr.replace(start, endB, node.slice(start, endA)).setMeta('fromOutside', true));
      }
    }
    return true;
  }

  destroy(): void {
    this.close();
  }

  stopEvent(event: Event): boolean {
    return !!this.popover?.contains(event.target as Node);
  }

  ignoreMutation(): boolean {
    return true;
  }
}
