// The popover shown while the pointer rests on a revision mark: who made the change and when,
// its status, and the review buttons the reader's role allows.
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { ReviewAction } from '../../shared/track';
import { colorForId } from '../app/user';
import { changeIndex } from './change-index';
import { fullTime, kindLabel, snippet } from './format';
import { reviewChanges } from './navigation';
import type { Reviewer } from './permissions';
import { ReviewButtons } from './ReviewButtons';

/** How long the popover stays after the pointer left, so it can move onto the buttons. */
const HIDE_DELAY_MS = 250;

interface Anchor {
  id: string;
  kind: 'insertion' | 'deletion';
  /** The mark's element and the line of it the pointer is on, for placing the popover below it. */
  element: HTMLElement;
  line: number;
  left: number;
  top: number;
  bottom: number;
}

/** Room the popover needs below a mark; with less, it opens above. */
const POPOVER_ROOM = 150;

/** Where `element`'s line `line` is on screen (its last line when it has fewer lines now). */
function place(element: HTMLElement, line: number): { left: number; top: number; bottom: number } {
  const rects = element.getClientRects();
  const rect = rects[Math.min(line, rects.length - 1)] ?? element.getBoundingClientRect();
  return { left: rect.left, top: rect.top, bottom: rect.bottom };
}

export function ChangePopover({ view, state, reviewer }: { view: EditorView; state: EditorState; reviewer: Reviewer }) {
  const [anchor, setAnchor] = useState<Anchor | null>(null);
  const hideTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const keep = () => {
    if (hideTimer.current) clearTimeout(hideTimer.current);
    hideTimer.current = null;
  };
  const hideSoon = () => {
    keep();
    hideTimer.current = setTimeout(() => setAnchor(null), HIDE_DELAY_MS);
  };

  useEffect(() => {
    const dom = view.dom;
    const over = (event: MouseEvent) => {
      const mark = (event.target as Element).closest?.('ins[data-id], del[data-id]') as HTMLElement | null;
      if (!mark || !dom.contains(mark)) return;
      keep();
      const line = Math.max(0, [...mark.getClientRects()].findIndex((r) => event.clientY >= r.top && event.clientY <= r.bottom));
      setAnchor({ id: mark.dataset.id!, kind: mark.tagName === 'INS' ? 'insertion' : 'deletion', element: mark, line, ...place(mark, line) });
    };
    const out = (event: MouseEvent) => {
      if ((event.target as Element).closest?.('ins[data-id], del[data-id]')) hideSoon();
    };
    const close = () => setAnchor(null);
    // the popover follows its mark when the page scrolls
    const follow = () => setAnchor((a) => (a && a.element.isConnected ? { ...a, ...place(a.element, a.line) } : null));
    dom.addEventListener('mouseover', over);
    dom.addEventListener('mouseout', out);
    dom.addEventListener('keydown', close);
    window.addEventListener('scroll', follow, true);
    return () => {
      keep();
      dom.removeEventListener('mouseover', over);
      dom.removeEventListener('mouseout', out);
      dom.removeEventListener('keydown', close);
      window.removeEventListener('scroll', follow, true);
    };
  }, [view]);

  if (!anchor) return null;
  const change = changeIndex(state.doc).changes.find((c) => c.id === anchor.id && c.kind === anchor.kind);
  if (!change) return null;
  const act = (ids: string[], action: ReviewAction) => {
    reviewChanges(ids, action)(view.state, view.dispatch, view);
    setAnchor(null);
    view.focus();
  };
  const color = colorForId(change.author || 'unknown');
  const above = anchor.bottom + POPOVER_ROOM > window.innerHeight && anchor.top > POPOVER_ROOM;
  const style: CSSProperties & Record<'--author-color', string> = {
    left: Math.max(8, Math.min(anchor.left, window.innerWidth - 320)),
    top: above ? undefined : anchor.bottom + 6,
    bottom: above ? window.innerHeight - anchor.top + 6 : undefined,
    '--author-color': color,
  };
  const text = snippet(change, 60);
  return (
    <div className="change-popover" role="tooltip" style={style} data-change-id={change.id} onMouseEnter={keep} onMouseLeave={hideSoon}>
      <div className="popover-who">
        <span className="author-dot" style={{ background: color }} />
        <strong className="author-name">{change.authorName || change.author || 'Unknown'}</strong>
        <span className={`change-status status-${change.status}`}>{change.status === 'agreed' ? 'Agreed' : 'Suggested'}</span>
      </div>
      <div className="popover-what">
        <span className={`change-kind kind-${change.kind}`}>{kindLabel(change)}</span>
        {' · '}
        <time dateTime={change.time ? new Date(change.time).toISOString() : undefined}>{fullTime(change.time)}</time>
      </div>
      {text && <div className={`popover-text change-snippet snippet-${change.kind}`}>{text}</div>}
      <ReviewButtons changes={[change]} reviewer={reviewer} scope="this change" onReview={act} />
    </div>
  );
}
