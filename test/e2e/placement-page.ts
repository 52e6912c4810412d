// Page-side helpers of the placement test: they run inside Chromium (page.evaluate), so each is
// self-contained. A "block" is one textblock of the document, numbered in document order; its text
// is what the reader sees (deleted text included, remote cursors and footnote popovers left out).

export interface Target {
  block: number;
  offset: number;
  x: number;
  y: number;
}



/** The text of every block, in document order. */
export function blockTexts(): string[] {
  const skip = '.ProseMirror-yjs-cursor, .footnote-popover, .footnote';
  return [...document.querySelectorAll('.ProseMirror.itu-document :is(p, h1, h2, h3)')].filter((el) => !el.closest('.footnote')).map((el) => {
    let text = '';
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement?.closest(skip)) text += node.textContent;
    }
    return text;
  });
}

/**
 * A random visible character to click before, in one of the blocks `allowed` (block number mod 3 =
 * `lane`): a letter whose left neighbour is a letter or space, neither in deleted text. `band`
 * restricts it to a vertical range of the viewport. `pick` is a random number in [0, 1). Blocks
 * whose text is no longer `before` (the round's start) are left out: another's string that went
 * there (a click moved by a reflow) would shift the offset, which is counted in `before`.
 */
export function pickTarget([lane, lanes, pick, band, used, before]: [number, number, number, [number, number] | null, number[], string[]]): Target | null {
  const skip = '.ProseMirror-yjs-cursor, .footnote-popover, .footnote';
  const blocks = [...document.querySelectorAll('.ProseMirror.itu-document :is(p, h1, h2, h3)')].filter((el) => !el.closest('.footnote'));
  const scroller = document.querySelector('.page-scroll') ?? document.documentElement;
  const view = scroller.getBoundingClientRect();
  const top = band ? band[0] : Math.max(view.top, 0) + 10;
  const bottom = band ? band[1] : Math.min(view.bottom, innerHeight) - 10;
  const candidates: Array<{ block: number; offset: number; node: Text; at: number }> = [];
  const texts: string[] = [];
  blocks.forEach((el, block) => {
    if (block % lanes !== lane || used.includes(block)) return;
    const r = el.getBoundingClientRect();
    if (r.bottom < top || r.top > bottom) return;
    const found: typeof candidates = [];
    let offset = 0;
    let prev = '';
    let prevDeleted = true;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (node.parentElement?.closest(skip)) continue;
      const deleted = !!node.parentElement?.closest('del');
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (!deleted && !prevDeleted && /[A-Za-z]/.test(ch) && /[A-Za-z ]/.test(prev)) found.push({ block, offset: offset + i, node, at: i });
        prev = ch;
        prevDeleted = deleted;
      }
      offset += text.length;
      texts[block] = (texts[block] ?? '') + text;
    }
    if (texts[block] === before[block]) candidates.push(...found);
  });
  // keep only characters fully inside the band, on one line, not under another element
  const visible = candidates.filter((c) => {
    const range = document.createRange();
    range.setStart(c.node, c.at);
    range.setEnd(c.node, c.at + 1);
    const rects = range.getClientRects();
    if (rects.length !== 1) return false;
    const r = rects[0];
    if (r.width < 2 || r.top < top || r.bottom > bottom) return false;
    const hit = document.elementFromPoint(r.left + r.width * 0.3, r.top + r.height / 2);
    return !!hit && (hit === c.node.parentElement || c.node.parentElement!.contains(hit) || hit.contains(c.node));
  });
  if (!visible.length) return null;
  const c = visible[Math.floor(pick * visible.length)];
  const range = document.createRange();
  range.setStart(c.node, c.at);
  range.setEnd(c.node, c.at + 1);
  const r = range.getClientRects()[0];
  // the left quarter of the character: the caret goes before it
  return { block: c.block, offset: c.offset, x: r.left + Math.max(0.6, r.width * 0.25), y: r.top + r.height / 2 };
}

/** Whether every character of `marker` in block `block` is in an insertion by `author`. */
export function markedBy([block, marker, author]: [number, string, string]): string {
  const el = [...document.querySelectorAll('.ProseMirror.itu-document :is(p, h1, h2, h3)')].filter((e) => !e.closest('.footnote'))[block];
  if (!el) return 'no such block';
  const skip = '.ProseMirror-yjs-cursor, .footnote-popover, .footnote';
  const chars: Array<{ ch: string; ins: HTMLElement | null }> = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement?.closest(skip)) continue;
    const ins = node.parentElement?.closest('ins') as HTMLElement | null;
    for (const ch of node.textContent ?? '') chars.push({ ch, ins });
  }
  const at = chars.map((c) => c.ch).join('').indexOf(marker);
  if (at < 0) return 'marker not in its block';
  const wrong = chars.slice(at, at + marker.length).find((c) => c.ins?.dataset.author !== author);
  return wrong ? `"${wrong.ch}" is ${wrong.ins ? `in an insertion by ${wrong.ins.dataset.author}` : 'not in an insertion'}` : '';
}

/** Resolves at the next change of the document's DOM (a remote edit arriving), or after `ms`. */
export function nextDomChange(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const pm = document.querySelector('.ProseMirror.itu-document')!;
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new MutationObserver(done);
    observer.observe(pm, { subtree: true, childList: true, characterData: true });
    const timer = setTimeout(done, ms);
  });
}

