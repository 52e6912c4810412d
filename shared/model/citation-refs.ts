// Revision citations read as normalised references (shared/model/resolution-refs.ts): which
// Sector's resolution a citation means (the body it names, else the conference its revision was
// adopted at, else the resolution holding it), a library's newest revision per (Sector, number),
// the citation library the citation-update command uses, and the lint warning on a MOD citing a
// resolution by a revision older than the library's newest. Pure.
import type { Node as PMNode } from 'prosemirror-model';
import { findCitations, type Citation, type CitationLibrary, type Revision } from './citations';
import { olderRevision, refKey, sectorOfRevision, type ResolutionRef, type Sector } from './resolution-refs';
import { sectorNamedIn } from './resolution-target';

/** The references a citation makes, one per number: `Resolutions 25 and 123 (Rev. Busan, 2014)` -> PP 25, PP 123 at Busan, 2014. */
export function citedRefs(citation: Citation): ResolutionRef[] {
  if (citation.kind !== 'RESOLUTION' || citation.role !== 'citation') return [];
  const revision = { place: citation.place, year: citation.year };
  const named = citation.of && !/^this\s/i.test(citation.of) ? sectorNamedIn(citation.of) : null;
  // A citation naming a body that is none of the Sectors (the Council) is no Sector's resolution.
  if (citation.of && !/^this\s/i.test(citation.of) && !named) return [];
  const sector: Sector | null = named ?? sectorOfRevision(revision) ?? citation.within;
  return citation.numbers.filter((n) => /^\d+[A-Z]?$/i.test(n)).map((number) => ({ sector, number: number.toUpperCase(), edition: null, revision, rev: citation.rev }));
}

/** The newest revision the library holds of a Sector's resolution, or null. */
export type RevisionLookup = (ref: Pick<ResolutionRef, 'sector' | 'number'>) => Revision | null;

/** A lookup over library entries: the newest revision per (Sector, number). */
export function revisionLookup(entries: readonly { sector: Sector | null; number: string; revision: Revision | null }[]): RevisionLookup {
  const newest = new Map<string, Revision>();
  for (const e of entries) {
    if (!e.sector || !e.revision) continue;
    const key = refKey({ sector: e.sector, number: e.number.toUpperCase() });
    const held = newest.get(key);
    if (!held || olderRevision(held, e.revision)) newest.set(key, e.revision);
  }
  return (ref) => (ref.sector ? newest.get(refKey({ sector: ref.sector, number: ref.number.toUpperCase() })) ?? null : null);
}

/** The citation library of the citation-update command, reading each citation through the normaliser. */
export function normalisedCitationLibrary(lookup: RevisionLookup): CitationLibrary {
  return (_kind, number, citation) => {
    if (!citation) return null;
    const ref = citedRefs(citation).find((r) => r.number === number.toUpperCase());
    return ref ? lookup(ref) : null;
  };
}

export interface OutdatedCitation {
  citation: Citation;
  ref: ResolutionRef;
  newest: Revision;
}

/** The citations of MOD and (MOD) proposals naming a revision older than the library's newest. */
export function outdatedCitations(doc: PMNode, lookup: RevisionLookup): OutdatedCitation[] {
  const out: OutdatedCitation[] = [];
  for (const citation of findCitations(doc)) {
    if (citation.action !== 'MOD' && citation.action !== '(MOD)') continue;
    for (const ref of citedRefs(citation)) {
      const newest = lookup(ref);
      if (newest && ref.revision && olderRevision(ref.revision, newest)) {
        out.push({ citation, ref, newest });
      }
    }
  }
  return out;
}
