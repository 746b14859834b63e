import { expect, type Page, type TestInfo } from '@playwright/test';
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
