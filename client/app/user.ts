// The user as the editor shows it: the signed-in account with a colour derived from its id
// (shared/user-color.ts: the server puts the same colour into the user's awareness states).
import { colorForId } from '../../shared/user-color';

export { colorForId };

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
