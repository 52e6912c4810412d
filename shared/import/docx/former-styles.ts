// Attribute records read from Word's w:pPrChange name the former style as a block type; once the
// builder has decided what each block is, a record is kept in the engine's shape (`old` holds the
// attrs before, plus `type` when the type differs) or dropped when nothing changed or the former
// type could not stand there.
import type { Attrs, Node as PMNode } from 'prosemirror-model';
import { Fragment } from 'prosemirror-model';
import type { BlockRevision } from '../../schema';

export function settleAttributeRecords(doc: PMNode): PMNode {
  let any = false;
  doc.descendants((node) => {
    if ((node.attrs.track as BlockRevision[] | null)?.some((r) => r.kind === 'attribute')) any = true;
    return !any;
  });
  return any ? settle(doc) : doc;
}

function settle(node: PMNode): PMNode {
  if (node.isTextblock || node.isLeaf) return node;
  const children: PMNode[] = [];
  node.forEach((child, _offset, index) => {
    let next = settle(child);
    const records = next.attrs.track as BlockRevision[] | null;
    if (records?.some((r) => r.kind === 'attribute')) {
      const kept = records.flatMap((r) => (r.kind === 'attribute' ? settled(next, r, (type) => node.canReplaceWith(index, index + 1, type)) : [r]));
      next = next.type.create({ ...next.attrs, track: kept.length ? kept : null }, next.content, next.marks);
    }
    children.push(next);
  });
  return node.copy(Fragment.from(children));
}

function settled(node: PMNode, record: BlockRevision, fits: (type: PMNode['type']) => boolean): BlockRevision[] {
  const { type: typeName, ...given } = (record.old ?? {}) as Attrs & { type?: string };
  const type = typeName ? node.type.schema.nodes[typeName] : node.type;
  if (!type || !fits(type)) return [];
  const { track: _track, ...old } = type.create(given).attrs;
  const { track: _own, ...now } = node.attrs;
  if (type === node.type && JSON.stringify(old) === JSON.stringify(now)) return [];
  return [{ ...record, old: type === node.type ? old : { ...old, type: type.name } }];
}
