// The popover of a tracked change opens once the pointer rests on the change (ChangePopover.tsx
// OPEN_DELAY_MS), not as soon as it passes over it: a pointer crossing a change on its way to the
// text above it must not open the popover there, whose review buttons (the only part of it that
// takes the pointer) would then be under the click: the text would not get the caret, and the
// click could agree to or reject someone's change.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDocument, openEditor, pageErrors, serverContent, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { seedDemo: false });

const ABOVE = 'The World Telecommunication Development Conference, considering the reports of the Director and of the study groups, and recognizing the work of the regions';
const suggestion = { type: 'insertion', attrs: { id: 'ch-1', author: 'someone', authorName: 'Someone Else', time: Date.UTC(2026, 11, 1), status: 'suggested' } };

describe('the popover of a change', () => {
  it('does not open under a pointer passing over the change to click the text above it', async () => {
    const id = await createDocument(server.url, 'Popover intent', {
      type: 'doc', content: [
        { type: 'paragraph', content: [{ type: 'text', text: ABOVE }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Start ' }, { type: 'text', text: 'suggested words', marks: [suggestion] }, { type: 'text', text: ' end.' }] },
      ],
    });
    const context = await userContext(browser, server.url, 'carla'); // a coordinator: the popover has review buttons
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openEditor(page, server.url, id);
    const mark = (await page.locator('.ProseMirror ins[data-id="ch-1"]').boundingBox())!;
    const onMark = { x: mark.x + mark.width / 2, y: mark.y + mark.height / 2 };

    // resting on the change opens its popover above the line: where its buttons are
    await page.mouse.move(onMark.x, onMark.y);
    const buttons = (await page.locator('.change-popover .review-buttons').boundingBox())!;
    const target = { x: buttons.x + buttons.width / 2, y: buttons.y + buttons.height / 2 };
    expect(await page.evaluate(({ x, y }) => {
      const p = document.elementsFromPoint(x, y).find((el) => el.matches('.ProseMirror p'));
      return p?.textContent;
    }, target)).toBe(ABOVE); // the text of the line above is under them
    await page.mouse.move(5, 5);
    await page.locator('.change-popover').waitFor({ state: 'detached' });

    // crossing the change on the way to that text, and clicking it at once
    await page.mouse.move(onMark.x, onMark.y);
    await page.mouse.click(target.x, target.y);
    await page.keyboard.type('Q');
    await expect.poll(() => page.locator('.ProseMirror p').first().textContent()).toContain('Q');
    expect(await page.locator('.change-popover').count()).toBe(0);
    // nothing reviewed: the change is still a suggestion
    expect(await page.locator('.ProseMirror ins[data-id="ch-1"]').getAttribute('data-status')).toBe('suggested');
    expect(await serverContent(server.url, id)).toContain('"status":"suggested"');
    expect(errors).toEqual([]);
    await context.close();
  });
});
