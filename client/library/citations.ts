// Citation updates against the server's library: one CitationLibrary over every provision in force,
// each entry read with its own conference line (so "Resolution 34 ... of the Plenipotentiary
// Conference" is not matched with WTDC's Resolution 34), and the transaction proposing the updates.
import { Node as PMNode } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import { schema, type ResolutionKind } from '../../shared/schema';
import { proposeCitationUpdates, type Citation, type CitationLibrary, type Revision } from '../../shared/model/citations';
import { citationLibrary } from '../../shared/model/citation-library';
import type { LibraryEntry } from './api';

/** A citation library of the given entries (entries whose text does not fit the schema are left out). */
export function libraryOfEntries(entries: readonly LibraryEntry[]): CitationLibrary {
  const byNumber = new Map<string, CitationLibrary>();
  for (const entry of entries) {
    try {
      const node = PMNode.fromJSON(schema, entry.content);
      byNumber.set(`${entry.kind} ${entry.number}`, citationLibrary(schema.node('doc', null, [node])));
    } catch {
      // A stored text the current schema cannot read: it cannot be cited from.
    }
  }
  return (kind: ResolutionKind, number: string, citation?: Citation) => byNumber.get(`${kind} ${number}`)?.(kind, number, citation) ?? null;
}

/** The tracked changes updating the document's citations (no steps when every one is current). */
export function citationUpdates(state: EditorState, entries: readonly LibraryEntry[], conference: Revision): Transaction {
  return proposeCitationUpdates(state, { library: libraryOfEntries(entries), conference });
}
