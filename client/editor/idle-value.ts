// A value that follows another when the browser is idle: the side panels (changes, comments,
// history, related) render from the editor state of the last idle moment rather than on every
// keystroke, so typing in a large document pays for the document and not for the panels. The
// latest value is taken when the idle callback runs (never one in between), at the latest
// `timeout` ms after a change, so a panel lags the text by a fraction of a second while typing.
import { startTransition, useEffect, useRef, useState } from 'react';

const idle = (run: () => void, timeout: number): (() => void) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, Math.min(timeout, 50)); // browsers without requestIdleCallback (Safari)
  return () => clearTimeout(id);
};

/** `value` as of the last time the browser was idle (or `timeout` ms passed) since it changed. */
export function useIdleValue<T>(value: T, timeout = 250): T {
  const [settled, setSettled] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  const cancel = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (cancel.current || settled === value) return;
    cancel.current = idle(() => {
      cancel.current = null;
      // a transition: React renders the panels in slices, and a key pressed meanwhile goes first
      startTransition(() => setSettled(latest.current));
    }, timeout);
  }, [value, settled, timeout]);
  useEffect(() => () => cancel.current?.(), []);
  return settled;
}
