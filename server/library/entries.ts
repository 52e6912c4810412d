// Library entries read from an imported document: every `resolution` node becomes one provision
// in force with its kind, number, title and revision (`RESOLUTION 30 (Rev. Kigali, 2022)` ->
// Kigali, 2022). Pure: no database here.
import type { Node as PMNode } from 'prosemirror-model';
import type { ResolutionKind } from '../../shared/schema';
import type { Revision } from '../../shared/model/citations';
import { plainText } from '../../shared/model/new-proposal';

/** A provision as the library stores it (its text is ProseMirror JSON of a `resolution` node). */
export interface EntryDraft {
  kind: ResolutionKind;
  number: string;
  title: string;
  /** The number line as printed. */
  numberLine: string;
  revision: Revision | null;
  content: Record<string, unknown>;
}

const REVISION = /\(\s*(?:Rev\.?\s*)?([^(),\d][^(),]*?),\s*(\d{4})\s*\)/;

/** The revision a number line names, or null (`DRAFT NEW RESOLUTION [EUR-1]`). */
export function revisionOf(numberLine: string): Revision | null {
  const m = REVISION.exec(numberLine);
  return m ? { place: m[1].replace(/\s+/g, ' ').trim(), year: Number(m[2]) } : null;
}

/** The provisions of `doc`, in document order (resolutions without a number are left out). */
export function entriesOf(doc: PMNode): EntryDraft[] {
  const out: EntryDraft[] = [];
  doc.descendants((node) => {
    if (node.type.name !== 'resolution') return true;
    const number = String(node.attrs.number ?? '').trim();
    if (!number) return false;
    const numberLine = node.firstChild ? plainText(node.firstChild) : '';
    const second = node.childCount > 1 ? node.child(1) : null;
    out.push({
      kind: node.attrs.kind as ResolutionKind,
      number,
      title: second?.type.name === 'title' ? plainText(second) : '',
      numberLine,
      revision: revisionOf(numberLine),
      content: node.toJSON() as Record<string, unknown>,
    });
    return false;
  });
  return out;
}
