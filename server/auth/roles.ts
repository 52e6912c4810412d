// Roles of a group member and what each may do: the one table the REST routes and the
// collaboration connections consult.

export const ROLES = ['coordinator', 'drafter', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * What a role allows. `edit` is any change to a document's text, `editTracked` a change made in
 * track mode only (the server checks drafters' updates, see server/collab/guard.ts).
 */
export type Permission =
  | 'read' | 'comment' | 'editTracked' | 'edit' | 'review' | 'saveVersion' | 'restoreVersion'
  | 'createDocument' | 'manageDocument' | 'export' | 'invite' | 'manageMembers' | 'readAudit';

const GRANTS: Record<Role, readonly Permission[]> = {
  coordinator: [
    'read', 'comment', 'editTracked', 'edit', 'review', 'saveVersion', 'restoreVersion',
    'createDocument', 'manageDocument', 'export', 'invite', 'manageMembers', 'readAudit',
  ],
  drafter: ['read', 'comment', 'editTracked', 'saveVersion'],
  observer: ['read', 'comment'],
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && GRANTS[role].includes(permission);
}
