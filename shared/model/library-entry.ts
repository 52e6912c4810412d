// A base text of the library as the server answers it: the wire shape shared by server and client.
import type { ResolutionKind } from '../schema';
import type { Revision } from './citations';

/** A library entry without its text (what a search lists). */
export interface LibrarySummary {
  id: string;
  kind: ResolutionKind;
  number: string;
  title: string;
  numberLine: string;
  revision: Revision | null;
  source: string;
  /** The id of the newer revision that replaced this one, or null while in force. */
  supersededBy: string | null;
  addedAt: number;
}

/** A library entry with its text: the ProseMirror JSON of a `resolution` node. */
export interface LibraryEntry extends LibrarySummary {
  content: Record<string, unknown>;
}
