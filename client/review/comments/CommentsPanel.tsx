// The comments tab: a new comment on the selection (its text, or the tracked change it lies in),
// the threads in document order with a filter (all / open / resolved / mine / mentioning me),
// orphaned threads last, and the highlights of their ranges in the editor.
import { useEffect, useMemo, useState } from 'react';
import type { EditorState } from 'prosemirror-state';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import {
  COMMENT_FILTERS, CommentError, createThread, findMentions, locateThreads, matchesFilter, type CommentFilter, type Person,
} from '../../../shared/comments';
import { boundDocument, commentTarget, type CommentTarget } from './bound';
import { commentHighlightKey, setHighlights, type HighlightRange } from './highlight';
import { MentionInput } from './MentionInput';
import { COMMENT_SHORTCUT, type CommentRequests } from './requests';
import { shortcutLabel } from '../../editor/keymap';
import { ThreadCard } from './ThreadCard';
import { useThreads } from './use-threads';

const FILTER_LABELS: Record<CommentFilter, string> = {
  all: 'All', open: 'Open', resolved: 'Resolved', mine: 'Mine', mentions: 'Mentioning me',
};

interface Props {
  view: EditorView;
  state: EditorState;
  ydoc: Y.Doc;
  user: Person;
  members: Person[];
  requests: CommentRequests;
  /** Whether the user may resolve anyone's thread (the server allows others only their own). */
  coordinator?: boolean;
}

export function CommentsPanel({ view, state, ydoc, user, members, requests, coordinator = false }: Props) {
  const threads = useThreads(ydoc);
  const [filter, setFilter] = useState<CommentFilter>('open');
  const [active, setActive] = useState<string | null>(null);
  const [target, setTarget] = useState<CommentTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // without threads there is nothing to locate (no walk of a large document on every keystroke)
  const located = useMemo(() => (threads.length ? locateThreads(boundDocument(state, ydoc), threads) : []), [state.doc, threads, ydoc]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => requests.onStart(() => {
    const found = commentTarget(view.state, ydoc);
    setTarget(found);
    setNotice(found ? null : 'Select some text (or put the cursor in a suggestion) to comment on it.');
  }), [requests, view, ydoc]);
  useEffect(() => requests.onActivate((id) => {
    setActive(id);
    const thread = threads.find((t) => t.id === id);
    if (thread && !matchesFilter(thread, filter, user.id)) setFilter('all');
  }), [requests, threads, filter, user.id]);
  useEffect(() => {
    document.querySelector(`.comment-thread[data-thread="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  // Keep the editor's highlights in step with the located threads.
  useEffect(() => {
    const ranges: HighlightRange[] = located.filter((l) => !l.orphaned)
      .map((l) => ({ threadId: l.thread.id, from: l.from, to: l.to, resolved: l.thread.resolved }));
    // located on an earlier document (the panel follows the editor when idle): the highlights are
    // mapped through the edits since, and the next idle update locates them on the current one
    if (view.state.doc !== state.doc) return;
    const current = commentHighlightKey.getState(view.state);
    if (current && JSON.stringify(current.ranges) === JSON.stringify(ranges) && current.active === active) return;
    if (!view.isDestroyed) view.dispatch(setHighlights(view.state.tr, ranges, active));
  }, [located, active, view]); // eslint-disable-line react-hooks/exhaustive-deps

  const shown = located.filter((l) => matchesFilter(l.thread, filter, user.id));
  const counts = useMemo(() => Object.fromEntries(COMMENT_FILTERS.map((f) => [f, threads.filter((t) => matchesFilter(t, f, user.id)).length])), [threads, user.id]);

  const select = (id: string) => {
    setActive(id);
    const thread = threads.find((t) => t.id === id);
    // where it is now (the panel's own listing may be a few keystrokes old)
    const where = thread && !view.isDestroyed ? locateThreads(boundDocument(view.state, ydoc), [thread])[0] : undefined;
    if (!where || where.orphaned || view.isDestroyed) return;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, where.from, where.to)).scrollIntoView());
  };

  return (
    <section className="comments-panel" aria-label="Comments">
      <header className="comments-head">
        <select aria-label="Show comments" value={filter} onChange={(e) => setFilter(e.target.value as CommentFilter)}>
          {COMMENT_FILTERS.map((f) => <option key={f} value={f}>{FILTER_LABELS[f]} ({counts[f]})</option>)}
        </select>
        <button type="button" onClick={() => requests.start()} title={`Comment on the selection (${shortcutLabel(COMMENT_SHORTCUT)})`}>New comment</button>
      </header>
      {notice && <p className="comments-notice" role="status">{notice}</p>}
      {target && <NewThread target={target} ydoc={ydoc} user={user} members={members}
        onDone={(id) => { setTarget(null); if (id) { setActive(id); setFilter((f) => (f === 'resolved' ? 'all' : f)); } view.focus(); }} />}
      {shown.length === 0 && !target && <p className="muted comments-empty">{threads.length ? 'No comments match this filter.' : 'No comments yet. Select text and press Comment.'}</p>}
      <ol className="comment-threads">
        {shown.map((l) => (
          <ThreadCard key={l.thread.id} located={l} ydoc={ydoc} user={user} members={members} mayResolve={coordinator || l.thread.author.id === user.id}
            active={l.thread.id === active} onSelect={() => select(l.thread.id)} />
        ))}
      </ol>
    </section>
  );
}

function NewThread({ target, ydoc, user, members, onDone }: {
  target: CommentTarget; ydoc: Y.Doc; user: Person; members: Person[]; onDone(id: string | null): void;
}) {
  const [text, setText] = useState('');
  const [onChange, setOnChange] = useState(!!target.change);
  const [error, setError] = useState<string | null>(null);
  const anchor = onChange && target.change ? target.change.anchor : target.range ?? target.change!.anchor;
  const submit = () => {
    try {
      onDone(createThread(ydoc, { anchor, author: user, text, mentions: findMentions(text, members).map((m) => m.id) }));
    } catch (err) {
      setError(err instanceof CommentError ? err.message : String(err));
    }
  };
  return (
    <form className="comment-new" aria-label="New comment" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <q className="comment-anchor">{anchor.quote || '…'}</q>
      {target.change && target.range && (
        <label className="comment-on-change">
          <input type="checkbox" checked={onChange} onChange={(e) => setOnChange(e.target.checked)} />
          On {target.change.change.authorName || 'the'}’s suggestion
        </label>
      )}
      {target.change && !target.range && <p className="muted">On {target.change.change.authorName || 'a'}’s suggestion</p>}
      <MentionInput value={text} onChange={setText} onSubmit={submit} onCancel={() => onDone(null)} members={members}
        placeholder="Comment… (@ to mention)" label="Comment" autoFocus />
      {error && <p className="error">{error}</p>}
      <div className="comment-actions">
        <button type="button" onClick={() => onDone(null)}>Cancel</button>
        <button type="submit" className="primary" disabled={!text.trim()}>Comment</button>
      </div>
    </form>
  );
}
