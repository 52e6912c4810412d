// The base-text library, document creation from content, and new MOD proposals made by the server, over the REST API.
import type { Node as PMNode } from 'prosemirror-model';
import { request, type DocumentInfo } from '../app/api';
import type { LibraryEntry, LibrarySummary } from '../../shared/model/library-entry';
import type { Action } from '../../shared/schema';

export type { LibraryEntry, LibrarySummary };

export async function searchLibrary(query: string): Promise<LibrarySummary[]> {
  return (await request<{ entries: LibrarySummary[] }>('GET', `/api/library?q=${encodeURIComponent(query)}`)).entries;
}

/** Every provision in force with its text (for citation updates). */
export async function libraryTexts(): Promise<LibraryEntry[]> {
  return (await request<{ entries: LibraryEntry[] }>('GET', '/api/library?content=1')).entries;
}

export async function libraryEntry(id: string): Promise<LibraryEntry> {
  return (await request<{ entry: LibraryEntry }>('GET', `/api/library/${encodeURIComponent(id)}`)).entry;
}

/** What the server is asked to insert: a MOD or (MOD) of a library entry at a top-level index. */
export interface ProposalRequest {
  /** MOD or (MOD): the server refuses other actions. */
  action: Action;
  ref: string;
  heading: string;
  libraryEntryId: string;
  index: number;
}

/** Has the server insert a MOD unit (its base text untracked) into the live document; answers its reference and index. */
export async function createProposal(documentId: string, proposal: ProposalRequest): Promise<{ ref: string; index: number }> {
  return request<{ ref: string; index: number }>('POST', `/api/documents/${encodeURIComponent(documentId)}/proposals`, proposal);
}

/** Creates a document holding `doc` (imported in the browser). */
export async function createDocumentWith(title: string, doc: PMNode, group?: string): Promise<DocumentInfo> {
  return (await request<{ document: DocumentInfo }>('POST', '/api/documents', { title, group, content: doc.toJSON() })).document;
}
