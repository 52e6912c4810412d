// The text half of a tracked restore (restore.ts): one textblock's content turned into a saved
// version's by word-level tracked replacements (the `diff` package's diffWordsWithSpace), and a
// block's type and attrs turned into the version's by an attribute record. Every change is new
// (fresh ids, nothing merged with or removed from the suggestions already there), so rejecting
// the restore's changes gives back exactly the content there was.
import { diffWordsWithSpace } from 'diff';
import { Fragment, type Attrs, type Mark, type NodeType, type Node as PMNode } from 'prosemirror-model';
import type { Transform } from 'prosemirror-transform';
import { textSlice, type Textblock } from '../model/block-text';
import type { RevisionAttrs } from '../schema';
import { attributeOld } from './attributes';
import { withoutRevisions } from './insertion';
import { blockRecords, deletionMark, deletionType, insertionType, newChangeId, recordList, revisionAttrs, type TrackUser } from './revision';

/** Give every inline node of `content` the mark `mark`; text already struck through stays as it is. */
function struck(content: Fragment, attrs: RevisionAttrs): Fragment {
  const mark = deletionType.create(attrs);
  const nodes: PMNode[] = [];
  content.forEach((node) => nodes.push(deletionMark(node) ? node : node.mark(mark.addToSet(node.marks))));
  return Fragment.fromArray(nodes);
}

/** The version's content as new text: its own revision marks dropped, the restorer's insertion mark added. */
function inserted(content: Fragment, attrs: RevisionAttrs): Fragment {
  const mark: Mark = insertionType.create(attrs);
  const nodes: PMNode[] = [];
  withoutRevisions(content).forEach((node) => nodes.push(node.mark(mark.addToSet(node.marks))));
  return Fragment.fromArray(nodes);
}

type Part = { value: string; added?: boolean; removed?: boolean };

/**
 * The word diff with a change split by a lone common space (words added before and after the
 * space a block already had) made one change: "+The", " ", "+proposed " reads "+The proposed", " ".
 */
function joinedAcrossSpace(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (let i = 0; i < parts.length; i++) {
    const prev = out[out.length - 1], space = parts[i], next = parts[i + 1];
    const sameKind = prev && next && !space.added && !space.removed && /^\s+$/.test(space.value) &&
      ((prev.added && next.added) || (prev.removed && next.removed));
    if (sameKind && next.value.endsWith(space.value)) {
      out[out.length - 1] = { ...prev, value: prev.value + space.value + next.value.slice(0, -space.value.length) };
      out.push(space);
      i++;
    } else {
      out.push(space);
    }
  }
  return out;
}

/**
 * The content of the current block `now` with its text made the version block `then`'s: each run
 * of changed words is one change (the old words struck through, the version's words inserted
 * after them, one id). Null when the texts are equal.
 */
export function restoredContent(now: Textblock, then: Textblock, user: TrackUser, time: number): Fragment | null {
  if (now.text === then.text) return null;
  let result = Fragment.empty;
  let na = 0, ta = 0;
  let removed = Fragment.empty, added = Fragment.empty;
  const flush = () => {
    if (!removed.size && !added.size) return;
    const attrs = revisionAttrs(user, time, newChangeId());
    result = result.append(struck(removed, attrs)).append(inserted(added, attrs));
    removed = added = Fragment.empty;
  };
  for (const part of joinedAcrossSpace(diffWordsWithSpace(now.text, then.text))) {
    const n = part.value.length;
    if (part.removed) {
      removed = removed.append(textSlice(now, na, na + n));
      na += n;
    } else if (part.added) {
      added = added.append(textSlice(then, ta, ta + n));
      ta += n;
    } else {
      flush();
      result = result.append(textSlice(now, na, na + n));
      na += n; ta += n;
    }
  }
  flush();
  return result;
}

/**
 * Give the block at `pos` of `tr.doc` the type and attrs `type`/`attrs` (without `track`) as a
 * new attribute record of `user`; nothing when they are what it has.
 */
export function restoreMarkup(tr: Transform, pos: number, type: NodeType, attrs: Attrs, user: TrackUser, time: number): boolean {
  const node = tr.doc.nodeAt(pos)!;
  const { track: _track, ...wanted } = attrs;
  const old = attributeOld(node, type);
  const target = type.create(wanted).attrs;
  const changed = type !== node.type || Object.keys(target).some((k) => k !== 'track' && JSON.stringify(target[k] ?? null) !== JSON.stringify(node.attrs[k] ?? null));
  if (!changed) return false;
  const record = { ...revisionAttrs(user, time, newChangeId()), kind: 'attribute' as const, old };
  tr.setNodeMarkup(pos, type, { ...target, track: recordList([...blockRecords(node), record]) }, node.marks);
  return true;
}
