// The editor page (`/d/<id>`): loads the document's metadata, then opens the collaborative editor.
import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import type { EditorState, Transaction } from 'prosemirror-state';
import { ReplaceStep } from 'prosemirror-transform';
import type { EditorView } from 'prosemirror-view';
import { getDocument, type DocumentInfo } from '../app/api';
import { prepareDateFormats } from '../app/dates';
import { navigate } from '../app/router';
import { sessionUser, setMemberColors, type LocalUser } from '../app/user';
import { listMembers } from '../review/history/api';
import { UserMenu, type SessionControls } from '../auth/SessionGate';
import { ExportDialog } from '../export/ExportDialog';
import { LibraryTools } from '../library/LibraryTools';
import { LibraryRequests } from '../library/requests';
import { openCollabSession, type CollabSession } from './collab';
import { ConnectionMonitor } from './connection';
import type { UiCommands } from './keymap';
import { Avatars, ConnectionBadge } from './Presence';
import { Toolbar } from './Toolbar';
import { createEditorView } from './view';
import { useIdleFeed } from './idle-value';
import { ReadOnlyNotice } from './ReadOnlyNotice';
import { trackPluginKey } from '../../shared/track';
import { ChangePopover, ChangesPanel, DirectEditNotice, MarkupSelect, TrackToggle, type Reviewer } from '../review';
import { CommentButton, CommentRequests, commentPlugins, ReviewTabs } from '../review/comments';
import 'prosemirror-view/style/prosemirror.css';
import 'prosemirror-tables/style/tables.css';
import './itu.css';

/** Performance mark set when the document first synced with the server and is on screen. */
export const READY_MARK = 'draftroom:document-ready';

export function EditorPage({ id, controls }: { id: string; controls: SessionControls }) {
  const [info, setInfo] = useState<DocumentInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // the group's members get their distinct colours before the editor draws (client/app/user.ts);
    // without the list, everyone keeps the colour hashed from their id
    const members = listMembers(id).catch(() => []);
    getDocument(id).then(async (found) => {
      setMemberColors((await members).map((m) => m.id));
      setInfo(found);
    }, (err: Error & { status?: number }) =>
      setError(err.status === 404 ? `There is no document “${id}”.` : err.message));
  }, [id]);
  if (error) {
    return (
      <main className="page">
        <p className="error" role="alert">{error}</p>
        <p><a href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>Back to the documents</a></p>
      </main>
    );
  }
  if (!info) return <main className="page"><p className="muted">Opening…</p></main>;
  return <CollabEditor info={info} controls={controls} />;
}

/**
 * Whether the page may follow a transaction when the browser is idle: typing or a remote edit (it
 * only replaces content: no marks, attributes or settings), or one that leaves the document as it
 * was (the caret moved by a click or an arrow key, a remote cursor moved) and is not a track mode
 * setting. A click in the text followed at once by a key rendered the page in the key's frame.
 */
function followWhenIdle(tr: Transaction): boolean {
  return tr.docChanged ? tr.steps.every((step) => step instanceof ReplaceStep) : !tr.getMeta(trackPluginKey);
}

interface Editor {
  view: EditorView;
  session: CollabSession;
  monitor: ConnectionMonitor;
}

/** The user's role in the document's group (null when not a member). */
function roleIn(controls: SessionControls, info: DocumentInfo): Reviewer['role'] {
  return controls.session.memberships.find((m) => m.group === info.group)?.role ?? null;
}

/** Whether the user's role in the document's group lets them change its text (observers only read). */
function canEdit(controls: SessionControls, info: DocumentInfo): boolean {
  const role = roleIn(controls, info);
  return role === 'coordinator' || role === 'drafter';
}

