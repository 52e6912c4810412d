// Citation updates against the server's library: every provision in force read as a normalised
// reference (its Sector from its revision or its conference line, shared/model/library-entry.ts),
// and every citation too (shared/model/citation-refs.ts), so "Resolution 34 (Rev. Dubai, 2018) of
// the Plenipotentiary Conference" is never matched with WTDC's Resolution 34; the transaction
// proposing the updates, and the lookup the export's lint warns with.
import type { EditorState, Transaction } from 'prosemirror-state';
import { proposeCitationUpdates, type CitationLibrary, type Revision } from '../../shared/model/citations';
import { normalisedCitationLibrary, revisionLookup, type RevisionLookup } from '../../shared/model/citation-refs';
import { entrySector } from '../../shared/model/library-entry';
import type { LibraryEntry } from './api';

/** The newest revision of each (Sector, number) among the entries. */
export function lookupOfEntries(entries: readonly LibraryEntry[]): RevisionLookup {
  return revisionLookup(entries.filter((e) => e.kind === 'RESOLUTION').map((e) => ({ sector: entrySector(e), number: e.number, revision: e.revision })));
}

/** A citation library of the given entries. */
export function libraryOfEntries(entries: readonly LibraryEntry[]): CitationLibrary {
  return normalisedCitationLibrary(lookupOfEntries(entries));
}

/** The tracked changes updating the document's citations (no steps when every one is current). */
export function citationUpdates(state: EditorState, entries: readonly LibraryEntry[], conference: Revision): Transaction {
  return proposeCitationUpdates(state, { library: libraryOfEntries(entries), conference });
}
