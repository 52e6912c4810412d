// The importer's recognition rules on small inputs: every action-line, number-line and label
// variant, footnotes in a later paragraph, revision marks spanning lines, table versus items.
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { all, checkValid, children, revisions, visibleText } from './import-fixtures';

const text = async (source: string) => {
  const doc = await importDocument(source, { format: 'text' });
  checkValid(doc);
  return doc;
};
const markdown = async (source: string) => {
  const doc = await importDocument(source, { format: 'markdown' });
  checkValid(doc);
  return doc;
};

describe('action lines', () => {
  it.each([
    ['MOD\tEUR/48A1/1', 'MOD', 'EUR/48A1/1'],
    ['SUP WGPL/149/1', 'SUP', 'WGPL/149/1'],
    ['(MOD)\tACP/67A1/4', '(MOD)', 'ACP/67A1/4'],
    ['ADD*\tEUR/XXA2/3', 'ADD*', 'EUR/XXA2/3'],
    ['SUP*', 'SUP*', ''],
    ['NOC\tSEN/56/1', 'NOC', 'SEN/56/1'],
  ])('%s starts a proposal', async (line, action, ref) => {
    const doc = await text(`${line}\nReasons:\tBecause.`);
    expect(children(doc, 'proposal').map((p) => p.attrs)).toEqual([{ action, ref, heading: '', track: null }]);
    expect(doc.child(0).lastChild!.textContent).toBe('Because.');
  });

  it('reads a bold markdown reference', async () => {
    const doc = await markdown('ADD **WGPL/149/8**\n\nSome text.');
    expect(doc.child(0).attrs).toMatchObject({ action: 'ADD', ref: 'WGPL/149/8' });
  });

  it('does not take an action word before a title for an action line', async () => {
    const doc = await text('SUP\tRESOLUTION 35\nMOD\tRESOLUTION 64');
    expect(all(doc, 'proposal')).toHaveLength(0);
    expect(children(doc, 'table')).toHaveLength(1);
  });

  it('starts a new proposal at each action line and at a separator ends one', async () => {
    const doc = await text([
      'ECP-2:\tRevision to Resolution 1: Title', 'Intro.', 'MOD\tEUR/1A1/2', 'RESOLUTION 1 (Rev. Dubai, 2018)',
      'MOD\tEUR/1A1/3', 'RESOLUTION 2 (Rev. Dubai, 2018)', '* * * * *', 'After the separator.',
    ].join('\n'));
    const proposals = children(doc, 'proposal');
    expect(proposals.map((p) => [p.attrs.action, p.attrs.ref, p.attrs.heading])).toEqual([
      ['MOD', 'EUR/1A1/2', 'ECP-2: Revision to Resolution 1: Title'],
      ['MOD', 'EUR/1A1/3', ''],
    ]);
    expect(doc.lastChild!.type.name).toBe('paragraph');
    expect(doc.lastChild!.textContent).toBe('After the separator.');
  });

  it('does not take a numbered part or annex title for an ECP heading', async () => {
    const doc = await text('PART 1: Scope\nANNEX 2: Terms\nACP-3/2:\tRevision to Resolution 9: T');
    expect(children(doc).map((n) => n.type.name)).toEqual(['paragraph', 'heading', 'proposal']);
    expect(doc.lastChild!.attrs.heading).toBe('ACP-3/2: Revision to Resolution 9: T');
  });

  it.each([
    ['Revision to Resolution 133: Title', 'MOD'],
    ['Suppression to Resolution 185: Title', 'SUP'],
    ['Addition of a new Resolution: Title', 'ADD'],
    ['New Resolution: Title with a revision in it', 'ADD'],
  ])('infers the action of "%s" when no action line follows', async (heading, action) => {
    const doc = await text(`ECP-9:\t${heading}\nRESOLUTION 7 (Busan, 2014)\nReasons:\tR.`);
    expect(doc.child(0).attrs.action).toBe(action);
  });
});

