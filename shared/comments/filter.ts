// Filters of the comments list: all, open, resolved, mine (started or replied to by me), mentioning me.
import type { Thread } from './model';

export const COMMENT_FILTERS = ['all', 'open', 'resolved', 'mine', 'mentions'] as const;
export type CommentFilter = (typeof COMMENT_FILTERS)[number];

export function matchesFilter(thread: Thread, filter: CommentFilter, userId: string): boolean {
  switch (filter) {
    case 'all': return true;
    case 'open': return !thread.resolved;
    case 'resolved': return thread.resolved;
    case 'mine': return thread.author.id === userId || thread.messages.some((m) => m.author.id === userId);
    case 'mentions': return thread.messages.some((m) => m.mentions.includes(userId));
  }
}
