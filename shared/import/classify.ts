// The line classifier: what one source line is in an ITU document (action line, number line,
// call heading, labelled item ...). It reads plain text only and knows nothing of the tree;
// text and markdown share it. General rules, no file-specific cases.
import type { Action, CoverFieldName, ResolutionKind } from '../schema';
import type { SourceLine } from './lines';
import { callHeadingText, coverField } from './patterns';

export type LabelKind = 'letter' | 'roman' | 'number' | 'dash';

export type LineKind =
  | { type: 'separator' }
  | { type: 'ecp'; heading: string }
  | { type: 'action'; action: Action; ref: string }
  | { type: 'number'; kind: ResolutionKind; number: string }
  | { type: 'reasons'; start: number }
  /** `label` is the label as typed ([from, to) in the text) or given by a markdown marker; the text starts at `start`. */
  | { type: 'item'; label: string; labelFrom: number; labelTo: number; start: number; labelKind: LabelKind }
  | { type: 'heading'; level: number }
  | { type: 'cover'; name: CoverFieldName; labelOnly: boolean }
  | { type: 'conference' }
  | { type: 'call' }
  | { type: 'row' }
  /** A block built by the format's reader (SourceLine.node). */
  | { type: 'node' }
  | { type: 'plain' };

const SEPARATOR = /^(?:\*[ \t]*){3,}$|^(?:[_\u2014\u2013=-][ \t]*){3,}$/;
// A group heading such as `ECP-1:`, `ACP-3/2:`, `IAP-12:`; the hyphen tells it from `ANNEX 2:` or `PART 1:`.
const ECP = /^([A-Z]{2,6}[-\u2011]\d+[A-Z]?(?:\/\d+)?)[ \t\u00a0]*:[ \t\u00a0]*(\S[^]*)$/;
const REF = '[A-Z][A-Z0-9\\u2011-]*\\/[A-Z0-9]+\\/\\d+[A-Za-z]?';
const ACTION = new RegExp(`^(MOD|\\(MOD\\)|ADD\\*?|SUP\\*?|NOC)(?:[ \\t\\u00a0]+(${REF}))?[ \\t\\u00a0]*$`);
const NUMBER_LINE = /^(DRAFT\s+(?:NEW\s+|REVISED\s+)?)?(?:NEW\s+|REVISED\s+)?(RESOLUTION|DECISION|RECOMMENDATION|QUESTION|OPINION)(?:\s+(\[[^\]]+\]|[\w.\/\u2011-]*\d[\w.\/\u2011-]*))?(?:\s*\([^]*\))?\s*\*?$/;
const REASONS = /^Reasons\s*:\s*/i;
const ANNEX = /^(?:ANNEX|APPENDIX|ATTACHMENT)(?:$|\s+[A-Z0-9(])|^(?:Annex|Appendix|Attachment)(?:\s+\d+|\s+[A-Z])?\s+to\s+(?:the\s+)?(?:Resolution|Decision|Recommendation|Opinion|Question)\b/;
const CONFERENCE = /^The\s[^\n]{0,200}?\b(?:Conference|Assembly|Council|Forum|Summit|Meeting)\b[^]*\([^()]*\d{4}[^()]*\)\s*[,:]?$/;

// A relabel written as revision marks or flattened by the conversion: old and new label run
// together (`~~d)~~e)` reads `d)e)`, `(b)(c)`, `2)3)`).
const RELABEL = String.raw`(?:\(?[a-z]{1,3}\)){2}|(?:\(?\d{1,3}\)){2}`;
// Bullets: dashes, bullets and the Symbol-font bullets of Word (private use U+F0A7, U+F0B7).
const DASHES = '[\\u2013\\u2014\\u2012\\-\\u2022\\u00b7\\u25aa\\u25e6\\u2219\\uf0a7\\uf0b7]';
// An item label followed by a tab (a space before the tab is tolerated).
const TAB_LABEL = new RegExp(String.raw`^(${RELABEL}|\(?[a-z]{1,4}\)|\(?[A-Z]\)|\(?\d{1,3}(?:\.\d{1,3})*[a-z]?\)?\.?|${DASHES})[ \u00a0]*\t[ \t\u00a0]*`);
// Without a tab only lettered, roman or `1)` labels count: a bare number could begin a sentence.
const SPACE_LABEL = new RegExp(String.raw`^(${RELABEL}|\(?[a-z]{1,3}\)|\d{1,3}\))[ \u00a0]+(?=\S)`);
// After a markdown bullet a bare number (`- 1 to ...`, `- 3.2 to ...`) is a label too.
const MARKED_LABEL = new RegExp(String.raw`^(${RELABEL}|\(?[a-z]{1,3}\)|\d+(?:\.\d+)*[a-z]?\)?)[ \u00a0\t]+(?=\S)`);
// Labels that make an item only inside a resolution's text (see weakItem): a bare number and a
// space (`1 to ...`, `3 that ...`, `2 the study groups ...`, `4.1 Member States ...`), or a
// flattened relabel of numbers (`1110` is the old 11 and the new 10) before a tab or a lower-case word.
const WEAK_LABEL = /^(\d{1,2}(?:\.\d{1,2})*[a-z]?)(?:[ \u00a0]+(?=[\p{L}"“‘(\[])|[ \u00a0]*\t[ \t\u00a0]*)|^(\d{3,4})(?:[ \u00a0]*\t[ \t\u00a0]*|[ \u00a0]+(?=\p{Ll}))/u;
const ROMAN = /^\(?(?:x{0,3})(?:ix|iv|v?i{0,3})\)$/;

export function classify(line: SourceLine): LineKind {
  const raw = line.text.replace(/\n/g, ' ');
  const text = raw.trim();
  const lead = raw.length - raw.trimStart().length;
  if (line.node) return { type: 'node' };
  if (line.headingLevel) return { type: 'heading', level: Math.min(line.headingLevel, 3) };
  if (SEPARATOR.test(text)) return { type: 'separator' };
  if (!line.marker) {
    const ecp = ECP.exec(text);
    if (ecp) return { type: 'ecp', heading: `${ecp[1]}: ${ecp[2].replace(/\s+/g, ' ').trim()}` };
    const action = ACTION.exec(text);
    if (action) return { type: 'action', action: action[1] as Action, ref: action[2] ?? '' };
    const number = raw.includes('\t') ? null : NUMBER_LINE.exec(text);
    if (number && (number[3] || number[1])) return { type: 'number', kind: number[2] as ResolutionKind, number: number[3] ?? '' };
    const reasons = REASONS.exec(text);
    if (reasons) return { type: 'reasons', start: lead + reasons[0].length };
  }
  const item = classifyItem(line, raw.slice(lead), lead);
  if (item) return item;
  if (ANNEX.test(text) && text.length < 200 && !/[.;,:]$/.test(text)) return { type: 'heading', level: 2 };
  const cover = coverField(text);
  if (cover) return { type: 'cover', ...cover };
  if (CONFERENCE.test(text) && text.length < 400) return { type: 'conference' };
  if (callHeadingText(text)) return { type: 'call' };
  if (raw.includes('\t') && (lead > 0 && raw.slice(0, lead).includes('\t') || text.split('\t').filter((c) => c.trim()).length >= 2)) {
    return { type: 'row' };
  }
  return { type: 'plain' };
}

function classifyItem(line: SourceLine, text: string, lead: number): LineKind | null {
  if (line.marker?.kind === 'ordered') {
    return { type: 'item', label: line.marker.label, labelFrom: lead, labelTo: lead, start: lead, labelKind: 'number' };
  }
  const m = TAB_LABEL.exec(text) ?? (line.marker ? MARKED_LABEL.exec(text) : SPACE_LABEL.exec(text));
  if (m) {
    const label = m[1];
    return { type: 'item', label, labelFrom: lead, labelTo: lead + label.length, start: lead + m[0].length, labelKind: labelKind(label) };
  }
  if (line.marker?.kind === 'bullet') {
    return { type: 'item', label: '\u2013', labelFrom: lead, labelTo: lead, start: lead, labelKind: 'dash' };
  }
  return null;
}

/**
 * The item a plain line or a row may be inside a resolution's text, where a bare number opening
 * a line is an operative item's label; null when it has no such label. The builder decides.
 */
export function weakItem(line: SourceLine, kind: LineKind): Extract<LineKind, { type: 'item' }> | null {
  if ((kind.type !== 'plain' && kind.type !== 'row') || line.marker) return null;
  const raw = line.text.replace(/\n/g, ' ');
  const lead = raw.length - raw.trimStart().length;
  const m = WEAK_LABEL.exec(raw.slice(lead));
  if (!m) return null;
  const label = m[1] ?? m[2];
  return { type: 'item', label, labelFrom: lead, labelTo: lead + label.length, start: lead + m[0].length, labelKind: 'number' };
}

function labelKind(typed: string): LabelKind {
  // A relabel (`d)e)`) is of the kind of its new label.
  const label = /^(?:\(?[a-z\d]+\)){2}$/.test(typed) ? typed.replace(/^\(?[a-z\d]+\)/, '') : typed;
  if (/^\(?\d/.test(label)) return 'number';
  if (ROMAN.test(label)) return 'roman';
  if (/^\(?[a-zA-Z]/.test(label)) return 'letter';
  return 'dash';
}
