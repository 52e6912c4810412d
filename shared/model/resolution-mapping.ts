// A cross-Sector mapping read from an imported document's tables (TSAG's mapping of WTSA, WTDC
// and RA resolutions onto PP resolutions, and any table laid out like it). A table belongs to the
// mapping when at least two of its header cells name a Sector (`PP Resolution`, `WTSA
// Resolutions`, ...); a header naming a subject (`Subject area`) gives each row its subject.
// Each Sector cell holds references (`PP Res.25`) or quoted resolutions: a heading
// (`RESOLUTION 29 (Rev. Hammamet, 2016)`, its title after it or after ` - `) followed by its
// extracts. Every resolution of a row relates to every other of the row. Text that is no
// reference and follows none is kept in `unparsed`, never dropped. Pure: no database here.
import type { Node as PMNode } from 'prosemirror-model';
import { parseResolutionRef, resolutionRefList, sectorOf, type ResolutionRef, type Sector, type UnparsedRef } from './resolution-refs';

/** One resolution as a mapping row names or quotes it. */
export interface MappedResolution {
  ref: ResolutionRef;
  /** The reference or heading as written (`WTSA Res 29`, `RESOLUTION 29 (Rev. Hammamet, 2016)`). */
  written: string;
  title: string;
  /** The quoted paragraphs (call headings and items), in order. */
  extracts: string[];
  /** The parenthesised text of a heading that is no revision (`REV. DUBAIBUSAN, 20184`), kept as written. */
  unreadRevision?: string;
}

export interface MappingRow {
  /** 1-based number of the table among the document's mapping tables, and of the row in it (the header is row 0). */
  table: number;
  row: number;
  subject: string | null;
  /** The resolutions of the row, each under the Sector of its column (or the one it names). */
  resolutions: MappedResolution[];
}

export interface UnparsedCell extends UnparsedRef {
  table: number;
  row: number;
  sector: Sector;
}

export interface Mapping {
  rows: MappingRow[];
  unparsed: UnparsedCell[];
}

/** Text of a textblock as read: footnotes and deleted text left out, tabs kept, spaces collapsed. */
function blockText(node: PMNode): string {
  let text = '';
  node.forEach((child) => {
    if (child.isText && !child.marks.some((m) => m.type.name === 'deletion')) text += child.text;
    else if (child.type.name === 'hard_break') text += ' ';
  });
  return text.replace(/[ \u00a0]+/g, ' ').replace(/ ?\t ?/g, '\t').trim();
}

function cellParagraphs(cell: PMNode): string[] {
  const out: string[] = [];
  cell.descendants((node) => {
    if (!node.isTextblock) return true;
    const text = blockText(node);
    if (text) out.push(text);
    return false;
  });
  return out;
}

const SUBJECT = /^(?:subject|topic|theme|area)/i;

function readCell(paragraphs: readonly string[], sector: Sector, at: { table: number; row: number }, unparsed: UnparsedCell[]): MappedResolution[] {
  const out: MappedResolution[] = [];
  let current: MappedResolution | null = null;
  for (const text of paragraphs) {
    const parsed = parseResolutionRef(text, sector);
    // A reference followed by more words is a heading only when a dash sets them off: `Resolution
    // 20 (Rev. Hammamet, 2016) - Procedures ...`, never `Resolution 20 applies ...`.
    if (parsed.ok && (!parsed.rest || parsed.titled)) {
      current = { ref: parsed.ref, written: parsed.rest ? text.slice(0, text.length - parsed.rest.length).replace(/\s*[-\u2013\u2014:]\s*$/, '') : text, title: parsed.rest, extracts: [] };
      if (parsed.unreadRevision) current.unreadRevision = parsed.unreadRevision;
      out.push(current);
    } else if (resolutionRefList(text, sector)) {
      // Several references in one paragraph: each its own resolution, none quoted.
      for (const ref of resolutionRefList(text, sector)!) out.push({ ref, written: text, title: '', extracts: [] });
      current = null;
    } else if (!current) {
      unparsed.push({ ...at, sector, text, reason: parsed.ok ? 'words after the reference' : parsed.error.reason });
    } else if (!current.title && !current.extracts.length && !/^\p{Ll}/u.test(text)) {
      current.title = text;
    } else {
      current.extracts.push(text);
    }
  }
  return out;
}

/** The mapping held by the tables of `doc` (none: no rows). */
export function readMapping(doc: PMNode): Mapping {
  const mapping: Mapping = { rows: [], unparsed: [] };
  let tableNo = 0;
  doc.descendants((node) => {
    if (node.type.name !== 'table') return true;
    if (!node.childCount) return false;
    const header = node.child(0);
    const columns: (Sector | 'subject' | null)[] = [];
    header.forEach((cell) => {
      const text = cellParagraphs(cell).join(' ');
      columns.push(sectorOf(text) ?? (SUBJECT.test(text) ? 'subject' : null));
    });
    if (columns.filter((c) => c && c !== 'subject').length < 2) return false;
    tableNo++;
    for (let r = 1; r < node.childCount; r++) {
      const at = { table: tableNo, row: r };
      const row: MappingRow = { ...at, subject: null, resolutions: [] };
      node.child(r).forEach((cell, _offset, c) => {
        const column = columns[c];
        if (!column) return;
        const paragraphs = cellParagraphs(cell);
        if (column === 'subject') row.subject = paragraphs.join(' ') || null;
        else row.resolutions.push(...readCell(paragraphs, column, at, mapping.unparsed));
      });
      if (row.subject || row.resolutions.length) mapping.rows.push(row);
    }
    return false;
  });
  return mapping;
}
