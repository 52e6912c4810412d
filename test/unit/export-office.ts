// Test helpers that read exports the way a user's office suite does: LibreOffice converts the
// .docx (to .fodt or PDF), and the .fodt XML tells the text, tracked changes and footnotes.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { DOMParser, type Element, type Node as XmlNode } from '@xmldom/xmldom';
import { unzipSync, strFromU8 } from 'fflate';

const run = promisify(execFile);

const NS = {
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  text: 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  dc: 'http://purl.org/dc/elements/1.1/',
};

/** Converts `files` with one soffice call; returns the converted paths in the same order. */
export async function convert(files: string[], to: 'fodt' | 'pdf', outDir: string): Promise<string[]> {
  const profile = await mkdtemp(join(tmpdir(), 'draftroom-lo-'));
  try {
    await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', to, '--outdir', outDir, ...files], {
      timeout: 180_000,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui; the export tests need it');
    }
    throw err;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  return files.map((f) => join(outDir, basename(f).replace(/\.[^.]+$/, `.${to}`)));
}

export interface TrackedChange {
  id: string;
  kind: 'insertion' | 'deletion' | 'format-change';
  creator: string;
  date: string;
  /** The text the change covers (a paragraph mark in it as a newline). */
  text: string;
}

/** A piece of body text with the tracked changes open around it. */
interface Piece {
  text: string;
  changes: readonly string[];
}

/**
 * The body in reading order. LibreOffice 7 keeps deleted text in the body between
 * text:change-start and text:change-end, like inserted text; footnote bodies are left out.
 */
function pieces(body: Element): Piece[] {
  const out: Piece[] = [];
  let open: string[] = [];
  const push = (text: string) => out.push({ text, changes: open });
  const walk = (n: XmlNode, inPara: boolean) => {
    if (n.nodeType === 3) {
      if (inPara) push(n.nodeValue ?? '');
      return;
    }
    if (n.nodeType !== 1) return;
    const el = n as Element;
    if (el.namespaceURI === NS.text) {
      switch (el.localName) {
        case 'tracked-changes': case 'note': return;
        case 'tab': return push('\t');
        case 's': return push(' '.repeat(Number(el.getAttributeNS(NS.text, 'c') || 1)));
        case 'line-break': return push('\n');
        case 'change-start': open = [...open, el.getAttributeNS(NS.text, 'change-id') ?? '']; return;
        case 'change-end': open = open.filter((id) => id !== el.getAttributeNS(NS.text, 'change-id')); return;
      }
    }
    const para = el.namespaceURI === NS.text && (el.localName === 'p' || el.localName === 'h');
    for (let c = el.firstChild; c; c = c.nextSibling) walk(c, inPara || para);
    if (para) push('\n');
  };
  walk(body, false);
  return out;
}

function plainText(node: XmlNode): string {
  let out = '';
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3) out += c.nodeValue ?? '';
    else if (c.nodeType === 1) out += (c as Element).localName === 'tab' ? '\t' : plainText(c);
  }
  return out;
}

/** What a converted .fodt says. */
export class Fodt {
  private readonly body: Element;
  private readonly pieces: Piece[];
  private readonly kinds = new Map<string, TrackedChange['kind']>();

  constructor(xml: string) {
    const dom = new DOMParser().parseFromString(xml, 'text/xml');
    const body = dom.getElementsByTagNameNS(NS.office, 'text')[0];
    if (!body) throw new Error('no office:text in the converted document');
    this.body = body;
    this.pieces = pieces(body);
    for (const change of this.changes()) this.kinds.set(change.id, change.kind);
  }

  /** The body text with tracked changes accepted (deleted text left out), or as shown with `deleted` true. No footnotes. */
  text(deleted = false): string {
    return this.pieces
      .filter((p) => deleted || !p.changes.some((id) => this.kinds.get(id) === 'deletion'))
      .map((p) => p.text).join('');
  }

  /** The body's non-empty paragraphs, changes accepted. */
  paragraphs(): string[] {
    return this.text().split('\n').filter((line) => line.trim());
  }

  changes(): TrackedChange[] {
    return Array.from(this.body.getElementsByTagNameNS(NS.text, 'changed-region')).map((region) => {
      const id = region.getAttributeNS(NS.text, 'id') || region.getAttribute('xml:id') || '';
      const change = Array.from(region.childNodes).find((n): n is Element => n.nodeType === 1) as Element;
      return {
        id,
        kind: change.localName as TrackedChange['kind'],
        creator: change.getElementsByTagNameNS(NS.dc, 'creator')[0]?.textContent ?? '',
        date: change.getElementsByTagNameNS(NS.dc, 'date')[0]?.textContent ?? '',
        text: this.pieces.filter((p) => p.changes.includes(id)).map((p) => p.text).join('').trim(),
      };
    });
  }

  footnotes(): string[] {
    return Array.from(this.body.getElementsByTagNameNS(NS.text, 'note'))
      .filter((n) => n.getAttributeNS(NS.text, 'note-class') === 'footnote')
      .map((n) => plainText(n.getElementsByTagNameNS(NS.text, 'note-body')[0]).trim());
  }
}

/** A part of a .docx package as text (e.g. `word/document.xml`). */
export function docxPart(bytes: Uint8Array, part: string): string {
  const files = unzipSync(bytes);
  if (!files[part]) throw new Error(`${part} is not in the .docx (has ${Object.keys(files).join(', ')})`);
  return strFromU8(files[part]);
}

/** The names of the parts of a .docx package. */
export function docxPartNames(bytes: Uint8Array): string[] {
  return Object.keys(unzipSync(bytes));
}

/** Counts of Word revisions in document.xml and their authors. */
export function wordRevisions(documentXml: string): { ins: number; del: number; authors: Set<string>; paragraphMarks: number } {
  const count = (re: RegExp) => (documentXml.match(re) ?? []).length;
  return {
    ins: count(/<w:ins\b/g),
    del: count(/<w:del\b/g),
    authors: new Set(Array.from(documentXml.matchAll(/w:author="([^"]*)"/g), (m) => m[1])),
    paragraphMarks: count(/<w:pPr>(?:(?!<\/w:pPr>).)*<w:rPr>(?:(?!<\/w:rPr>).)*<w:(?:ins|del)\b/g),
  };
}
