// The cross-Sector relations over the REST API (GET /api/library/related).
import { request } from '../../app/api';
import type { RelatedAnswer } from '../../../shared/model/related';
import type { Sector } from '../../../shared/model/resolution-refs';

export type { RelatedAnswer };

export function relatedResolutions(sector: Sector, number: string): Promise<RelatedAnswer> {
  return request<RelatedAnswer>('GET', `/api/library/related?sector=${encodeURIComponent(sector)}&number=${encodeURIComponent(number)}`);
}

/** What importing a mapping document into the library answered (the part the Related tab shows). */
export interface LibraryImportResult {
  added: number;
  mapping: { rows: number; relations: number; unparsed: { text: string; table: number; row: number }[] } | null;
}

/** Adds a file (a mapping document, or base texts) to the library (coordinators). */
export function importIntoLibrary(file: File, format: string): Promise<LibraryImportResult> {
  return request<LibraryImportResult>('POST', `/api/library/import?format=${encodeURIComponent(format)}&name=${encodeURIComponent(file.name)}`, file);
}
