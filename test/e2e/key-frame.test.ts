// What runs between a key (or a click in the text) and the frame that shows it, in a real page:
// - the page around the editor (React: toolbar, side panels) follows a caret move and typing only
//   when the browser is idle (client/editor/idle-value.ts): every React commit while the editor has
//   the focus also walks the editor's DOM up to the caret. A click followed at once by a key
//   rendered the whole page in the key's frame. The page's idle callbacks are held here: no commit
//   may happen until they run, and once they run the changes panel shows the typed text.
// - a key's Yjs update is sent (WebSocket) and stored (IndexedDB) after the key's frame
//   (client/editor/send-after-frame.ts), and still reaches the server; a caret moved by a key is
//   published to the others (awareness) after the frame as well (client/editor/awareness.ts).
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDocument, cursorAtEndOf, openEditor, pageErrors, serverText, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

interface Probe {
  commits: number;
  heldIdle: (() => void)[];
  holdIdle: boolean;
  releaseIdle(): void;
  sends: number[];
  /** Awareness messages sent (the local caret, for the others' cursors). */
  carets: number[];
  stores: number[];
  frames: number[];
}

type Probed = { probe: Probe };

/** Before the page's scripts: counts React commits (the DevTools hook React calls), holds idle callbacks on demand, times sends, IndexedDB writes and the frames after keys. */
function installProbe(): void {
  const p: Probe = {
    commits: 0, heldIdle: [], holdIdle: false, sends: [], carets: [], stores: [], frames: [],
    releaseIdle() {
      p.holdIdle = false;
      for (const run of p.heldIdle.splice(0)) run();
    },
  };
  (window as unknown as { probe: Probe }).probe = p;
  (window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown }).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, renderers: new Map(), inject: () => 1, checkDCE: () => {},
    onCommitFiberRoot: () => { p.commits++; }, onCommitFiberUnmount: () => {}, onPostCommitFiberRoot: () => {}, onScheduleFiberRoot: () => {},
  };
  const idle = window.requestIdleCallback.bind(window);
  let next = 1;
  const cancelled = new Set<number>();
  window.requestIdleCallback = (run, opts) => {
    const id = next++;
    const call = () => { if (!cancelled.has(id)) run({ didTimeout: false, timeRemaining: () => 10 } as IdleDeadline); };
    idle(() => { if (p.holdIdle) p.heldIdle.push(call); else call(); }, opts);
    return id;
  };
  window.cancelIdleCallback = (id) => { cancelled.add(id); };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data) {
    // y-websocket's sync messages (type 0: the document's updates), not awareness (type 1: cursors)
    if (data instanceof Uint8Array && data[0] === 0) p.sends.push(performance.now());
    if (data instanceof Uint8Array && data[0] === 1) p.carets.push(performance.now());
    return send.call(this, data);
  };
  const add = IDBObjectStore.prototype.add;
  IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    p.stores.push(performance.now());
    return add.apply(this, args);
  };
  document.addEventListener('keydown', () => requestAnimationFrame(() => p.frames.push(performance.now())), { capture: true });
}

async function openProbed(title: string): Promise<{ page: Page; id: string; errors: string[]; close(): Promise<void> }> {
  const id = await createDocument(server.url, title, {
    type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'A paragraph to type in.' }] }],
  });
  const context = await userContext(browser, server.url, 'carla');
  await context.addInitScript(installProbe);
  const page = await context.newPage();
  const errors = pageErrors(page);
  await openEditor(page, server.url, id);
  // the page settled: nothing left to render
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => requestAnimationFrame(() => setTimeout(resolve, 50)))));
  return { page, id, errors, close: () => context.close() };
}

describe('the frame of a key', () => {
  it('renders nothing in React for a caret move and keys until the browser is idle, then the panel shows the text', async () => {
    const { page, errors, close } = await openProbed('Idle page');
    await page.evaluate(() => { (window as unknown as Probed).probe.holdIdle = true; });
    const before = await page.evaluate(() => (window as unknown as Probed).probe.commits);
    expect(before).toBeGreaterThan(0); // the hook sees React's commits
    await cursorAtEndOf(page, 'p', 'to type in.');
    await page.keyboard.type(' Quick', { delay: 30 });
    await page.locator('.ProseMirror ins', { hasText: 'Quick' }).waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await page.evaluate(() => (window as unknown as Probed).probe.commits)).toBe(before);
    await page.evaluate(() => (window as unknown as Probed).probe.releaseIdle());
    await page.locator('.changes-panel .change-snippet', { hasText: 'Quick' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as Probed).probe.commits)).toBeGreaterThan(before);
    expect(errors).toEqual([]);
    await close();
  });

  it('sends and stores a key\'s update and publishes a moved caret after the frame that shows it; the server gets the text', async () => {
    const { page, id, errors, close } = await openProbed('Sent after the frame');
    await cursorAtEndOf(page, 'p', 'to type in.');
    for (const key of ['!', '?']) {
      const at = await page.evaluate(() => {
        const { sends, stores, frames } = (window as unknown as Probed).probe;
        return { sends: sends.length, stores: stores.length, frames: frames.length };
      });
      await page.keyboard.type(key);
      await page.waitForFunction((n) => (window as unknown as Probed).probe.sends.length > n.sends && (window as unknown as Probed).probe.stores.length > n.stores, at);
      const { sends, stores, frames } = await page.evaluate(() => (window as unknown as Probed).probe);
      expect(frames.length).toBe(at.frames + 1);
      const frame = frames[at.frames];
      expect(sends[at.sends]).toBeGreaterThanOrEqual(frame);
      expect(stores[at.stores]).toBeGreaterThanOrEqual(frame);
    }
    await expect.poll(() => serverText(server.url, id), { timeout: 10_000 }).toBe('A paragraph to type in.!?');
    // a caret moved by a key's transaction (a typed letter keeps the caret's Yjs relative position,
    // an arrow key's move is read after the frame anyway: a split moves it in the key's task)
    const at = await page.evaluate(() => {
      const { frames, carets } = (window as unknown as Probed).probe;
      return { frames: frames.length, carets: carets.length };
    });
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => (window as unknown as Probed).probe.carets.length > n, at.carets);
    const { frames, carets } = await page.evaluate(() => (window as unknown as Probed).probe);
    expect(carets[at.carets]).toBeGreaterThanOrEqual(frames[at.frames]);
    expect(errors).toEqual([]);
    await close();
  });
});
