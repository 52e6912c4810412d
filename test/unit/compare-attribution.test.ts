// The compare of two Yjs states (server/compare.ts) with the attribution the server records
// (server/collab/attribution.ts), as a property over random edits by two people (text typed and
// deleted anywhere, paragraphs added and removed): read without its deletions the comparison is
// the newer text, read without its insertions the older one, and every change is attributed to
// one of the two people.
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { prosemirrorJSONToYDoc } from 'y-prosemirror';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { schema } from '../../shared/schema';
import { Attribution, type Author } from '../../server/collab/attribution';
import { compareStates } from '../../server/compare';

const people: Author[] = [{ id: 'u-a', name: 'anna' }, { id: 'u-b', name: 'boris' }];

const edit = fc.record({
  who: fc.nat(1),
  kind: fc.constantFrom('type', 'type', 'delete', 'delete', 'add-block', 'remove-block'),
  block: fc.nat(10),
  at: fc.nat(40),
  length: fc.integer({ min: 1, max: 8 }),
  text: fc.constantFrom('x', 'new ', 'World', ' and ', 'é'),
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

/** The text of the fragment, as the document reads (all blocks' text, one after another). */
const plain = (doc: Y.Doc): string => {
  let text = '';
  const walk = (node: Y.XmlElement | Y.XmlFragment) => node.toArray().forEach((child) => {
    if (child instanceof Y.XmlText) text += (child.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
    else if (child instanceof Y.XmlElement) walk(child);
  });
  walk(doc.getXmlFragment('prosemirror'));
  return text;
};

/** The compared document's text without the text under `without` marks. */
function reading(json: unknown, without: 'insertion' | 'deletion'): string {
  const doc: PMNode = schema.nodeFromJSON(json);
  let text = '';
  doc.descendants((node) => {
    if (node.isText && !node.marks.some((m) => m.type.name === without)) text += node.text;
    return true;
  });
  return text;
}

function apply(doc: Y.Doc, e: Edit, clients: number[]): void {
  doc.clientID = clients[e.who];
  const root = doc.getXmlFragment('prosemirror');
  doc.transact(() => {
    const blocks = root.toArray() as Y.XmlElement[];
    const block = blocks[e.block % blocks.length];
    const text = block?.get(0) as Y.XmlText | undefined;
    if (e.kind === 'add-block' || !text) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(`${e.text}paragraph`)]);
      root.insert(e.block % (blocks.length + 1), [p]);
    } else if (e.kind === 'remove-block') {
      if (blocks.length > 1) root.delete(e.block % blocks.length, 1);
    } else if (e.kind === 'type') {
      text.insert(e.at % (text.length + 1), e.text);
    } else if (text.length) {
      const at = e.at % text.length;
      text.delete(at, Math.min(e.length, text.length - at));
    }
  }, people[e.who]);
}

describe('compare with attribution (property)', () => {
  it('reads as the older and the newer text, and attributes every change to someone', () => {
    const base = {
      type: 'doc',
      content: ['Hello World and more.', 'A second paragraph.', 'The third one.'].map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
    };
    fc.assert(fc.property(fc.array(edit, { maxLength: 6 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (before, after) => {
      const doc = prosemirrorJSONToYDoc(schema, base, 'prosemirror');
      const attribution = new Attribution(doc, (origin) => (people.includes(origin as Author) ? (origin as Author) : null));
      const clients = [1001, 1002];
      try {
        for (const e of before) apply(doc, e, clients);
        attribution.flush();
        const older = Y.encodeStateAsUpdate(doc), olderText = plain(doc);
        for (const e of after) apply(doc, e, clients);
        attribution.flush();
        const newer = Y.encodeStateAsUpdate(doc), newerText = plain(doc);
        const result = compareStates(older, newer);
        expect(reading(result.doc, 'deletion')).toBe(newerText);
        expect(reading(result.doc, 'insertion')).toBe(olderText);
        for (const author of result.authors) expect(people.map((p) => p.id)).toContain(author.id);
      } finally {
        attribution.destroy();
        doc.destroy();
      }
    }), { numRuns: 60 });
  });
});
