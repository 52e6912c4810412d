// A value that follows another when the browser is idle: the page around the editor (toolbar,
// side panels: changes, comments, history, related; the popover, the notices) renders from the
// editor state of the last idle moment rather than on every keystroke, so typing in a large
// document pays for the document and not for the page. The latest value is taken when the idle
// callback runs (never one in between), at the latest `timeout` ms after a change, so the page
// lags the text by a frame while typing (a fraction of a second at most).
// Every React commit while the editor has the focus also costs a walk of the editor's DOM up to
// the caret (react-dom saves the selection of a focused contenteditable before committing:
// ~2 ms a commit in the middle of a 400-row table); idle commits take it out of a key's frame.
import { startTransition, useCallback, useEffect, useRef, useState } from 'react';

const idle = (run: () => void, timeout: number): (() => void) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, Math.min(timeout, 50)); // browsers without requestIdleCallback (Safari)
  return () => clearTimeout(id);
};

/**
 * A value pushed from outside React (the editor's states, from dispatchTransaction), handed to
 * React when the browser is idle: `[value, push, set]`, where `push` schedules the hand-over (a
 * push does not render anything by itself) and `set` hands a value over at once (the first state).
 */
export function useIdleFeed<T>(initial: T, timeout = 250): [T, (value: T) => void, (value: T) => void] {
  const [settled, setSettled] = useState(initial);
  const latest = useRef(initial);
  const cancel = useRef<(() => void) | null>(null);
  const push = useCallback((value: T) => {
    latest.current = value;
    cancel.current ??= idle(() => {
      cancel.current = null;
      // a transition: React renders the page in slices, and a key pressed meanwhile goes first
      startTransition(() => setSettled(latest.current));
    }, timeout);
  }, [timeout]);
  const set = useCallback((value: T) => {
    cancel.current?.();
    cancel.current = null;
    latest.current = value;
    setSettled(value);
  }, []);
  useEffect(() => () => cancel.current?.(), []);
  return [settled, push, set];
}
