// Conversion debris in text and markdown extractions of Word files, dropped before anything is
// read and counted in the import report: Word field codes shown as text (` HYPERLINK "url"`,
// ` PAGEREF _Toc123 \h`), lines that are only a file path or a template or document file name,
// lines that are only image file names, and page footers set between private-use characters
// (a Symbol-font glyph, U+F0B7 ... U+F0B7). Rules follow the encodings, not particular files.
import type { ReportCollector } from './report';

const FIELD_NAMES = [
  'HYPERLINK', 'PAGEREF', 'NOTEREF', 'REF', 'STYLEREF', 'TOC', 'TC', 'SEQ', 'INCLUDEPICTURE', 'INCLUDETEXT',
  'MERGEFIELD', 'DOCPROPERTY', 'DOCVARIABLE', 'FILENAME', 'NUMPAGES', 'PAGE', 'SECTIONPAGES', 'DATE', 'TIME',
  'CREATEDATE', 'SAVEDATE', 'PRINTDATE', 'FORMTEXT', 'FORMCHECKBOX', 'FORMDROPDOWN', 'SYMBOL', 'XE', 'INDEX', 'ADDIN',
];
// A switch (`\h`, `\* MERGEFORMAT`, `\@ "d MMMM yyyy"`), a quoted argument or a bookmark name (`_Toc123`),
// optionally after one bare word (`SEQ Table \* ARABIC`).
const ARG = String.raw`(?:[A-Za-z][\w.]*[ \u00a0]+)?(?:"[^"\n]*"|\\[a-zA-Z*@#!](?:[ \u00a0]+(?:MERGEFORMAT|CHARFORMAT|ARABIC|Arabic|ROMAN|roman|ALPHABETIC|alphabetic|Upper|Lower|Caps|FirstCap))?|_[A-Za-z]+\d+)`;
// The code as Word shows it with field codes on (`{ PAGEREF _Toc1 \h }`) or as a conversion leaves it (no braces).
const FIELD = new RegExp(String.raw`[ \u00a0]?(?:\{[ \u00a0]*)?(?<![\w-])(?:${FIELD_NAMES.join('|')})(?:[ \u00a0]+${ARG})+(?:[ \u00a0]*\})?[ \u00a0]?`, 'g');

const PRIVATE_USE = /[\ue000-\uf8ff]/;
// A page footer set between Symbol-font glyphs: it opens with one and has another further on
// (`U+F0B7 www.itu.int/plenipotentiary U+F0B7`), or is glyphs only. One glyph opening a line is a bullet.
const FOOTER = /^[\ue000-\uf8ff][^\ue000-\uf8ff]*[\ue000-\uf8ff]|^[\ue000-\uf8ff\s]+$/;

const WORD_FILE = String.raw`\.(?:dotx?|dotm|docx?|docm|rtf|odt)`;
// A path with a drive or share (segments may hold spaces), a relative path without spaces, or a bare Word/template file name.
const PATH = new RegExp(String.raw`^(?:(?:[A-Za-z]:|\\\\[^\\\s]+)\\[^\t"<>|*?]*|(?:[^\s\\/"<>|*?]+[\\/])+[^\s\\/"<>|*?]*|[\w\-.()]+${WORD_FILE})$`, 'i');
const HAS_WORD_FILE = new RegExp(`${WORD_FILE}$`, 'i');
const IMAGE_EXT = String.raw`\.(?:png|jpe?g|gif|bmp|emf|wmf|tiff?|svg|eps|wdp)`;
// One or more image file names (`image1.png`, `Picture 3.jpg`) and nothing else.
const IMAGES = new RegExp(String.raw`^(?:[\w\-()]+(?: \d+)?${IMAGE_EXT}(?:[ \t,;]+|$))+$`, 'i');
const IMAGE_NAME = new RegExp(`${IMAGE_EXT}(?=$|[ \\t,;])`, 'gi');

/** What a whole line is, when it is debris. */
function lineDebris(text: string): 'footer' | 'template line' | 'image name' | null {
  if (!text) return null;
  if (text.length <= 200 && PRIVATE_USE.test(text) && FOOTER.test(text)) return 'footer';
  if (text.length <= 400 && PATH.test(text) && (HAS_WORD_FILE.test(text) || /^[A-Za-z]:\\|^\\\\/.test(text))) return 'template line';
  if (text.length <= 400 && IMAGES.test(text)) return 'image name';
  return null;
}

/** The first Word field code in a text (` HYPERLINK "https://..."`), or null. */
export function findFieldCode(text: string): string | null {
  if (!/[A-Z]{2}/.test(text)) return null;
  return new RegExp(FIELD.source).exec(text)?.[0] ?? null;
}

/** Removes the Word field codes in a line; returns the line and how many were removed. */
export function stripFieldCodes(line: string): { text: string; count: number } {
  if (!/[A-Z]{2}/.test(line)) return { text: line, count: 0 };
  let count = 0;
  const text = line.replace(FIELD, (match, offset: number, whole: string) => {
    count++;
    // Keep one space between the words the code stood between.
    const before = offset > 0 && !/\s$/.test(whole.slice(0, offset));
    const after = offset + match.length < whole.length && !/^\s/.test(whole.slice(offset + match.length));
    return before && after ? ' ' : '';
  });
  return { text, count };
}

/**
 * The lines without their debris: field codes cut out of the lines, debris lines left out.
 * `lineNos` gives each kept line's 1-based number in the input.
 */
export function dropDebris(lines: readonly string[], report: ReportCollector): { lines: string[]; lineNos: number[] } {
  const out: string[] = [];
  const lineNos: number[] = [];
  lines.forEach((raw, i) => {
    const { text, count } = stripFieldCodes(raw);
    report.drop('field code', count);
    const trimmed = text.trim();
    const kind = lineDebris(trimmed);
    if (kind) {
      report.drop(kind, kind === 'image name' ? trimmed.match(IMAGE_NAME)!.length : 1);
      // A cell that held only debris stays an empty cell.
      if (/^[ \u00a0]*\t/.test(text)) {
        out.push('\t');
        lineNos.push(i + 1);
      }
      return;
    }
    // A line that held only a field code is dropped, not kept as a blank line.
    if (count && !trimmed && /\S/.test(raw)) return;
    out.push(text);
    lineNos.push(i + 1);
  });
  return { lines: out, lineNos };
}
