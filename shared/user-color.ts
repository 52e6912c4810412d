// A user's colour, derived from the user id: the client shows cursors, avatars and change bars
// in it, and the server writes it into the user's awareness states (server/collab/awareness-guard.ts).

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
