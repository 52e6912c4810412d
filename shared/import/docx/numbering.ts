// Word's automatic list numbering (w:numPr, word/numbering.xml): the label Word would show,
// `a)`, `1`, `ii)`, or a dash for bullets, so that numbered paragraphs become items with typed
// labels as in the ITU's own files. Counters run per list and restart under a shallower level.
import type { Document, Element } from '@xmldom/xmldom';
import { elements, isW, wAttr, wChild } from './xml';

interface Level {
  format: string;
  text: string;
  start: number;
}

export class Numbering {
  /** numId -> abstractNumId and start overrides by level. */
  private readonly nums = new Map<string, { abstract: string; starts: Map<number, number> }>();
  private readonly abstracts = new Map<string, Map<number, Level>>();
  private readonly counters = new Map<string, number[]>();

  constructor(part: Document | null) {
    const root = part?.documentElement;
    if (!root) return;
    for (const el of elements(root)) {
      if (isW(el, 'abstractNum')) this.abstracts.set(wAttr(el, 'abstractNumId') ?? '', readLevels(el));
      if (isW(el, 'num')) {
        const starts = new Map<number, number>();
        for (const override of elements(el)) {
          const start = wAttr(wChild(override, 'startOverride'), 'val');
          if (isW(override, 'lvlOverride') && start !== null) starts.set(Number(wAttr(override, 'ilvl')), Number(start));
        }
        this.nums.set(wAttr(el, 'numId') ?? '', { abstract: wAttr(wChild(el, 'abstractNumId'), 'val') ?? '', starts });
      }
    }
  }

  /** The label of a paragraph with these properties (advancing its list), or null when it is not numbered. */
  label(pPr: Element | null): string | null {
    const numPr = wChild(pPr, 'numPr');
    const numId = wAttr(wChild(numPr, 'numId'), 'val');
    if (!numId || numId === '0') return null;
    const num = this.nums.get(numId);
    const levels = num && this.abstracts.get(num.abstract);
    if (!num || !levels) return null;
    const ilvl = Math.max(0, Math.min(8, Number(wAttr(wChild(numPr, 'ilvl'), 'val') ?? 0) || 0));
    const level = levels.get(ilvl);
    if (!level || level.format === 'none') return null;
    const startOf = (i: number) => num.starts.get(i) ?? levels.get(i)?.start ?? 1;
    const counters = this.counters.get(numId) ?? [];
    counters[ilvl] = (counters[ilvl] ?? startOf(ilvl) - 1) + 1;
    counters.length = ilvl + 1;
    this.counters.set(numId, counters);
    if (level.format === 'bullet') return '\u2013';
    return level.text.replace(/%([1-9])/g, (_, n: string) => {
      const i = Number(n) - 1;
      return formatNumber(counters[i] ?? startOf(i), levels.get(i)?.format ?? 'decimal');
    });
  }
}

function readLevels(abstractNum: Element): Map<number, Level> {
  const levels = new Map<number, Level>();
  for (const lvl of elements(abstractNum)) {
    if (!isW(lvl, 'lvl')) continue;
    levels.set(Number(wAttr(lvl, 'ilvl') ?? 0), {
      format: wAttr(wChild(lvl, 'numFmt'), 'val') ?? 'decimal',
      text: wAttr(wChild(lvl, 'lvlText'), 'val') ?? '',
      start: Number(wAttr(wChild(lvl, 'start'), 'val') ?? 1) || 1,
    });
  }
  return levels;
}

const ROMAN: [string, number][] = [['m', 1000], ['cm', 900], ['d', 500], ['cd', 400], ['c', 100], ['xc', 90], ['l', 50], ['xl', 40], ['x', 10], ['ix', 9], ['v', 5], ['iv', 4], ['i', 1]];

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter': case 'upperLetter': {
      // Word repeats the letter past z: aa, bb ...
      const letter = String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
      return format === 'upperLetter' ? letter.toUpperCase() : letter;
    }
    case 'lowerRoman': case 'upperRoman': {
      let rest = n, out = '';
      for (const [sym, val] of ROMAN) while (rest >= val) { out += sym; rest -= val; }
      return format === 'upperRoman' ? out.toUpperCase() : out;
    }
    default:
      return String(n);
  }
}
