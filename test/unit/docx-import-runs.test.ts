// Word markup the importer reads, on small hand-made packages: run formatting, tabs and breaks,
// footnotes, hyperlinks, tables, paragraph styles, revisions around footnotes and links; and
// bad input (not a zip, no word/document.xml, broken XML) rejected with a clear message.
import { strToU8, zipSync } from 'fflate';
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { handmadeDocx, para } from './docx-import-office';
import { all } from './import-fixtures';

const importDocx = (bytes: Uint8Array) => importDocument(bytes, { format: 'docx' });

/** Text nodes of a block as [text, mark names]. */
function runs(block: PMNode): [string, string[]][] {
  const out: [string, string[]][] = [];
  block.forEach((child) => out.push([child.isText ? child.text! : `<${child.type.name}>`, child.marks.map((m) => m.type.name)]));
  return out;
}

describe('runs and their formatting', () => {
  it('reads bold, italic, underline, superscript, subscript, tabs, breaks and non-breaking hyphens', async () => {
    const doc = await importDocx(handmadeDocx(
      '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Bold</w:t></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t xml:space="preserve"> not </w:t></w:r>'
      + '<w:r><w:rPr><w:i/><w:u w:val="single"/></w:rPr><w:t>both</w:t></w:r><w:r><w:rPr><w:u w:val="none"/></w:rPr><w:t xml:space="preserve"> </w:t></w:r>'
      + '<w:r><w:t>m</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r>'
      + '<w:r><w:t xml:space="preserve"> H</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="subscript"/></w:rPr><w:t>2</w:t></w:r>'
      + '<w:r><w:t>O</w:t><w:tab/><w:t>ITU</w:t><w:noBreakHyphen/><w:t>D</w:t><w:br/><w:t>next</w:t><w:br w:type="page"/></w:r></w:p>',
    ));
    expect(runs(doc.firstChild!)).toEqual([
      ['Bold', ['strong']], [' not ', []], ['both', ['em', 'underline']], [' m', []], ['2', ['superscript']],
      [' H', []], ['2', ['subscript']], ['O\tITU\u2011D', []], ['<hard_break>', []], ['next', []],
    ]);
  });

  it('reads footnotes from word/footnotes.xml at their references, without the printed number', async () => {
    const doc = await importDocx(handmadeDocx(
      '<w:p><w:r><w:t>developing</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="2"/></w:r>'
      + '<w:r><w:t xml:space="preserve"> countries</w:t></w:r></w:p>',
      { footnotes: '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        + '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:tab/><w:t>These include the </w:t></w:r>'
        + '<w:r><w:rPr><w:i/></w:rPr><w:t>least</w:t></w:r><w:r><w:t xml:space="preserve"> developed countries.</w:t></w:r></w:p></w:footnote>' },
    ));
    const [footnote] = all(doc, 'footnote');
    expect(footnote.textContent).toBe('These include the least developed countries.');
    expect(footnote.marks).toEqual([]);
    expect(runs(footnote)).toEqual([['These include the ', []], ['least', ['em']], [' developed countries.', []]]);
    expect(doc.firstChild!.textContent).toBe('developingThese include the least developed countries. countries');
  });

  it('reads footnotes with custom marks (Word\'s form) without the marks, in the text or at the start of the note', async () => {
    const doc = await importDocx(handmadeDocx(
      '<w:p><w:r><w:t>levels</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:customMarkFollows="1" w:id="3"/><w:t>1</w:t></w:r>'
      + '<w:r><w:t xml:space="preserve"> and more</w:t></w:r></w:p>',
      { footnotes: '<w:footnote w:id="3"><w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>1</w:t></w:r>'
        + '<w:r><w:t xml:space="preserve"> An initiative shall take the form of a heading.</w:t></w:r></w:p></w:footnote>' },
    ));
    expect(all(doc, 'footnote').map((n) => n.textContent)).toEqual(['An initiative shall take the form of a heading.']);
    expect(doc.firstChild!.textContent).toBe('levelsAn initiative shall take the form of a heading. and more');
  });

  it('links hyperlinks to their relationship target or anchor, and drops unsafe targets', async () => {
    const doc = await importDocx(handmadeDocx(
      '<w:p><w:hyperlink r:id="rId5"><w:r><w:t>ITU</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> and </w:t></w:r>'
      + '<w:hyperlink w:anchor="annex"><w:r><w:t>Annex</w:t></w:r></w:hyperlink><w:hyperlink r:id="rId6"><w:r><w:t>!</w:t></w:r></w:hyperlink></w:p>',
      { rels: '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.itu.int/" TargetMode="External"/>'
        + '<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="javascript:alert(1)" TargetMode="External"/>' },
    ));
    const links: string[] = [];
    doc.firstChild!.forEach((child) => child.marks.forEach((m) => m.type.name === 'link' && links.push(`${child.text}->${m.attrs.href}`)));
    expect(links).toEqual(['ITU->https://www.itu.int/', 'Annex->#annex']);
    expect(doc.firstChild!.textContent).toBe('ITU and Annex!');
  });

  it('reads a table into rows and cells, with merged cells as colspan', async () => {
    const cell = (text: string, span = '') => `<w:tc>${span ? `<w:tcPr><w:gridSpan w:val="${span}"/></w:tcPr>` : ''}${para(text)}</w:tc>`;
    const doc = await importDocx(handmadeDocx(
      para('Before')
      + `<w:tbl><w:tr>${cell('Resolution')}${cell('Title')}</w:tr><w:tr>${cell('5')}${cell('Enhanced participation')}</w:tr>`
      + `<w:tr>${cell('Both columns', '2')}</w:tr></w:tbl>`
      + para('After'),
    ));
    expect(doc.childCount).toBe(3);
    const table = doc.child(1);
    expect(table.type.name).toBe('table');
    expect(all(table, 'table_row').map((row) => all(row, 'table_cell').map((c) => c.textContent))).toEqual([
      ['Resolution', 'Title'], ['5', 'Enhanced participation'], ['Both columns'],
    ]);
    expect(all(table, 'table_cell')[4].attrs.colspan).toBe(2);
  });

  it('takes a paragraph style only where the text alone says nothing (Call, Heading 2)', async () => {
    const doc = await importDocx(handmadeDocx(
      para('MOD\tEUR/1/1', '<w:pStyle w:val="Proposal"/>')
      + para('RESOLUTION 5 (Rev. Kigali, 2022)', '<w:pStyle w:val="ResNo"/>')
      + para('Enhanced participation', '<w:pStyle w:val="Restitle"/>')
      + para('Noting with appreciation', '<w:pStyle w:val="Call"/>')
      + para('a)\tthat one;', '<w:pStyle w:val="enumlev1"/>')
      + para('Part of the text', '<w:pStyle w:val="Heading2"/>')
      + para('Reasons:\tUpdate.', '<w:pStyle w:val="Reasons"/>'),
    ));
    const [proposal] = all(doc, 'proposal');
    const [resolution] = all(proposal, 'resolution');
    expect([...Array(resolution.childCount).keys()].map((i) => resolution.child(i).type.name)).toEqual([
      'number_line', 'title', 'call_heading', 'item', 'heading',
    ]);
    expect(all(resolution, 'heading')[0].attrs.level).toBe(2);
    expect(proposal.lastChild!.type.name).toBe('reasons');
  });

  it('reads a number line in an ITU number style even when its text is not in capitals', async () => {
    const doc = await importDocx(handmadeDocx(
      para('MOD\tEUR/1/1') + para('Resolution 30 (Rev. Dubai, 2014)', '<w:pStyle w:val="ResNo"/>')
      + para('Draft new Resolution [EUR-1]', '<w:pStyle w:val="ResNo"/>') + para('Resolution 5 was adopted.', '<w:pStyle w:val="ResNo"/>')
      + para('Reasons:\tUpdate.'),
    ));
    expect(all(doc, 'resolution').map((r) => [r.attrs.number, r.firstChild!.textContent])).toEqual([
      ['30', 'Resolution 30 (Rev. Dubai, 2014)'], ['[EUR-1]', 'Draft new Resolution [EUR-1]'],
    ]);
    // A sentence in that style is not a number line: here it follows one, so it is its title.
    expect(all(doc, 'title').map((t) => t.textContent)).toEqual(['Resolution 5 was adopted.']);
  });

  it('writes out the labels of Word\'s automatic numbering, which then make items', async () => {
    const lvl = (ilvl: number, fmt: string, text: string) => `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/></w:lvl>`;
    const numbering = `<?xml version="1.0"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`
      + `<w:abstractNum w:abstractNumId="0">${lvl(0, 'lowerLetter', '%1)')}${lvl(1, 'lowerRoman', '%2)')}</w:abstractNum>`
      + `<w:abstractNum w:abstractNumId="1">${lvl(0, 'decimal', '%1')}${lvl(1, 'bullet', '\uF0B7')}</w:abstractNum>`
      + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/>'
      + '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num></w:numbering>';
    const numbered = (text: string, numId: number, ilvl = 0) => para(text, `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`);
    const doc = await importDocx(handmadeDocx(
      para('MOD\tEUR/1/1') + para('RESOLUTION 5 (Rev. Kigali, 2022)') + para('Title') + para('considering')
      + numbered('first;', 1) + numbered('second, with', 1) + numbered('one part;', 1, 1) + numbered('another;', 1, 1) + numbered('third;', 1)
      + para('resolves') + numbered('to go on;', 2) + numbered('in detail;', 2, 1) + numbered('to end.', 2)
      + para('Reasons:\tUpdate.'),
      { parts: { 'word/numbering.xml': numbering } },
    ));
    expect(all(doc, 'item').map((item) => [item.attrs.level, item.textContent])).toEqual([
      [0, 'a)\tfirst;'], [0, 'b)\tsecond, with'], [1, 'i)\tone part;'], [1, 'ii)\tanother;'], [0, 'c)\tthird;'],
      [0, '3\tto go on;'], [1, '\u2013\tin detail;'], [0, '4\tto end.'],
    ]);
  });

  it('reads a former paragraph style (w:pPrChange) as an attribute change, when the block really changed', async () => {
    const change = (style: string) => `<w:pPrChange w:id="4" w:author="Ana" w:date="2022-06-01T08:00:00Z"><w:pPr><w:pStyle w:val="${style}"/></w:pPr></w:pPrChange>`;
    const doc = await importDocx(handmadeDocx(
      para('MOD\tEUR/1/1') + para('RESOLUTION 5 (Rev. Kigali, 2022)') + para('Title') + para('considering')
      + para('Part one', `<w:pStyle w:val="Heading2"/>${change('enumlev1')}`)
      + para('a)\tan item', `<w:pStyle w:val="enumlev1"/>${change('enumlev1')}`)
      + para('Reasons:\tUpdate.'),
    ));
    const [heading] = all(doc, 'heading');
    expect(heading.attrs.track).toEqual([{
      kind: 'attribute', id: 'docx-1', author: 'Ana', authorName: 'Ana', time: Date.parse('2022-06-01T08:00:00Z'), status: 'agreed',
      old: { level: 0, type: 'item' },
    }]);
    expect(all(doc, 'item')[0].attrs.track).toBeNull();
  });

  it('keeps an empty paragraph that is a revision (an inserted empty line), drops other empty ones', async () => {
    const doc = await importDocx(handmadeDocx(
      para('First') + '<w:p/>' + '<w:p><w:pPr><w:rPr><w:ins w:id="1" w:author="Ana" w:date="2022-06-01T08:00:00Z"/></w:rPr></w:pPr></w:p>' + para('Last'),
    ));
    expect(doc.content.content.map((p) => [p.textContent, (p.attrs.track ?? []).map((r: { kind: string }) => r.kind)])).toEqual([
      ['First', []], ['', ['insertion']], ['Last', []],
    ]);
  });

  it('marks an inserted footnote reference and the revisions in a hyperlink and a footnote', async () => {
    const ins = 'w:author="Ana" w:date="2022-06-01T08:00:00Z"';
    const doc = await importDocx(handmadeDocx(
      `<w:p><w:r><w:t>see</w:t></w:r><w:ins w:id="7" ${ins}><w:r><w:footnoteReference w:id="1"/></w:r></w:ins>`
      + `<w:hyperlink w:anchor="x"><w:del w:id="8" w:author="Ben" w:date="bad date"><w:r><w:delText>old</w:delText></w:r></w:del></w:hyperlink></w:p>`,
      { footnotes: `<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> A </w:t></w:r><w:ins w:id="9" ${ins}><w:r><w:t>new</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> note</w:t></w:r></w:p></w:footnote>` },
    ));
    const p = doc.firstChild!;
    const footnote = p.child(1);
    expect(footnote.marks.map((m) => [m.type.name, m.attrs.id, m.attrs.author])).toEqual([['insertion', 'docx-1', 'Ana']]);
    expect(runs(footnote)).toEqual([['A ', []], ['new', ['insertion']], [' note', []]]);
    expect(footnote.child(1).marks[0].attrs).toMatchObject({ id: 'docx-2', time: Date.parse('2022-06-01T08:00:00Z') });
    const old = p.child(2);
    expect(old.text).toBe('old');
    expect(old.marks.map((m) => m.type.name).sort()).toEqual(['deletion', 'link']);
    expect(old.marks.find((m) => m.type.name === 'deletion')!.attrs).toMatchObject({ id: 'docx-3', author: 'Ben', authorName: 'Ben', time: 0, status: 'agreed' });
  });
});

