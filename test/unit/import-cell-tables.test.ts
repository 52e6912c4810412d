// Tables of the text conversions written one cell per line (fixtures/README.md): the TSAG
// mapping's cover table, Table 1 and Table 2 with resolution excerpts inside cells, and a
// property over random rows in the encoding.
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { all, checkValid, children, fixtureText, visibleText } from './import-fixtures';

/** Rows -> cells -> paragraph texts (footnotes as [^body]). */
function cells(table: PMNode): string[][][] {
  return children(table).map((row) => children(row).map((cell) => children(cell).map(visibleText)));
}

describe('tsag-mapping-excerpt.txt', () => {
  let doc: PMNode;
  const load = async () => (doc ??= await importDocument(fixtureText('tsag-mapping-excerpt.txt'), { format: 'text' }));
  const tables = async () => children(await load(), 'table');

  it('is valid and has exactly three tables: the 2x2 cover table, Table 1 (5 columns), Table 2 (4 columns)', async () => {
    checkValid(await load());
    const [cover, table1, table2, ...rest] = await tables();
    expect(rest).toHaveLength(0);
    expect([cover, table1, table2].map((t) => [t.childCount, new Set(children(t).map((r) => r.childCount))])).toEqual([
      [2, new Set([2])], [14, new Set([5])], [10, new Set([4])],
    ]);
  });

  it('quotes resolutions inside cells as cell paragraphs: no resolution, call heading or item anywhere', async () => {
    const d = await load();
    for (const type of ['resolution', 'call_heading', 'item', 'proposal', 'number_line']) expect(all(d, type)).toHaveLength(0);
  });

  it('reads the cover table with the footnotes of its Abstract', async () => {
    const [cover] = await tables();
    const rows = cells(cover);
    expect(rows[0][0]).toEqual(['Abstract:']);
    expect(rows[0][1][0]).toMatch(/^This TD provides a mapping of the WTSA\[\^World Telecommunication Standardization Assembly\] Resolutions/);
    expect(all(cover, 'footnote')).toHaveLength(4);
    expect(rows[1]).toEqual([['Action'], ['TSAG to discuss and to take note of this TD.']]);
  });

  it('keeps every cell of Table 1 in its column, empty cells included', async () => {
    const rows = cells((await tables())[1]);
    expect(rows[0]).toEqual([['Subject area'], ['PP Resolution'], ['WTSA Resolution'], ['WTDC Resolution'], ['RA Resolution']]);
    const row = (subject: string) => rows.find((r) => r[0][0] === subject)!;
    expect(row('Regional presence')).toEqual([
      ['Regional presence'], ['PP Res.25', 'PP Res.123'], ['WTSA Res.18', 'WTSA Res.44', 'WTSA Res.54'],
      ['WTDC Res.5', 'WTDC Res.17', 'WTDC Res.59'], ['RA Res.Res.7', 'RA Res.Res.48'],
    ]);
    expect(row('Least developed countries')).toEqual([['Least developed countries'], ['PP Res.30', 'PP Res.135'], [''], ['WTDC Res.16'], ['']]);
    expect(row('Strategic plan')).toEqual([['Strategic plan'], ['PP Res.71', 'PP Res.70'], [''], [''], ['']]);
    expect(row('Internet public policy issues')[2]).toHaveLength(9);
    expect(rows[rows.length - 1][0]).toEqual(['Internet public policy issues']);
  });

  it('keeps the excerpts of Table 2 in their columns across blank lines inside cells', async () => {
    const rows = cells((await tables())[2]);
    expect(rows[0]).toEqual([['PP Resolutions'], ['WTSA Resolutions'], ['WTDC Resolutions'], ['RA Resolution']]);
    expect(rows[1]).toEqual([['RESOLUTION 2 (REV. DUBAIBUSAN, 20184)', 'World telecommunication/information and communication technology policy forum'], [''], [''], ['']]);
    const res21 = rows.find((r) => r[0][0].startsWith('RESOLUTION 21 '))!;
    expect(res21[0].slice(1, 3)).toEqual(['Measures concerning alternative calling procedures on international telecommunication networks', 'resolves']);
    // Item 3 comes after two blank lines inside the cell and stays in it.
    expect(res21[0].filter((p) => /^3\tto develop guidelines/.test(p))).toHaveLength(1);
    expect(res21[0][res21[0].length - 1]).toMatch(/^4 to collaborate so as to avoid overlap/);
    expect(res21[1][0]).toBe('RESOLUTION 29 (Rev. Hammamet, 2016)');
    expect(res21[1]).toContain('Resolution 65 (Rev. Hammamet, 2016)');
    expect(res21[1].some((p) => p.startsWith('Resolution 20 (Rev. Hammamet, 2016) - Procedures'))).toBe(true);
    expect(res21[2][0]).toBe('RESOLUTION\u00a022 (Rev. Buenos Aires 2017)');
    expect(res21[3]).toEqual(['']);
    expect(rows[rows.length - 1][0][0]).toBe('RESOLUTION 22 (REV. ANTALYA, 2006)');
    expect(rows[rows.length - 1].slice(1)).toEqual([[''], [''], ['']]);
  });

  it('keeps the running text between the tables as paragraphs', async () => {
    const paragraphs = children(await load(), 'paragraph').map((p) => p.textContent);
    expect(paragraphs).toContain('Table 1 \u2013 Summary of mapping of Resolutions and their cross-references');
    expect(paragraphs).toContain('Table 2 \u2013 Detailed Mapping of Resolutions');
  });
});

