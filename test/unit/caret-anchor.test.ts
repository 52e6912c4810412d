// Two people typing at one spot keep their words whole (client/editor/caret-anchor.ts). Each side
// is a Y.Doc with y-prosemirror's model of the document and a caret. It types a letter at the
// caret into the Y.XmlText, as the editor's typing does. When the other side's updates arrive, it
// saves its caret before them and restores it after, as y-prosemirror's binding does around a
// remote change. Random schedules of keys and deliveries, checked with fast-check.
import fc from 'fast-check';
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { absolutePositionToRelativePosition, initProseMirrorDoc, prosemirrorToYXmlFragment, relativePositionToAbsolutePosition } from 'y-prosemirror';
import * as Y from 'yjs';
import { caretAfterText } from '../../client/editor/caret-anchor';
import { schema } from '../../shared/schema';

const BEFORE = 'the ', AFTER = 'sixth World Telecommunication Development Conference';

class Side {
  readonly doc = new Y.Doc();
  readonly fragment = this.doc.getXmlFragment('prosemirror');
  /** The caret, a ProseMirror position. */
  caret = 0;
  /** Updates made here and not yet delivered to the other side. */
  outbox: Uint8Array[] = [];

  constructor(clientID: number, start: Uint8Array | null, private anchored: boolean) {
    this.doc.clientID = clientID;
    if (start) Y.applyUpdate(this.doc, start);
    else prosemirrorToYXmlFragment(schema.node('doc', null, [schema.node('paragraph', null, [schema.text(BEFORE + AFTER)])]), this.fragment);
    this.caret = 1 + BEFORE.length;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => { if (origin !== 'remote') this.outbox.push(update); });
  }

  text(): string {
    return initProseMirrorDoc(this.fragment, schema).doc.textContent;
  }

  /** A key: the letter goes in at the caret, which moves after it. */
  type(letter: string): void {
    const text = (this.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(this.caret - 1, letter);
    this.caret += 1;
  }

  /** The other side's updates arrive; the caret is saved before them and restored after them. */
  receive(updates: Uint8Array[]): void {
    if (!updates.length) return;
    const { doc, mapping } = initProseMirrorDoc(this.fragment, schema);
    const state = EditorState.create({ doc, selection: TextSelection.create(doc, this.caret) });
    const binding = { type: this.fragment, mapping };
    // y-prosemirror's own saving (the character after the caret) unless the caret is anchored
    const saved = (this.anchored ? caretAfterText(binding, state)?.anchor : null) ?? absolutePositionToRelativePosition(this.caret, this.fragment, mapping);
    for (const update of updates) Y.applyUpdate(this.doc, update, 'remote');
    const after = initProseMirrorDoc(this.fragment, schema);
    this.caret = relativePositionToAbsolutePosition(this.doc, this.fragment, saved, after.mapping)!;
  }
}

type Step = 'a-types' | 'b-types' | 'to-a' | 'to-b';

/** Runs `steps` (keys beyond a word's end are skipped), then delivers everything; returns both texts. */
function run(steps: Step[], words: [string, string], anchored: boolean): [string, string] {
  const a = new Side(1, null, anchored);
  const b = new Side(2, Y.encodeStateAsUpdate(a.doc), anchored);
  const typed = [0, 0];
  const deliver = (from: Side, to: Side) => {
    to.receive(from.outbox);
    from.outbox = [];
  };
  for (const step of steps) {
    if (step === 'a-types' && typed[0] < words[0].length) a.type(words[0][typed[0]++]);
    else if (step === 'b-types' && typed[1] < words[1].length) b.type(words[1][typed[1]++]);
    else if (step === 'to-a') deliver(b, a);
    else if (step === 'to-b') deliver(a, b);
  }
  for (; typed[0] < words[0].length; typed[0]++) a.type(words[0][typed[0]]);
  for (; typed[1] < words[1].length; typed[1]++) b.type(words[1][typed[1]]);
  deliver(a, b);
  deliver(b, a);
  return [a.text(), b.text()];
}

describe('a caret right after text stays with it when others type at the same spot', () => {
  it('keeps alternating keys of two people in two whole words', () => {
    const steps: Step[] = [];
    for (let i = 0; i < 6; i++) steps.push('a-types', 'to-b', 'b-types', 'to-a');
    const [a, b] = run(steps, ['alpha ', 'beta '], true);
    expect(a).toBe(b);
    expect([`${BEFORE}alpha beta ${AFTER}`, `${BEFORE}beta alpha ${AFTER}`]).toContain(a);
    // y-prosemirror's own saving interleaves them, as users saw it
    const [plain] = run(steps, ['alpha ', 'beta '], false);
    expect(plain).not.toContain('alpha');
  });

  it('keeps each word whole for any order of keys and deliveries', () => {
    const word = fc.string({ unit: fc.constantFrom('x', 'y', 'z', ' '), minLength: 1, maxLength: 8 });
    fc.assert(fc.property(
      fc.array(fc.constantFrom<Step>('a-types', 'b-types', 'to-a', 'to-b'), { maxLength: 40 }), word, word,
      (steps, first, second) => {
        const words: [string, string] = [first.toUpperCase(), second];
        const [a, b] = run(steps, words, true);
        expect(a).toBe(b);
        expect([BEFORE + words[0] + words[1] + AFTER, BEFORE + words[1] + words[0] + AFTER]).toContain(a);
      },
    ), { numRuns: 300 });
  });
});
