// A text replacement made as a tracked change, for commands that propose edits (relettering,
// citation updates): the old text gets a deletion mark, the new text follows it with an insertion
// mark, both with one change id so review agrees, rejects or accepts the replacement as one.
import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { Transform } from 'prosemirror-transform';
import { schema, type RevisionAttrs } from '../schema';
import type { TrackUser } from '../track/revision';

const { insertion, deletion } = schema.marks;

/** Whom proposed changes are attributed to when neither the caller nor track mode names a user. */
export const DEFAULT_PROPOSER: TrackUser = { id: 'draftroom', name: 'Draftroom' };

/** The revision attrs of a new suggested change by `user` (id and name) at `time`. */
export function suggestionAttrs(user: TrackUser, time: number, id: string): RevisionAttrs {
  return { id, author: user.id, authorName: user.name, time, status: 'suggested' };
}

/**
 * Replaces `from`-`to` (inline content of one textblock) by `text` as a tracked change with
 * `attrs`. Text already deleted there stays as it is; text that is the same author's own
 * suggested insertion is removed for real, as track mode does when one deletes one's own suggestion.
 */
export function trackedReplace(tr: Transform, from: number, to: number, text: string, attrs: RevisionAttrs): void {
  const formatting = formattingAt(tr.doc, from, to);
  if (text) tr.insert(to, schema.text(text, [...formatting, insertion.create(attrs)]));
  const segments: { from: number; to: number; remove: boolean }[] = [];
  tr.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) return true;
    const start = Math.max(from, pos), end = Math.min(to, pos + node.nodeSize);
    if (end <= start || deletion.isInSet(node.marks)) return false;
    const inserted = insertion.isInSet(node.marks);
    const own = !!inserted && inserted.attrs.author === attrs.author && inserted.attrs.status === 'suggested';
    segments.push({ from: start, to: end, remove: own });
    return false;
  });
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i];
    if (seg.remove) tr.delete(seg.from, seg.to);
    else tr.addMark(seg.from, seg.to, deletion.create(attrs));
  }
}

/** The formatting marks (bold, italic ...) of the text being replaced, so the new text looks the same. */
function formattingAt(doc: PMNode, from: number, to: number): readonly Mark[] {
  const $pos = doc.resolve(from);
  const node = from < to ? $pos.nodeAfter : $pos.nodeBefore ?? $pos.nodeAfter;
  return (node?.marks ?? []).filter((m) => m.type !== insertion && m.type !== deletion);
}
