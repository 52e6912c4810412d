// Relettering: after an item is inserted into or deleted from a labelled list (a) b) c), 1 2 3,
// i) ii) iii)), the labels of the items that follow are put right again, as tracked changes:
// `~~b~~c)`, the old label deleted and the new one inserted, one change per item.
// Which labels are wrong is a pure function of the document (findLabelFixes), so the UI can
// offer the command only when it would do something.
import type { Node as PMNode } from 'prosemirror-model';
import type { Command, EditorState } from 'prosemirror-state';
import { schema } from '../schema';
import { trackUser, UNTRACKED_META } from '../track/plugin';
import { blockRecords, newChangeId, type TrackUser } from '../track/revision';
import { nextLabel, parseLabel } from './labels';
import { DEFAULT_PROPOSER, suggestionAttrs, trackedReplace } from './tracked-replace';

/** One label to change: its body at `from`-`to` (document positions) reads `old` and should read `label`. */
export interface LabelFix {
  /** Position before the item. */
  itemPos: number;
  from: number;
  to: number;
  old: string;
  label: string;
}

/** Longest label text before the tab (as in labels.ts: longer text is not a label). */
const MAX_LABEL = 8;

interface LabelText {
  /** The label as it reads now (deleted text left out), trimmed. */
  live: string;
  /** The label before the tracked changes (inserted text left out), trimmed. */
  original: string;
  /** Document position of each character of the untrimmed live label. */
  positions: number[];
  /** The untrimmed live label. */
  raw: string;
  /** Some text after the label is not deleted. */
  liveText: boolean;
}

const { insertion, deletion } = schema.marks;

/** The label of the item at `pos`: the text before its first tab that is not deleted. Null when it has none. */
function readLabel(item: PMNode, pos: number): LabelText | null {
  let raw = '', original = '', originalDone = false, labelDone = false, liveText = false;
  const positions: number[] = [];
  let ok = true;
  item.forEach((child, offset) => {
    if (!ok) return;
    if (!child.isText) {
      if (!labelDone && !originalDone) ok = false;
      else if (!deletion.isInSet(child.marks)) liveText = true;
      return;
    }
    const deleted = !!deletion.isInSet(child.marks), inserted = !!insertion.isInSet(child.marks);
    const text = child.text!;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (!originalDone && !inserted) {
        if (ch === '\t') originalDone = true;
        else original += ch;
      }
      if (labelDone) {
        if (!deleted && /\S/.test(ch)) liveText = true;
      } else if (!deleted) {
        if (ch === '\t') labelDone = true;
        else {
          raw += ch;
          positions.push(pos + 1 + offset + i);
        }
      }
    }
  });
  // An item whose label and tab are deleted still tells, by its original label, where its list starts.
  if (!ok || (!labelDone && !originalDone)) return null;
  if (!labelDone) return original.length > MAX_LABEL ? null : { live: '', original: original.trim(), positions: [], raw: '', liveText };
  if (raw.length > MAX_LABEL) return null;
  return { live: raw.trim(), original: original.trim(), positions, raw, liveText };
}

/** Whether the item takes a place in its list: its label is there, and it is not a deleted paragraph. */
function counts(item: PMNode, label: LabelText): boolean {
  if (!label.live) return false;
  const marked = blockRecords(item).some((r) => r.kind === 'deletion');
  return !(marked && !label.liveText);
}

function isNumber(body: string): boolean {
  return /^\d+$/.test(body);
}

interface Sequence {
  /** The label body the next counted item should have. */
  next: string;
}

