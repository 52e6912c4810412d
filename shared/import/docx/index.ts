// The .docx importer: unzip, read the body into source lines (Word paragraphs with their runs,
// revisions and styles), then the text importer's classifier and builder make the document.
// The text rules decide first; a paragraph style only names what the text alone leaves plain
// (a `Call` paragraph, a `Heading 2`).
import type { Node as PMNode } from 'prosemirror-model';
import { buildDocument } from '../build';
import type { LineKind } from '../classify';
import { classifyLines, type Unit } from '../units';
import { resolveArtefacts } from './artefacts';
import { readBody, type DocxLine } from './body';
import { footnoteReader } from './footnotes';
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
  };
  const lines = resolveArtefacts(readBody(body, ctx));
  if (!lines.length) throw new Error('cannot import: the document has no text');
  const units = classifyLines(lines, false).map((unit) => refineByStyle(unit as Unit & DocxLine));
  return buildDocument(units);
}

/** A plain unit whose paragraph style says what it is becomes that. */
function refineByStyle(unit: Unit & DocxLine): Unit {
  if (unit.kind.type !== 'plain' || !unit.style) return unit;
  const kind = styleKind(unit.style);
  return kind ? { ...unit, kind } : unit;
}

function styleKind(style: string): LineKind | null {
  const name = style.replace(/[\s_-]/g, '').toLowerCase();
  const heading = /^(?:heading|berschrift|titre)([1-6])$/.exec(name);
  if (heading) return { type: 'heading', level: Math.min(Number(heading[1]), 3) };
  if (name === 'call') return { type: 'call' };
  return null;
}
