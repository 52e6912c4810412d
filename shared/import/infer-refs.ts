// Reference numbers inferred from the serial order within a document (ITU-FORMAT.md: serials run
// 1, 2, 3 ... in order of appearance). A proposal without a reference (its action line is missing)
// gets one only when its neighbours fix it: the numbered proposals before and after it share a
// document part and leave exactly as many serials free as there are proposals between them
// (EUR/48A1/2, five without, EUR/48A1/8 -> EUR/48A1/3 ... EUR/48A1/7); before the first numbered
// proposal when the serials down to 1 fit exactly; after the last one, counting on. A reference
// already used in the document is never given twice. Each inference goes into the import report.
import { Fragment, type Node as PMNode } from 'prosemirror-model';
import { formatReference, parseReference, type Reference } from '../model/references';
import type { ReportCollector } from './report';

export function inferReferences(doc: PMNode, report: ReportCollector): PMNode {
  const proposals: { index: number; node: PMNode; ref: Reference | null }[] = [];
  doc.forEach((node, _offset, index) => {
    if (node.type.name === 'proposal') proposals.push({ index, node, ref: node.attrs.ref ? parseReference(String(node.attrs.ref)) : null });
  });
  if (proposals.every((p) => String(p.node.attrs.ref ?? '').trim())) return doc;
  const used = new Set(proposals.map((p) => String(p.node.attrs.ref ?? '').trim()).filter(Boolean));
  const given = new Map<number, string>();
  // Runs of proposals without a reference, with the numbered neighbours around them.
  for (let i = 0; i < proposals.length; ) {
    if (String(proposals[i].node.attrs.ref ?? '').trim()) {
      i++;
      continue;
    }
    let j = i;
    while (j < proposals.length && !String(proposals[j].node.attrs.ref ?? '').trim()) j++;
    const before = i > 0 ? proposals[i - 1].ref : null;
    const after = j < proposals.length ? proposals[j].ref : null;
    const count = j - i;
    let first: Reference | null = null;
    if (before && after) {
      if (before.prefix === after.prefix && after.serial - before.serial - 1 === count) first = { prefix: before.prefix, serial: before.serial + 1 };
    } else if (after) {
      if (after.serial - 1 === count) first = { prefix: after.prefix, serial: 1 };
    } else if (before) {
      first = { prefix: before.prefix, serial: before.serial + 1 };
    }
    if (first) {
      const refs = Array.from({ length: count }, (_, k) => formatReference({ prefix: first!.prefix, serial: first!.serial + k }));
      if (!refs.some((ref) => used.has(ref))) {
        refs.forEach((ref, k) => {
          given.set(proposals[i + k].index, ref);
          used.add(ref);
        });
      }
    }
    i = j;
  }
  if (!given.size) return doc;
  const children: PMNode[] = [];
  doc.forEach((node, _offset, index) => {
    const ref = given.get(index);
    if (ref === undefined) {
      children.push(node);
      return;
    }
    report.infer({ ref, heading: String(node.attrs.heading ?? '') });
    children.push(node.type.create({ ...node.attrs, ref }, node.content, node.marks));
  });
  return doc.copy(Fragment.fromArray(children));
}
