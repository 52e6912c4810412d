// Accounts in the browser against the real server: a drafter, an observer of the same group and
// a member of another group at the same time (what each sees and may do), the sign-in form and
// sign-out (which removes the local copies), and an invitation made on the group page and
// accepted by someone new.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  cursorAtEndOf, openEditor, pageErrors, PASSWORD, PEOPLE, serverText, userContext, type TestServer, useServerAndBrowser,
} from './harness';

let server: TestServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const ITEM = '3\tto submit contributions to CWG\u2011WSIS&SDG.';

async function signInWithForm(page: Page, name: string, password: string): Promise<void> {
  await page.fill('form.sign-in input[name=name]', name);
  await page.fill('form.sign-in input[name=password]', password);
  await page.click('form.sign-in button[type=submit]');
}

/** The names of this origin's IndexedDB databases (the documents' local copies). */
const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));

describe('who sees and does what', () => {
  it('lets the drafter suggest, shows it live to the observer who cannot type, and hides the demo from another group', async () => {
    const [drafterContext, observerContext, outsiderContext] = await Promise.all(
      (['anna', 'olga', 'kenji'] as const).map((who) => userContext(browser, server.url, who)),
    );
    const [drafter, observer, outsider] = await Promise.all([drafterContext, observerContext, outsiderContext].map((c) => c.newPage()));
    const errors = [drafter, observer, outsider].flatMap((page) => pageErrors(page));
    await Promise.all([openEditor(drafter, server.url, 'demo'), openEditor(observer, server.url, 'demo')]);

    // The drafter types: a suggestion in her name, stored, and seen by the observer as it happens.
    expect(await drafter.getAttribute('.ProseMirror', 'contenteditable')).toBe('true');
    expect(await drafter.locator('.read-only').count()).toBe(0);
    await cursorAtEndOf(drafter, '.resolution .item', ITEM);
    await drafter.keyboard.type(' with yearly reports');
    const seen = observer.locator('.ProseMirror ins', { hasText: 'with yearly reports' });
    await seen.waitFor();
    expect(await seen.getAttribute('data-author')).toBe(server.ids.anna);
    await expect.poll(() => serverText(server.url, 'demo')).toContain('CWG\u2011WSIS&SDG. with yearly reports');

    // The observer reads, but typing changes nothing: not in her view, not for the drafter, not on the server.
    expect(await observer.textContent('.read-only')).toBe('Read only');
    expect(await observer.getAttribute('.ProseMirror', 'contenteditable')).toBe('false');
    const before = await serverText(server.url, 'demo');
    await observer.click('.ProseMirror .resolution .item >> nth=2');
    await observer.keyboard.type('observed text');
    await observer.keyboard.press('Backspace');
    await drafter.keyboard.type(' and a marker');
    await observer.locator('.ProseMirror ins', { hasText: 'and a marker' }).waitFor();
    expect(await observer.locator('.ProseMirror', { hasText: 'observed text' }).count()).toBe(0);
    expect(await drafter.locator('.ProseMirror', { hasText: 'observed text' }).count()).toBe(0);
    await expect.poll(() => serverText(server.url, 'demo')).toContain('with yearly reports and a marker');
    expect((await serverText(server.url, 'demo')).replace(' and a marker', '')).toBe(before);

    // The member of another group: no demo in the list, and the editor says it does not exist.
    await outsider.goto(server.url);
    await outsider.waitForSelector('.documents-page :text("No documents yet")');
    expect(await outsider.locator('.document-row').count()).toBe(0);
    let sockets = 0;
    outsider.on('websocket', () => sockets++);
    await outsider.goto(`${server.url}/d/demo`);
    await outsider.waitForSelector('[role=alert]');
    expect(await outsider.textContent('[role=alert]')).toBe('There is no document “demo”.');
    expect(await outsider.locator('.ProseMirror').count()).toBe(0);
    expect(sockets).toBe(0);

    expect(errors).toEqual([]);
    await Promise.all([drafterContext, observerContext, outsiderContext].map((c) => c.close()));
  });
});

