// The server's strict reading of the `prosemirror` fragment (server/collab/strict-doc.ts): real
// documents written by y-prosemirror read back equal; every kind of foreign content is refused
// with a reason; and on random Y structures it never touches the Y.Doc, throws nothing but
// InvalidDocument, and what it accepts y-prosemirror reads alike without deleting anything.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYDoc, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { InvalidDocument, strictDoc } from '../../server/collab/strict-doc';
import { importDocument } from '../../shared';
import { schema } from '../../shared/schema';
import { fixture, importedMarksDoc, res30Doc } from './track-doc';

const seedEnv = process.env.FC_SEED;
const RUNS = { numRuns: 400, ...(seedEnv === 'random' ? {} : { seed: seedEnv ? Number(seedEnv) : 20261206 }) };

function reason(build: (fragment: Y.XmlFragment) => void): string {
  const doc = new Y.Doc();
  build(doc.getXmlFragment('prosemirror'));
  try {
    strictDoc(doc.getXmlFragment('prosemirror'));
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidDocument);
    return (err as Error).message;
  }
}

const paragraph = (text = 'words', attrs: Record<string, unknown> = {}) => {
  const p = new Y.XmlElement('paragraph');
  for (const [k, v] of Object.entries(attrs)) p.setAttribute(k, v as string);
  p.insert(0, [new Y.XmlText(text)]);
  return p;
};

