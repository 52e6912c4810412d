// The word diff of a tracked restore (restore-text.ts): two textblocks as the words a reader sees,
// each edited phrase one change. Words are runs of letters and digits, runs of white space, or
// single other characters, and a word never spans two revision states (text glued to a change,
// "reviewWorld" where "review" is inserted and "World" struck through, is two words). Text a
// version has struck through (a pending deletion) is not part of what it says and is never brought
// back. Text struck through in the current block stays as it is (a text carries one deletion mark);
// where the version has that text, it comes back as new text after it, so that accepting every
// change gives the version.
// Changed words separated only by white space are one change ("big red dog" -> "small blue cat"
// is one replacement, not three), and so are two replacements around one short kept word
// ("to take part in all talks" -> "to lead all debates"). Pure: no DOM.
import { diffArrays } from 'diff';
import type { Node as PMNode } from 'prosemirror-model';
import type { Textblock } from '../model/block-text';
import { deletionMark, insertionMark } from './revision';

/** A word of a block: characters `from`-`to` of its text. */
export interface Word {
  text: string;
  from: number;
  to: number;
  /** Struck through (carries a deletion mark). */
  struck: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}_]+|\s+|[^\p{L}\p{M}\p{N}_\s]/gu;

/** The revision state of each character of the block's text, as a key, and whether it is struck. */
function states(block: Textblock): { key: string; struck: boolean }[] {
  const out: { key: string; struck: boolean }[] = [];
  const add = (node: PMNode, n: number) => {
    const ins = insertionMark(node), del = deletionMark(node);
    const state = { key: `${ins?.attrs.id ?? ''}\u0000${del?.attrs.id ?? ''}`, struck: !!del };
    for (let i = 0; i < n; i++) out.push(state);
  };
  block.node.forEach((child) => add(child, child.isText ? child.text!.length : 1));
  return out;
}

/** The words of `block`, cut where the revision state changes. */
export function blockWords(block: Textblock): Word[] {
  const chars = states(block);
  const words: Word[] = [];
  for (let start = 0; start < block.text.length;) {
    let end = start + 1;
    while (end < block.text.length && chars[end].key === chars[start].key) end++;
    for (const m of block.text.slice(start, end).matchAll(WORD)) {
      const from = start + m.index!;
      words.push({ text: m[0], from, to: from + m[0].length, struck: chars[start].struck });
    }
    start = end;
  }
  return words;
}

/** One step of the restore: words of the current block kept as they are, or one change. */
export type Step =
  | { kind: 'keep'; words: Word[] }
  | { kind: 'change'; removed: Word[]; added: Word[] };

const isSpace = (w: Word) => /^\s+$/.test(w.text);
/** Longest word a rephrased phrase may keep and still read as one change. */
const SHORT = 4;

/**
 * How the current block `now` becomes the version block `then`, word by word: kept words and
 * changes, in the order of `now` (a change's removed words, then its added words). Null when
 * both say the same.
 */
export function wordSteps(now: Textblock, then: Textblock): Step[] | null {
  const mine = blockWords(now), theirs = blockWords(then).filter((w) => !w.struck);
  // a word struck through now matches none of the version's: what the version says there comes
  // back as new text after it (its deletion stays, so accepting everything gives the version)
  const parts = diffArrays(mine.map((w) => (w.struck ? `\u0000${w.text}` : w.text)), theirs.map((w) => w.text));
  if (parts.every((p) => !p.added && !p.removed)) return null;

  // the diff as runs over `mine` and `theirs`: [kind, count]
  type Run = { kind: 'same' | 'removed' | 'added'; count: number };
  const runs: Run[] = parts.map((p) => ({ kind: p.added ? 'added' : p.removed ? 'removed' : 'same', count: p.count ?? p.value.length }));

  const steps: Step[] = [];
  let change: { removed: Word[]; added: Word[] } | null = null;
  let mi = 0, ti = 0; // in mine, theirs
  const keep = (words: Word[]) => {
    const last = steps[steps.length - 1];
    if (last?.kind === 'keep') last.words.push(...words);
    else if (words.length) steps.push({ kind: 'keep', words });
  };
  const close = () => {
    if (!change) return;
    const { removed, added } = change;
    change = null;
    // white space both sides begin or end with is kept, not replaced
    const same = (a?: Word, b?: Word) => !!a && !!b && !a.struck && isSpace(a) && a.text === b.text;
    const before: Word[] = [], after: Word[] = [];
    while (same(removed[0], added[0])) { before.push(removed.shift()!); added.shift(); }
    while (same(removed[removed.length - 1], added[added.length - 1])) { after.unshift(removed.pop()!); added.pop(); }
    keep(before);
    // struck-through words the version does not have either: nothing to change
    if (!added.length && removed.every((w) => w.struck)) keep(removed);
    else steps.push({ kind: 'change', removed, added });
    keep(after);
  };
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r];
    if (run.kind === 'same') {
      // white space between two changes joins them into one, and so does one short word
      // between two replacements (a rephrased phrase that happens to keep "in" or "all")
      const gap = mine.slice(mi, mi + run.count);
      const words = gap.filter((w) => !isSpace(w));
      const replacing = (c: { removed: Word[]; added: Word[] } | null) => !!c && c.removed.length > 0 && c.added.length > 0;
      const nextReplaces = runs[r + 1]?.kind === 'removed' && runs[r + 2]?.kind === 'added';
      const between = change && r + 1 < runs.length &&
        (words.length === 0 || (words.length === 1 && words[0].text.length <= SHORT && replacing(change) && nextReplaces));
      if (between) {
        for (let k = 0; k < run.count; k++) {
          change!.removed.push(mine[mi++]);
          change!.added.push(theirs[ti++]);
        }
        continue;
      }
      close();
      const kept: Word[] = [];
      for (let k = 0; k < run.count; k++) kept.push(mine[mi++]);
      ti += run.count;
      keep(kept);
      continue;
    }
    change ??= { removed: [], added: [] };
    if (run.kind === 'removed') for (let k = 0; k < run.count; k++) change.removed.push(mine[mi++]);
    else for (let k = 0; k < run.count; k++) change.added.push(theirs[ti++]);
  }
  close();
  return steps.some((step) => step.kind === 'change') ? steps : null;
}
