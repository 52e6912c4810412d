// The server's reading of whether a Yjs transaction edited the text untracked
// (server/collab/untracked.ts), on y-prosemirror's layout of paragraphs with marks as attributes.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { UntrackedEdits } from '../../server/collab/untracked';

/** A reader of every transaction of `doc` (as the room's watcher does), and a judge of one change. */
const judges = new WeakMap<Y.Doc, (change: () => void) => boolean>();
function judgeOf(doc: Y.Doc, root: Y.XmlFragment): (change: () => void) => boolean {
  let judge = judges.get(doc);
  if (judge) return judge;
  const reader = new UntrackedEdits(root);
  let verdict: boolean | null = null;
  doc.on('afterTransaction', (tr: Y.Transaction) => { verdict = reader.read(tr); });
  judge = (change) => {
    verdict = null;
    doc.transact(change, 'test');
    return verdict!;
  };
  judges.set(doc, judge);
  return judge;
}

const mark = (id: string) => ({ id, author: 'u-1', authorName: 'One', time: 1, status: 'suggested' });

function paragraph(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text, attributes);
  p.insert(0, [t]);
  return p;
}

/** A doc holding `Hello ` + `World` + ` again` (the middle with `attributes`), and a judge of one transaction on it. */
function setup(attributes?: Record<string, unknown>) {
  const doc = new Y.Doc();
  const root = doc.getXmlFragment('prosemirror');
  doc.transact(() => {
    const p = paragraph('Hello ');
    root.insert(0, [p]);
    const t = p.get(0) as Y.XmlText;
    t.insert(6, 'World', attributes);
    t.insert(11, ' again');
  });
  const text = () => (root.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const judge = judgeOf(doc, root);
  return { doc, root, text, judge };
}

describe('UntrackedEdits', () => {
  it('sees text typed or deleted without revision marks', () => {
    const { text, judge } = setup();
    expect(judge(() => text().insert(0, 'Oh, '))).toBe(true);
    expect(judge(() => text().delete(0, 4))).toBe(true);
    expect(judge(() => text().insert(0, ' '))).toBe(true);
  });

  it('does not see tracked typing, nor review: marks changed, marked text removed', () => {
    const { text, judge } = setup();
    expect(judge(() => text().insert(0, 'Oh, ', { insertion: mark('a') }))).toBe(false);
    expect(judge(() => text().format(0, 4, { insertion: null }))).toBe(false); // accepted
    expect(judge(() => text().format(0, 4, { deletion: mark('b') }))).toBe(false); // struck through
    expect(judge(() => text().delete(0, 4))).toBe(false); // deletion accepted
    const inserted = setup({ insertion: mark('c') });
    expect(inserted.judge(() => inserted.text().delete(6, 5))).toBe(false); // insertion rejected
  });

  it('does not see text moving between blocks (a split, a block retyped), but sees a block deleted', () => {
    const { root, text, judge } = setup();
    expect(judge(() => {
      text().delete(5, 12);
      root.insert(1, [paragraph(' World again')]);
    })).toBe(false);
    expect(judge(() => {
      root.delete(1, 1);
      const item = new Y.XmlElement('item');
      item.insert(0, [new Y.XmlText(' World again')]);
      root.insert(1, [item]);
    })).toBe(false);
    expect(judge(() => root.delete(1, 1))).toBe(true);
  });
});

describe('isUntrackedEdit and a unit added', () => {
  const unitRecord = { ...mark('unit-1'), kind: 'insertion', whole: true, unit: true };
  const proposal = (record: object | null) => {
    const unit = new Y.XmlElement('proposal');
    if (record) unit.setAttribute('track', [record] as never);
    unit.insert(0, [paragraph('Base text of the unit, untracked')]);
    return unit;
  };
  const judge = (doc: Y.Doc, root: Y.XmlFragment, change: () => void): boolean => judgeOf(doc, root)(change);

  it('does not see a unit added with its unit record, nor the unit rejected whole; sees untracked text typed into it', () => {
    const { doc, root } = setup();
    expect(judge(doc, root, () => root.insert(1, [proposal(unitRecord)]))).toBe(false);
    const text = () => ((root.get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(judge(doc, root, () => text().insert(0, 'Sneaked '))).toBe(true);
    expect(judge(doc, root, () => root.delete(1, 1))).toBe(false);
  });

  it('sees a proposal without a unit record added or deleted untracked', () => {
    const { doc, root } = setup();
    expect(judge(doc, root, () => root.insert(1, [proposal(null)]))).toBe(true);
    expect(judge(doc, root, () => root.delete(1, 1))).toBe(true);
    expect(judge(doc, root, () => root.insert(1, [proposal({ ...unitRecord, unit: undefined })]))).toBe(true);
  });
});
