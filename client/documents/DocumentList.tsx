// The document list page (`/`): the server's documents, opening, creating (empty or from a file), renaming and deleting them.
import { useCallback, useEffect, useState, type FormEvent, type MouseEvent } from 'react';
import { createDocument, deleteDocument, listDocuments, renameDocument, type DocumentInfo } from '../app/api';
import { editorPath, navigate } from '../app/router';
import { UserMenu, type SessionControls } from '../auth/SessionGate';
import { ImportButton } from '../library/ImportButton';

function formatDate(value: string | number): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function openLink(event: MouseEvent<HTMLAnchorElement>, id: string): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(editorPath(id));
}

export function DocumentList({ controls }: { controls: SessionControls }) {
  const { memberships } = controls.session;
  const coordinated = memberships.filter((m) => m.role === 'coordinator');
  const manages = (doc: DocumentInfo) => coordinated.some((m) => m.group === doc.group);
  const [documents, setDocuments] = useState<DocumentInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [group, setGroup] = useState(coordinated[0]?.group ?? '');
  const [renaming, setRenaming] = useState<{ id: string; title: string } | null>(null);

  const refresh = useCallback(() => {
    listDocuments().then(setDocuments, (err: Error) => setError(err.message));
  }, []);
  useEffect(refresh, [refresh]);

  const act = (action: Promise<unknown>) => action.then(() => { setError(null); refresh(); }, (err: Error) => setError(err.message));

  const create = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    createDocument(title.trim(), group || undefined).then((doc) => navigate(editorPath(doc.id)), (err: Error) => setError(err.message));
  };
  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (!renaming || !renaming.title.trim()) return;
    act(renameDocument(renaming.id, renaming.title.trim()));
    setRenaming(null);
  };
  const remove = (doc: DocumentInfo) => {
    if (window.confirm(`Delete “${doc.title}”? Co-authors lose it too.`)) act(deleteDocument(doc.id));
  };

  return (
    <main className="page documents-page">
      <header className="page-header">
        <div>
          <h1>Draftroom</h1>
          <p className="muted">Common proposals to ITU conferences, drafted together.</p>
        </div>
        <UserMenu controls={controls} />
      </header>
      {coordinated.length > 0 && (
        <form className="new-document" onSubmit={create}>
          <input aria-label="Title of the new document" placeholder="Title of a new document, e.g. European Common Proposals to PP-26"
            value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
          {coordinated.length > 1 && (
            <select aria-label="Group of the new document" value={group} onChange={(e) => setGroup(e.target.value)}>
              {coordinated.map((m) => <option key={m.group} value={m.group}>{m.group}</option>)}
            </select>
          )}
          <button type="submit" className="primary" disabled={!title.trim()}>Create</button>
          <ImportButton group={group || undefined} onError={setError} />
        </form>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {documents === null && !error && <p className="muted">Loading documents…</p>}
      {documents?.length === 0 && <p className="muted">No documents yet{coordinated.length ? ': create the first one above' : ''}.</p>}
      {documents && documents.length > 0 && (
        <ul className="document-list">
          {documents.map((doc) => (
            <li key={doc.id} className="document-row" data-id={doc.id}>
              {renaming?.id === doc.id ? (
                <form className="rename" onSubmit={rename}>
                  <input aria-label="New title" autoFocus value={renaming.title} maxLength={200}
                    onChange={(e) => setRenaming({ id: doc.id, title: e.target.value })}
                    onKeyDown={(e) => { if (e.key === 'Escape') setRenaming(null); }} />
                  <button type="submit" className="primary">Save</button>
                  <button type="button" onClick={() => setRenaming(null)}>Cancel</button>
                </form>
              ) : (
                <>
                  <a className="document-title" href={editorPath(doc.id)} onClick={(e) => openLink(e, doc.id)}>{doc.title || 'Untitled'}</a>
                  <span className="muted">{doc.group ? `${doc.group} · ` : ''}edited {formatDate(doc.updatedAt)}</span>
                  {manages(doc) && (
                    <span className="row-actions">
                      <button type="button" onClick={() => setRenaming({ id: doc.id, title: doc.title })}>Rename</button>
                      <button type="button" className="danger" onClick={() => remove(doc)}>Delete</button>
                    </span>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
