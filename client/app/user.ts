// The user as the editor shows it: the signed-in account with a colour derived from its id.

export interface LocalUser {
  id: string;
  name: string;
  color: string;
}

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
