// References to resolutions as ITU documents write them, normalised to (sector, number, edition,
// revision): `PP Res.21`, `WTSA Res 29`, `RA Res.Res.7`, `RA Res.47-2` (Resolution ITU-R 47,
// edition 2), `Res. 130 (Rev. Dubai, 2018)`, `RESOLUTION 11 (REV. ANTALYA, 2006)`,
// `Resolution 22 (Rev. Buenos Aires 2017)`, `Resolution ITU-R 2-7`. One module for the
// cross-Sector mapping, the lint on outdated citations and the citation update. Pure.
import type { Revision } from './citations';

/** The ITU bodies whose resolutions cite and streamline each other. */
export const SECTORS = ['PP', 'WTSA', 'WTDC', 'RA'] as const;
export type Sector = (typeof SECTORS)[number];

export interface ResolutionRef {
  /** The body that adopted it, or null when the reference does not say (and its revision does not tell). */
  sector: Sector | null;
  /** The number as printed, without an edition (`130`, `47`, `2`). */
  number: string;
  /** A Radiocommunication Assembly resolution's edition (`47-2` -> 2), or null. */
  edition: number | null;
  /** The conference of the revision cited (`Rev. Dubai, 2018` or `Kyoto, 1994`), or null. */
  revision: Revision | null;
  /** Whether the revision was written `Rev.` (a revised resolution), false for none or an original. */
  rev: boolean;
}

/** A reference that could not be read, kept as written. */
export interface UnparsedRef {
  text: string;
  reason: string;
}

const SECTOR_NAMES: [RegExp, Sector][] = [
  [/^(?:PP|Plenipotentiary(?:\s+Conference)?)$/i, 'PP'],
  [/^(?:WTSA|World\s+Telecommunication\s+Standardi[sz]ation\s+Assembly)$/i, 'WTSA'],
  [/^(?:WTDC|World\s+Telecommunication\s+Development\s+Conference)$/i, 'WTDC'],
  [/^(?:RA|Radiocommunication\s+Assembly)$/i, 'RA'],
];

/** `PP`, `Plenipotentiary Conference`, `WTSA Resolutions` ... -> the sector, or null. */
export function sectorOf(name: string): Sector | null {
  const plain = name.replace(/[\s\u00a0]+/g, ' ').trim().replace(/^the\s+/i, '').replace(/\s+Resolutions?$/i, '').replace(/[-\u2011]\d{2,4}$/, '');
  return SECTOR_NAMES.find(([test]) => test.test(plain))?.[1] ?? null;
}

// Where and when each body met (public ITU history): a revision names its sector when the
// reference does not (`Res. 130 (Rev. Dubai, 2018)` is the Plenipotentiary's).
const CONFERENCES: Record<Sector, [string, number][]> = {
  PP: [['Nice', 1989], ['Geneva', 1992], ['Kyoto', 1994], ['Minneapolis', 1998], ['Marrakesh', 2002], ['Antalya', 2006], ['Guadalajara', 2010], ['Busan', 2014], ['Dubai', 2018], ['Bucharest', 2022], ['Doha', 2026]],
  WTSA: [['Helsinki', 1993], ['Geneva', 1996], ['Montreal', 2000], ['Florianópolis', 2004], ['Johannesburg', 2008], ['Dubai', 2012], ['Hammamet', 2016], ['Geneva', 2022], ['New Delhi', 2024]],
  WTDC: [['Buenos Aires', 1994], ['Valletta', 1998], ['Istanbul', 2002], ['Doha', 2006], ['Hyderabad', 2010], ['Dubai', 2014], ['Buenos Aires', 2017], ['Kigali', 2022], ['Baku', 2025]],
  RA: [['Geneva', 1993], ['Geneva', 1995], ['Geneva', 1997], ['Istanbul', 2000], ['Geneva', 2003], ['Geneva', 2007], ['Geneva', 2012], ['Geneva', 2015], ['Sharm el-Sheikh', 2019], ['Dubai', 2023]],
};

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[\s\u00a0\u2011-]+/g, ' ').trim().toLowerCase();

/** The sector whose conference met at this place in this year, when exactly one did. */
export function sectorOfRevision(revision: Revision): Sector | null {
  const found = SECTORS.filter((s) => CONFERENCES[s].some(([place, year]) => year === revision.year && fold(place) === fold(revision.place)));
  return found.length === 1 ? found[0] : null;
}

/** Place names as printed in capitals (`BUENOS AIRES`, `dUBAI`) in the usual case (`Buenos Aires`). */
export function normalPlace(place: string): string {
  const plain = place.replace(/[\s\u00a0]+/g, ' ').trim();
  const odd = plain === plain.toUpperCase() || /^\p{Ll}\p{Lu}/u.test(plain);
  if (!odd) return plain;
  return plain.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase())
    .replace(/\b(El|De|Del|La)\b(?=[\s-])/g, (w) => w.toLowerCase());
}

// [sector] Res[.] [Res.] [ITU-R] N[-edition] [(revision)]
const SECTOR_WORD = '(PP|WTSA|WTDC|RA|Plenipotentiary(?:\\s+Conference)?|World\\s+Telecommunication\\s+Standardi[sz]ation\\s+Assembly|World\\s+Telecommunication\\s+Development\\s+Conference|Radiocommunication\\s+Assembly)';
const RES_WORD = '(?:Res(?:olution)?s?\\.?\\s*)';
const REF = new RegExp(
  `^(?:${SECTOR_WORD}[\\s\\u00a0]*)?(?:${RES_WORD})+(?:No\\.?\\s*)?(?:(ITU[-\\u2011]([RTD]))[\\s\\u00a0]+)?(\\d+[A-Z]?)(?:[-\\u2011](\\d+))?`
  + '[\\s\\u00a0]*(?:\\(([^()]*)\\))?',
  'i',
);
const REVISION = /^\s*(Rev\.?\s*)?([^\d(),][^\d(),]*?)\s*,?\s*(\d{4})\s*$/i;
const ITU_LETTER: Record<string, Sector> = { R: 'RA', T: 'WTSA', D: 'WTDC' };

