// The reference normaliser (shared/model/resolution-refs.ts): the forms the ITU documents write,
// what cannot be read, and a property writing random references in every form and reading them back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatResolutionRef, parseResolutionRef, resolutionRef, resolutionRefList, samePlace, sectorOf, sectorOfRevision, SECTORS,
  type ResolutionRef, type Sector,
} from '../../shared/model/resolution-refs';

const ref = (sector: Sector | null, number: string, edition: number | null = null, revision: [string, number] | null = null, rev = false): ResolutionRef =>
  ({ sector, number, edition, revision: revision ? { place: revision[0], year: revision[1] } : null, rev });

describe('the forms of the mapping documents', () => {
  it.each([
    ['PP Res.21', ref('PP', '21')],
    ['WTSA Res 29', ref('WTSA', '29')],
    ['WTSA Res.65', ref('WTSA', '65')],
    ['RA Res.Res.7', ref('RA', '7')],
    ['RA Res.47-2', ref('RA', '47', 2)],
    ['RA Res.Res.2-7', ref('RA', '2', 7)],
    ['Resolution ITU-R 12-1', ref('RA', '12', 1)],
    ['Res. 130 (Rev. Dubai, 2018)', ref('PP', '130', null, ['Dubai', 2018], true)],
    ['RESOLUTION 11 (REV. ANTALYA, 2006)', ref('PP', '11', null, ['Antalya', 2006], true)],
    ['RESOLUTION 5 (KYOTO, 1994)', ref('PP', '5', null, ['Kyoto', 1994])],
    ['RESOLUTION\u00a022 (Rev. Buenos Aires 2017)', ref('WTDC', '22', null, ['Buenos Aires', 2017], true)],
    ['Resolution 65 (Rev. Hammamet, 2016)', ref('WTSA', '65', null, ['Hammamet', 2016], true)],
    ['Resolution 30 (Rev. Dubai, 2014)', ref('WTDC', '30', null, ['Dubai', 2014], true)],
    ['Resolution 18 (Rev. Geneva, 2015)', ref('RA', '18', null, ['Geneva', 2015], true)],
  ])('%s', (text, expected) => {
    expect(resolutionRef(text)).toEqual(expected);
  });

  it('takes the sector of the column when the text names none and its revision does not tell', () => {
    expect(resolutionRef('Resolution 7', 'WTDC')).toEqual(ref('WTDC', '7'));
    expect(resolutionRef('Resolution 7 (Rev. Geneva, 2022)', null)?.sector).toBe('WTSA');
    // A sector named in the text wins over the column's.
    expect(resolutionRef('PP Res.7', 'WTDC')?.sector).toBe('PP');
  });

  it('reads a heading with its title after a dash, and keeps a flattened revision as unread', () => {
    const heading = parseResolutionRef('Resolution 20 (Rev. Hammamet, 2016) - Procedures for allocation', 'WTSA');
    expect(heading).toMatchObject({ ok: true, ref: ref('WTSA', '20', null, ['Hammamet', 2016], true), rest: 'Procedures for allocation', titled: true });
    const flattened = parseResolutionRef('RESOLUTION 2 (REV. DUBAIBUSAN, 20184)', 'PP');
    expect(flattened).toEqual({ ok: true, ref: ref('PP', '2'), rest: '', titled: false, unreadRevision: 'REV. DUBAIBUSAN, 20184' });
  });

  it('refuses what is no reference, with the text kept', () => {
    for (const text of ['resolves', 'Research 5', 'instructs the Director', '', 'PP Resolution']) {
      const parsed = parseResolutionRef(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.text).toBe(text);
    }
    expect(resolutionRef('PP Res.21 and more words')).toBeNull();
  });

  it('reads lists of references in one paragraph, bare numbers taking the Sector before them', () => {
    const list = (text: string, sector: Sector | null = null) => resolutionRefList(text, sector)?.map(formatResolutionRef) ?? null;
    expect(list('PP Res.25, PP Res.123')).toEqual(['PP Res.25', 'PP Res.123']);
    expect(list('WTSA Res.18; 44 and 54')).toEqual(['WTSA Res.18', 'WTSA Res.44', 'WTSA Res.54']);
    expect(list('PP Res.25<br>PP Res.123')).toEqual(['PP Res.25', 'PP Res.123']);
    expect(list('Resolutions 12-1 & 19-4', 'RA')).toEqual(['RA Res.12-1', 'RA Res.19-4']);
    expect(list('Res. 130 (Rev. Dubai, 2018), WTDC Res.30')).toEqual(['PP Res.130 (Rev. Dubai, 2018)', 'WTDC Res.30']);
    expect(list('PP Res.25, see below')).toBeNull();
    expect(list('18, 44')).toBeNull();
  });

  it('names sectors by their short and full names and by column headers', () => {
    expect(['PP Resolutions', 'WTSA Resolution', 'the World Telecommunication Development Conference', 'Radiocommunication Assembly', 'WTDC-17', 'Subject area'].map(sectorOf))
      .toEqual(['PP', 'WTSA', 'WTDC', 'RA', 'WTDC', null]);
    expect(sectorOfRevision({ place: 'Dubai', year: 2018 })).toBe('PP');
    expect(sectorOfRevision({ place: 'Florianopolis', year: 2004 })).toBe('WTSA');
    expect(sectorOfRevision({ place: 'Nowhere', year: 2018 })).toBeNull();
  });
});

