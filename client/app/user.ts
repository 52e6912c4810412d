// The local user until accounts land: {id, name, color} kept in localStorage, colours derived from ids.
import { uuidv4 } from 'lib0/random';

export interface LocalUser {
  id: string;
  name: string;
  color: string;
}

const KEY = 'draftroom:user';

/** A stable, readable colour (#rrggbb, as y-prosemirror's cursors need) for a user or author id. */
export function colorForId(id: string): string {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  const hue = (hash >>> 0) % 360;
  return hslToHex(hue, 0.65, 0.42);
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** Initials shown in an avatar: `Anna Schmidt` -> `AS`. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return '?';
  const letters = words.length === 1 ? [...words[0]].slice(0, 2) : [[...words[0]][0], [...words[words.length - 1]][0]];
  return letters.join('').toUpperCase();
}

export function loadUser(): LocalUser | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const user = JSON.parse(raw) as Partial<LocalUser>;
    if (typeof user.id !== 'string' || typeof user.name !== 'string' || !user.name.trim()) return null;
    return { id: user.id, name: user.name, color: colorForId(user.id) };
  } catch {
    return null;
  }
}

/** Stores the user under `name`, keeping the id (and so the colour) of an earlier one. */
export function saveUser(name: string): LocalUser {
  const id = loadUser()?.id ?? uuidv4();
  const user = { id, name: name.trim(), color: colorForId(id) };
  localStorage.setItem(KEY, JSON.stringify(user));
  return user;
}