/** Reads the revision inside the parentheses (`Rev. Dubai, 2018`, `KYOTO, 1994`, `Rev. Buenos Aires 2017`). */
export function parseRevision(inside: string): { revision: Revision; rev: boolean } | null {
  const m = REVISION.exec(inside.replace(/\u00a0/g, ' '));
  if (!m) return null;
  return { revision: { place: normalPlace(m[2]), year: Number(m[3]) }, rev: !!m[1] };
}

/**
 * A reference read: `rest` is what follows it, `titled` when a dash or colon set it off (a
 * heading's title: `Resolution 20 (Rev. Hammamet, 2016) - Procedures ...`); `unreadRevision` the text in its parentheses when
 * that is no revision (a flattened tracked change such as `REV. DUBAIBUSAN, 20184`): the
 * reference is kept without a revision.
 */
export type ParseResult = { ok: true; ref: ResolutionRef; rest: string; titled: boolean; unreadRevision?: string } | { ok: false; error: UnparsedRef };

/**
 * Reads a reference at the start of `text`; `rest` is what follows it (a heading's title after
 * ` - `). `sector` is the sector to assume when the text names none (a Table 2 column).
 */
export function parseResolutionRef(text: string, sector: Sector | null = null): ParseResult {
  const written = text.replace(/[\s\u00a0]+/g, ' ').trim();
  const m = REF.exec(written);
  if (!m) return { ok: false, error: { text: written, reason: 'not a resolution reference' } };
  const [whole, sectorWord, itu, letter, number, edition, inside] = m;
  let revision: Revision | null = null;
  let rev = false;
  const parsed = inside !== undefined ? parseRevision(inside) : null;
  if (parsed) ({ revision, rev } = parsed);
  const named = sectorWord ? sectorOf(sectorWord) : itu ? ITU_LETTER[letter.toUpperCase()] : null;
  const ref: ResolutionRef = {
    sector: named ?? sector ?? (revision ? sectorOfRevision(revision) : null),
    number: number.toUpperCase(), edition: edition !== undefined ? Number(edition) : null, revision, rev,
  };
  const after = written.slice(whole.length);
  const rest = after.replace(/^\s*[-\u2013\u2014:]\s*/, '').trim();
  const titled = rest !== '' && rest !== after.trim();
  return inside !== undefined && !parsed ? { ok: true, ref, rest, titled, unreadRevision: inside.trim() } : { ok: true, ref, rest, titled };
}

/** Reads a whole text as one reference (nothing may follow it), or null. */
export function resolutionRef(text: string, sector: Sector | null = null): ResolutionRef | null {
  const read = parseResolutionRef(text, sector);
  return read.ok && !read.rest ? read.ref : null;
}

/** The canonical form: `PP Res.130 (Rev. Dubai, 2018)`, `RA Res.47-2`, `Res.5 (Kyoto, 1994)`. */
export function formatResolutionRef(ref: ResolutionRef): string {
  const head = `${ref.sector ? `${ref.sector} ` : ''}Res.${ref.number}${ref.edition !== null ? `-${ref.edition}` : ''}`;
  if (!ref.revision) return head;
  return `${head} (${ref.rev ? 'Rev. ' : ''}${ref.revision.place}, ${ref.revision.year})`;
}

/** The key of a resolution whatever its edition or revision: `PP 130`. */
export function refKey(ref: Pick<ResolutionRef, 'sector' | 'number'>): string {
  return `${ref.sector ?? '?'} ${ref.number}`;
}

/** Whether revision `a` is older than `b` (by year; the same year is not older). */
export function olderRevision(a: Revision, b: Revision): boolean {
  return a.year < b.year;
}

/** Same place, compared without case, accents or spacing. */
export function samePlace(a: string, b: string): boolean {
  return fold(a) === fold(b);
}

/** Splits at separators outside parentheses: commas, semicolons, line breaks, `<br>`, ` and `, ` & `. */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const sep = /^(?:<br\s*\/?>|[,;\n]|\s+(?:and|&)\s+)/i;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      const m = sep.exec(text.slice(i));
      if (m) {
        parts.push(text.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/**
 * A list of references in one paragraph (`PP Res.25, PP Res.123`, `WTSA Res.18; 44 and 54`,
 * `PP Res.25<br>PP Res.123`): a bare number takes the Sector of the reference before it. Null
 * unless every part is a reference.
 */
export function resolutionRefList(text: string, sector: Sector | null = null): ResolutionRef[] | null {
  const out: ResolutionRef[] = [];
  for (const part of splitList(text)) {
    const bare = /^(\d+[A-Z]?)(?:[-\u2011](\d+))?$/i.exec(part);
    const ref = bare && out.length
      ? { sector: out[out.length - 1].sector, number: bare[1].toUpperCase(), edition: bare[2] !== undefined ? Number(bare[2]) : null, revision: null, rev: false }
      : resolutionRef(part, sector);
    if (!ref) return null;
    out.push(ref);
  }
  return out.length ? out : null;
}
