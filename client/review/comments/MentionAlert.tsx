// Tells the user, while the document is open, when someone mentions them in a comment (live, as
// the comment arrives): "Anna mentioned you: …" with a button that shows the thread. Mentions
// written before the page opened are not announced (the Comments tab counts them), nor those of a
// resolved thread, nor any announced before (remembered in this browser across page loads). It is a
// banner at the top of the review panel, so it covers neither the text nor the changes.
import { useEffect, useRef, useState } from 'react';
import { newMentions, type Mention, type Thread } from '../../../shared/comments';

interface Props {
  threads: Thread[];
  userId: string;
  onShow: (threadId: string) => void;
}

/** How far a comment's time (its author's clock) may lag behind this page's opening and still be news. */
const CLOCK_SLACK_MS = 60_000;
const KEEP = 200;

const storageKey = (userId: string) => `draftroom:mentions-announced:${userId}`;

function announced(userId: string): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

function remember(userId: string, ids: Set<string>): void {
  try {
    localStorage.setItem(storageKey(userId), JSON.stringify([...ids].slice(-KEEP)));
  } catch {
    // storage full or refused: the page still does not repeat itself while open
  }
}

export function MentionAlert({ threads, userId, onShow }: Props) {
  const opened = useRef(Date.now());
  const seen = useRef<Set<string> | null>(null);
  const [latest, setLatest] = useState<Mention | null>(null);
  useEffect(() => {
    seen.current ??= announced(userId);
    const found = newMentions(threads, userId, seen.current, opened.current - CLOCK_SLACK_MS);
    for (const { message } of found) seen.current.add(message.id);
    if (found.length) {
      remember(userId, seen.current);
      setLatest(found[found.length - 1]);
    }
  }, [threads, userId]);
  // a thread resolved meanwhile is not news any more
  const current = latest && threads.find((t) => t.id === latest.thread.id);
  if (!latest || !current || current.resolved) return null;
  const { thread, message } = latest;
  const text = message.text.length > 120 ? `${message.text.slice(0, 119)}…` : message.text;
  return (
    <div className="mention-alert" role="status">
      <span><strong>{message.author.name}</strong> mentioned you: “{text}”</span>
      <button type="button" onClick={() => { setLatest(null); onShow(thread.id); }}>Show</button>
      <button type="button" aria-label="Close" onClick={() => setLatest(null)}>×</button>
    </div>
  );
}
