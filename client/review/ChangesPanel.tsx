// The changes panel beside the document: every tracked change grouped by proposal, filters by
// author and status with counts, review buttons per change, per proposal, per author, for all
// shown and for the selection. Clicking a change selects it in the editor.
// Cheap on every keystroke: the page hands it the editor state of the last idle moment
// (editor/idle-value.ts), the listing is memoised per document and built from per-block parts
// (change-index.ts, shared/track/change-events.ts) and rows only re-render when their change changed.
import { memo, useCallback, useMemo, useState, type CSSProperties } from 'react';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Change, ReviewAction } from '../../shared/track';
import { colorForId } from '../app/user';
import { changeAt, changeIndex, changeKey, groupByProposal, proposalActions, type AuthorInfo } from './change-index';
import { fullTime, groupTitle, kindLabel, snippet, timeLabel } from './format';
import { goToChange, reviewChanges, selectChange } from './navigation';
import { shortcutLabel, SHORTCUTS } from '../editor/keymap';
import type { Reviewer } from './permissions';
import { anyReviewable, ReviewButtons } from './ReviewButtons';

type StatusFilter = 'all' | 'suggested' | 'agreed';

interface Props {
  view: EditorView;
  state: EditorState;
  reviewer: Reviewer;
}

export function ChangesPanel({ view, state, reviewer }: Props) {
  const { doc, selection } = state;
  const index = changeIndex(doc);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());

  const shown = useMemo(
    () => index.changes.filter((c) => !hidden.has(c.author) && (status === 'all' || c.status === status)),
    [index, hidden, status]);
  const groups = useMemo(() => groupByProposal(shown, proposalActions(doc)), [shown, doc]);
  const current = changeAt(shown, selection.head);
  const currentKey = current ? changeKey(current) : null;
  const inSelection = selection.empty ? [] : shown.filter((c) => c.from < selection.to && c.to > selection.from);

  const act = useCallback((ids: string[], action: ReviewAction) => {
    reviewChanges(ids, action)(view.state, view.dispatch, view);
    view.focus();
  }, [view]);
  const select = useCallback((key: string) => {
    const change = changeIndex(view.state.doc).changes.find((c) => changeKey(c) === key);
    if (!change) return;
    selectChange(change)(view.state, view.dispatch, view);
    view.focus();
  }, [view]);
  const go = (dir: 1 | -1) => {
    goToChange(dir)(view.state, view.dispatch, view);
    view.focus();
  };
  const toggleAuthor = (id: string) => setHidden((prev) => {
    const next = new Set(prev);
    if (!next.delete(id)) next.add(id);
    return next;
  });

  return (
    <aside className="changes-panel" aria-label="Tracked changes">
      <header className="changes-head">
        <h2>Changes</h2>
        <span className="changes-count" data-testid="changes-count">
          {shown.length === index.changes.length ? index.changes.length : `${shown.length} of ${index.changes.length}`}
        </span>
        <span className="change-nav">
          <button type="button" data-command="previous-change" disabled={!index.changes.length} onClick={() => go(-1)}
            title={`Previous change (${shortcutLabel(SHORTCUTS.previousChange)})`} aria-label="Previous change">↑</button>
          <button type="button" data-command="next-change" disabled={!index.changes.length} onClick={() => go(1)}
            title={`Next change (${shortcutLabel(SHORTCUTS.nextChange)})`} aria-label="Next change">↓</button>
        </span>
        <select aria-label="Show changes with status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
          <option value="all">All</option>
          <option value="suggested">Suggested</option>
          <option value="agreed">Agreed</option>
        </select>
      </header>
      {index.authors.length > 0 && (
        <ul className="author-filter" aria-label="Authors">
          {index.authors.map((author) => (
            <AuthorRow key={author.id} author={author} shown={!hidden.has(author.id)} onToggle={toggleAuthor}
              changes={index.changes} reviewer={reviewer} onReview={act} />
          ))}
        </ul>
      )}
      {anyReviewable(reviewer, shown) && (
        <div className="bulk-bar" data-scope="shown">
          <span className="bulk-label">All shown</span>
          <ReviewButtons changes={shown} reviewer={reviewer} scope="all changes shown" counts onReview={act} />
        </div>
      )}
      {anyReviewable(reviewer, inSelection) && (
        <div className="bulk-bar" data-scope="selection">
          <span className="bulk-label">In selection</span>
          <ReviewButtons changes={inSelection} reviewer={reviewer} scope="the changes in the selection" counts onReview={act} />
        </div>
      )}
      <div className="change-groups">
        {!index.changes.length && <p className="changes-empty">No tracked changes yet. Edits made in track mode appear here.</p>}
        {index.changes.length > 0 && !shown.length && <p className="changes-empty">No change matches the filters.</p>}
        {groups.map((group) => (
          <section className="change-group" key={group.ref ?? ''} data-ref={group.ref ?? ''}>
            <header className="change-group-head">
              <h3>{groupTitle(group)}</h3>
              <span className="changes-count">{group.changes.length}</span>
              <ReviewButtons changes={group.changes} reviewer={reviewer} counts onReview={act}
                scope={group.ref ? `all shown changes of ${group.ref}` : 'all shown changes outside proposals'} />
            </header>
            <ol className="change-list">
              {group.changes.map((change) => (
                <ChangeRow key={changeKey(change)} change={change} current={changeKey(change) === currentKey}
                  reviewer={reviewer} onSelect={select} onReview={act} />
              ))}
            </ol>
          </section>
        ))}
      </div>
    </aside>
  );
}

