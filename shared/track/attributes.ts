// Tracked attribute changes: a block changing type or attrs (item -> heading, MOD -> SUP, a new
// ref) keeps one `attribute` record with the values before, never a deletion plus an insertion.
import type { Attrs, NodeType, Node as PMNode } from 'prosemirror-model';
import type { Transform } from 'prosemirror-transform';
import type { BlockRevision } from '../schema';
import { blockRecords, hasTrackAttr, isOwnSuggestion, plainAttrs, revisionAttrs, type TrackUser } from './revision';

/** The `old` value of an attribute record: the attrs before, plus `type` when the type changed. */
export function attributeOld(node: PMNode, newType: NodeType): Attrs {
  const old = { ...plainAttrs(node) };
  return newType === node.type ? old : { ...old, type: node.type.name };
}

/** The node type and attrs an attribute record restores. */
export function restoredMarkup(node: PMNode, record: BlockRevision): { type: NodeType; attrs: Attrs } {
  const { type: typeName, ...attrs } = (record.old ?? {}) as Attrs & { type?: string };
  const type = (typeName && node.type.schema.nodes[typeName]) || node.type;
  return { type, attrs };
}

/** Whether two attr sets are equal (missing and null alike). */
export function sameAttrs(a: Attrs, b: Attrs): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (JSON.stringify(a[key] ?? null) !== JSON.stringify(b[key] ?? null)) return false;
  return true;
}

/**
 * Give the node at `pos` of `tr.doc` the type and attrs `type`/`attrs` as a tracked change.
 * The user's own open attribute record is updated (and dropped when the node is back to what
 * it recorded); other records stay.
 */
export function trackAttrChange(tr: Transform, pos: number, type: NodeType, attrs: Attrs, user: TrackUser, time: number): void {
  const node = tr.doc.nodeAt(pos);
  if (!node) return;
  const records = blockRecords(node);
  const target = { ...attrs, track: node.attrs.track };
  if (!hasTrackAttr(node) || !('track' in (type.spec.attrs ?? {}))) {
    tr.setNodeMarkup(pos, type, plainAttrsOf(attrs), node.marks);
    return;
  }
  // the user's own open record goes on recording this change only if no one changed the block since
  const last = [...records].reverse().find((r) => r.kind === 'attribute');
  const own = last && isOwnSuggestion(last, user) ? last : undefined;
  const rest = records.filter((r) => r !== own);
  let record: BlockRevision | null;
  if (own) {
    const original = restoredMarkup(node, own);
    const old = type !== node.type && !('type' in (own.old ?? {})) ? { ...own.old, type: node.type.name } : own.old;
    record = original.type === type && sameAttrs(original.attrs, plainAttrsOf(attrs)) ? null : { ...own, old, time };
  } else {
    if (type === node.type && sameAttrs(plainAttrs(node), plainAttrsOf(attrs))) return;
    record = { ...revisionAttrs(user, time), kind: 'attribute', old: attributeOld(node, type) };
  }
  const track = record ? [...rest, record] : rest;
  tr.setNodeMarkup(pos, type, { ...target, track: track.length ? track : null }, node.marks);
}

function plainAttrsOf(attrs: Attrs): Attrs {
  const { track: _track, ...rest } = attrs;
  return rest;
}
