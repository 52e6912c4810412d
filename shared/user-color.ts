// A user's colour: the client shows cursors, avatars, change bars and revision marks in it.
// Derived from the user id alone, two people's colours were as close as their ids' hashes fell:
// with five authors, most documents had two of them in nearly the same hue (found by a new-user
// review). So the members of a document's group get distinct colours of one palette
// (`assignColors`, the same on every client: by their ids), and an id outside it (an imported
// author, a member who joined since) the hashed colour.

/** Twelve colours far apart in hue and lightness, dark enough for text on white. */
export const PALETTE = [
  '#1a5fb4', '#c01c28', '#26a269', '#a347ba', '#c64600', '#0b7285',
  '#865e3c', '#d6336c', '#5c7c0f', '#3d3d9e', '#b8860b', '#2f6f4f',
] as const;

/** FNV-1a of the id. */
function hash(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A stable, readable colour (#rrggbb, as y-prosemirror's cursors need) for a user or author id. */
export function colorForId(id: string): string {
  return hslToHex(hash(id) % 360, 0.65, 0.42);
}

/**
 * Distinct palette colours for `ids` (a group's members): in the order of the ids, each takes the
 * palette slot its hash names or the next free one, so two members share a colour only when there
 * are more members than colours. Every client given the same ids gives the same colours.
 */
export function assignColors(ids: readonly string[]): Map<string, string> {
  const taken = new Set<number>();
  const colors = new Map<string, string>();
  for (const id of [...new Set(ids)].sort()) {
    let slot = hash(id) % PALETTE.length;
    for (let tries = 0; tries < PALETTE.length && taken.has(slot); tries++) slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    if (taken.size >= PALETTE.length) taken.clear(); // more members than colours: a second round
    colors.set(id, PALETTE[slot]);
  }
  return colors;
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
