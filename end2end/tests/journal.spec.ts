import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { PASSWORD, at, shot, signIn } from './helpers';

/**
 * The live journal grid, as a teacher uses it: a row of marks and absences typed with the keyboard
 * only, found again after a reload, and seen at once (without reload) in a second browser — the
 * school admin's grid of the same class and subject, served by PARTA_E2E_URL2 when that is set
 * (a second Parta process on the same PostgreSQL database). Two browsers editing one cell: the
 * later is told. Without JavaScript the grid is read only and the lesson page's form saves.
 *
 * Each project works on its own pupils' rows, so the four projects can share one server.
 */

const ROW: Record<string, number> = { 'desktop-js': 10, 'desktop-nojs': 20, 'phone-js': 14, 'phone-nojs': 22 };
const SECOND_URL = process.env.PARTA_E2E_URL2;

/** Signs in and opens the demo teacher's 5А mathematics grid; returns its path. */
async function openGrid(page: Page, login: string, start: RegExp): Promise<string> {
  await signIn(page, login, PASSWORD);
  await expect(page).toHaveURL(start);
  await page.goto('/journal');
  const row = page.locator('tr', { has: page.locator('th', { hasText: /^5А$/ }) }).filter({ hasText: 'Математика' });
  await row.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/journal\/\d+\/\d+/);
  await expect(page.locator('#jgrid')).toBeVisible();
  return new URL(page.url()).pathname;
}