interface AuthorRowProps {
  author: AuthorInfo;
  shown: boolean;
  changes: readonly Change[];
  reviewer: Reviewer;
  onToggle(id: string): void;
  onReview(ids: string[], action: ReviewAction): void;
}

function AuthorRow({ author, shown, changes, reviewer, onToggle, onReview }: AuthorRowProps) {
  const own = useMemo(() => changes.filter((c) => c.author === author.id), [changes, author.id]);
  return (
    <li className="author-row" data-author={author.id}>
      <label title={shown ? `Hide ${author.name}’s changes` : `Show ${author.name}’s changes`}>
        <input type="checkbox" checked={shown} onChange={() => onToggle(author.id)} />
        <span className="author-dot" style={{ background: colorForId(author.id || 'unknown') }} />
        <span className="author-name">{author.name}</span>
        <span className="changes-count">{author.count}</span>
      </label>
      <ReviewButtons changes={own} reviewer={reviewer} counts onReview={onReview} scope={`all of ${author.name}’s changes`} />
    </li>
  );
}

interface RowProps {
  change: Change;
  current: boolean;
  reviewer: Reviewer;
  onSelect(key: string): void;
  onReview(ids: string[], action: ReviewAction): void;
}

/** Rows ignore their positions: typing before a change moves it without changing the row. */
function sameRow(a: RowProps, b: RowProps): boolean {
  const x = a.change, y = b.change;
  return a.current === b.current && a.reviewer === b.reviewer && a.onSelect === b.onSelect && a.onReview === b.onReview &&
    x.id === y.id && x.kind === y.kind && x.status === y.status && x.text === y.text && x.description === y.description && x.time === y.time &&
    x.author === y.author && x.authorName === y.authorName && x.proposalRef === y.proposalRef;
}

const ChangeRow = memo(function ChangeRow({ change, current, reviewer, onSelect, onReview }: RowProps) {
  const key = changeKey(change);
  const color = colorForId(change.author || 'unknown');
  const text = snippet(change);
  return (
    <li className={`change-card${current ? ' current' : ''}`} data-change-id={change.id} data-kind={change.kind}
      data-status={change.status} data-author={change.author} style={{ '--author-color': color } as CSSProperties}>
      <button type="button" className="change-main" onClick={() => onSelect(key)} aria-current={current || undefined}
        title="Show this change in the document">
        <span className="change-meta">
          <span className="author-dot" style={{ background: color }} />
          <span className="author-name">{change.authorName || change.author || 'Unknown'}</span>
          <time dateTime={change.time ? new Date(change.time).toISOString() : undefined} title={fullTime(change.time)}>{timeLabel(change.time)}</time>
        </span>
        <span className="change-line">
          <span className={`change-kind kind-${change.kind}`}>{kindLabel(change)}</span>
          {text && <span className={`change-snippet snippet-${change.kind}`}>{text}</span>}
        </span>
      </button>
      <span className="change-foot">
        <span className={`change-status status-${change.status}`}>{change.status === 'agreed' ? 'Agreed' : 'Suggested'}</span>
        <ReviewButtons changes={[change]} reviewer={reviewer} scope="this change" onReview={onReview} />
      </span>
    </li>
  );
}, sameRow);
