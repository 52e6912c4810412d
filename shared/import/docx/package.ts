// A .docx package: recognising zip bytes, unzipping (fflate) and reading the parts the importer
// needs: the main document, the footnotes, the list numbering and the document's relationships (hyperlink targets).
import { strFromU8, unzipSync } from 'fflate';
import type { Document, Element } from '@xmldom/xmldom';
import { ImportLimitError, MAX_DOCX_PART_BYTES, MAX_DOCX_TOTAL_BYTES } from '../limits';
import { PACKAGE_RELS, parseXml } from './xml';
import { isZip } from './zip';

export interface DocxPackage {
  document: Document;
  footnotes: Document | null;
  numbering: Document | null;
  /** Relationship id -> target, for hyperlinks. */
  relationships: Map<string, string>;
}

export { isZip };

const MAIN = 'word/document.xml';
const PARTS = new Set([MAIN, 'word/footnotes.xml', 'word/numbering.xml', 'word/_rels/document.xml.rels']);
const MB = 1024 * 1024;

/**
 * Unzips a .docx and parses its parts; throws a clear Error for anything that is not one, and
 * ImportLimitError for a part or parts that would unpack past the limits. The sizes checked are
 * the ones the archive declares, before anything is inflated: fflate inflates into a buffer of the
 * declared size and never past it, so a lying archive gets a cut-off part, not more memory.
 */
export function readPackage(bytes: Uint8Array): DocxPackage {
  if (!isZip(bytes)) throw new Error('cannot import: the input is not a .docx file (not a zip archive)');
  let files: Record<string, Uint8Array>;
  let tooLarge: string | null = null;
  let total = 0;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (tooLarge !== null || !PARTS.has(file.name)) return false;
        total += file.originalSize;
        if (file.originalSize > MAX_DOCX_PART_BYTES) tooLarge = `${file.name} unpacks to more than ${MAX_DOCX_PART_BYTES / MB} MB`;
        else if (total > MAX_DOCX_TOTAL_BYTES) tooLarge = `the document's parts unpack to more than ${MAX_DOCX_TOTAL_BYTES / MB} MB`;
        return tooLarge === null;
      },
    });
  } catch (err) {
    throw new Error(`cannot import: the input is binary data that starts like a zip archive but is not a readable .docx (${(err as Error).message})`);
  }
  if (tooLarge) throw new ImportLimitError(`cannot import: ${tooLarge}`);
  const part = (name: string): string | null => {
    const data = files[name];
    if (!data) return null;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      return strFromU8(data, true);
    }
  };
  const main = part(MAIN);
  if (main === null) throw new Error(`cannot import: the zip archive has no ${MAIN}, so it is not a Word document`);
  const footnotes = part('word/footnotes.xml');
  const numbering = part('word/numbering.xml');
  const rels = part('word/_rels/document.xml.rels');
  return {
    document: parseXml(main, MAIN),
    footnotes: footnotes === null ? null : parseXml(footnotes, 'word/footnotes.xml'),
    numbering: numbering === null ? null : parseXml(numbering, 'word/numbering.xml'),
    relationships: rels === null ? new Map() : readRelationships(parseXml(rels, 'word/_rels/document.xml.rels')),
  };
}

function readRelationships(doc: Document): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of Array.from(doc.getElementsByTagNameNS(PACKAGE_RELS, 'Relationship')) as Element[]) {
    const id = rel.getAttribute('Id');
    const target = rel.getAttribute('Target');
    if (id && target) out.set(id, target);
  }
  return out;
}
