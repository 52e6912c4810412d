// The user as the editor shows it: the signed-in account with its colour, and the colours of the
// authors in a document (shared/user-color.ts: the members of its group get distinct ones).
import { assignColors, colorForId as hashedColor } from '../../shared/user-color';

/** The colours of the open document's group members (setMemberColors), by user id. */
let memberColors = new Map<string, string>();

/** Gives the members of the open document's group their distinct colours (before its editor draws). */
export function setMemberColors(ids: readonly string[]): void {
  memberColors = assignColors(ids);
}

/** The colour of a user or author id: a member's own, else the one hashed from the id. */
export function colorForId(id: string): string {
  return memberColors.get(id) ?? hashedColor(id);
}

export interface LocalUser {
  id: string;
  name: string;
  color: string;
}

/** Initials shown in an avatar: `Anna Schmidt` and `anna.schmidt` -> `AS`. */
export function initials(name: string): string {
  const words = name.trim().split(/[\s._-]+/).filter(Boolean);
  if (!words.length) return '?';
  const letters = words.length === 1 ? [...words[0]].slice(0, 2) : [[...words[0]][0], [...words[words.length - 1]][0]];
  return letters.join('').toUpperCase();
}

/** The editing user of a session: the account, with its colour. */
export function sessionUser(session: { user: { id: string; name: string } }): LocalUser {
  return { id: session.user.id, name: session.user.name, color: colorForId(session.user.id) };
}
