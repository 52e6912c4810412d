// A citation library read from a document of base texts (the resolutions of the last
// conference, e.g. the WTDC-22 collection): each resolution's number line gives its current
// revision, and its conference line the body that adopted it, so a citation naming another
// body ("Resolution 34 (Rev. Dubai, 2018) of the Plenipotentiary Conference") is not touched.
import type { Node as PMNode } from 'prosemirror-model';
import type { ResolutionKind } from '../schema';
import type { Citation, CitationLibrary, Revision } from './citations';

const NUMBER_LINE = /\(\s*(?:Rev\.?\s*)?([^(),\d][^(),]*?),\s*(\d{4})\s*\)/;
const CONFERENCE_LINE = /^The\s+(.+?)\s*\(/;

// The ITU bodies whose texts cite each other, by full name and by short name.
const BODIES: [RegExp, string][] = [
  [/^(?:World Telecommunication Development Conference|WTDC)\b/i, 'WTDC'],
  [/^(?:World Telecommunication Standardization Assembly|WTSA)\b/i, 'WTSA'],
  [/^(?:Plenipotentiary Conference|PP)\b/i, 'PP'],
  [/^(?:Radiocommunication Assembly|RA)\b/i, 'RA'],
  [/^(?:World Radiocommunication Conference|WRC)\b/i, 'WRC'],
  [/^(?:Council|CA)\b/i, 'Council'],
];

function normalBody(name: string): string {
  const plain = name.replace(/^the\s+/i, '').replace(/\s+/g, ' ').trim();
  return BODIES.find(([test]) => test.test(plain))?.[1] ?? plain.toLowerCase();
}

/** Whether a citation names a body other than `body` (`this conference` and no name count as the same). */
function namesOtherBody(citation: Citation | undefined, body: string | null): boolean {
  if (!citation?.of || !body || /^this\s/i.test(citation.of)) return false;
  return normalBody(citation.of) !== body;
}

/** The library of the resolutions in `doc`: `RESOLUTION 30 (Rev. Kigali, 2022)` -> 30 is at Kigali, 2022. */
export function citationLibrary(doc: PMNode): CitationLibrary {
  const revisions = new Map<string, Revision>();
  let body: string | null = null;
  doc.descendants((node) => {
    if (node.type.name !== 'resolution') return true;
    const number = String(node.attrs.number ?? '');
    const m = NUMBER_LINE.exec(node.firstChild?.textContent ?? '');
    if (number && m) revisions.set(`${node.attrs.kind as string} ${number}`, { place: m[1].replace(/\s+/g, ' ').trim(), year: Number(m[2]) });
    node.forEach((child) => {
      const conference = child.type.name === 'paragraph' ? CONFERENCE_LINE.exec(child.textContent) : null;
      if (conference && !body) body = normalBody(conference[1]);
    });
    return false;
  });
  return (kind: ResolutionKind, number: string, citation?: Citation) => {
    if (namesOtherBody(citation, body)) return null;
    return revisions.get(`${kind} ${number}`) ?? null;
  };
}