describe('the encoding', () => {
  it('does not make a table of indented lines of a table written one row per line', async () => {
    const doc = await importDocument('Action\tTitle\nSUP\tRESOLUTION 35\n\tRESOLUTION 130\n\tRESOLUTION 140\nMOD\tRESOLUTION 64\n\nAfter.', { format: 'text' });
    const tables = children(doc, 'table');
    expect(tables).toHaveLength(1);
    expect(cells(tables[0]).map((r) => r.map((c) => c[0]))).toEqual([
      ['Action', 'Title'], ['SUP', 'RESOLUTION 35'], ['', 'RESOLUTION 130'], ['', 'RESOLUTION 140'], ['MOD', 'RESOLUTION 64'],
    ]);
  });

  it('does not make a table of one indented line or of a run of one-cell rows', async () => {
    const doc = await importDocument(' \tNote by the Secretary-General\nTITLE\n\n\t\n\nText.\n\n\tIndented.\n\n\tIndented too.', { format: 'text' });
    expect(children(doc, 'table')).toHaveLength(0);
  });

  // Paragraph texts as real cells hold them, quoted resolution parts included; none starts with a TAB.
  const words = fc.stringMatching(/^[A-Za-z][a-z]{0,7}(?: [a-z]{1,8}){0,4}[.;,]?$/);
  const paragraph = fc.oneof(
    { weight: 4, arbitrary: words },
    { weight: 1, arbitrary: fc.constantFrom('RESOLUTION 21 (Rev. Dubai, 2018)', 'resolves', '1\tto continue work;', 'i)\tone;', 'Reasons:', 'MOD\tEUR/1A1/2', 'considering') },
  );
  const cell = fc.record({
    first: fc.oneof(paragraph, fc.constant('')),
    more: fc.array(fc.record({ blanksBefore: fc.integer({ min: 0, max: 2 }), text: paragraph }), { maxLength: 3 }),
  });
  const table = fc.integer({ min: 2, max: 5 }).chain((width) => fc.record({
    header: fc.array(words, { minLength: width, maxLength: width }),
    rows: fc.array(fc.record({ lead: words, cells: fc.array(cell, { maxLength: width - 1 }), blanksAfter: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 8 }),
    blankBefore: fc.boolean(),
  }));

  it('reads random rows of cells (missing cells, continuation lines, blank lines inside cells) exactly', async () => {
    await fc.assert(fc.asyncProperty(table, async ({ header, rows, blankBefore }) => {
      const lines = ['Before the table.', ...(blankBefore ? [''] : []), ...header.map((h) => `\t${h}`), ''];
      const expected: string[][][] = [header.map((h) => [h])];
      rows.forEach((row) => {
        const rowCells = [{ first: row.lead, more: [] as { blanksBefore: number; text: string }[] }, ...row.cells];
        rowCells.forEach((c, i) => {
          const last = i === rowCells.length - 1;
          lines.push(`\t${c.first}`);
          for (const m of c.more) {
            // A blank line inside a cell is only told from the end of the row when another cell follows.
            if (!last) for (let b = 0; b < m.blanksBefore; b++) lines.push('');
            lines.push(m.text);
          }
        });
        for (let b = 0; b < row.blanksAfter; b++) lines.push('');
        const kept = rowCells.map((c) => [c.first, ...c.more.map((m) => m.text)].filter((p) => p));
        expected.push([...kept.map((p) => (p.length ? p : [''])), ...Array.from({ length: header.length - rowCells.length }, () => [''])]);
      });
      lines.push('After the table.');
      const doc = await importDocument(lines.join('\n'), { format: 'text' });
      checkValid(doc);
      expect(children(doc).map((n) => n.type.name)).toEqual(['paragraph', 'table', 'paragraph']);
      expect(cells(children(doc, 'table')[0])).toEqual(expected);
    }), { numRuns: 150 });
  });
});
