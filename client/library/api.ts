// The base-text library and document creation from content, over the REST API.
import type { Node as PMNode } from 'prosemirror-model';
import { request, type DocumentInfo } from '../app/api';
import type { LibraryEntry, LibrarySummary } from '../../shared/model/library-entry';

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

/** Creates a document holding `doc` (imported in the browser). */
export async function createDocumentWith(title: string, doc: PMNode, group?: string): Promise<DocumentInfo> {
  return (await request<{ document: DocumentInfo }>('POST', '/api/documents', { title, group, content: doc.toJSON() })).document;
}
