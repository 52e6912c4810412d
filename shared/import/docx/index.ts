// The .docx importer: unzip, read the body into source lines (Word paragraphs with their runs,
// revisions and styles), then the text importer's classifier and builder make the document.
// The text rules decide first; a paragraph style only names what the text alone leaves plain
// (a `Call` paragraph, a `Heading 2`).
import type { Node as PMNode } from 'prosemirror-model';
import { buildDocument } from '../build';
import { classify, type LineKind } from '../classify';
import { classifyLines, type Unit } from '../units';
import { resolveArtefacts } from './artefacts';
import { readBody, type DocxLine } from './body';
import { footnoteReader } from './footnotes';
import { Numbering } from './numbering';
import { readPackage } from './package';
import { DocxRevisions } from './revisions';
import type { RunContext } from './runs';
import { W } from './xml';

export { isZip } from './package';

export function importDocx(bytes: Uint8Array): PMNode {
  const pkg = readPackage(bytes);
  const body = pkg.document.getElementsByTagNameNS(W, 'body')[0];
  if (!body) throw new Error('cannot import: word/document.xml has no w:body');
  const ctx: RunContext = {
    revisions: new DocxRevisions(),
    relationships: pkg.relationships,
    footnote: footnoteReader(pkg.footnotes, () => ctx),
    numbering: new Numbering(pkg.numbering),
  };
  const lines = resolveArtefacts(readBody(body, ctx));
  if (!lines.length) throw new Error('cannot import: the document has no text');
  const units = classifyLines(lines, false).map((unit) => refineByStyle(unit as Unit & DocxLine));
  return buildDocument(units);
}

/** A plain unit whose paragraph style says what it is becomes that. */
function refineByStyle(unit: Unit & DocxLine): Unit {
  if (unit.kind.type !== 'plain' || !unit.style) return unit;
  const kind = styleKind(unit);
  return kind ? { ...unit, kind } : unit;
}

function styleKind(unit: Unit & DocxLine): LineKind | null {
  const name = unit.style!.replace(/[\s_-]/g, '').toLowerCase();
  if (/^(?:res|dec|rec|op|quest)no$/.test(name)) {
    // ITU number-line styles show their text in capitals: `Resolution 30 (Rev. Dubai, 2014)` reads as the number line.
    const kind = classify({ ...unit, text: unit.text.replace(/^\s*[\p{L}\s]+?(?=\s+(?:\[|\d))/u, (words) => words.toUpperCase()) });
    return kind.type === 'number' ? kind : null;
  }
  const heading = /^(?:heading|berschrift|titre)([1-6])$/.exec(name);
  if (heading) return { type: 'heading', level: Math.min(Number(heading[1]), 3) };
  if (name === 'call') return { type: 'call' };
  return null;
}
