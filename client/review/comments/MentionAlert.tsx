// Tells the user, while the document is open, when someone mentions them in a comment (live, as
// the comment arrives): "Anna mentioned you: …" with a button that shows the thread. Mentions
// already there when the document opened are not announced (the Comments tab counts them).
import { useEffect, useRef, useState } from 'react';
import { newMentions, type Mention, type Thread } from '../../../shared/comments';

interface Props {
  threads: Thread[];
  userId: string;
  onShow: (threadId: string) => void;
}

export function MentionAlert({ threads, userId, onShow }: Props) {
  const seen = useRef<Set<string> | null>(null);
  const [latest, setLatest] = useState<Mention | null>(null);
  useEffect(() => {
    if (!seen.current) {
      seen.current = new Set(threads.flatMap((t) => t.messages.map((m) => m.id)));
      return;
    }
    const found = newMentions(threads, userId, seen.current);
    for (const t of threads) for (const m of t.messages) seen.current.add(m.id);
    if (found.length) setLatest(found[found.length - 1]);
  }, [threads, userId]);
  if (!latest) return null;
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