describe('number lines', () => {
  it.each([
    ['RESOLUTION 30 (Rev. Kigali, 2022)', 'RESOLUTION', '30'],
    ['RESOLUTION 35 (KYOTO, 1994)', 'RESOLUTION', '35'],
    ['DRAFT NEW RESOLUTION [WG-PL/7]', 'RESOLUTION', '[WG-PL/7]'],
    ['DECISION 5 (Rev. Dubai, 2018)', 'DECISION', '5'],
    ['RECOMMENDATION 7', 'RECOMMENDATION', '7'],
    ['QUESTION 2/1', 'QUESTION', '2/1'],
    ['OPINION 2 (Geneva, 2013)', 'OPINION', '2'],
  ])('%s opens a resolution', async (line, kind, number) => {
    const doc = await text(`${line}\nA title\non two lines\nThe Plenipotentiary Conference (Busan, 2014),\nconsidering\na)\tthat;`);
    const res = children(doc, 'resolution')[0];
    expect(res.attrs).toMatchObject({ kind, number });
    expect(children(res).map((n) => n.type.name)).toEqual(['number_line', 'title', 'paragraph', 'call_heading', 'item']);
    expect(visibleText(res.child(1))).toBe('A title\non two lines');
  });

  it('is not fooled by title-case mentions or headings in capitals', async () => {
    const doc = await text('Resolution 185 resolved to instruct WRC-15\n\tResolution 5 (Rev. Kigali, 2022)\nRESOLUTIONS OF THE CONFERENCE');
    expect(all(doc, 'resolution')).toHaveLength(0);
  });

  it('ends a resolution at the next number line and keeps annex headings inside', async () => {
    const doc = await text('RESOLUTION 1 (Busan, 2014)\nTitle one\nresolves\n1\tto act;\nANNEX TO RESOLUTION 1 (BUSAN, 2014)\nAnnex text.\nRESOLUTION 2 (Busan, 2014)\nTitle two');
    const [one, two] = children(doc, 'resolution');
    expect(children(one).map((n) => n.type.name)).toEqual(['number_line', 'title', 'call_heading', 'item', 'heading', 'paragraph']);
    expect(two.attrs.number).toBe('2');
  });

  it.each(['ANNEX', 'ANNEX 2 TO RESOLUTION 30 (REV. KIGALI, 2022)', 'Annex to Resolution 30 (Rev. Kigali, 2022)', 'APPENDIX A'])(
    'reads %j as a heading but not "Annex: 44 pages"', async (line) => {
      const doc = await text(`${line}\nAnnex: 44 pages`);
      expect(children(doc).map((n) => n.type.name)).toEqual(['heading', 'paragraph']);
    },
  );
});

describe('tables', () => {
  it('keeps empty cells between tabs and pads short rows', async () => {
    const doc = await text('a\t\tb\nc\t\t\td\ne\tf');
    const table = children(doc, 'table')[0];
    expect(children(table).map((row) => children(row).map((cell) => cell.textContent))).toEqual([
      ['a', '', 'b', ''], ['c', '', '', 'd'], ['e', 'f', '', ''],
    ]);
  });

  it('reads a single tab-separated line as a paragraph', async () => {
    const doc = await text('Houlin Zhao\tSecretary-General');
    expect(children(doc).map((n) => [n.type.name, n.textContent])).toEqual([['paragraph', 'Houlin Zhao\tSecretary-General']]);
  });
});

describe('labelled items', () => {
  it.each([
    ['a)\ttext', 'a)\ttext', 0],
    ['1\ttext', '1\ttext', 0],
    ['2.1\ttext', '2.1\ttext', 0],
    ['bd)\ttext', 'bd)\ttext', 0],
    ['a) \ttext', 'a)\ttext', 0],
    ['d) that the WSIS', 'd)\tthat the WSIS', 0],
  ])('%j -> %j', async (line, expected, level) => {
    const doc = await text(`RESOLUTION 1\nTitle\nconsidering\n${line}`);
    const item = all(doc, 'item')[0];
    expect(item.textContent).toBe(expected);
    expect(item.attrs.level).toBe(level);
  });

  it('levels roman numerals and dashes under their parent item', async () => {
    const doc = await text('RESOLUTION 1\nTitle\nresolves\n1\tto:\ni)\tone;\nii)\ttwo;\n\u2013\tdash;\n2\tthen\nconsidering\n\u2013\talone');
    expect(all(doc, 'item').map((i) => [i.textContent.split('\t')[0], i.attrs.level])).toEqual([
      ['1', 0], ['i)', 1], ['ii)', 1], ['\u2013', 1], ['2', 0], ['\u2013', 0],
    ]);
  });

  it('makes items of the other kind sub-items: letters under numbers, numbers under letters', async () => {
    const doc = await text('RESOLUTION 1\nTitle\nresolves\n1\tthat:\na)\tx;\nb)\ty;\n2\tz\nconsidering\na)\tthat:\n1)\tone;\nb)\ttwo');
    expect(all(doc, 'item').map((i) => [i.textContent.split('\t')[0], i.attrs.level])).toEqual([
      ['1', 0], ['a)', 1], ['b)', 1], ['2', 0], ['a)', 0], ['1)', 1], ['b)', 0],
    ]);
  });

  it('reads markdown list markers as labels', async () => {
    const doc = await markdown('RESOLUTION 1\n\nTitle\n\nresolves\n\n- a) text a\n- 1 to act\n1. numbered\n- 3.2 relabelled\n- bare bullet');
    expect(all(doc, 'item').map((i) => i.textContent)).toEqual(['a)\ttext a', '1\tto act', '1\tnumbered', '3.2\trelabelled', '\u2013\tbare bullet']);
  });

  it('keeps items outside a resolution or proposal as paragraphs of their text', async () => {
    const doc = await text('a)\tloose item\nconsidering');
    expect(children(doc).map((n) => [n.type.name, n.textContent])).toEqual([['paragraph', 'a)\tloose item'], ['paragraph', 'considering']]);
  });
});