describe('round trip', () => {
  const places = ['Dubai', 'Buenos Aires', 'Sharm el-Sheikh', 'Hammamet', 'Kyoto', 'Geneva', 'Florianópolis', 'Hyderabad'];
  const refs = fc.record({
    sector: fc.constantFrom<Sector | null>(...SECTORS, null),
    number: fc.integer({ min: 1, max: 999 }).map(String),
    edition: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
    revision: fc.option(fc.record({ place: fc.constantFrom(...places), year: fc.integer({ min: 1989, max: 2030 }) }), { nil: null }),
    rev: fc.boolean(),
  }).map((r): ResolutionRef => ({ ...r, rev: r.revision ? r.rev : false }));
  const fullName: Record<Sector, string> = {
    PP: 'Plenipotentiary Conference', WTSA: 'World Telecommunication Standardization Assembly',
    WTDC: 'World Telecommunication Development Conference', RA: 'Radiocommunication Assembly',
  };
  const written = refs.chain((r) => fc.record({
    ref: fc.constant(r),
    sector: fc.constantFrom((s: Sector) => `${s} `, (s: Sector) => s, (s: Sector) => `${fullName[s]} `, (s: Sector) => `${s}\u00a0`),
    res: fc.constantFrom('Res.', 'Res ', 'Res. ', 'Res.Res.', 'Resolution ', 'RESOLUTION ', 'Resolution\u00a0', 'Res.No. '),
    revision: fc.constantFrom(
      (p: string, y: number, rev: boolean) => `(${rev ? 'Rev. ' : ''}${p}, ${y})`,
      (p: string, y: number, rev: boolean) => `(${rev ? 'REV. ' : ''}${p.toUpperCase()}, ${y})`,
      (p: string, y: number, rev: boolean) => `(${rev ? 'Rev.' : ''}${p} ${y})`,
      (p: string, y: number, rev: boolean) => `(${rev ? 'Rev.\u00a0' : ''}${p},\u00a0${y})`,
    ),
    space: fc.constantFrom(' ', '\u00a0', ''),
  }));

  const same = (a: ResolutionRef | null, b: ResolutionRef) => {
    expect(a).not.toBeNull();
    expect({ ...a!, revision: a!.revision?.year ?? null }).toEqual({ ...b, revision: b.revision?.year ?? null });
    if (b.revision) expect(samePlace(a!.revision!.place, b.revision.place)).toBe(true);
  };

  it('reads every written form of a reference back to it', () => {
    fc.assert(fc.property(written, ({ ref: r, sector, res, revision, space }) => {
      const head = `${r.sector ? sector(r.sector) : ''}${res}${r.number}${r.edition !== null ? `-${r.edition}` : ''}`;
      const text = r.revision ? `${head}${space}${revision(r.revision.place, r.revision.year, r.rev)}` : head;
      const expected = { ...r, sector: r.sector ?? (r.revision ? sectorOfRevision(r.revision) : null) };
      same(resolutionRef(text), expected);
    }), { numRuns: 500 });
  });

  it('reads the canonical form back to the same reference', () => {
    fc.assert(fc.property(refs, (r) => {
      const expected = { ...r, sector: r.sector ?? (r.revision ? sectorOfRevision(r.revision) : null) };
      same(resolutionRef(formatResolutionRef(r)), expected);
      expect(formatResolutionRef(resolutionRef(formatResolutionRef(expected))!)).toBe(formatResolutionRef(expected));
    }), { numRuns: 300 });
  });
});
