// What the import leaves out or fills in, and says so in its report: conversion debris (field
// codes, page footers, template paths, image names), empty footnotes, footnote bodies over
// several paragraphs, reference numbers inferred from the serial order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importWithReport } from '../../shared/import';
import { stripFieldCodes } from '../../shared/import/debris';
import { all, checkValid, children, fixtureText, visibleText } from './import-fixtures';

const text = async (source: string, format: 'text' | 'markdown' = 'text') => {
  const result = await importWithReport(source, { format });
  checkValid(result.doc);
  return result;
};

describe('debris', () => {
  it('drops field codes, a footer, template lines and image names, and counts them', async () => {
    const { doc, report } = await text([
      'MOD\tEUR/48A1/1',
      ' HYPERLINK "https://www.itu.int/md/S18-PP-C-0048/en" RESOLUTION 133 (Rev. Busan, 2014)',
      'Title of the resolution',
      'See the PAGEREF _Toc123456 \\h 12 page and { REF _Ref98765 \\h } above.',
      'Reasons:\tWhy.',
      '\uf0b7 www.itu.int/plenipotentiary \uf0b7',
      '\uf0b7 www.itu.int/plenipotentiary \uf0b7 PP-18',
      '\uf0b7 \uf0b7',
      'P:\\ENG\\SG\\CONF-SG\\PP18\\000\\048ADD01E.docx',
      'C:\\Program Files\\Microsoft Office\\Templates\\PP18.dotm',
      'image1.png image2.emf',
    ].join('\n'));
    expect(report.dropped).toEqual({ 'field code': 3, footer: 3, 'template line': 2, 'image name': 2 });
    expect(report.messages).toEqual(['dropped 3 field codes, 3 page footers, 2 template lines, 2 image file names']);
    // The resolution beside the field code is recognised.
    const [resolution] = all(doc, 'resolution');
    expect(resolution.attrs).toMatchObject({ kind: 'RESOLUTION', number: '133' });
    expect(resolution.child(0).textContent).toBe('RESOLUTION 133 (Rev. Busan, 2014)');
    expect(doc.textContent).toContain('See the 12 page and above.');
    expect(doc.textContent).not.toMatch(/HYPERLINK|PAGEREF|\uf0b7|\.docx|\.dotm|\.png/);
    expect(children(doc).map((n) => n.type.name)).toEqual(['proposal']);
  });

  it('keeps text that only looks like debris: capitals, paths in sentences, bullets in private-use characters', async () => {
    const lines = [
      'The REF group and the PAGE count.',
      'Save the file as C:\\temp\\proposal.docx before sending.',
      'The diagram in figure.png shows it.',
      '\uf0b7\tA bullet in the Symbol font.',
      'www.itu.int/en/plenipotentiary',
    ];
    const { doc, report } = await text(lines.join('\n'));
    expect(report.messages).toEqual([]);
    expect(children(doc).map((n) => n.textContent)).toEqual(lines);
  });

  it('drops exactly the debris lines mixed into any text and counts each kind', async () => {
    const sentence = fc.stringMatching(/^[A-Z][a-z]{1,8}(?: [a-z]{1,8}){0,6}[.;:]$/);
    const debris = fc.constantFrom<[string, string]>(
      ['\uf0b7 www.itu.int/pp \uf0b7', 'footer'], ['P:\\ENG\\SG\\PP18\\000\\048ADD01E.docx', 'template line'], ['Normal.dotm', 'template line'],
      ['image3.emf', 'image name'], ['Picture 2.png', 'image name'], [' HYPERLINK "https://www.itu.int/md/x"', 'field code'],
    );
    const line = fc.oneof(sentence.map((text) => ({ text, kind: null as string | null })), debris.map(([text, kind]) => ({ text, kind })));
    await fc.assert(fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 20 }).filter((ls) => ls.some((l) => !l.kind)), async (lines) => {
      const { doc, report } = await text(lines.map((l) => l.text).join('\n'));
      expect(children(doc).map((n) => n.textContent)).toEqual(lines.filter((l) => !l.kind).map((l) => l.text));
      const counts: Record<string, number> = {};
      for (const l of lines) if (l.kind) counts[l.kind] = (counts[l.kind] ?? 0) + 1;
      expect(report.dropped).toEqual(counts);
    }), { numRuns: 80 });
  });

  it('strips every field code of any run of words with codes between them, and nothing else', () => {
    const word = fc.stringMatching(/^[A-Za-z][a-z]{0,8}$/);
    const code = fc.constantFrom(' HYPERLINK "https://www.itu.int/x" ', ' HYPERLINK \\l "_Toc1" ', ' PAGEREF _Toc110261365 \\h ',
      ' TOC \\o "1-3" \\h \\z \\u ', ' SEQ Table \\* ARABIC ', ' REF _Ref12345 \\h ', ' PAGE \\* MERGEFORMAT ');
    fc.assert(fc.property(fc.array(fc.tuple(word, fc.option(code, { nil: undefined })), { minLength: 1, maxLength: 10 }), (parts) => {
      const line = parts.map(([w, c]) => w + (c ?? ' ')).join('').trim();
      const { text: stripped, count } = stripFieldCodes(line);
      expect(count).toBe(parts.filter(([, c]) => c).length);
      expect(stripped.trim().split(/\s+/)).toEqual(parts.map(([w]) => w));
    }));
  });
});

