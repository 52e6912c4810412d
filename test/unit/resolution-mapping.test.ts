// The cross-Sector mapping read from an imported document's tables (shared/model/resolution-mapping.ts):
// TSAG's mapping excerpt (Table 1 and Table 2), and tables laid out otherwise, read by their header cells.
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { readMapping, type Mapping, type MappingRow } from '../../shared/model/resolution-mapping';
import { formatResolutionRef, SECTORS, type Sector } from '../../shared/model/resolution-refs';
import { fixtureText } from './import-fixtures';
import { handmadeDocx, para } from './docx-import-office';

const refs = (row: MappingRow) => row.resolutions.map((r) => formatResolutionRef(r.ref));

describe('tsag-mapping-excerpt.txt', () => {
  let mapping: Mapping;
  const load = async () => (mapping ??= readMapping(await importDocument(fixtureText('tsag-mapping-excerpt.txt'), { format: 'text' })));

  it('reads Table 1 and Table 2, not the cover table', async () => {
    const m = await load();
    expect(new Set(m.rows.map((r) => r.table))).toEqual(new Set([1, 2]));
    expect(m.rows.filter((r) => r.table === 1)).toHaveLength(13);
    expect(m.rows.filter((r) => r.table === 2)).toHaveLength(9);
    expect(m.unparsed).toEqual([]);
  });

  it('maps the subject "Regional presence" to PP Res.25 and 123, WTSA Res.18/44/54, WTDC Res.5/17/59, RA Res.7/48', async () => {
    const row = (await load()).rows.find((r) => r.subject === 'Regional presence')!;
    expect(row).toMatchObject({ table: 1, row: 2 });
    expect(refs(row)).toEqual([
      'PP Res.25', 'PP Res.123', 'WTSA Res.18', 'WTSA Res.44', 'WTSA Res.54', 'WTDC Res.5', 'WTDC Res.17', 'WTDC Res.59', 'RA Res.7', 'RA Res.48',
    ]);
  });

  it('reads the editions of RA resolutions and the other subjects', async () => {
    const rows = (await load()).rows;
    expect(refs(rows.find((r) => r.subject === 'Regional preparations of conferences')!)).toEqual(['PP Res.58', 'WTSA Res.43', 'WTDC Res.31', 'RA Res.2-7']);
    expect(refs(rows.find((r) => r.subject === 'ITU publications')!)).toEqual(['PP Res.66', 'PP Res.175', 'WTSA Res.70', 'RA Res.12-1', 'RA Res.19-4']);
    expect(refs(rows.find((r) => r.subject === 'Alternative calling procedures')!)).toEqual(['PP Res.21', 'WTSA Res.20', 'WTSA Res.29', 'WTSA Res.65', 'WTDC Res.22']);
  });

  it("keeps Table 2's row of Resolution 2 with no related resolution, its flattened revision kept as written", async () => {
    const row = (await load()).rows.find((r) => r.table === 2 && r.resolutions[0]?.ref.number === '2')!;
    expect(row.resolutions).toEqual([{
      ref: { sector: 'PP', number: '2', edition: null, revision: null, rev: false },
      written: 'RESOLUTION 2 (REV. DUBAIBUSAN, 20184)',
      title: 'World telecommunication/information and communication technology policy forum',
      extracts: [], unreadRevision: 'REV. DUBAIBUSAN, 20184',
    }]);
  });

  it("quotes Table 2's related resolutions of PP Resolution 21 with their headings, titles and extracts", async () => {
    const row = (await load()).rows.find((r) => r.table === 2 && r.resolutions[0]?.ref.number === '21')!;
    expect(refs(row)).toEqual(['PP Res.21', 'WTSA Res.29 (Rev. Hammamet, 2016)', 'WTSA Res.65 (Rev. Hammamet, 2016)', 'WTSA Res.20 (Rev. Hammamet, 2016)', 'WTDC Res.22 (Rev. Buenos Aires, 2017)']);
    const [, r29, r65, r20, wtdc22] = row.resolutions;
    expect(r29).toMatchObject({ written: 'RESOLUTION 29 (Rev. Hammamet, 2016)', title: 'Alternative calling procedures on international telecommunication networks' });
    expect(r29.extracts[0]).toBe('instructs the Director of the Telecommunication Standardization Bureau');
    expect(r65.extracts).toContain('resolves');
    expect(r20).toMatchObject({ written: 'Resolution 20 (Rev. Hammamet, 2016)', title: 'Procedures for allocation and management of international telecommunication numbering, naming, addressing and identification resources' });
    expect(r20.extracts[0]).toBe('resolves to instruct');
    expect(r20.extracts[1]).toMatch(/^1\tthe Director of TSB, before assigning/);
    expect(wtdc22.title).toMatch(/^Alternative calling procedures on international telecommunication networks, identification of origin/);
    expect(wtdc22.extracts[wtdc22.extracts.length - 1]).toMatch(/^to continue to cooperate with the Director of the Telecommunication Standardization Bureau/);
  });
});

