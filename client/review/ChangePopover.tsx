// The popover shown while the pointer rests on a revision mark or on a block's change bar: who
// made the change and when, its status, and the review buttons the reader's role allows. On a
// mark it opens once the pointer has rested there a moment (OPEN_DELAY_MS): a pointer passing over
// a change on its way to the text beside it opens nothing, so no popover, and none of its review
// buttons, lands under a click meant for the text.
// It opens above the line pointed at (the text below is what a reader points at next), only its
// buttons take the pointer (a click anywhere else on it reaches the text under it), and a press in
// the text closes it.
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { ChangeKind, ReviewAction } from '../../shared/track';
import { colorForId } from '../app/user';
import { changeIndex } from './change-index';
import { fullTime, kindLabel, snippet } from './format';
import { reviewChanges } from './navigation';
import type { Reviewer } from './permissions';
import { ReviewButtons } from './ReviewButtons';

/** How long the popover stays after the pointer left, so it can move onto the buttons. */
const HIDE_DELAY_MS = 400;

/** How long the pointer rests on a mark before its popover opens (at once while one is open). */
export const OPEN_DELAY_MS = 300;

/** How far left of a block's edge its change bar can be pointed at, in pixels. */
const BAR_REACH = 12;

interface Anchor {
  /** The change ids under the pointer (a block can carry several records) and, for a mark, its kind. */
  ids: string[];
  kind: ChangeKind | null;
  /** The element, and the line of it (a mark) or the height in it (a block) the pointer is at. */
  element: HTMLElement;
  line: number;
  y: number | null;
  left: number;
  top: number;
  bottom: number;
}

/** The revision marks' elements in the editor (see editor/revisions.ts). */
const MARK_SELECTOR = 'ins[data-id], del[data-id], span.format-change[data-id]';

function markKind(mark: HTMLElement): ChangeKind {
  return mark.tagName === 'INS' ? 'insertion' : mark.tagName === 'DEL' ? 'deletion' : 'format';
}

/** Room the popover needs above a mark; with less, it opens below. */
const POPOVER_ROOM = 150;

/** Where `element`'s line `line`, or its height `y`, is on screen. */
function place(element: HTMLElement, line: number, y: number | null): { left: number; top: number; bottom: number } {
  const rects = element.getClientRects();
  const rect = rects[Math.min(line, rects.length - 1)] ?? element.getBoundingClientRect();
  if (y !== null) return { left: rect.left - BAR_REACH, top: rect.top + y - 8, bottom: rect.top + y + 8 };
  return { left: rect.left, top: rect.top, bottom: rect.bottom };
}

/** The block whose change bar is at the pointer: the bar lies just left of the block's edge. */
function barAt(dom: HTMLElement, x: number, y: number): HTMLElement | null {
  const block = document.elementFromPoint(x + BAR_REACH, y)?.closest('[data-change-ids]') as HTMLElement | null;
  if (!block || !dom.contains(block)) return null;
  const left = block.getBoundingClientRect().left;
  return x <= left && left - x <= BAR_REACH ? block : null;
}

export function ChangePopover({ view, state, reviewer }: { view: EditorView; state: EditorState; reviewer: Reviewer }) {
  const [anchor, setAnchor] = useState<Anchor | null>(null);
  const onBar = useRef(false);
  const hideTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const openTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const shown = useRef(false);
  shown.current = anchor !== null;

  const keep = () => {
    if (hideTimer.current) clearTimeout(hideTimer.current);
    hideTimer.current = null;
  };
  const stopOpening = () => {
    if (openTimer.current) clearTimeout(openTimer.current);
    openTimer.current = null;
  };
  const hideSoon = () => {
    keep();
    hideTimer.current = setTimeout(() => setAnchor(null), HIDE_DELAY_MS);
  };

  useEffect(() => {
    const dom = view.dom;
    const over = (event: MouseEvent) => {
      const mark = (event.target as Element).closest?.(MARK_SELECTOR) as HTMLElement | null;
      if (!mark || !dom.contains(mark)) return;
      keep();
      stopOpening();
      const line = Math.max(0, [...mark.getClientRects()].findIndex((r) => event.clientY >= r.top && event.clientY <= r.bottom));
      onBar.current = false;
      const open = () => {
        openTimer.current = null;
        if (mark.isConnected) setAnchor({ ids: [mark.dataset.id!], kind: markKind(mark), element: mark, line, y: null, ...place(mark, line, null) });
      };
      if (shown.current) open();
      else openTimer.current = setTimeout(open, OPEN_DELAY_MS);
    };
    const move = (event: MouseEvent) => {
      if ((event.target as Element).closest?.(MARK_SELECTOR)) return;
      const block = barAt(dom, event.clientX, event.clientY);
      if (!block) {
        if (onBar.current) hideSoon();
        onBar.current = false;
        return;
      }
      keep();
      onBar.current = true;
      const y = event.clientY - block.getBoundingClientRect().top;
      setAnchor((a) => (a?.element === block ? a : { ids: block.dataset.changeIds!.split(' '), kind: null, element: block, line: 0, y, ...place(block, 0, y) }));
    };
    const out = (event: MouseEvent) => {
      if (!(event.target as Element).closest?.(MARK_SELECTOR)) return;
      stopOpening();
      hideSoon();
    };
    const leave = () => {
      if (onBar.current) hideSoon();
      onBar.current = false;
    };
    const close = () => {
      keep();
      stopOpening();
      setAnchor(null);
    };
    // the popover follows its mark when the page scrolls
    const follow = () => setAnchor((a) => (a && a.element.isConnected ? { ...a, ...place(a.element, a.line, a.y) } : null));
    dom.addEventListener('mouseover', over);
    dom.addEventListener('mousemove', move);
    dom.addEventListener('mouseleave', leave);
    dom.addEventListener('mouseout', out);
    dom.addEventListener('keydown', close);
    dom.addEventListener('mousedown', close);
    window.addEventListener('scroll', follow, true);
    return () => {
      keep();
      stopOpening();
      dom.removeEventListener('mouseover', over);
      dom.removeEventListener('mousemove', move);
      dom.removeEventListener('mouseleave', leave);
      dom.removeEventListener('mouseout', out);
      dom.removeEventListener('keydown', close);
      dom.removeEventListener('mousedown', close);
      window.removeEventListener('scroll', follow, true);
    };
  }, [view]);

  if (!anchor) return null;
  const change = changeIndex(state.doc).changes.find((c) => anchor.ids.includes(c.id) && (!anchor.kind || c.kind === anchor.kind));
  if (!change) return null;
  const act = (ids: string[], action: ReviewAction) => {
    reviewChanges(ids, action)(view.state, view.dispatch, view);
    setAnchor(null);
    view.focus();
  };
  const color = colorForId(change.author || 'unknown');
  const above = anchor.top > POPOVER_ROOM || anchor.bottom + POPOVER_ROOM > window.innerHeight;
  const style: CSSProperties & Record<'--author-color', string> = {
    left: Math.max(8, Math.min(anchor.left, window.innerWidth - 320)),
    top: above ? undefined : anchor.bottom + 2,
    bottom: above ? window.innerHeight - anchor.top + 2 : undefined,
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
