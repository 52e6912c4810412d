// The compare view: what changed between two versions (or a version and now), in the document's
// own layout: a read-only EditorView of the server's comparison (server/compare.ts: by Yjs
// identity, each insertion and deletion attributed to who made it, tracked or not), insertions and
// deletions in their authors' colours, with a legend of the authors.
import { useEffect, useRef, useState } from 'react';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { schema } from '../../../shared/schema';
import { colorForId } from '../../app/user';
import { FootnoteView } from '../../editor/nodeviews/footnote';
import { ProposalView } from '../../editor/nodeviews/proposal';
import { revisionMarkViews } from '../../editor/revisions';
import { compareStates, type Comparison, type VersionInfo } from './api';

/** A side of the comparison: a saved version, or the document as it is now (on the server). */
export type Side = { version: VersionInfo } | { now: true };

export const sideName = (side: Side): string => ('now' in side ? 'Now' : side.version.name);
const sideId = (side: Side): string => ('now' in side ? 'now' : side.version.id);

type VersionDiff = Omit<Comparison, 'doc'> & { doc: ReturnType<typeof schema.nodeFromJSON> };

export function CompareView({ documentId, from, to, onClose }: { documentId: string; from: Side; to: Side; onClose(): void }) {
  const mount = useRef<HTMLDivElement>(null);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    compareStates(documentId, sideId(from), sideId(to)).then((result) => {
      if (live) setDiff({ ...result, doc: schema.nodeFromJSON(result.doc) });
    }, (err: Error) => { if (live) setError(`The versions cannot be compared: ${err.message}`); });
    return () => { live = false; };
  }, [documentId, from, to]);

  useEffect(() => {
    if (!diff || !mount.current) return;
    const view = new EditorView(mount.current, {
      state: EditorState.create({ schema, doc: diff.doc }),
      editable: () => false,
      nodeViews: {
        proposal: (node, v, getPos) => new ProposalView(node, v, getPos),
        footnote: (node, v, getPos) => new FootnoteView(node, v, getPos),
      },
      markViews: revisionMarkViews,
      attributes: { class: 'itu-document compare-document', 'aria-label': 'Compared document' },
    });
    return () => view.destroy();
  }, [diff]);

  return (
    <div className="compare-overlay" role="dialog" aria-label="Compare versions" onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <header className="compare-head">
        <h2>Changes from <em>{sideName(from)}</em> to <em>{sideName(to)}</em></h2>
        {diff && <span className="muted compare-counts">{diff.inserted} characters inserted, {diff.deleted} deleted</span>}
        <button type="button" onClick={onClose} autoFocus>Close</button>
      </header>
      {diff && (
        <ul className="compare-legend" aria-label="Authors">
          {diff.authors.length === 0 && <li className="muted">No differences.</li>}
          {diff.authors.map((a) => (
            <li key={a.id} data-author={a.id}>
              <span className="author-dot" style={{ background: colorForId(a.id || 'unknown') }} />
              {a.name} <span className="muted">+{a.inserted} −{a.deleted}</span>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {!diff && !error && <p className="muted">Comparing…</p>}
      <div className="page-scroll compare-scroll">
        <div className="sheet" ref={mount} />
      </div>
    </div>
  );
}
