// A saved version brought back as tracked changes by the user who restores it: rejecting those
// changes gives the current document back exactly, accepting them gives the version's text and
// block structure, and a small difference gives a small change.
//
// 1. Textblocks of both documents are paired (restore-pairing.ts) and so are their containers
//    (a proposal, a resolution) by the pairs inside them.
// 2. Paired blocks get the version's words as word-level replacements and the version's type and
//    attrs as attribute records (restore-text.ts); so do paired containers.
// 3. What is left is structure (blocks only in one side): the document the version's tree would
//    give with the paired blocks as step 2 left them is the plain target, and each run between two
//    paired blocks is made into it by the track-mode engine (plugin.ts), which records it or
//    falls back to whole blocks out and in (block-replace.ts), or refuses; a refused run stays as
//    it is and is counted in `unrestored` (blocks without records: cover fields, table rows).
//
// What marks cannot say stays: formatting-only differences (the diff is of text), and text a
// co-author has already struck through that the version lacks (a text carries one deletion mark;
// accepting their deletion removes it).
//
// The work is done as a user no one else is (so nothing merges with, or takes back, suggestions
// the restorer made before), then attributed to the restorer. Pure: no DOM, no Node.
import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { ReplaceStep, Transform } from 'prosemirror-transform';
import { textblocks, type LeafText, type Textblock } from '../model/block-text';
import { schema } from '../schema';
import { agrees } from './agreement';
import { allChangeIds, listChanges, type Change } from './changes';
import { withoutRevisions } from './insertion';
import { suggestChanges, trackRefusal } from './plugin';
import { pairTextblocks, type BlockPairs } from './restore-pairing';
import { restoredContent, restoreMarkup } from './restore-text';
import { hasTrackAttr, plainAttrs, type TrackUser } from './revision';
import { applyReview } from './review';

export interface TrackedRestore {
  /** The current document with the restore's changes. */
  doc: PMNode;
  /** The changes the restore made (change-list entries), attributed to the restorer. */
  changes: Change[];
  /** Structural differences that could not be recorded as tracked changes and were left as they are. */
  unrestored: number;
}

/** Thrown when the tracked form of a restore would not reject back to the current document. */
export class RestoreError extends Error {}

/** Leaves as characters: a footnote reads as one character per distinct footnote text, so a changed footnote is a changed word. */
function leafText(): LeafText {
  const chars = new Map<string, string>();
  return (node) => {
    if (node.type.name === 'hard_break') return '\n';
    const key = `${node.type.name}\u0000${node.textContent}`;
    let char = chars.get(key);
    if (!char) chars.set(key, char = String.fromCharCode(0xe000 + (chars.size % 0x1900)));
    return char;
  };
}

/**
 * Containers of the version paired with containers of the current document: the ancestors, at
 * the same depth and of the same type, of paired textblocks, each pairing its most frequent partner.
 * Returns version position -> current position.
 */
function pairContainers(current: PMNode, version: PMNode, cs: Textblock[], vs: Textblock[], pairs: BlockPairs): Map<number, number> {
  const votes = new Map<string, { c: number; v: number; n: number }>();
  for (const [i, j] of pairs) {
    const $c = current.resolve(cs[i].pos), $v = version.resolve(vs[j].pos);
    for (let d = 1; d <= Math.min($c.depth, $v.depth) && $c.node(d).type === $v.node(d).type; d++) {
      const c = $c.before(d), v = $v.before(d), k = `${c}:${v}`;
      const vote = votes.get(k) ?? { c, v, n: 0 };
      vote.n++;
      votes.set(k, vote);
    }
  }
  const byVersion = new Map<number, number>(), taken = new Set<number>();
  for (const { c, v } of [...votes.values()].sort((a, b) => b.n - a.n)) {
    if (byVersion.has(v) || taken.has(c)) continue;
    byVersion.set(v, c);
    taken.add(c);
  }
  return byVersion;
}

/**
 * The plain target: the version's tree holding, for each paired block or container, the current
 * one as step 2 left it (`paired` gives it by version position), and the version's own blocks,
 * without their revision marks, elsewhere.
 */
