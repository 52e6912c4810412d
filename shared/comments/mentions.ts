// @mentions in comment text: which group members a message names, and the completion of a
// partial "@na" at the caret. Names are account names (no spaces), matched case-insensitively.
import type { Person } from './model';

const MENTION = /(^|[\s(])@([\w.\-]+)/g;

/** The members named as `@name` in `text`, each once, in order of appearance. */
export function findMentions(text: string, members: Person[]): Person[] {
  const byName = new Map(members.map((m) => [m.name.toLowerCase(), m]));
  const found = new Map<string, Person>();
  for (const match of text.matchAll(MENTION)) {
    const name = match[2].replace(/[.\-]+$/, '').toLowerCase(); // "@anna." at a sentence end
    const member = byName.get(name) ?? byName.get(match[2].toLowerCase());
    if (member && !found.has(member.id)) found.set(member.id, member);
  }
  return [...found.values()];
}

/** The "@partial" word ending at `caret`, if any: where it starts and what was typed after the @. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|[\s(])@([\w.\-]*)$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[2].length - 1, query: match[2] } : null;
}

/** Members whose name starts with (then contains) `query`, at most `limit`. */
export function mentionCandidates(members: Person[], query: string, limit = 8): Person[] {
  const q = query.toLowerCase();
  const starts = members.filter((m) => m.name.toLowerCase().startsWith(q));
  const contains = members.filter((m) => !m.name.toLowerCase().startsWith(q) && m.name.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** Replaces the "@partial" at `start` with "@name " and returns the new text and caret. */
export function completeMention(text: string, start: number, caret: number, member: Person): { text: string; caret: number } {
  const inserted = `@${member.name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}
