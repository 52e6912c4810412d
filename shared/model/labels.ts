// Item labels (`a)`, `1`, `ii)`, `–`): reading the label of an item and computing the one that follows.
import type { Node as PMNode } from 'prosemirror-model';

const MAX_LABEL = 8;

/** The label of an item: its text before the first tab, when that is short enough to be a label. */
export function itemLabel(item: PMNode): string | null {
  const text = item.textContent;
  const tab = text.indexOf('\t');
  if (tab <= 0 || tab > MAX_LABEL) return null;
  return text.slice(0, tab).trim() || null;
}

const ROMAN: [string, number][] = [
  ['m', 1000], ['cm', 900], ['d', 500], ['cd', 400], ['c', 100], ['xc', 90],
  ['l', 50], ['xl', 40], ['x', 10], ['ix', 9], ['v', 5], ['iv', 4], ['i', 1],
];

function fromRoman(s: string): number | null {
  if (!/^[ivxlcdm]+$/.test(s)) return null;
  let rest = s;
  let n = 0;
  for (const [sym, val] of ROMAN) {
    while (rest.startsWith(sym)) {
      n += val;
      rest = rest.slice(sym.length);
    }
  }
  return rest === '' && toRoman(n) === s ? n : null;
}

function toRoman(n: number): string {
  let out = '';
  for (const [sym, val] of ROMAN) {
    while (n >= val) {
      out += sym;
      n -= val;
    }
  }
  return out;
}

/** `a` -> `b`, `z` -> `aa` (spreadsheet-style), keeping the letter case. */
function nextLetters(s: string): string {
  const upper = s === s.toUpperCase();
  const lower = s.toLowerCase();
  let n = 0;
  for (const ch of lower) n = n * 26 + (ch.charCodeAt(0) - 96);
  n++;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(97 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return upper ? out.toUpperCase() : out;
}

const LABEL = /^(\(?)([a-zA-Z]+|\d+)([).]?)$/;

/** A label split into its opening parenthesis, its body (`b`, `12`, `iv`) and its closing `)` or `.`; null for dashes and other labels. */
export function parseLabel(label: string): { open: string; body: string; close: string } | null {
  const match = LABEL.exec(label);
  return match ? { open: match[1], body: match[2], close: match[3] } : null;
}

/**
 * The label following `label` in its sequence: `a)` -> `b)`, `9` -> `10`, `iv)` -> `v)`,
 * `–` -> `–`. Single-letter labels that are also roman numerals (`i)`, `v)`) count as roman
 * only in sub-items (level > 0), where the ITU numbers with i), ii), iii). Unknown labels
 * are repeated as they are.
 */
export function nextLabel(label: string, level = 0): string {
  const match = LABEL.exec(label);
  if (!match) return label;
  const [, open, body, close] = match;
  let next: string;
  if (/^\d+$/.test(body)) {
    next = String(Number(body) + 1);
  } else {
    const roman = fromRoman(body.toLowerCase());
    const preferRoman = roman !== null && (body.length > 1 || level > 0);
    if (preferRoman) {
      next = toRoman(roman + 1);
      if (body === body.toUpperCase()) next = next.toUpperCase();
    } else {
      next = nextLetters(body);
    }
  }
  return `${open}${next}${close}`;
}

const OPERATIVE = /^(further |also )?(resolves|decides|instructs|invites|requests|encourages|calls upon|urges|recommends)/i;

/** The label that starts a list after a call heading: `1` in operative parts, `a)` in the preamble. */
export function firstLabel(callHeading: string | null, level = 0): string {
  if (level > 0) return 'i)';
  return callHeading && OPERATIVE.test(callHeading.trim()) ? '1' : 'a)';
}