function plainTarget(version: PMNode, paired: (vPos: number) => PMNode | null): PMNode {
  const children = (parent: PMNode, start: number): Fragment => {
    const nodes: PMNode[] = [];
    parent.forEach((child, offset) => {
      const pos = start + offset, own = paired(pos);
      if (child.isTextblock) nodes.push(own ?? withoutRevisions(Fragment.from(child)).firstChild!);
      else if (child.isInline) nodes.push(child);
      else {
        const attrs = own ? own.attrs : hasTrackAttr(child) ? { ...child.attrs, track: null } : child.attrs;
        nodes.push(child.type.create(attrs, children(child, pos + 1), child.marks));
      }
    });
    return Fragment.fromArray(nodes);
  };
  const target = version.type.create(version.attrs, children(version, 0));
  target.check();
  return target;
}

/**
 * The stretch `from`-`to` of `doc` between two textblocks as the closing and opening tokens it
 * crosses (`tokens`) and the runs of whole sibling blocks before, between and after them (`spans`).
 */
function boundaries(doc: PMNode, from: number, to: number): { tokens: string[]; spans: [number, number][] } {
  const tokens: string[] = [], spans: [number, number][] = [];
  let pos = from, start = from;
  while (pos < to) {
    const $pos = doc.resolve(pos), after = $pos.nodeAfter;
    if (after && pos + after.nodeSize <= to) { pos += after.nodeSize; continue; }
    spans.push([start, pos]);
    tokens.push(after ? `<${after.type.name}` : `>${$pos.parent.type.name}`);
    start = ++pos;
  }
  spans.push([start, to]);
  return { tokens, spans };
}

interface Run {
  from: number;
  to: number;
  /** What replaces `from`-`to`: the plain target's content there. */
  slice: Slice;
}

/**
 * `doc` with `run` made by the track-mode engine as `worker`, or null when it refuses, when the
 * tracked form would not accept into the plain edit (a block without records, such as a cover
 * field, cannot go whole), or when it was recorded as whole blocks reaching back before `floor`
 * (into a run still to be made at the positions it has).
 */
function trackedRun(doc: PMNode, { from, to, slice }: Run, worker: TrackUser, floor: number): PMNode | null {
  const state = EditorState.create({ doc, plugins: [suggestChanges(worker)] });
  // the version's slice as it is where its open depths fit, else fitted by ProseMirror
  const plain = state.tr;
  if (plain.maybeStep(new ReplaceStep(from, to, slice)).failed) plain.replace(from, to, slice);
  if (!plain.docChanged) return doc;
  const { state: next, transactions } = state.applyTransaction(plain);
  if (transactions.some((t) => trackRefusal(t)) || !agrees(next.doc, doc, plain.doc)) return null;
  const start = doc.content.findDiffStart(next.doc.content);
  return start != null && start < floor ? null : next.doc;
}

/** A run that only adds or only removes several whole blocks, as one run per block (in order); else none. */
function blockByBlock(doc: PMNode, { from, to, slice }: Run): Run[] {
  if (slice.openStart || slice.openEnd) return [];
  if (from === to && slice.content.childCount > 1) {
    const runs: Run[] = [];
    // runs are made last first, so each block goes in front of the ones after it
    slice.content.forEach((node) => runs.push({ from, to, slice: new Slice(Fragment.from(node), 0, 0) }));
    return runs;
  }
  if (slice.size || doc.slice(from, to).openStart || doc.slice(from, to).content.childCount < 2) return [];
  const runs: Run[] = [];
  doc.slice(from, to).content.forEach((node, offset) => runs.push({ from: from + offset, to: from + offset + node.nodeSize, slice: Slice.empty }));
  return runs;
}

/** The document with the changes of `from` (author, name and time) attributed to `user` at `time`. */
function attributed(doc: PMNode, from: string, user: TrackUser, time: number): PMNode {
  type Json = { attrs?: Record<string, unknown>; marks?: Json[]; content?: Json[] };
  const fix = (attrs: Record<string, unknown> | undefined) => {
    if (attrs?.author === from) Object.assign(attrs, { author: user.id, authorName: user.name, time });
  };
  const walk = (node: Json) => {
    node.marks?.forEach((mark) => fix(mark.attrs));
    (node.attrs?.track as Record<string, unknown>[] | null | undefined)?.forEach(fix);
    node.content?.forEach(walk);
  };
  const json = doc.toJSON() as Json;
  walk(json);
  return schema.nodeFromJSON(json);
}

