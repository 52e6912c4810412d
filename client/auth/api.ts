// The accounts' REST calls of the client: invitations (show, accept, create) and a group's
// members, roles and audit log. Sessions themselves are in ../app/api.ts.
import { remember, request, type Membership, type Session } from '../app/api';

export type Role = Membership['role'];
export const ROLES: readonly Role[] = ['coordinator', 'drafter', 'observer'];

export interface Invitation {
  group: string;
  groupName: string;
  role: Role;
  expiresAt: number;
}

export interface Member {
  userId: string;
  name: string;
  role: Role;
}

export interface AuditEntry {
  id: number;
  time: number;
  action: string;
  name: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

const group = (code: string) => `/api/groups/${encodeURIComponent(code)}`;

export async function getInvitation(token: string): Promise<Invitation> {
  return (await request<{ invitation: Invitation }>('GET', `/api/invitations/${encodeURIComponent(token)}`)).invitation;
}

/** Accepts as the signed-in user (no account given) or as a new account, which is then signed in. */
export async function acceptInvitation(token: string, account?: { name: string; password: string }): Promise<Session> {
  return remember(await request<Session>('POST', `/api/invitations/${encodeURIComponent(token)}/accept`, account ?? {}));
}

/** Creates an invitation link; returns its absolute URL. */
export async function createInvitation(code: string, role: Role, expiresInSeconds: number): Promise<{ url: string; invitation: Invitation }> {
  const res = await request<{ url: string; invitation: Invitation }>('POST', `${group(code)}/invitations`, { role, expiresIn: expiresInSeconds });
  return { url: new URL(res.url, window.location.origin).href, invitation: res.invitation };
}

export async function listMembers(code: string): Promise<Member[]> {
  return (await request<{ members: Member[] }>('GET', `${group(code)}/members`)).members;
}

export async function setMemberRole(code: string, userId: string, role: Role): Promise<Member> {
  return (await request<{ member: Member }>('PATCH', `${group(code)}/members/${encodeURIComponent(userId)}`, { role })).member;
}

export async function auditLog(code: string): Promise<AuditEntry[]> {
  return (await request<{ entries: AuditEntry[] }>('GET', `${group(code)}/audit`)).entries;
}
