// The side column of the editor in tabs: Changes (the tracked-changes panel, given as a child),
// Comments, History and Related (the other Sectors' resolutions, client/review/related/). A comment request or a click on a highlight opens the Comments tab; the
// tab counts open threads and those mentioning the user, and a new mention is announced live.
import { useEffect, useState, type ReactNode } from 'react';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import { openMentions, type Person } from '../../../shared/comments';
import { HistoryPanel, type HistoryPermissions } from '../history/HistoryPanel';
import { RelatedPanel } from '../related/RelatedPanel';
import { CommentsPanel } from './CommentsPanel';
import { MentionAlert } from './MentionAlert';
import type { CommentRequests } from './requests';
import { useMembers, useThreads } from './use-threads';

type Tab = 'changes' | 'comments' | 'history' | 'related';

interface Props {
  documentId: string;
  view: EditorView;
  state: EditorState;
  ydoc: Y.Doc;
  user: Person;
  requests: CommentRequests;
  history: HistoryPermissions;
  /** Whether the user coordinates the group: resolves anyone's thread (others only their own). */
  coordinator?: boolean;
  /** Whether the user may change the text (quote from the Related tab); observers may not. */
  editable?: boolean;
  /** The changes panel. */
  children: ReactNode;
}

export function ReviewTabs({ documentId, view, state, ydoc, user, requests, history, coordinator = false, editable = true, children }: Props) {
  const [tab, setTab] = useState<Tab>('changes');
  const members = useMembers(documentId);
  const threads = useThreads(ydoc);
  const open = threads.filter((t) => !t.resolved).length;
  const mentioned = openMentions(threads, user.id);
  useEffect(() => requests.onStart(() => setTab('comments')), [requests]);
  useEffect(() => requests.onActivate(() => setTab('comments')), [requests]);
  const tabButton = (id: Tab, label: ReactNode) => (
    <button type="button" role="tab" id={`review-tab-${id}`} aria-selected={tab === id} aria-controls={`review-panel-${id}`}
      className={tab === id ? 'active' : undefined} onClick={() => setTab(id)}>{label}</button>
  );
  return (
    <aside className="review-tabs">
      <div className="review-tab-list" role="tablist" aria-label="Review">
        {tabButton('changes', 'Changes')}
        {tabButton('comments', <>
          Comments{open > 0 && <span className="changes-count">{open}</span>}
          {mentioned > 0 && <span className="mention-count" title={`${mentioned} open thread${mentioned === 1 ? '' : 's'} mention you`}>@{mentioned}</span>}
        </>)}
        {tabButton('history', 'History')}
        {tabButton('related', 'Related')}
      </div>
      <MentionAlert threads={threads} userId={user.id} onShow={(id) => requests.activate(id)} />
      {/* All stay mounted (hidden when not shown): the comments panel keeps the highlights and hears requests. */}
      {(['changes', 'comments', 'history', 'related'] as const).map((id) => (
        <div key={id} className="review-tab-panel" role="tabpanel" id={`review-panel-${id}`} aria-labelledby={`review-tab-${id}`} hidden={tab !== id}>
          {id === 'changes' && children}
          {id === 'comments' && <CommentsPanel view={view} state={state} ydoc={ydoc} user={user} members={members} requests={requests} coordinator={coordinator} />}
          {id === 'history' && <HistoryPanel documentId={documentId} can={history} shown={tab === 'history'} />}
          {id === 'related' && <RelatedPanel view={view} state={state} canQuote={editable} shown={tab === 'related'} canImport={coordinator} />}
        </div>
      ))}
    </aside>
  );
}