describe('bad input', () => {
  it('rejects bytes that are not a zip archive', async () => {
    await expect(importDocx(strToU8('RESOLUTION 5'))).rejects.toThrow('cannot import: the input is not a .docx file (not a zip archive)');
  });

  it('rejects a damaged zip archive', async () => {
    const bytes = handmadeDocx(para('text')).slice(0, 60);
    await expect(importDocx(bytes)).rejects.toThrow(/cannot import: the input is binary data that starts like a zip archive but is not a readable \.docx/);
  });

  it('rejects a zip archive without word/document.xml', async () => {
    const bytes = zipSync({ 'content.xml': strToU8('<office:document/>') });
    await expect(importDocument(bytes)).rejects.toThrow('cannot import: the zip archive has no word/document.xml, so it is not a Word document');
  });

  it.each([
    ['an unclosed element', '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'],
    ['text that is not XML', 'not xml at all'],
    ['an undeclared prefix', '<w:document><w:body/></w:document>'],
  ])('rejects a document.xml with %s', async (_name, xml) => {
    const bytes = zipSync({ 'word/document.xml': strToU8(xml) });
    await expect(importDocx(bytes)).rejects.toThrow(/^cannot import: word\/document\.xml is not well-formed XML \(.+\)$/);
  });

  it('rejects broken footnotes XML and a document without body or text', async () => {
    await expect(importDocx(handmadeDocx(para('x'), { footnotes: '<w:footnote>' }))).rejects.toThrow(/word\/footnotes\.xml is not well-formed XML/);
    const noBody = zipSync({ 'word/document.xml': strToU8('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>') });
    await expect(importDocx(noBody)).rejects.toThrow('cannot import: word/document.xml has no w:body');
    await expect(importDocx(handmadeDocx('<w:p/><w:p><w:r><w:t>  </w:t></w:r></w:p>'))).rejects.toThrow('cannot import: the document has no text');
  });
});
