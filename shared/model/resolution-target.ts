// Which resolution a place in the document is about (for the Related tab): the resolution holding
// the position, else the one of the proposal holding it. Its Sector comes from its number line's
// revision (`RESOLUTION 21 (Rev. Dubai, 2018)`: the Plenipotentiary's), else from its conference
// line ("The World Telecommunication Development Conference (...)"), else from the cover's
// conference. And the text a quoted extract goes in with: the extract and its citation. Pure.
import type { Node as PMNode } from 'prosemirror-model';
import { parseResolutionRef, type ResolutionRef, type Sector } from './resolution-refs';

const NAMED: [RegExp, Sector][] = [
  [/\bPlenipotentiary\b|\bPP[-\u2011]\d{2}\b/i, 'PP'],
  [/\bStandardi[sz]ation\s+Assembly\b|\bWTSA\b/i, 'WTSA'],
  [/\bDevelopment\s+Conference\b|\bWTDC\b/i, 'WTDC'],
  [/\bRadiocommunication\s+Assembly\b|\bRA[-\u2011]\d{2}\b/i, 'RA'],
];

/** The Sector a conference's name or line names (`The Plenipotentiary Conference of the ... (Dubai, 2018),`), or null. */
export function sectorNamedIn(text: string): Sector | null {
  return NAMED.find(([test]) => test.test(text))?.[1] ?? null;
}

/** Live text of a textblock (deleted text left out). */
function live(node: PMNode): string {
  let text = '';
  node.descendants((child) => {
    if (child.isText && !child.marks.some((m) => m.type.name === 'deletion')) text += child.text;
    return child.type.name !== 'footnote';
  });
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

function coverSector(doc: PMNode): Sector | null {
  let found: Sector | null = null;
  doc.firstChild?.forEach((field) => {
    if (!found && field.attrs.name === 'conference') found = sectorNamedIn(live(field));
  });
  return doc.firstChild?.type.name === 'cover' ? found : null;
}

/** The resolution `node` is: number, and Sector as far as the text tells. */
export function resolutionOf(node: PMNode, doc: PMNode): { sector: Sector | null; number: string; ref: ResolutionRef | null } | null {
  const number = String(node.attrs.number ?? '').trim();
  if (!/^\d+[A-Z]?$/i.test(number)) return null; // a draft new resolution ([EUR-1]) has no relations yet
  const line = node.firstChild?.type.name === 'number_line' ? live(node.firstChild) : '';
  const parsed = line ? parseResolutionRef(line) : null;
  const ref = parsed?.ok ? parsed.ref : null;
  let sector = ref?.sector ?? null;
  node.forEach((child) => {
    if (!sector && child.type.name === 'paragraph' && /^The\s/.test(live(child))) sector = sectorNamedIn(live(child));
  });
  return { sector: sector ?? coverSector(doc), number, ref };
}

/** The resolution at `pos`: the one holding it, else the (first) one of the proposal holding it. */
export function resolutionAt(doc: PMNode, pos: number): ReturnType<typeof resolutionOf> {
  const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)));
  for (let d = $pos.depth; d > 0; d--) {
    const node = $pos.node(d);
    if (node.type.name === 'resolution') return resolutionOf(node, doc);
    if (node.type.name === 'proposal') {
      let inside: PMNode | null = null;
      node.forEach((child) => {
        if (!inside && child.type.name === 'resolution') inside = child;
      });
      return inside ? resolutionOf(inside, doc) : null;
    }
  }
  return null;
}

const BODY: Record<Sector, string> = {
  PP: 'the Plenipotentiary Conference',
  WTSA: 'the World Telecommunication Standardization Assembly',
  WTDC: 'the World Telecommunication Development Conference',
  RA: 'the Radiocommunication Assembly',
};

/** How a draft cites a resolution: `Resolution 29 (Rev. Hammamet, 2016) of the World Telecommunication Standardization Assembly`, `Resolution ITU-R 47-2`. */
export function citationOf(ref: ResolutionRef): string {
  if (ref.sector === 'RA' && (ref.edition !== null || !ref.revision)) return `Resolution ITU-R ${ref.number}${ref.edition !== null ? `-${ref.edition}` : ''}`;
  const revision = ref.revision ? ` (${ref.rev ? 'Rev. ' : ''}${ref.revision.place}, ${ref.revision.year})` : '';
  return `Resolution ${ref.number}${revision}${ref.sector ? ` of ${BODY[ref.sector]}` : ''}`;
}

/** The paragraph a quoted extract becomes: its text without the item label, in quotation marks, and its citation. */
export function quoteText(ref: ResolutionRef, extract: string): string {
  const text = extract.replace(/^(?:[a-z]{1,4}\)|\d{1,3}[a-z]?\)?|[–-])\t/i, '').trim();
  return `\u201c${text}\u201d (${citationOf(ref)})`;
}
