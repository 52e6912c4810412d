// lint on content wherever it stands: tables whose cells slipped, duplicate item numbers in one
// list, an empty cover date, text that looks like a Word field code, empty footnotes. Each rule
// fires on its mistake and stays quiet on the imported fixtures' correct parts.
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { lint, type Problem } from '../../shared/model/lint';
import { schema } from '../../shared/schema';
import { STANDARD_COVER, call, cover, del, footnote, ins, item, modProposal, numberLine, p, proposal, reasons, resolution, title } from './export-sample';
import { fixtureText } from './import-fixtures';

const content = (problems: Problem[]) => problems.filter((x) => !['missing-ref', 'missing-reasons', 'serial-order', 'mod-without-change'].includes(x.code));
const codes = (problems: Problem[]) => content(problems).map((x) => x.code);
const table = (...rows: string[][]) => schema.node('table', null, rows.map((row) =>
  schema.node('table_row', null, row.map((text) => schema.node('table_cell', null, [p(text)])))));
const sub = (text: string) => schema.node('item', { level: 1 }, [schema.text(text)]);
const docOf = (...blocks: PMNode[]) => schema.node('doc', null, [cover(STANDARD_COVER), ...blocks]);

describe('tables', () => {
  it('warns about a table of one column and about a row with text in its first cell only between fuller rows', () => {
    const oneColumn = table(['Resolution 5 (Rev. Kigali, 2022)'], ['Enhanced participation'], ['Resolution 17 (Rev. Kigali, 2022)']);
    const slipped = table(['Subject', 'PP', 'WTSA'], ['Gender', 'PP Res.70', 'WTSA Res.55'], ['WTDC Res.44', '', ''], ['Palestine', 'PP Res.99', ''],
      ['', '', 'Same subject, last column only'], ['Dispute', 'PP Res.75', '']);
    const problems = content(lint(docOf(p('Intro.'), oneColumn, slipped)));
    expect(problems.map((x) => x.code)).toEqual(['table-one-column', 'table-lone-cell']);
    expect(problems[1].message).toContain('"WTDC Res.44"');
    const doc = docOf(p('Intro.'), oneColumn, slipped);
    expect(doc.nodeAt(problems[0].pos!)!.type.name).toBe('table');
    expect(doc.nodeAt(problems[1].pos!)!.textContent).toBe('WTDC Res.44');
  });

  it('says nothing about the tables of the imported TSAG mapping and WTDC-22 contents', async () => {
    for (const name of ['tsag-mapping-excerpt.txt', 'wtdc22-resolutions.txt']) {
      const doc = await importDocument(fixtureText(name), { format: 'text' });
      expect(codes(lint(doc)).filter((c) => c.startsWith('table')), name).toEqual([]);
    }
  });
});

describe('lists', () => {
  it('warns about an item number used twice in one list, not across lists, levels or changes', () => {
    const res = resolution('1', numberLine('RESOLUTION 1'), title('T'),
      call('resolves'), item('1\tone;'), sub('i)\tsub;'), item('2\ttwo;'), sub('i)\tsub of two;'), item('2\tagain;'),
      call('instructs'), item('1\tother list;'), item(del('2'), ins('3'), '\trelabelled;'), item('2\tnew two;'), item('\u2013\tdash'), item('\u2013\tdash'));
    const problems = content(lint(docOf(proposal('MOD', 'EUR/1A1/1', [res, reasons('Reasons:\tR.')]))));
    expect(problems.map((x) => [x.code, x.message])).toEqual([['duplicate-item-number', 'item 2 appears twice in one list: "2\tagain;"']]);
  });

  it('finds any repeated number in a random list, and only then', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 }), (numbers) => {
      const res = resolution('1', numberLine('RESOLUTION 1'), title('T'), call('resolves'), ...numbers.map((n) => item(`${n}\ttext;`)));
      const found = codes(lint(docOf(proposal('NOC', 'EUR/1A1/1', [res, reasons('Reasons:\tR.')])))).filter((c) => c === 'duplicate-item-number');
      expect(found).toHaveLength(numbers.length - new Set(numbers).size);
    }));
  });
});

describe('cover, field codes and footnotes', () => {
  it('warns about an empty cover date', () => {
    const doc = schema.node('doc', null, [cover({ ...STANDARD_COVER, date: '' }), modProposal('EUR/48A1/1')]);
    expect(codes(lint(doc))).toEqual(['empty-cover-date']);
  });

  it('warns about text that looks like a field code, once, in a paragraph or a footnote', () => {
    const doc = docOf(p('See HYPERLINK "https://www.itu.int/x" the site.'), p('Note', footnote('PAGEREF _Toc123 \\h 4')), p('The REF group.'));
    const problems = content(lint(doc));
    expect(problems.map((x) => [x.code, x.message])).toEqual([
      ['field-code', 'text that looks like a Word field code: "HYPERLINK "https://www.itu.int/x""'],
      ['field-code', 'text that looks like a Word field code: "PAGEREF _Toc123 \\h"'],
    ]);
  });

  it('warns about an empty footnote', () => {
    const doc = docOf(p('Text', schema.node('footnote'), ' more.'));
    expect(codes(lint(doc))).toEqual(['empty-footnote']);
  });

  it('finds none of these in the imported fixtures', async () => {
    for (const name of ['wtdc17-ecp-res30-mod.txt', 'pp18-ecp1-res133-mod.txt', 'pp18-ecp6-res185-sup.txt', 'pp14-wgpl149-add-new-resolutions.md']) {
      const doc = await importDocument(fixtureText(name));
      expect(codes(lint(doc)).filter((c) => ['duplicate-item-number', 'field-code', 'empty-footnote', 'empty-cover-date'].includes(c)), name).toEqual([]);
    }
  });
});