describe('signing in and out', () => {
  it('signs in with the form, refuses a wrong password, and signs out removing the local copies', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(server.url);
    await signInWithForm(page, PEOPLE.boris.name, 'not the password');
    expect(await page.textContent('form.sign-in [role=alert]')).toBe('wrong name or password');
    await signInWithForm(page, PEOPLE.boris.name, PASSWORD);
    await page.waitForSelector('.document-row[data-id=demo]');
    expect(await page.textContent('.user-menu .user-name')).toBe(PEOPLE.boris.name);
    expect(await page.locator('.user-menu .group-link').count()).toBe(0); // a drafter coordinates no group

    await openEditor(page, server.url, 'demo');
    await expect.poll(() => databases(page)).toContainEqual(expect.stringMatching(/^draftroom:demo:/));
    await page.click('.user-menu button:text("Sign out")');
    await page.waitForSelector('form.sign-in');
    await expect.poll(() => databases(page)).not.toContainEqual(expect.stringMatching(/^draftroom:/));
    const session = await page.evaluate(async () => (await fetch('/api/session')).status);
    expect(session).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('invitations', () => {
  it('lets a coordinator invite on the group page; the newcomer joins with a new account; the link works once', async () => {
    const coordinatorContext = await userContext(browser, server.url, 'carla');
    const coordinator = await coordinatorContext.newPage();
    await coordinator.goto(server.url);
    await coordinator.click('.user-menu .group-link:text("EUR")');
    await coordinator.waitForSelector('.group-page tr.member[data-name="olga.berg"]');
    await coordinator.selectOption('.new-invitation select[name=role]', 'observer');
    await coordinator.click('.new-invitation button[type=submit]');
    const link = await coordinator.locator('.invitation-link input').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[\\w-]{20,}$`));

    const newcomerContext = await browser.newContext();
    const newcomer = await newcomerContext.newPage();
    const errors = pageErrors(newcomer);
    await newcomer.goto(link);
    await newcomer.waitForSelector('.invite .invite-what');
    expect(await newcomer.textContent('.invite .invite-what')).toMatch(/^You are invited to join CEPT \(European Common Proposals\) \(EUR\) as observer\./);
    await newcomer.fill('.invite input[name=name]', 'nadia.haddad');
    await newcomer.fill('.invite input[name=password]', 'nadia-password');
    await newcomer.fill('.invite input[name=again]', 'nadia-password');
    await newcomer.click('.invite button[type=submit]');
    await newcomer.waitForSelector('.document-row[data-id=demo]');
    expect(newcomer.url()).toBe(`${server.url}/`);
    expect(await newcomer.textContent('.user-menu .user-name')).toBe('nadia.haddad');

    const lateContext = await browser.newContext();
    const late = await lateContext.newPage();
    await late.goto(link);
    await late.waitForSelector('.invite [role=alert]');
    expect(await late.textContent('.invite [role=alert]')).toBe('this invitation has already been used');

    // The coordinator sees the newcomer, makes her a drafter, and the audit log says so.
    await coordinator.reload();
    const row = coordinator.locator('.group-page tr.member[data-name="nadia.haddad"]');
    expect(await row.locator('select').inputValue()).toBe('observer');
    await row.locator('select').selectOption('drafter');
    await coordinator.waitForSelector('.audit tr[data-action=role-change]');
    const nadia = (await server.auth.accounts.credentials('nadia.haddad'))!.user;
    expect(await server.auth.accounts.role(nadia.id, 'EUR')).toBe('drafter');
    expect(await coordinator.locator('.audit tr[data-action=invitation-accepted]').count()).toBe(1);

    expect(errors).toEqual([]);
    await Promise.all([coordinatorContext, newcomerContext, lateContext].map((c) => c.close()));
  });
});