describe('footnotes', () => {
  it('reads a footnote body running over several paragraphs (further lines start with a TAB)', async () => {
    const { doc } = await text([
      'RESOLUTION 1 (Rev. Dubai, 2018)', 'Title', 'considering',
      'a)\tthe countries[footnoteRef:1]1 concerned; [1: 1 \tThese include:',
      '\t\u2013\tthe least developed countries;',
      '\t\u2013\tsmall island developing states.]',
      'b)\tthe next item.',
    ].join('\n'));
    const [footnote] = all(doc, 'footnote');
    expect(footnote.textContent).toBe('These include: \u2013\tthe least developed countries; \u2013\tsmall island developing states.');
    expect(all(doc, 'item').map(visibleText)).toEqual([
      'a)\tthe countries[^These include: \u2013\tthe least developed countries; \u2013\tsmall island developing states.] concerned;',
      'b)\tthe next item.',
    ]);
  });

  it('drops empty footnotes and references without a body, and counts them', async () => {
    const { doc, report } = await text('Text[footnoteRef:1]1 and more[footnoteRef:2]2 here. [1: 1\t] [2: 2 \t ]\nMore[footnoteRef:3]3.');
    expect(all(doc, 'footnote')).toHaveLength(0);
    expect(doc.textContent).toBe('Text and more here.More.');
    expect(report.dropped).toEqual({ 'empty footnote': 3 });
    expect(report.messages).toEqual(['dropped 3 empty footnotes']);
  });

  it('drops the empty footnote of pp18-ecp1-res133-mod.txt and says so', async () => {
    const { doc, report } = await text(fixtureText('pp18-ecp1-res133-mod.txt'));
    expect(all(doc, 'footnote')).toHaveLength(1);
    expect(report.messages).toEqual(['dropped 1 empty footnote']);
  });
});

describe('references inferred from the serial order', () => {
  const unit = (n: number, ref: string | null) => [
    `ECP-${n}:\tRevision to Resolution ${100 + n}: Title ${n}`,
    ...(ref ? [`MOD\t${ref}`] : []),
    `RESOLUTION ${100 + n} (Rev. Busan, 2014)`, `Title ${n}`, 'Reasons:\tBecause.', '* * *',
  ];

  it('numbers the units between EUR/48A1/2 and EUR/48A1/8 3 to 7 in order, and reports them', async () => {
    const refs = [null, 'EUR/48A1/2', null, null, null, null, null, 'EUR/48A1/8', 'EUR/48A1/9', null];
    const { doc, report } = await text(refs.flatMap((ref, i) => unit(i + 1, ref)).join('\n'));
    expect(children(doc, 'proposal').map((p) => p.attrs.ref)).toEqual([
      'EUR/48A1/1', 'EUR/48A1/2', 'EUR/48A1/3', 'EUR/48A1/4', 'EUR/48A1/5', 'EUR/48A1/6', 'EUR/48A1/7', 'EUR/48A1/8', 'EUR/48A1/9', 'EUR/48A1/10',
    ]);
    expect(report.inferredRefs.map((r) => r.ref)).toEqual(['EUR/48A1/1', 'EUR/48A1/3', 'EUR/48A1/4', 'EUR/48A1/5', 'EUR/48A1/6', 'EUR/48A1/7', 'EUR/48A1/10']);
    expect(report.inferredRefs[1].heading).toBe('ECP-3: Revision to Resolution 103: Title 3');
    expect(report.messages[0]).toMatch(/^inferred 7 reference numbers from the serial order .*EUR\/48A1\/3 \(ECP-3: Revision to Resolution 103/);
  });

  it('infers nothing where the gap does not fit, or the prefixes differ', async () => {
    const refs = ['EUR/48A1/2', null, 'EUR/48A1/5', null, 'ACP/7/3'];
    const { doc, report } = await text(refs.flatMap((ref, i) => unit(i + 1, ref)).join('\n'));
    expect(children(doc, 'proposal').map((p) => p.attrs.ref)).toEqual(['EUR/48A1/2', '', 'EUR/48A1/5', '', 'ACP/7/3']);
    expect(report.inferredRefs).toEqual([]);
  });

  it('fills any gap that fits exactly, for random runs of numbered and unnumbered units', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), async (numbered) => {
      const refs = numbered.map((has, i) => (has ? `EUR/48A1/${i + 1}` : null));
      const { doc } = await text(refs.flatMap((ref, i) => unit(i + 1, ref)).join('\n'));
      const got = children(doc, 'proposal').map((p) => p.attrs.ref);
      // With any numbered unit, every gap of a serially numbered document fits.
      expect(got).toEqual(numbered.some(Boolean) ? numbered.map((_, i) => `EUR/48A1/${i + 1}`) : numbered.map(() => ''));
    }), { numRuns: 40 });
  });
});
