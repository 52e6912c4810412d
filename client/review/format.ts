// How the review UI words a change: its kind, its time, a short snippet of its text.
import type { Change } from '../../shared/track';
import { localeDateTime } from '../app/dates';

const KIND_LABELS: Record<Change['kind'], string> = { insertion: 'Inserted', deletion: 'Deleted', attribute: 'Changed', format: 'Formatted' };

/** "Inserted", "Deleted", "Formatted: bold", "Added MOD Resolution 30 (unit EUR/48A1/1)", or "New paragraph" for a paragraph mark alone. */
export function kindLabel(change: Pick<Change, 'kind' | 'text' | 'description' | 'unit'>): string {
  if (change.kind === 'format') return change.description ?? KIND_LABELS.format;
  if (change.unit || (change.kind === 'insertion' && change.description)) return change.description ?? 'Added unit';
  if (change.kind !== 'attribute' && change.text === '\n') return change.kind === 'insertion' ? 'New paragraph' : 'Paragraphs joined';
  return KIND_LABELS[change.kind];
}

/** The change's text on one line, cut to `max` characters with an ellipsis; white space alone is named ("a space"). */
export function snippet(change: Pick<Change, 'text'>, max = 80): string {
  const line = change.text.replace(/\t/g, ' ').replace(/\n+/g, ' ¶ ').replace(/\s+/g, ' ').trim();
  if (!line && change.text) return whiteSpaceName(change.text);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** "(a space)", "(3 spaces, a tab)": what a change of white space only consists of. */
function whiteSpaceName(text: string): string {
  const kinds: Array<[RegExp, string]> = [[/[^\S\t\n]/g, 'space'], [/\t/g, 'tab'], [/\n/g, 'paragraph mark']];
  const parts = kinds.flatMap(([re, name]) => {
    const n = text.match(re)?.length ?? 0;
    return n ? [n === 1 ? `a ${name}` : `${n} ${name}s`] : [];
  });
  return `(${parts.join(', ')})`;
}

/** "just now", "5 min ago", "3 h ago", else the date and time; "" for an unknown time. */
export function timeLabel(time: number, now = Date.now()): string {
  if (!time) return '';
  const minutes = Math.round((now - time) / 60_000);
  if (minutes < 1 && minutes > -1) return 'just now';
  if (minutes > 0 && minutes < 60) return `${minutes} min ago`;
  if (minutes >= 60 && minutes < 12 * 60) return `${Math.round(minutes / 60)} h ago`;
  return localeDateTime(time, 'medium');
}

/** The full date and time, for tooltips and the popover. */
export function fullTime(time: number): string {
  return time ? localeDateTime(time, 'long') : 'unknown time';
}

/** "MOD EUR/48A1/1", or the title of the group of changes outside proposals. */
export function groupTitle(group: { ref: string | null; action: string | null }): string {
  if (group.ref === null) return 'Outside proposals';
  return group.action ? `${group.action} ${group.ref}` : group.ref;
}
