// Footnotes without text are left out of an imported document (an export would number them as
// blank notes); each one is counted in the import report. The text and markdown readers drop
// them as they resolve the references; this pass does it for the .docx importer's documents.
import { Fragment, type Node as PMNode } from 'prosemirror-model';
import type { ReportCollector } from './report';

export function dropEmptyFootnotes(doc: PMNode, report: ReportCollector): PMNode {
  let found = 0;
  doc.descendants((node) => {
    if (node.type.name === 'footnote' && !/\S/.test(node.textContent)) found++;
    return node.type.name !== 'footnote';
  });
  if (!found) return doc;
  report.drop('empty footnote', found);
  return strip(doc);
}

function strip(node: PMNode): PMNode {
  if (node.isLeaf || node.type.name === 'footnote') return node;
  const children: PMNode[] = [];
  let changed = false;
  node.forEach((child) => {
    if (child.type.name === 'footnote' && !/\S/.test(child.textContent)) {
      changed = true;
      return;
    }
    const next = strip(child);
    if (next !== child) changed = true;
    children.push(next);
  });
  return changed ? node.copy(Fragment.fromArray(children)) : node;
}