/** The grid has hydrated and answers the keyboard (a debug build's WASM takes a while). */
async function ready(page: Page) {
  await expect(page.locator('.jgrid-wrap[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

function cell(page: Page, l: number, p: number) {
  return page.locator(`#jgrid td[data-l="${l}"][data-p="${p}"]`);
}

/**
 * Presses a key in the focused cell. Letters of the Russian layout («н», «б») cannot be typed
 * through Playwright's US keyboard, so they arrive as the keydown a Russian layout sends.
 */
async function press(page: Page, key: string) {
  if (/^[а-яё]$/i.test(key)) {
    await page.locator(':focus').dispatchEvent('keydown', { key, bubbles: true, cancelable: true });
  } else {
    await page.keyboard.press(key);
  }
}

/** A second, independent browser: on the second server process when there is one. */
async function second(browser: Browser, testInfo: TestInfo) {
  const base = SECOND_URL || (testInfo.project.use.baseURL as string);
  return browser.newContext({ ...testInfo.project.use, baseURL: base });
}

test.describe('journal with JavaScript', () => {
  test.describe.configure({ timeout: 120_000 });
  test.beforeEach(({}, testInfo) => {
    test.skip(!testInfo.project.name.endsWith('-js'), 'keyboard entry and live updates need JavaScript');
  });

  test('a row typed with the keyboard is kept and appears at once in another browser @live', async ({ page, browser }, testInfo) => {
    const row = ROW[testInfo.project.name];
    const path = await openGrid(page, 'uchitel', at('/teacher'));
    await ready(page);
    // The admin watches the same grid in another browser (maybe on the other server process).
    const other = await second(browser, testInfo);
    const watcher = await other.newPage();
    await signIn(watcher, 'admin', PASSWORD);
    await expect(watcher).toHaveURL(at('/admin'));
    await watcher.goto(path);
    await ready(watcher);
    await watcher.waitForTimeout(800); // the live stream connects

    // Keyboard only from the row's first cell: clear four cells, then 5 · н · 4 3 · б.
    await cell(page, 0, row).focus();
    await expect(cell(page, 0, row)).toBeFocused();
    const typed = [['5'], ['н'], ['4', '3'], ['б']];
    for (let l = 0; l < typed.length; l++) {
      await page.keyboard.press('Delete');
      for (const key of typed[l]) await press(page, key);
      await page.keyboard.press('Tab');
    }
    await expect(cell(page, 4, row)).toBeFocused();
    const expected = ['5', 'н', '4 3', 'б'];
    for (let l = 0; l < expected.length; l++) {
      await expect(cell(page, l, row)).toHaveText(expected[l]);
      // Seen by the other browser without a reload.
      await expect(cell(watcher, l, row)).toHaveText(expected[l], { timeout: 5000 });
    }
    // Arrow keys and Enter move too; the average follows the marks.
    await page.keyboard.press('ArrowLeft');
    await expect(cell(page, 3, row)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(cell(page, 3, row + 1)).toBeFocused();
    await expect(page.locator(`#jgrid td[data-avg="${row}"]`)).not.toHaveText('');
    await expect(page.locator('#jgrid td.saving')).toHaveCount(0);
    await shot(page, testInfo, 'journal-grid');

    // Found again after a reload.
    await page.reload();
    for (let l = 0; l < expected.length; l++) {
      await expect(cell(page, l, row)).toHaveText(expected[l]);
    }
    // The panel shows the cell's history.
    await ready(page);
    await cell(page, 0, row).click();
    await expect(page.locator('.jhistory li').first()).toContainText('Филатов');
    // Beside the cell on hover (a mouse) or a long press (a touch screen): who changed it, old → new.
    const hover = page.locator('.jhover');
    if (testInfo.project.name.startsWith('phone')) {
      const box = (await cell(page, 2, row).boundingBox())!;
      await cell(page, 2, row).dispatchEvent('pointerdown', { pointerType: 'touch', bubbles: true, clientX: box.x + 5, clientY: box.y + 5 });
    } else {
      await cell(page, 2, row).hover();
    }
    await expect(hover).toContainText('Филатов');
    await expect(hover).toContainText('→ 4 3');
    // A press elsewhere takes it away.
    await cell(page, 5, row).dispatchEvent('pointerdown', { pointerType: 'mouse', bubbles: true });
    await expect(hover).toHaveCount(0);
    await other.close();
  });

  test('two browsers edit one cell: the later one is told @live', async ({ page, browser }, testInfo) => {
    const row = ROW[testInfo.project.name] + 1;
    const path = await openGrid(page, 'uchitel', at('/teacher'));
    await ready(page);
    const other = await second(browser, testInfo);
    const late = await other.newPage();
    // This browser hears nothing of others' changes, as if its network had dropped for a moment:
    // no live stream, and its catch-up after loading (a timer, late on a loaded machine) finds
    // nothing either.
    await late.route('**/live?**', (route) => route.abort());
    await late.route('**/api/journal_changes**', (route) => route.abort());
    await signIn(late, 'admin', PASSWORD);
    await expect(late).toHaveURL(at('/admin'));
    await late.goto(path);
    await ready(late);

    await cell(page, 1, row).focus();
    await page.keyboard.press('Delete');
    await page.keyboard.press('5');
    await expect(cell(page, 1, row)).toHaveText('5');
    await expect(page.locator('#jgrid td.saving')).toHaveCount(0);
    await page.waitForTimeout(300);

    await cell(late, 1, row).focus();
    await late.keyboard.press('2');
    await expect(late.locator('.jgrid-status')).toContainText('уже изменил(а) эту клетку');
    await expect(late.locator('.jgrid-status')).toContainText('Филатов');
    await expect(cell(late, 1, row)).toHaveText('5');
    await shot(late, testInfo, 'journal-conflict');
    // Nothing lost: the first browser still has its 5 after a reload.
    await page.reload();
    await expect(cell(page, 1, row)).toHaveText('5');
    await other.close();
  });
});

test.describe('journal without JavaScript', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(!testInfo.project.name.endsWith('-nojs'), 'the form posts are checked without JavaScript');
  });

  test('the grid reads and the lesson page saves attendance and marks', async ({ page }, testInfo) => {
    const row = ROW[testInfo.project.name];
    await openGrid(page, 'uchitel', at('/teacher'));
    expect(await page.locator('#jgrid tbody tr').count()).toBeGreaterThan(20);
    await expect(page.locator('#jgrid td.c').first()).toBeVisible();
    await shot(page, testInfo, 'journal-grid-nojs');
    // The first lesson's page, from its column head.
    await page.locator('#jgrid thead th[data-l="0"] a').click();
    await expect(page).toHaveURL(/\/journal\/lesson\/\d+/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Страница урока');
    const name = (await page.locator('tbody tr').nth(row).locator('th').textContent())!.trim();
    await page.getByLabel(`Посещаемость: ${name}`).selectOption('о');
    await page.getByLabel(`Опоздание, мин: ${name}`).fill('10');
    await page.getByLabel(`Оценки: ${name}`).fill('4 5');
    await page.getByRole('button', { name: 'Сохранить отметки' }).click();
    await expect(page.getByText('Сохранено.')).toBeVisible();
    await expect(page.getByLabel(`Оценки: ${name}`)).toHaveValue('4 5');
    await expect(page.getByLabel(`Посещаемость: ${name}`)).toHaveValue('о');
    // A wrong mark is refused and says why.
    await page.getByLabel(`Оценки: ${name}`).fill('7');
    await page.getByRole('button', { name: 'Сохранить отметки' }).click();
    await expect(page.getByText('не оценка по пятибалльной шкале')).toBeVisible();
    await shot(page, testInfo, 'journal-lesson-nojs');
  });
});
