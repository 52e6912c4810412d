// A base text of the library as the server answers it: the wire shape shared by server and client.
import type { ResolutionKind } from '../schema';
import type { Revision } from './citations';
import { sectorOfRevision, type Sector } from './resolution-refs';
import { sectorNamedIn } from './resolution-target';

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

/** The Sector whose resolution an entry is: from its revision, else from its conference line ("The World Telecommunication Development Conference (...)"). */
export function entrySector(entry: Pick<LibraryEntry, 'revision' | 'content'>): Sector | null {
  const fromRevision = entry.revision ? sectorOfRevision(entry.revision) : null;
  if (fromRevision) return fromRevision;
  const paragraphs = (entry.content.content as { type: string; content?: { text?: string }[] }[] | undefined) ?? [];
  for (const p of paragraphs) {
    const text = p.type === 'paragraph' ? (p.content ?? []).map((c) => c.text ?? '').join('') : '';
    if (/^The\s/.test(text)) return sectorNamedIn(text);
  }
  return null;
}
