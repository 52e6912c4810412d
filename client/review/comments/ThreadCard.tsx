// One comment thread: what it is anchored to (or "text deleted" when orphaned), its messages with
// their @mentions, a reply box, and resolve / reopen.
import { useState } from 'react';
import type * as Y from 'yjs';
import { CommentError, findMentions, reply, setResolved, type Located, type Person } from '../../../shared/comments';
import { colorForId, initials } from '../../app/user';
import { localeDateTime } from '../../app/dates';
import { MentionInput } from './MentionInput';

interface Props {
  located: Located;
  ydoc: Y.Doc;
  user: Person;
  members: Person[];
  active: boolean;
  /** The thread's author and coordinators resolve and reopen it (the server refuses others). */
  mayResolve: boolean;
  onSelect(): void;
}

function when(time: number): string {
  return localeDateTime(time, 'medium');
}

/** The text with each `@name` of a mentioned member emphasised. */
function MessageText({ text, members }: { text: string; members: Person[] }) {
  const names = findMentions(text, members).map((m) => m.name.toLowerCase());
  const parts = text.split(/(@[\w.\-]+)/g);
  return <p className="comment-text">{parts.map((part, i) =>
    part.startsWith('@') && names.some((n) => part.slice(1).toLowerCase().startsWith(n))
      ? <span key={i} className="mention">{part}</span> : part)}</p>;
}

export function ThreadCard({ located, ydoc, user, members, active, mayResolve, onSelect }: Props) {
  const { thread, orphaned } = located;
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = () => {
    try {
      reply(ydoc, thread.id, user, draft, findMentions(draft, members).map((m) => m.id));
      setDraft('');
      setError(null);
    } catch (err) {
      setError(err instanceof CommentError ? err.message : String(err));
    }
  };
  const onChange = 'changeId' in thread.anchor;
  return (
    <li className={`comment-thread${active ? ' active' : ''}${thread.resolved ? ' resolved' : ''}${orphaned ? ' orphaned' : ''}`}
      data-thread={thread.id} onClick={onSelect}>
      <div className="comment-anchor">
        {orphaned && <span className="orphan-badge" title="The commented text was deleted">text deleted</span>}
        {onChange && <span className="on-change-badge">on a suggestion</span>}
        <q>{thread.anchor.quote || '…'}</q>
      </div>
      <ol className="comment-messages">
        {thread.messages.map((message) => (
          <li key={message.id} className="comment-message">
            <div className="comment-meta">
              <span className="comment-avatar" style={{ background: colorForId(message.author.id) }}>{initials(message.author.name)}</span>
              <strong>{message.author.name}</strong>
              <time dateTime={new Date(message.createdAt).toISOString()}>{when(message.createdAt)}</time>
            </div>
            <MessageText text={message.text} members={members} />
          </li>
        ))}
      </ol>
      {thread.resolved && <p className="comment-resolved">Resolved by {thread.resolvedBy?.name ?? 'someone'}</p>}
      {active && !thread.resolved && (
        <div className="comment-reply" onClick={(e) => e.stopPropagation()}>
          <MentionInput value={draft} onChange={setDraft} onSubmit={send} members={members}
            placeholder="Reply… (@ to mention)" label="Reply" />
          {error && <p className="error">{error}</p>}
        </div>
      )}
      <div className="comment-actions" onClick={(e) => e.stopPropagation()}>
        {active && !thread.resolved && <button type="button" className="primary" disabled={!draft.trim()} onClick={send}>Reply</button>}
        {mayResolve && (
          <button type="button" className="comment-resolve" onClick={() => setResolved(ydoc, thread.id, user, !thread.resolved)}>
            {thread.resolved ? 'Reopen' : 'Resolve'}
          </button>
        )}
      </div>
    </li>
  );
}
