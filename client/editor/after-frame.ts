// Runs work after the next frame is drawn: a message posted from requestAnimationFrame is handled
// after the frame's style, layout and paint. A hidden page draws no frames: there the work runs
// after a timeout instead, and at the latest `maxWait` ms after it was asked for.

/** Runs `run` once, after the next frame (or `maxWait` ms at the latest); returns the cancel function. */
export function afterFrame(run: () => void, maxWait = 250): () => void {
  let done = false;
  const cancel = () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    channel.port1.close();
  };
  const once = () => {
    if (done) return;
    cancel();
    run();
  };
  const channel = new MessageChannel();
  channel.port1.onmessage = once;
  const frame = document.visibilityState === 'hidden' ? 0 : requestAnimationFrame(() => channel.port2.postMessage(null));
  const timer = setTimeout(once, document.visibilityState === 'hidden' ? 0 : maxWait);
  return cancel;
}