describe('footnotes and bookmarks', () => {
  it('finds a footnote body in a following paragraph and removes it there', async () => {
    const doc = await text('RESOLUTION 1\nTitle\nconsidering\na)\tcountries[footnoteRef:3]1 and more;\nb)\tnext item; [3: 1 \tThe body [with brackets].] ');
    const [a, b] = all(doc, 'item');
    expect(visibleText(a)).toBe('a)\tcountries[^The body [with brackets].] and more;');
    expect(visibleText(b)).toBe('b)\tnext item;');
  });

  it('drops bookmarks but not other bracketed text', async () => {
    const doc = await text('[bookmark: _Toc1][bookmark: Res5]Text [with brackets] and [1: not a footnote]');
    expect(doc.textContent).toBe('Text [with brackets] and [1: not a footnote]');
  });

  it('resolves footnotes in markdown too', async () => {
    const doc = await markdown('Some **bold**[footnoteRef:1]1 text. [1: 1\tA *noted* body]');
    const footnote = all(doc, 'footnote')[0];
    expect(footnote.textContent).toBe('A noted body');
    expect(visibleText(doc.child(0))).toBe('Some bold[^A noted body] text.');
  });
});

describe('markdown revision marks', () => {
  it('keeps one id for a change spanning lines and separate ids for separate changes', async () => {
    const doc = await markdown('The Conference ([Guadalajara,\n2010](#) ~~Busan, 2014~~ [Dubai, 2018](#)),');
    const insertions = revisions(doc, 'insertion');
    expect([...insertions.values()].map((r) => r.text)).toEqual(['Guadalajara, 2010', 'Dubai, 2018']);
    expect([...insertions.keys()]).toEqual(['imp-1', 'imp-3']);
    expect([...revisions(doc, 'deletion').keys()]).toEqual(['imp-2']);
  });

  it('maps real links to link marks and resolves escapes', async () => {
    const doc = await markdown('See [the site](https://www.itu.int) \\(and \\*this\\*\\).');
    const link = all(doc, 'text').find((t) => t.marks.some((m) => m.type.name === 'link'))!;
    expect(link.text).toBe('the site');
    expect(link.marks[0].attrs.href).toBe('https://www.itu.int');
    expect(doc.textContent).toBe('See the site (and *this*).');
  });

  it('reads a pipe table like a tab-separated one', async () => {
    const doc = await markdown('| Action | Title |\n|---|:---:|\n| SUP | RESOLUTION 35 |\n|  | RESOLUTION 130 \\| bis |');
    const table = children(doc, 'table')[0];
    expect(children(table).map((row) => children(row).map((cell) => cell.textContent))).toEqual([
      ['Action', 'Title'], ['SUP', 'RESOLUTION 35'], ['', 'RESOLUTION 130 | bis'],
    ]);
  });

  it('makes # headings headings', async () => {
    const doc = await markdown('# ANNEX\n\n## Part two\n\ntext');
    expect(children(doc).map((n) => [n.type.name, n.attrs.level ?? null, n.textContent])).toEqual([
      ['heading', 1, 'ANNEX'], ['heading', 2, 'Part two'], ['paragraph', null, 'text'],
    ]);
  });
});

describe('cover', () => {
  it('is read only at the start of a document', async () => {
    const doc = await text('Plenipotentiary Conference (PP-18)\nPLENARY MEETING\nAddendum 1 to Document 48-E\n10 September 2018\nOriginal: English\nEuropean Common Proposals\nPROPOSALS FOR THE WORK OF THE CONFERENCE\nAgenda item: 1\nbody text\nDocument 12-E');
    const cover = doc.child(0);
    expect(children(cover).map((f) => f.attrs.name)).toEqual(['conference', 'meeting', 'document', 'date', 'original', 'source', 'title', 'agenda']);
    expect(children(doc, 'paragraph').map((p) => p.textContent)).toEqual(['body text', 'Document 12-E']);
  });

  it('is absent when the document starts with something else', async () => {
    const doc = await text('Hello\nDocument 12-E');
    expect(all(doc, 'cover')).toHaveLength(0);
  });
});
