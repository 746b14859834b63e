import { expect, test as base, type BrowserContext, type BrowserContextOptions, type Page, type TestInfo } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The password of every demo account. */
export const PASSWORD = 'Parta-2026';

/** The sign-in page, with or without the refusal the no-JavaScript form post puts in the query. */
export const LOGIN_URL = /\/login(?:[?#].*)?$/;

/** A path of this site, exactly: `/admin` matches `/admin` and `/admin?x`, not `/administrator`. */
export function at(pathname: string): RegExp {
  const escaped = pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^[a-z]+://[^/]+${escaped}(?:[?#].*)?$`);
}

/** Where screenshots go: end2end/screenshots/<project name>/<name>.png. */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', 'screenshots');

/**
 * Opens /login and submits the form. Works the same with JavaScript on or off: the caller
 * waits for the resulting page with `await expect(page).toHaveURL(...)`.
 */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await openSettled(page, '/login');
  await page.getByLabel('Логин', { exact: true }).fill(login);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

/**
 * Opens a page and waits until the network is quiet, so that with JavaScript on the app has
 * hydrated before the test types into it (without JavaScript this returns right after load).
 */
export async function openSettled(page: Page, url: string) {
  const response = await page.goto(url);
  await page.waitForLoadState('networkidle');
  return response;
}

/** Saves a full-page screenshot to end2end/screenshots/<project name>/<name>.png. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const dir = path.join(SCREENSHOT_DIR, testInfo.project.name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The level-1 heading of the page. */
export function h1(page: Page) {
  return page.getByRole('heading', { level: 1 });
}

/**
 * The signed-in header: it shows the person's name (full name, or the short form on a narrow
 * screen) and a «Выход» button.
 */
export async function expectSignedInHeader(page: Page): Promise<string> {
  const header = page.getByRole('banner');
  await expect(header).toBeVisible();
  const fullName = page.getByTestId('person-name');
  // «Фамилия Имя [Отчество]»: at least two words of letters.
  await expect(fullName).toHaveText(/^\s*[\p{L}-]+(?:\s+[\p{L}-]+)+\s*$/u);
  const surname = ((await fullName.textContent()) ?? '').trim().split(/\s+/)[0];
  await expect(header.getByText(surname).filter({ visible: true }).first()).toBeVisible();
  await expect(header.getByRole('button', { name: 'Выход', exact: true })).toBeVisible();
  return surname;
}

// ---------------------------------------------------------------------------------------------
// Mail and SMS: end2end/support/mailbox.mjs, started by scripts/test.sh, receives what the
// server's outbox sends (SMTP and the SMS gateway) and answers on PARTA_E2E_MAILBOX.

/** One e-mail or SMS as the mailbox kept it. */
export interface MailboxMessage {
  id: number;
  channel: 'email' | 'sms';
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

export function mailboxUrl(): string {
  const url = process.env.PARTA_E2E_MAILBOX;
  if (!url) throw new Error('PARTA_E2E_MAILBOX is not set: run the suite through scripts/test.sh');
  return url;
}

/** Every message to `to` (an e-mail address or a phone like +79211234567), oldest first. */
export async function messagesTo(to: string, channel?: 'email' | 'sms'): Promise<MailboxMessage[]> {
  const query = new URLSearchParams({ to, ...(channel ? { channel } : {}) });
  const res = await fetch(`${mailboxUrl()}/messages?${query}`);
  if (!res.ok) throw new Error(`mailbox: ${res.status}`);
  return (await res.json()) as MailboxMessage[];
}

/** The id of the newest message to `to` so far (0 if none): pass it as `after` to wait for the next. */
export async function lastMessageId(to: string, channel?: 'email' | 'sms'): Promise<number> {
  const all = await messagesTo(to, channel);
  return all.length ? all[all.length - 1].id : 0;
}

/**
 * Waits for the newest message to `to` that arrived after message id `after` (the outbox worker
 * delivers within a second or two) and returns it.
 */
export async function waitForMessage(
  to: string,
  { channel, after = 0, timeoutMs = 20_000 }: { channel?: 'email' | 'sms'; after?: number; timeoutMs?: number } = {},
): Promise<MailboxMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fresh = (await messagesTo(to, channel)).filter((m) => m.id > after);
    if (fresh.length) return fresh[fresh.length - 1];
    if (Date.now() > deadline) throw new Error(`no ${channel ?? 'message'} to ${to} after #${after} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The site path of the first link in a message that contains `marker` (the host may differ). */
export function linkIn(message: MailboxMessage, marker: string): string {
  const found = message.text.split(/\s+/).find((w) => w.includes(marker));
  if (!found) throw new Error(`no link with ${marker} in: ${message.text}`);
  return found.slice(found.indexOf(marker));
}

// ---------------------------------------------------------------------------------------------
// The server-made captcha: tests read the answer from the e2e database (PARTA_E2E_DB) with
// Debian's sqlite3, as only a test that owns the database can.

export async function captchaAnswer(page: Page): Promise<string> {
  const db = process.env.PARTA_E2E_DB;
  if (!db) throw new Error('PARTA_E2E_DB is not set: run the suite through scripts/test.sh');
  const id = await page.locator('input[name="captcha_id"]').getAttribute('value');
  if (!id || !/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`no captcha id on the page: ${id}`);
  const { execFileSync } = await import('node:child_process');
  const answer = execFileSync('sqlite3', [db, `SELECT answer FROM captchas WHERE id = '${id}'`], {
    encoding: 'utf8',
  }).trim();
  if (!/^\d{5}$/.test(answer)) throw new Error(`no captcha ${id} in ${db}`);
  return answer;
}

/** Opens another browser context (a second person's browser) for this test. */
export type NewContext = (options?: BrowserContextOptions) => Promise<BrowserContext>;

/**
 * `test` with a `newContext` fixture: the contexts it opens are closed when the test ends, pass or
 * fail. A failed test must not leave a live page (its stream, its timers, its WASM) running in
 * the shared browser while the next tests run on the same two cores.
 */
export const test = base.extend<{ newContext: NewContext }>({
  newContext: async ({ browser }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (options) => {
      const context = await browser.newContext(options);
      opened.push(context);
      return context;
    });
    for (const context of opened) await context.close().catch(() => undefined);
  },
});
