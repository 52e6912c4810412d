// A .docx package: recognising zip bytes, unzipping (fflate) and reading the parts the importer
// needs: the main document, the footnotes, the list numbering and the document's relationships (hyperlink targets).
import { strFromU8, unzipSync } from 'fflate';
import type { Document, Element } from '@xmldom/xmldom';
import { PACKAGE_RELS, parseXml } from './xml';

export interface DocxPackage {
  document: Document;
  footnotes: Document | null;
  numbering: Document | null;
  /** Relationship id -> target, for hyperlinks. */
  relationships: Map<string, string>;
}

/** Whether the bytes start like a zip archive (a .docx is one). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

const MAIN = 'word/document.xml';
const PARTS = new Set([MAIN, 'word/footnotes.xml', 'word/numbering.xml', 'word/_rels/document.xml.rels']);
/** Largest part we unpack: far above any real proposal, low enough that a zip bomb fails cleanly. */
const MAX_PART = 64 * 1024 * 1024;

/** Unzips a .docx and parses its parts; throws a clear Error for anything that is not one. */
export function readPackage(bytes: Uint8Array): DocxPackage {
  if (!isZip(bytes)) throw new Error('cannot import: the input is not a .docx file (not a zip archive)');
  let files: Record<string, Uint8Array>;
  let tooLarge: string | null = null;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (!PARTS.has(file.name)) return false;
        if (file.originalSize > MAX_PART) tooLarge = file.name;
        return tooLarge === null;
      },
    });
  } catch (err) {
    throw new Error(`cannot import: the input is binary data that starts like a zip archive but is not a readable .docx (${(err as Error).message})`);
  }
  if (tooLarge) throw new Error(`cannot import: ${tooLarge} unpacks to more than ${MAX_PART / 1024 / 1024} MB`);
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
