// The REST calls of comments and history: group members (for @mentions) and named versions.
import { request } from '../../app/api';
import type { Person } from '../../../shared/comments';
import type { CompareAuthor, Comparison } from '../../../shared/model/comparison';

export interface VersionInfo {
  id: string;
  name: string;
  createdAt: number;
}

const doc = (id: string) => `/api/documents/${encodeURIComponent(id)}`;

export async function listMembers(documentId: string): Promise<Person[]> {
  return (await request<{ members: Person[] }>('GET', `${doc(documentId)}/members`)).members;
}

/** Newest first. */
export async function listVersions(documentId: string): Promise<VersionInfo[]> {
  const { versions } = await request<{ versions: VersionInfo[] }>('GET', `${doc(documentId)}/versions`);
  return [...versions].sort((a, b) => b.createdAt - a.createdAt);
}

export async function saveVersion(documentId: string, name: string): Promise<VersionInfo> {
  return (await request<{ version: VersionInfo }>('POST', `${doc(documentId)}/versions`, { name })).version;
}

/** A version's content as ProseMirror JSON. */
export function versionContent(documentId: string, versionId: string): Promise<unknown> {
  return request<unknown>('GET', `${doc(documentId)}/versions/${encodeURIComponent(versionId)}`);
}

/** What a restore did: `changes` tracked changes suggested, `unrestored` structural differences left as they are. */
export interface RestoreResult {
  changes: number;
  unrestored: number;
}

/** Bring a version's text back as the signed-in coordinator's tracked changes. */
export async function restoreVersion(documentId: string, versionId: string): Promise<RestoreResult> {
  const { changes, unrestored } = await request<RestoreResult>('POST', `${doc(documentId)}/versions/${encodeURIComponent(versionId)}/restore`);
  return { changes, unrestored };
}

export type { CompareAuthor, Comparison };

/** The comparison of two versions, or a version and now (`'now'`), made on the server. */
export function compareStates(documentId: string, from: string, to: string): Promise<Comparison> {
  const q = new URLSearchParams({ from, to });
  return request<Comparison>('GET', `${doc(documentId)}/compare?${q}`);
}