function CollabEditor({ info, controls }: { info: DocumentInfo; controls: SessionControls }) {
  const user: LocalUser = useMemo(() => sessionUser(controls.session), [controls.session]);
  const editable = canEdit(controls, info);
  const role = roleIn(controls, info);
  const reviewer = useMemo<Reviewer>(() => ({ id: user.id, role }), [user.id, role]);
  const mount = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  // The editor's state as the page around the editor sees it: that of the last idle moment
  // (idle-value.ts), so a keystroke renders nothing but the editor.
  const [state, pushState, setState] = useIdleFeed<EditorState | null>(null);
  const [synced, setSynced] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  /** Why the server refused a change of ours; the editor then reloaded the server's document. */
  const [serverRefusal, setServerRefusal] = useState<string | null>(null);
  /** Bumped to open a fresh session after a refusal. */
  const [generation, setGeneration] = useState(0);
  /** Times of the recent reloads after refusals (to stop reloading in a loop). */
  const reloads = useRef<number[]>([]);
  const viewRef = useRef<EditorView | null>(null);

  const comments = useMemo(() => new CommentRequests(), []);
  const library = useMemo(() => new LibraryRequests(), []);
  const ui = useMemo<UiCommands>(() => ({
    openProposalDialog: () => library.request('proposal'),
    askLinkTarget: () => window.prompt('Link to (https://…)'),
    updateCitations: () => library.request('citations'),
    insertFromFile: () => library.request('file'),
  }), [library]);

  useEffect(() => {
    performance.clearMarks(READY_MARK);
    const session = openCollabSession(info.id, `draftroom:${info.id}:${info.createdAt}`, user);
    const monitor = new ConnectionMonitor(session);
    const view = createEditorView(mount.current!, {
      fragment: session.fragment, awareness: session.provider.awareness, user, editable, reviewer, ui,
      // the toolbar and the rest of the page follow typing and caret moves when the browser is
      // idle: rendered after the keystroke's frame (and once for several keys), never in the way
      // of the text; any other change (a command, formatting, track mode switched) in a
      // transition, as soon as the editor's frame is done
      onState: (next, transactions) => {
        if (transactions.every(followWhenIdle)) pushState(next);
        else startTransition(() => setState(next));
      },
      onRefused: setRefusal, plugins: commentPlugins(comments),
    });
    viewRef.current = view;
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      if (!performance.getEntriesByName(READY_MARK).length) performance.mark(READY_MARK); // the first sync only
      prepareDateFormats(); // a document without changes words its first one's time at the first key
      setSynced(true);
    };
    session.provider.on('sync', onSync);
    // A refused change stays in this browser's Y.Doc and IndexedDB copy, and would come back on
    // every reconnect: drop both and open the document afresh, as the server has it.
    let discarding = false;
    const stopRefusals = session.onPermissionDenied((reason) => {
      setServerRefusal(reason);
      const now = Date.now();
      reloads.current = reloads.current.filter((t) => now - t < 60_000);
      if (discarding || reloads.current.length >= 3) return;
      discarding = true;
      reloads.current.push(now);
      view.setProps({ editable: () => false });
      void session.discardLocal().then(() => setGeneration((g) => g + 1));
    });
    setEditor({ view, session, monitor });
    setState(view.state);
    return () => {
      stopRefusals();
      session.provider.off('sync', onSync);
      viewRef.current = null;
      view.destroy();
      monitor.destroy();
      session.destroy();
    };
  }, [info.id, info.createdAt, user, editable, reviewer, ui, comments, generation]);


  // The side panels are one memoised element, re-rendered only when the (idle) state or their props change.
  const panels = useMemo(() => editor && state && (
    <ReviewTabs documentId={info.id} view={editor.view} state={state} ydoc={editor.session.ydoc} user={user}
      requests={comments} history={{ save: role !== 'observer', restore: role === 'coordinator' }} coordinator={role === 'coordinator'} editable={role !== 'observer'}>
      <ChangesPanel view={editor.view} state={state} reviewer={reviewer} />
    </ReviewTabs>
  ), [editor, state, info.id, user, comments, role, reviewer]);

  return (
    <div className="editor-page" data-synced={synced}>
      <header className="editor-header">
        <a className="back" href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }} title="All documents">← Documents</a>
        <h1 className="document-title">{info.title}</h1>
        {!editable && <span className="read-only" title="Observers read and comment; they do not change the text">Read only</span>}
        {editor && <ConnectionBadge monitor={editor.monitor} />}
        {editor && state && <DirectEditNotice awareness={editor.session.provider.awareness} state={state} selfId={user.id} />}
        {editor && <Avatars awareness={editor.session.provider.awareness} />}
        {editor && role === 'coordinator' && <button type="button" className="export-button" onClick={() => setExporting(true)}>Export…</button>}
        <UserMenu controls={controls} />
      </header>
      {editor && state && (
        <Toolbar view={editor.view} state={state} ui={ui}>
          <TrackToggle view={editor.view} state={state} reviewer={reviewer} />
          <MarkupSelect view={editor.view} />
          <CommentButton requests={comments} />
        </Toolbar>
      )}
      <div className="editor-body">
        <div className="page-scroll">
          <div className="sheet" ref={mount} />
        </div>
        {panels}
      </div>
      {editor && state && <ChangePopover view={editor.view} state={state} reviewer={reviewer} />}
      {editor && !editable && <ReadOnlyNotice view={editor.view} reason="You are an observer: you can read the document and comment on it, not change its text." />}
      {refusal && (
        <p className="error track-refusal" role="alert">
          That edit could not be recorded as a tracked change, so it was taken back.
          <button type="button" onClick={() => setRefusal(null)}>Dismiss</button>
        </p>
      )}
      {serverRefusal && (
        <p className="error server-refusal" role="alert">
          The server refused a change ({serverRefusal}). The document has been reloaded as the server has it; the refused change is gone.
          <button type="button" onClick={() => setServerRefusal(null)}>Dismiss</button>
        </p>
      )}
      {exporting && editor && <ExportDialog documentId={info.id} view={editor.view} onClose={() => setExporting(false)} />}
      {editor && state && <LibraryTools documentId={info.id} view={editor.view} state={state} requests={library} role={role} />}
    </div>
  );
}
