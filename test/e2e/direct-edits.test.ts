// Direct editing leaves a trace, in real Chromium with two people: Carla (coordinator) turns track
// changes off and types; Anna (drafter) is told at once that Carla is editing without tracking,
// the notice goes when Carla turns tracking back on, the history has a version from each moment
// named for it and for Carla, and comparing the two shows Carla's text as Carla's. Restoring the
// version from before three phrases she retyped gives exactly three tracked changes.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cursorAtEndOf, createDocument, openEditor, pageErrors, selectText, userContext, type TestServer, useServerAndBrowser } from './harness';

let server: TestServer;
let browser: Browser;
const saved: string[] = [];
const logged = new EventEmitter();

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, {
  seedDemo: false,
  autoVersions: false,
  log: (line) => {
    const found = line.match(/^collab (\S+): saved version \S+ \((.*)\)$/);
    if (found) { saved.push(`${found[1]} ${found[2]}`); logged.emit('saved'); }
  },
});

/** Resolves with the name of the first version of document `id` saved whose name starts with `prefix`. */
function versionSaved(id: string, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no version "${prefix}…" saved: ${saved.join(', ')}`)), 15_000);
    const check = () => {
      const name = saved.find((n) => n.startsWith(`${id} ${prefix}`));
      if (!name) return;
      clearTimeout(timer);
      logged.off('saved', check);
      resolve(name.slice(id.length + 1));
    };
    logged.on('saved', check);
    check();
  });
}

const content = {
  type: 'doc',
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: 'The conference resolves to act.' }] },
    { type: 'paragraph', content: [{ type: 'text', text: 'A second paragraph stays as it is.' }] },
  ],
};

async function open(who: 'anna' | 'carla', id: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await userContext(browser, server.url, who)).newPage();
  const errors = pageErrors(page);
  await openEditor(page, server.url, id);
  return { page, errors };
}

describe('direct editing in the browser', () => {
  it('tells everyone when a coordinator edits without tracking, and keeps versions that show her edits as hers', async () => {
    const id = await createDocument(server.url, 'Direct editing', content);
    const carla = await open('carla', id);
    const anna = await open('anna', id);
    const notice = anna.page.locator('.direct-edit-notice');
    await expect(notice.count()).resolves.toBe(0);

    const toggle = carla.page.locator('.toolbar .track-toggle');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toBe('carla.rossi is editing without tracking');
    // Carla does not see a notice about herself (her switch says it)
    await expect(carla.page.locator('.direct-edit-notice').count()).resolves.toBe(0);
    const off = await versionSaved(id, 'Tracking off: carla.rossi (');

    await cursorAtEndOf(carla.page, 'p', 'The conference resolves to act');
    await carla.page.keyboard.type(' at once');
    await anna.page.locator('.ProseMirror p', { hasText: 'resolves to act. at once' }).waitFor();
    await expect(anna.page.locator('.ProseMirror ins').count()).resolves.toBe(0); // untracked: unmarked
    await anna.page.screenshot({ path: 'test-results/direct-edit-notice.png' });

    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await notice.waitFor({ state: 'detached' });
    const on = await versionSaved(id, 'Tracking on again: carla.rossi (');

    // Anna's history has both versions; comparing them shows Carla's text as Carla's
    await anna.page.locator('.review-tab-list button', { hasText: 'History' }).click();
    await anna.page.locator('.version-name', { hasText: off }).waitFor();
    await anna.page.locator('.version-name', { hasText: on }).waitFor();
    await anna.page.selectOption('select[aria-label="Compare from"]', { label: off });
    await anna.page.selectOption('select[aria-label="Compare to"]', { label: on });
    await anna.page.locator('.compare-pickers button', { hasText: 'Compare' }).click();
    const view = anna.page.locator('.compare-overlay');
    await view.locator('.compare-document').waitFor();
    await expect(view.locator('.compare-document ins').allTextContents()).resolves.toEqual([' at once']);
    await expect(view.locator('.compare-document del').count()).resolves.toBe(0);
    await expect(view.locator('.compare-legend li').allTextContents()).resolves.toEqual(['carla.rossi +8 −0']);
    await anna.page.screenshot({ path: 'test-results/direct-edit-compare.png' });
    expect([...carla.errors, ...anna.errors]).toEqual([]);
  });

  it('restores the version from before three retyped phrases as exactly three changes', async () => {
    const phrases: [string, string][] = [
      ['takes note of the report', 'welcomes the findings'],
      ['all Member States', 'every administration'],
      ['at its next session', 'before the end of the year'],
    ];
    const id = await createDocument(server.url, 'Three phrases', {
      type: 'doc',
      content: [
        'The conference takes note of the report of the Council.',
        'It invites all Member States to contribute.',
        'It asks the Director to report at its next session on progress.',
      ].map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
    });
    const carla = await open('carla', id);
    const { page } = carla;
    const toggle = page.locator('.toolbar .track-toggle');
    await toggle.click();
    const before = await versionSaved(id, 'Tracking off: carla.rossi (');
    for (const [phrase, by] of phrases) {
      await selectText(page, 'p', phrase);
      await page.keyboard.type(by);
      await page.locator('.ProseMirror p', { hasText: by }).waitFor();
    }
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');

    await page.locator('.review-tab-list button', { hasText: 'History' }).click();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.locator('.version', { hasText: before }).locator('button', { hasText: 'Restore' }).click();
    await expect(page.locator('.history-notice').textContent()).resolves.toBe(`3 changes from “${before}” suggested.`);
    await page.locator('.review-tab-list button', { hasText: 'Changes' }).click();
    const cards = page.locator('.change-card');
    await cards.first().waitFor();
    const rows = await cards.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-change-id')} ${el.getAttribute('data-kind')}`));
    expect(new Set(rows.map((r) => r.split(' ')[0])).size).toBe(3);
    expect(rows.map((r) => r.split(' ')[1])).toEqual(['deletion', 'insertion', 'deletion', 'insertion', 'deletion', 'insertion']);
    await expect(page.locator('.ProseMirror ins').allTextContents()).resolves.toEqual(['takes note of the report', 'all Member States', 'at its next session']);
    await expect(page.locator('.ProseMirror del').allTextContents()).resolves.toEqual(['welcomes the findings', 'every administration', 'before the end of the year']);
    await page.screenshot({ path: 'test-results/restore-three-phrases.png' });
    expect(carla.errors).toEqual([]);
  });
});