/** The fixes of one run of consecutive items: children `start`..`end` of `container`, the first at `pos`. */
function fixesOfRun(container: PMNode, start: number, end: number, pos: number, out: LabelFix[]): void {
  const sequences: (Sequence | undefined)[] = [];
  for (let i = start; i < end; i++) {
    const item = container.child(i);
    const itemPos = pos;
    pos += item.nodeSize;
    const level = item.attrs.level as number;
    sequences.length = Math.min(sequences.length, level + 1); // a shallower item ends deeper lists
    const label = readLabel(item, itemPos);
    if (!label) continue;
    const live = parseLabel(label.live);
    const original = parseLabel(label.original);
    let seq = sequences[level];
    const first = live ?? original;
    if (!first) continue; // dashes and other marks are left alone
    if (!seq || (live && isNumber(live.body) !== isNumber(seq.next))) {
      // A list starts at the label its first item had before the changes (a deleted `a)` still says where it starts).
      seq = sequences[level] = { next: (original ?? first).body };
    }
    if (!counts(item, label) || !live) continue;
    if (live.body !== seq.next) {
      // The body is replaced whole, its parentheses kept: `~~b~~d)`, `~~11~~10`.
      const lead = label.raw.length - label.raw.trimStart().length + live.open.length;
      const positions = label.positions.slice(lead, lead + live.body.length);
      out.push({ itemPos, from: positions[0], to: positions[positions.length - 1] + 1, old: live.body, label: seq.next });
    }
    seq.next = parseLabel(nextLabel(`${live.open}${seq.next}${live.close}`, level))!.body;
  }
}

/**
 * The label fixes of the lists in `doc` (or of the lists that touch `range`): runs of
 * consecutive items, each level counted on its own and restarted under every shallower item.
 * Items whose label is deleted, or whose paragraph is deleted with all its text, do not count;
 * inserted items count. Dashes are left alone.
 */
export function findLabelFixes(doc: PMNode, range?: { from: number; to: number }): LabelFix[] {
  const out: LabelFix[] = [];
  const visit = (container: PMNode, base: number) => {
    let i = 0, pos = base;
    while (i < container.childCount) {
      const child = container.child(i);
      if (child.type.name !== 'item') {
        if (!child.isTextblock && !child.isLeaf) visit(child, pos + 1);
        pos += child.nodeSize;
        i++;
        continue;
      }
      let end = i, endPos = pos;
      while (end < container.childCount && container.child(end).type.name === 'item') endPos += container.child(end++).nodeSize;
      if (!range || (range.from <= endPos && range.to >= pos)) fixesOfRun(container, i, end, pos, out);
      i = end;
      pos = endPos;
    }
  };
  visit(doc, 0);
  return out;
}

/** The range of the item in or right after `pos` (default: the selection), or null when there is none. */
function selectedList(state: EditorState, pos?: number): { from: number; to: number } | null {
  const $pos = pos === undefined ? state.selection.$from : state.doc.resolve(pos);
  const after = $pos.nodeAfter;
  if (after?.type.name === 'item') return { from: $pos.pos, to: $pos.pos + after.nodeSize };
  for (let d = $pos.depth; d > 0; d--) {
    if ($pos.node(d).type.name === 'item') return { from: $pos.before(d), to: $pos.after(d) };
  }
  return null;
}

/**
 * Reletters the list at `pos` (in an item or right before one; default: the selection's list)
 * or, when there is no item there, every list of the document, as tracked changes by `user`
 * (default: the track-mode user).
 * Each relabelled item is one change: its old label deleted, the new one inserted.
 */
export function reletterItems(pos?: number, user?: TrackUser): Command {
  return (state, dispatch) => {
    const fixes = findLabelFixes(state.doc, selectedList(state, pos) ?? undefined);
    if (!fixes.length) return false;
    if (dispatch) {
      const by = user ?? trackUser(state) ?? DEFAULT_PROPOSER;
      const time = Date.now();
      const tr = state.tr.setMeta(UNTRACKED_META, true);
      for (let i = fixes.length - 1; i >= 0; i--) {
        const fix = fixes[i];
        trackedReplace(tr, fix.from, fix.to, fix.label, suggestionAttrs(by, time, newChangeId()));
      }
      dispatch(tr);
    }
    return true;
  };
}
