// Filters of the comments list: all, open, resolved, mine (started or replied to by me), mentioning me.
import type { Message, Thread } from './model';

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

/** A message that mentions someone, with its thread. */
export interface Mention {
  thread: Thread;
  message: Message;
}

/**
 * The messages of `threads` that mention `userId`, written by someone else, not among `seen`
 * (message ids), not older than `since` and not in a resolved thread: what to tell the user
 * about. Oldest first.
 */
export function newMentions(threads: readonly Thread[], userId: string, seen: ReadonlySet<string>, since = -Infinity): Mention[] {
  const found: Mention[] = [];
  for (const thread of threads) {
    if (thread.resolved) continue;
    for (const message of thread.messages) {
      if (message.createdAt < since) continue;
      if (!seen.has(message.id) && message.author.id !== userId && message.mentions.includes(userId)) found.push({ thread, message });
    }
  }
  return found.sort((a, b) => a.message.createdAt - b.message.createdAt);
}

/** How many open threads mention `userId`. */
export function openMentions(threads: readonly Thread[], userId: string): number {
  return threads.filter((t) => !t.resolved && matchesFilter(t, 'mentions', userId)).length;
}
