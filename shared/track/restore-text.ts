// The text half of a tracked restore (restore.ts): one textblock's content turned into a saved
// version's by word-level tracked replacements (restore-words.ts: one change per edited phrase), and a
// block's type and attrs turned into the version's by an attribute record. Every change is new
// (fresh ids, nothing merged with or removed from the suggestions already there), so rejecting
// the restore's changes gives back exactly the content there was.
import { Fragment, type Attrs, type Mark, type NodeType, type Node as PMNode } from 'prosemirror-model';
import type { Transform } from 'prosemirror-transform';
import { textSlice, type Textblock } from '../model/block-text';
import type { RevisionAttrs } from '../schema';
import { attributeOld } from './attributes';
import { withoutRevisions } from './insertion';
import { wordSteps, type Word } from './restore-words';
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

/**
 * The content of the current block `now` with its text made the version block `then`'s: each
 * edited phrase is one change (the old words struck through, the version's words inserted after
 * them, one id), words as restore-words.ts reads them. Null when the texts say the same.
 */
export function restoredContent(now: Textblock, then: Textblock, user: TrackUser, time: number): Fragment | null {
  const steps = wordSteps(now, then);
  if (!steps) return null;
  const cut = (block: Textblock, words: Word[]) =>
    words.reduce((acc, w) => acc.append(textSlice(block, w.from, w.to)), Fragment.empty);
  let result = Fragment.empty;
  for (const step of steps) {
    if (step.kind === 'keep') {
      result = result.append(cut(now, step.words));
      continue;
    }
    const attrs = revisionAttrs(user, time, newChangeId());
    result = result.append(struck(cut(now, step.removed), attrs)).append(inserted(cut(then, step.added), attrs));
  }
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
