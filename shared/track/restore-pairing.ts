// Which textblock of the current document each textblock of a saved version stands for, for a
// tracked restore (restore.ts): blocks equal in type and text pair first (an LCS over the block
// sequences, the `diff` package's diffArrays); inside a run that differs, blocks pair in order by
// how many words they share, when the current block can take the version block's type where it
// is. Blocks left unpaired are structural differences (a block only in one side).
import { diffArrays } from 'diff';
import type { Node as PMNode } from 'prosemirror-model';
import type { Textblock } from '../model/block-text';
import { hasTrackAttr, plainAttrs } from './revision';

/** Index pairs [current, version], ascending in both. */
export type BlockPairs = [number, number][];

/** Below this share of common words, two blocks are a removal and an addition rather than an edit. */
const MIN_SIMILARITY = 0.4;
/** Runs larger than this (blocks × blocks) pair in order without weighing every pair. */
const MAX_WEIGHED = 400;

/** A block's identity for the exact pass: its type, its text, and its attrs when they cannot be tracked. */
function key(block: Textblock): string {
  const { node } = block;
  return `${node.type.name}\u0000${hasTrackAttr(node) ? '' : JSON.stringify(plainAttrs(node))}\u0000${block.text}`;
}

/** Whether the current block `c` (in `current`) can become the version block `v` in place. */
function compatible(current: PMNode, c: Textblock, v: Textblock): boolean {
  if (c.node.type === v.node.type && (hasTrackAttr(c.node) || JSON.stringify(plainAttrs(c.node)) === JSON.stringify(plainAttrs(v.node)))) return true;
  if (!hasTrackAttr(c.node) || !hasTrackAttr(v.node) || !v.node.type.validContent(c.node.content)) return false;
  const $pos = current.resolve(c.pos);
  return $pos.parent.canReplaceWith($pos.index(), $pos.index() + 1, v.node.type);
}

function words(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.split(/\s+/)) if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Dice coefficient of the two blocks' words (1 for two empty blocks). */
function similarity(a: Map<string, number>, b: Map<string, number>): number {
  let common = 0, total = 0;
  for (const [word, n] of a) { common += Math.min(n, b.get(word) ?? 0); total += n; }
  for (const n of b.values()) total += n;
  return total ? (2 * common) / total : 1;
}

/** Pairs inside one differing run: the order-keeping matching of most total similarity. */
function pairRun(current: PMNode, cs: Textblock[], vs: Textblock[], cStart: number, vStart: number): BlockPairs {
  const k = cs.length, m = vs.length;
  if (!k || !m) return [];
  if (k * m > MAX_WEIGHED) {
    const pairs: BlockPairs = [];
    for (let i = 0; i < Math.min(k, m); i++) if (compatible(current, cs[i], vs[i])) pairs.push([cStart + i, vStart + i]);
    return pairs;
  }
  const cw = cs.map((b) => words(b.text)), vw = vs.map((b) => words(b.text));
  const weight = cs.map((c, i) => vs.map((v, j) => {
    const s = similarity(cw[i], vw[j]);
    return s >= MIN_SIMILARITY && compatible(current, c, v) ? s : 0;
  }));
  // best[i][j]: the best total for cs[i..] and vs[j..]
  const best = Array.from({ length: k + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = k - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      best[i][j] = Math.max(best[i + 1][j], best[i][j + 1], weight[i][j] ? weight[i][j] + best[i + 1][j + 1] : 0);
    }
  }
  const pairs: BlockPairs = [];
  for (let i = 0, j = 0; i < k && j < m;) {
    if (weight[i][j] && best[i][j] === weight[i][j] + best[i + 1][j + 1]) pairs.push([cStart + i++, vStart + j++]);
    else if (best[i][j] === best[i + 1][j]) i++;
    else j++;
  }
  return pairs;
}

/** Pair the textblocks `cs` of `current` with the textblocks `vs` of a version. */
export function pairTextblocks(current: PMNode, cs: Textblock[], vs: Textblock[]): BlockPairs {
  const pairs: BlockPairs = [];
  let ci = 0, vi = 0;
  let removed: Textblock[] = [], added: Textblock[] = [];
  const flush = () => {
    pairs.push(...pairRun(current, removed, added, ci - removed.length, vi - added.length));
    removed = [];
    added = [];
  };
  const parts = diffArrays(cs.map(key), vs.map(key));
  for (const part of parts) {
    if (part.removed) { removed.push(...cs.slice(ci, ci + part.count)); ci += part.count; continue; }
    if (part.added) { added.push(...vs.slice(vi, vi + part.count)); vi += part.count; continue; }
    flush();
    for (let n = 0; n < part.count; n++) pairs.push([ci++, vi++]);
  }
  flush();
  return pairs;
}