describe('the strict reading', () => {
  it('reads real documents written by y-prosemirror back equal', async () => {
    const wtdc = await importDocument(fixture('wtdc22-resolutions.txt'), { format: 'text' });
    for (const pm of [res30Doc(), importedMarksDoc(), wtdc]) {
      const ydoc = prosemirrorToYDoc(pm, 'prosemirror');
      expect(strictDoc(ydoc.getXmlFragment('prosemirror')).eq(pm)).toBe(true);
    }
  });

  it('refuses each kind of foreign content with its reason', () => {
    expect(reason((f) => f.insert(0, [paragraph()]))).toBe('accepted');
    expect(reason((f) => f.insert(0, ['raw' as never]))).toMatch(/raw string value at the top/);
    expect(reason((f) => f.insert(0, [new Y.XmlText('loose')]))).toMatch(/Y\.XmlText at the top/);
    expect(reason((f) => { const p = paragraph(); p.insert(0, [new Y.Text('t') as never]); f.insert(0, [p]); })).toMatch(/a Y\.Text as child 0/);
    expect(reason((f) => { const p = paragraph(); p.insert(0, [new Y.XmlHook('h') as never]); f.insert(0, [p]); })).toMatch(/Y\.XmlHook/);
    expect(reason((f) => f.insert(0, [new Y.XmlElement('iframe')]))).toMatch(/unknown node type "iframe"/);
    expect(reason((f) => f.insert(0, [new Y.XmlElement('constructor')]))).toMatch(/unknown node type "constructor"/);
    expect(reason((f) => f.insert(0, [new Y.XmlElement('doc')]))).toMatch(/unknown node type "doc"/);
    expect(reason((f) => f.insert(0, [paragraph('x', { onclick: 'a' })]))).toMatch(/unknown attribute "onclick"/);
    expect(reason((f) => f.insert(0, [paragraph('x', { toString: 'a' })]))).toMatch(/unknown attribute "toString"/);
    expect(reason((f) => f.insert(0, [paragraph('x', { align: 7 })]))).toMatch(/align: expected a string or null, got number/);
    expect(reason((f) => f.insert(0, [paragraph('x', { track: [{ id: 'a' }] })]))).toMatch(/track record author: expected a string/);
    expect(reason((f) => { const p = paragraph(); p.setAttribute('align', new Y.Map() as never); f.insert(0, [p]); })).toMatch(/attribute align holds a Y\.Map/);
    expect(reason((f) => { const p = paragraph(); f.insert(0, [p]); (p.get(0) as Y.XmlText).format(0, 2, { evilmark: {} }); })).toMatch(/unknown mark "evilmark"/);
    expect(reason((f) => { const p = paragraph(); f.insert(0, [p]); (p.get(0) as Y.XmlText).format(0, 2, { 'strong--AAAAAAAA': {} }); })).toBe('accepted');
    expect(reason((f) => { const p = paragraph(); f.insert(0, [p]); (p.get(0) as Y.XmlText).format(0, 2, { link: { href: 'h', onclick: 1 } }); })).toMatch(/unknown attribute "onclick" of mark link/);
    expect(reason((f) => { const p = paragraph(); f.insert(0, [p]); (p.get(0) as Y.XmlText).format(0, 2, { link: {} }); })).toMatch(/mark link/);
    expect(reason((f) => { const p = paragraph(); f.insert(0, [p]); (p.get(0) as Y.XmlText).format(0, 2, { insertion: { time: 'now' } }); })).toMatch(/time: expected a finite number/);
    expect(reason((f) => { const p = paragraph(); f.insert(0, [p]); (p.get(0) as Y.XmlText).insertEmbed(1, { img: 1 }); })).toMatch(/embedded in text/);
    expect(reason((f) => { const p = paragraph(); f.insert(0, [p]); (p.get(0) as Y.XmlText).setAttribute('x', 'y'); })).toMatch(/a text with attributes/);
    expect(reason((f) => f.insert(0, [new Y.XmlElement('item')]))).toMatch(/^the document: Invalid content/);
    expect(reason((f) => { const p = new Y.XmlElement('proposal'); p.insert(0, [new Y.XmlText('bare')]); f.insert(0, [p]); })).toMatch(/Invalid content for node proposal/);
  });

  it('on random Y structures: never touches the doc, throws only InvalidDocument, and accepts only what y-prosemirror reads alike', () => {
    const names = fc.constantFrom('paragraph', 'heading', 'item', 'proposal', 'reasons', 'resolution', 'number_line', 'table', 'table_row', 'table_cell', 'footnote', 'hard_break', 'text', 'doc', 'evil', '__proto__');
    const values = fc.constantFrom<unknown>('', 'x', 0, 3, null, true, [], [1], { a: 1 }, 'MOD', [{ id: 'i', author: 'a', authorName: 'A', time: 1, status: 'suggested', kind: 'insertion' }]);
    const attrKeys = fc.constantFrom('level', 'align', 'action', 'ref', 'track', 'colspan', 'onclick', 'name', 'kind', 'number');
    const markSets = fc.constantFrom<Record<string, unknown> | undefined>(
      undefined, { strong: {} }, { em: {}, strong: {} }, { insertion: { id: 'i', author: 'a', authorName: 'A', time: 1, status: 'suggested' } },
      { deletion: { status: 'maybe' } }, { evil: {} }, { link: { href: 'x' } }, { superscript: {}, subscript: {} }, { strong: 1 },
    );
    type Tree = { name: string; attrs: [string, unknown][]; children: (Tree | { text: string; marks: Record<string, unknown> | undefined } | { raw: unknown })[] };
    const tree: fc.Memo<Tree> = fc.memo((depth) => fc.record({
      name: names,
      attrs: fc.array(fc.tuple(attrKeys, values), { maxLength: 2 }),
      children: fc.array((depth <= 1
        ? fc.oneof({ weight: 4, arbitrary: fc.record({ text: fc.constantFrom('a', 'words', 'b)\t'), marks: markSets }) }, { weight: 1, arbitrary: fc.record({ raw: fc.constantFrom<unknown>('s', 1, { o: 1 }) }) })
        : fc.oneof({ weight: 3, arbitrary: tree(depth - 1) }, { weight: 2, arbitrary: fc.record({ text: fc.constantFrom('a', 'words'), marks: markSets }) })) as fc.Arbitrary<Tree['children'][number]>, { maxLength: 3 }),
    }));
    const build = (t: Tree): Y.XmlElement => {
      const el = new Y.XmlElement(t.name);
      for (const [k, v] of t.attrs) el.setAttribute(k, v as string);
      el.insert(0, t.children.map((c) => {
        if ('name' in c) return build(c);
        if ('text' in c) { const text = new Y.XmlText(); text.insert(0, c.text, c.marks as Record<string, unknown>); return text; }
        return c.raw as Y.XmlElement;
      }));
      return el;
    };
    let accepted = 0;
    fc.assert(fc.property(fc.array(tree(3), { maxLength: 3 }), (trees) => {
      const doc = new Y.Doc();
      doc.getXmlFragment('prosemirror').insert(0, trees.map(build));
      const state = Y.encodeStateAsUpdate(doc);
      let changed = false;
      doc.on('update', () => { changed = true; });
      let node = null;
      try {
        node = strictDoc(doc.getXmlFragment('prosemirror'));
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidDocument);
      }
      expect(changed).toBe(false);
      if (!node) return;
      accepted++;
      node.check();
      const copy = new Y.Doc();
      Y.applyUpdate(copy, state);
      let deleted = false;
      copy.on('update', () => { deleted = true; });
      const lenient = yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment('prosemirror'), schema);
      expect(deleted).toBe(false);
      expect(lenient.eq(node)).toBe(true);
    }), RUNS);
    expect(accepted).toBeGreaterThan(20);
  });
});
