// Node view of a proposal unit: its ECP heading, then the action line (`MOD<TAB>EUR/48A1/1`) with an
// action dropdown and an editable reference, above the unit's text. The unit's intro paragraphs (those
// before its provision) are drawn between the heading and the action line, the ITU order the export
// writes (itu.css reorders the content with flex `order`). An empty heading waits in the action line's
// row, so showing its placeholder moves no text.
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorView, NodeView, ViewMutationRecord } from 'prosemirror-view';
import { ACTIONS, type BlockRevision } from '../../../shared/schema';
import { updateProposal, type ProposalAttrs } from '../../../shared/model';
import { headingExample } from '../../../shared/model/new-proposal';

const ACTION_HELP: Record<string, string> = {
  MOD: 'MOD: change words or figures of an existing provision',
  '(MOD)': '(MOD): editorial change only',
  ADD: 'ADD: new text',
  'ADD*': 'ADD*: existing text moved here',
  SUP: 'SUP: delete the whole provision',
  'SUP*': 'SUP*: text moved elsewhere',
  NOC: 'NOC: keep unchanged',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

export class ProposalView implements NodeView {
  dom: HTMLElement;
  contentDOM: HTMLElement;
  private header: HTMLElement;
  private line: HTMLElement;
  private heading: HTMLInputElement;
  private action: HTMLSelectElement;
  private ref: HTMLInputElement;

  constructor(private node: PMNode, private view: EditorView, private getPos: () => number | undefined) {
    this.dom = el('section', 'proposal');
    this.header = el('div', 'proposal-header');
    this.header.contentEditable = 'false';

    this.heading = el('input', 'proposal-heading');
    this.heading.setAttribute('aria-label', 'Proposal heading');

    const line = (this.line = el('div', 'action-line'));
    line.contentEditable = 'false';
    this.action = el('select', 'proposal-action');
    this.action.setAttribute('aria-label', 'Proposal action');
    for (const action of ACTIONS) {
      const option = el('option', '');
      option.value = action;
      option.textContent = action;
      option.title = ACTION_HELP[action];
      this.action.append(option);
    }
    const tab = el('span', 'action-tab');
    tab.textContent = '\t';
    this.ref = el('input', 'proposal-ref');
    this.ref.placeholder = 'EUR/XXA1/1';
    this.ref.setAttribute('aria-label', 'Proposal reference');
    line.append(this.action, tab, this.ref);

    this.contentDOM = el('div', 'proposal-body');
    this.dom.append(this.header, line, this.contentDOM);

    this.action.addEventListener('change', () => this.commit({ action: this.action.value as ProposalAttrs['action'] }));
    for (const [input, key] of [[this.ref, 'ref'], [this.heading, 'heading']] as const) {
      input.addEventListener('change', () => this.commit({ [key]: input.value.trim() }));
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          input.blur();
          view.focus();
        } else if (event.key === 'Escape') {
          input.value = this.node.attrs[key] as string;
          input.blur();
          view.focus();
        }
      });
    }
    this.render();
  }

  private commit(attrs: Partial<ProposalAttrs>): void {
    const pos = this.getPos();
    if (pos === undefined) return;
    if (!updateProposal(pos, attrs)(this.view.state, this.view.dispatch)) this.render();
  }

  private render(): void {
    const { action, ref, heading, track } = this.node.attrs;
    this.dom.dataset.action = action;
    this.dom.dataset.ref = ref;
    const revs = track as BlockRevision[] | null;
    if (revs?.length) this.dom.dataset.track = revs.map((r) => `${r.kind}:${r.status}`).join(' ');
    else delete this.dom.dataset.track;
    let provision: { kind: string; number: string } | null = null;
    this.node.forEach((child) => {
      if (!provision && child.type.name === 'resolution') provision = { kind: String(child.attrs.kind), number: String(child.attrs.number) };
    });
    this.heading.placeholder = `Heading (optional), e.g. ${headingExample(action, ref, provision)}`;
    this.action.value = action;
    this.action.title = ACTION_HELP[action] ?? action;
    // Leave a field alone while the user is typing in it; its change event commits it.
    if (document.activeElement !== this.ref) this.ref.value = ref;
    if (document.activeElement !== this.heading) this.heading.value = heading;
    // an empty heading sits in the action line's row (where its placeholder moves nothing), a
    // heading on its own row above; never moved while the user is typing in it
    if (document.activeElement !== this.heading) {
      this.heading.classList.toggle('empty', !heading);
      const home = heading ? this.header : this.line;
      if (this.heading.parentNode !== home) home.append(this.heading);
    }
    this.editable(this.view.editable);
  }

  private editable(on: boolean): void {
    this.action.disabled = !on;
    this.ref.readOnly = !on;
    this.heading.readOnly = !on;
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render();
    return true;
  }

  stopEvent(event: Event): boolean {
    return this.header.contains(event.target as Node) || this.line.contains(event.target as Node);
  }

  ignoreMutation(mutation: ViewMutationRecord): boolean {
    return this.header.contains(mutation.target) || this.line.contains(mutation.target);
  }
}
