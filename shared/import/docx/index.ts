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
import { settleAttributeRecords } from './former-styles';
import { joinRevisionRuns } from '../revision-runs';
import { styleName, styledBlock } from './styles';
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
  return joinRevisionRuns(settleAttributeRecords(buildDocument(units)));
}

/**
 * A plain unit whose paragraph style says what it is becomes that. A heading style also wins
 * over the guesses of the text rules (a call heading, a conference line), not over structure
 * (action and number lines, items, Reasons).
 */
function refineByStyle(unit: Unit & DocxLine): Unit {
  const guessed = unit.kind.type === 'plain' || unit.kind.type === 'call' || unit.kind.type === 'conference';
  if (!guessed || !unit.style) return unit;
  const kind = styleKind(unit);
  if (!kind || (unit.kind.type !== 'plain' && kind.type !== 'heading')) return unit;
  return { ...unit, kind };
}

function styleKind(unit: Unit & DocxLine): LineKind | null {
  if (/^(?:res|dec|rec|op|quest)no$/.test(styleName(unit.style!))) {
    // ITU number-line styles show their text in capitals: `Resolution 30 (Rev. Dubai, 2014)` reads as the number line.
    const kind = classify({ ...unit, text: unit.text.replace(/^\s*[\p{L}\s]+?(?=\s+(?:\[|\d))/u, (words) => words.toUpperCase()) });
    return kind.type === 'number' ? kind : null;
  }
  const block = styledBlock(unit.style);
  if (block?.type === 'heading') return { type: 'heading', level: block.attrs.level as number };
  if (block?.type === 'call_heading') return { type: 'call' };
  return null;
}