describe('any table laid out like a mapping', () => {
  const table = async (text: string): Promise<PMNode> => importDocument(text, { format: 'text' });

  it('reads columns by their header cells, in any order, and keeps unreadable text listed', async () => {
    const doc = await table([
      'Streamlining.', '',
      '\tRA Resolutions', '\tTopic', '\tPP Resolutions', '',
      '\tRA Res.Res.9', 'Monitoring of emissions', '\tSpectrum monitoring', '\tPP Res.Res.10', 'PP Res 11', '',
      '\tinformal text', 'RA Res.47-2', '\tPrivileges', '\tRes. 130 (Rev. Dubai, 2018)', '',
      'After.',
    ].join('\n'));
    const m = readMapping(doc);
    expect(m.rows.map((r) => [r.subject, refs(r)])).toEqual([
      ['Spectrum monitoring', ['RA Res.9', 'PP Res.10', 'PP Res.11']],
      ['Privileges', ['RA Res.47-2', 'PP Res.130 (Rev. Dubai, 2018)']],
    ]);
    // A capitalised line after a bare reference in its cell is its title; a cell starting with words is listed.
    expect(m.rows[0].resolutions[0].title).toBe('Monitoring of emissions');
    expect(m.unparsed).toEqual([{ table: 1, row: 2, sector: 'RA', text: 'informal text', reason: 'not a resolution reference' }]);
  });

  it('reads a markdown table, several references in one cell paragraph', async () => {
    const doc = await importDocument([
      'Intro.', '',
      '| Subject area | PP Resolution | WTSA Resolution | RA Resolution |', '|---|---|---|---|',
      '| Regional presence | PP Res.25<br>PP Res.123 | WTSA Res.18, 44 and 54 | RA Res.Res.7 |', '', 'After.',
    ].join('\n'), { format: 'markdown' });
    expect(readMapping(doc).rows.map((r) => [r.subject, refs(r)])).toEqual([
      ['Regional presence', ['PP Res.25', 'PP Res.123', 'WTSA Res.18', 'WTSA Res.44', 'WTSA Res.54', 'RA Res.7']],
    ]);
  });

  it('reads a .docx table with a quoted resolution in a cell', async () => {
    const cell = (...paragraphs: string[]) => `<w:tc>${paragraphs.map((p) => para(p)).join('')}</w:tc>`;
    const row = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;
    const docx = handmadeDocx(para('Table 2 \u2013 Detailed Mapping of Resolutions') + `<w:tbl>${[
      row(cell('PP Resolutions'), cell('WTDC Resolutions')),
      row(cell('RESOLUTION 25 (Rev. Dubai, 2018)', 'Strengthening the regional presence'),
        cell('RESOLUTION 17 (Rev. Kigali, 2022)', 'Implementation of regional initiatives', 'resolves', '1\tthat the regional initiatives be implemented;')),
    ].join('')}</w:tbl>` + para('After.'));
    const m = readMapping(await importDocument(docx, { format: 'docx' }));
    expect(m.rows.map(refs)).toEqual([['PP Res.25 (Rev. Dubai, 2018)', 'WTDC Res.17 (Rev. Kigali, 2022)']]);
    expect(m.rows[0].resolutions[1]).toMatchObject({ title: 'Implementation of regional initiatives', extracts: ['resolves', '1\tthat the regional initiatives be implemented;'] });
  });

  it('ignores tables with fewer than two Sector columns', async () => {
    const doc = await table(['\tAction', '\tPP Resolution', '', '\tMOD', '\tPP Res.21', '', 'After.'].join('\n'));
    expect(readMapping(doc)).toEqual({ rows: [], unparsed: [] });
  });
});

describe('property', () => {
  // Tables in the one-cell-per-line encoding with the Sector columns in any order, a subject column
  // somewhere, and each cell listing references in the forms the mapping writes.
  const forms = [(s: Sector, n: number) => `${s} Res.${n}`, (s: Sector, n: number) => `${s} Res ${n}`, (s: Sector, n: number) => `${s} Res.Res.${n}`, (s: Sector, n: number) => `${s}\u00a0Res. ${n}`];
  const table = fc.record({
    columns: fc.shuffledSubarray([...SECTORS], { minLength: 2 }),
    subjectAt: fc.nat(),
    rows: fc.array(fc.record({
      subject: fc.stringMatching(/^[A-Z][a-z]{2,8}(?: [a-z]{2,8}){0,3}$/),
      cells: fc.array(fc.array(fc.record({ n: fc.integer({ min: 1, max: 300 }), form: fc.nat(forms.length - 1) }), { maxLength: 4 }), { minLength: 4, maxLength: 4 }),
    }), { minLength: 1, maxLength: 6 }),
  });

  it('reads every reference of every row under its column, whatever the column order', async () => {
    await fc.assert(fc.asyncProperty(table, async ({ columns, subjectAt, rows }) => {
      const header: (Sector | 'subject')[] = [...columns];
      header.splice(subjectAt % (columns.length + 1), 0, 'subject');
      const lines = ['Table 1 \u2013 Summary', ...header.map((h) => `\t${h === 'subject' ? 'Subject area' : `${h} Resolution`}`), ''];
      const expected: [string, string[]][] = [];
      for (const row of rows) {
        const refs: string[] = [];
        let c = 0;
        for (const h of header) {
          if (h === 'subject') {
            lines.push(`\t${row.subject}`);
            continue;
          }
          const cell = row.cells[c++];
          if (!cell.length) lines.push('\t');
          cell.forEach((r, i) => lines.push(`${i === 0 ? '\t' : ''}${forms[r.form](h, r.n)}`));
          refs.push(...cell.map((r) => `${h} Res.${r.n}`));
        }
        lines.push('');
        expected.push([row.subject, refs]);
      }
      lines.push('After the table.');
      const m = readMapping(await importDocument(lines.join('\n'), { format: 'text' }));
      expect(m.unparsed).toEqual([]);
      expect(m.rows.map((r) => [r.subject, refs(r)])).toEqual(expected);
    }), { numRuns: 60 });
  });
});
