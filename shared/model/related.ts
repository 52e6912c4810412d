// The cross-Sector relations as the server answers them (GET /api/library/related): the wire
// shape shared by server and client.
import type { Revision } from './citations';
import type { Sector } from './resolution-refs';

/** A resolution related to the one looked up, merged over every mapping row naming both. */
export interface RelatedResolution {
  sector: Sector | null;
  number: string;
  edition: number | null;
  /** The revision the mapping cites, or null. */
  revision: Revision | null;
  rev: boolean;
  /** As written in the mapping (`WTSA Res 29`, `RESOLUTION 29 (Rev. Hammamet, 2016)`). */
  written: string;
  title: string;
  extracts: string[];
  /** The subject areas of the rows relating them (Table 1). */
  subjects: string[];
  /** Where the relation comes from: source file, table and row (the header is row 0). */
  rows: { source: string; table: number; row: number }[];
  /** The library entry in force with the full text, when the library holds this resolution. */
  libraryEntryId: string | null;
}

export interface RelatedAnswer {
  sector: Sector;
  number: string;
  /** The resolution looked up as the mapping quotes it (title, extracts), when it does. */
  self: RelatedResolution | null;
  subjects: string[];
  /** Every mapping row naming it, whether or not the row relates anything to it. */
  rows: { source: string; table: number; row: number; subject: string | null }[];
  related: RelatedResolution[];
}