/** Scrolls block `block` into the middle of the page, waiting for the frame after. */
export function scrollToBlock(block: number): Promise<void> {
  const el = [...document.querySelectorAll('.ProseMirror.itu-document :is(p, h1, h2, h3)')].filter((e) => !e.closest('.footnote'))[block];
  el?.scrollIntoView({ block: 'center' });
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

/** Boxes of the visible elements matching `selector` between `top` and `bottom` (viewport px). */
export function visibleBoxes([selector, top, bottom]: [string, number, number]): Array<{ x: number; y: number; width: number; height: number }> {
  return [...document.querySelectorAll(selector)].map((el) => el.getBoundingClientRect())
    .filter((r) => r.top > top && r.bottom < bottom && r.width > 3 && r.height < 30)
    .map((r) => ({ x: r.left, y: r.top, width: r.width, height: r.height }));
}

/** A caret in the text of the blocks. */
export interface Caret {
  block: number;
  offset: number;
  /** The text after the caret, a few characters. */
  after: string;
}

export interface Hit extends Caret {
  /** The element the mousedown went to, for the failure message. */
  on: string;
}

/** What `armHit` saw: the caret at the mousedown and at the first key after it. */
export interface Hits {
  /** Where the browser put the caret for the click; null when it was not in the text of a block. */
  click: Hit | null;
  /** Where the caret was when the first key went down (before the editor saw the key). */
  key: Caret | null;
  /** Characters selected when the first key went down: 0 for a caret (a page that moved under a pressed button makes a drag of the click). */
  selected: number;
  /** The element the mousedown went to ('nothing' without a mousedown). */
  on: string;
}

/**
 * Records, when the next mousedown reaches the page (capture phase, before the editor sees it), where
 * the browser puts the caret for it: the truth of "where the author clicked" even when a remote edit
 * reflowed the page between choosing the word and pressing the button. It also records the caret
 * when the first key goes down after it, where the browser will type: a click placed right and a
 * string placed wrong differ in one of the two. Read them with `takeHit`.
 */
export function armHit(): void {
  type Seen = { __hits: Hits };
  const w = window as unknown as Seen;
  w.__hits = { click: null, key: null, on: 'nothing', selected: 0 };
  const skip = '.ProseMirror-yjs-cursor, .footnote-popover, .footnote';
  // the block and text offset of a DOM position (a text node's or an element's)
  const caret = (node: Node, at: number): Caret | null => {
    const blocks = [...document.querySelectorAll('.ProseMirror.itu-document :is(p, h1, h2, h3)')].filter((e) => !e.closest('.footnote'));
    const block = blocks.findIndex((el) => el.contains(node));
    if (block < 0 || (node.nodeType === Node.TEXT_NODE ? node.parentElement : node as Element)?.closest(skip)) return null;
    const point = document.createRange();
    point.setStart(node, at);
    let offset = 0;
    let text = '';
    let found = -1;
    const walker = document.createTreeWalker(blocks[block], NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (t.parentElement?.closest(skip)) continue;
      if (t === node) found = offset + at;
      // an element position: before the first text that ends after it
      else if (found < 0 && node.nodeType !== Node.TEXT_NODE && point.comparePoint(t, t.textContent!.length) > 0) found = offset;
      offset += t.textContent!.length;
      text += t.textContent;
    }
    if (found < 0) found = offset;
    return { block, offset: found, after: text.slice(found, found + 4) };
  };
  addEventListener('mousedown', (event) => {
    const t = event.target as Element;
    const on = `${t.tagName}.${t.className}`;
    const range = document.caretRangeFromPoint(event.clientX, event.clientY);
    const at = range ? caret(range.startContainer, range.startOffset) : null;
    w.__hits = { click: at && { ...at, on }, key: null, on, selected: 0 };
    addEventListener('keydown', () => {
      const sel = getSelection();
      w.__hits.key = sel?.focusNode ? caret(sel.focusNode, sel.focusOffset) : null;
      w.__hits.selected = sel ? sel.toString().length : 0;
    }, { capture: true, once: true });
  }, { capture: true, once: true });
}

export function takeHit(): Hits {
  return (window as unknown as { __hits: Hits }).__hits;
}

/** Where to click to put the caret before character `offset` of block `block` (its left quarter). */
export function charPoint([block, offset]: [number, number]): { x: number; y: number } | null {
  const skip = '.ProseMirror-yjs-cursor, .footnote-popover, .footnote';
  const el = [...document.querySelectorAll('.ProseMirror.itu-document :is(p, h1, h2, h3)')].filter((e) => !e.closest('.footnote'))[block];
  if (!el) return null;
  let at = offset;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (node.parentElement?.closest(skip)) continue;
    if (at < node.length) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const r = range.getClientRects()[0];
      return r ? { x: r.left + Math.max(0.6, r.width * 0.25), y: r.top + r.height / 2 } : null;
    }
    at -= node.length;
  }
  return null;
}

/**
 * The first visible word of at least `length` letters in text without revision marks, as the block
 * and offset of its first letter.
 */
export function plainWord(length: number): { block: number; offset: number } | null {
  const skip = '.ProseMirror-yjs-cursor, .footnote-popover, .footnote';
  const blocks = [...document.querySelectorAll('.ProseMirror.itu-document :is(p, h1, h2, h3)')].filter((e) => !e.closest('.footnote'));
  const top = 150;
  const bottom = innerHeight - 150;
  for (let block = 0; block < blocks.length; block++) {
    const r = blocks[block].getBoundingClientRect();
    if (r.top < top || r.bottom > bottom) continue;
    let offset = 0;
    const walker = document.createTreeWalker(blocks[block], NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (node.parentElement?.closest(skip)) continue;
      const word = node.parentElement?.closest('ins, del, span') ? null : new RegExp(`(^|[^A-Za-z])([A-Za-z]{${length},})`).exec(node.data);
      if (word) return { block, offset: offset + word.index + word[1].length };
      offset += node.length;
    }
  }
  return null;
}