/** `current` with `version`'s text and structure brought back as tracked changes by `user`. */
export function trackedRestore(current: PMNode, version: PMNode, user: TrackUser, time = Date.now()): TrackedRestore {
  if (!user || typeof user.id !== 'string' || !user.id) throw new Error('trackedRestore: user.id must be a non-empty string');
  const worker: TrackUser = { id: `${user.id}\u0000restore`, name: user.name };
  const leaf = leafText();
  const cs = textblocks(current, leaf), vs = textblocks(version, leaf);
  const pairs = pairTextblocks(current, cs, vs);
  const containers = pairContainers(current, version, cs, vs, pairs);

  // Step 2: words and markup of what is paired (markup first: it moves no position).
  const tr = new Transform(current);
  for (const [vPos, cPos] of containers) {
    const v = version.nodeAt(vPos)!;
    if (hasTrackAttr(v)) restoreMarkup(tr, cPos, v.type, plainAttrs(v), worker, time);
  }
  for (let k = pairs.length - 1; k >= 0; k--) {
    const c = cs[pairs[k][0]], v = vs[pairs[k][1]];
    const content = restoredContent(c, v, worker, time);
    if (content) tr.replaceWith(c.pos + 1, c.pos + 1 + c.node.content.size, content);
    if (hasTrackAttr(c.node)) restoreMarkup(tr, c.pos, v.node.type, plainAttrs(v.node), worker, time);
  }
  const textDone = tr.doc;
  const now = (cPos: number) => textDone.nodeAt(tr.mapping.map(cPos, 1));

  // Step 3: structure, run by run from the end, so the runs before keep their positions.
  const byVersion = new Map<number, number>(containers);
  for (const [i, j] of pairs) byVersion.set(vs[j].pos, cs[i].pos);
  const target = plainTarget(version, (vPos) => (byVersion.has(vPos) ? now(byVersion.get(vPos)!) : null));
  const targetPos = textblocks(target, leaf).map((b) => b.pos);
  const anchors = pairs.map(([i, j]) => {
    const at = tr.mapping.map(cs[i].pos, 1), to = targetPos[j];
    return { at, end: at + textDone.nodeAt(at)!.nodeSize, to, toEnd: to + target.nodeAt(to)!.nodeSize };
  });
  const runs: Run[] = [];
  for (let k = 0; k <= anchors.length; k++) {
    const from = k ? anchors[k - 1].end : 0, to = k < anchors.length ? anchors[k].at : textDone.content.size;
    const tFrom = k ? anchors[k - 1].toEnd : 0, tTo = k < anchors.length ? anchors[k].to : target.content.size;
    if (textDone.slice(from, to).eq(target.slice(tFrom, tTo))) continue;
    const a = boundaries(textDone, from, to), b = boundaries(target, tFrom, tTo);
    // the same closings and openings on both sides: the blocks between them differ, level by level
    const parts: [number, number, number, number][] = a.tokens.join() === b.tokens.join()
      ? a.spans.map((span, i) => [...span, ...b.spans[i]] as [number, number, number, number])
      : [[from, to, tFrom, tTo]];
    for (const [pFrom, pTo, sFrom, sTo] of parts) {
      const slice = target.slice(sFrom, sTo);
      if (!textDone.slice(pFrom, pTo).eq(slice)) runs.push({ from: pFrom, to: pTo, slice });
    }
  }
  let doc = textDone, unrestored = 0;
  // last run first; a run of several blocks that cannot be recorded at once is tried block by block
  while (runs.length) {
    const run = runs.pop()!;
    const next = trackedRun(doc, run, worker, runs.length ? runs[runs.length - 1].to : 0);
    if (next) doc = next;
    else if (!runs.push(...blockByBlock(doc, run))) unrestored++;
  }

  const result = attributed(doc, worker.id, user, time);
  const old = new Set(allChangeIds(current));
  const changes = listChanges(result).filter((c) => !old.has(c.id));
  const check = new Transform(result);
  applyReview(check, [...new Set(changes.map((c) => c.id))], 'reject');
  if (!check.doc.eq(current)) throw new RestoreError('restore: the tracked changes would not reject back to the current text');
  return { doc: result, changes, unrestored };
}
