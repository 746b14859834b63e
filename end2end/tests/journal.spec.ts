import { expect, type Page, type TestInfo } from '@playwright/test';
import { PASSWORD, at, shot, signIn, test, type NewContext } from './helpers';

/**
 * The live journal grid, as a teacher uses it: a row of marks and absences typed with the keyboard
 * only, found again after a reload, and seen at once (without reload) in a second browser — the
 * school admin's grid of the same class and subject, served by PARTA_E2E_URL2 when that is set
 * (a second Parta process on the same PostgreSQL database). Two browsers editing one cell (a
 * lesson's, then a final mark): the later is told. Without JavaScript the grid is read only and
 * the lesson page's form saves.
 *
 * Each project works on its own pupils, so the four projects can share one server. A pupil is
 * chosen by rank in the order the class's pupils were created, then found by id on every page:
 * other specs add pupils to 5А while these run (early in the alphabet, or a whole import), so a
 * row's position is not a pupil's — two browsers loaded a moment apart may number them apart.
 */

const PUPIL: Record<string, number> = { 'desktop-js': 10, 'desktop-nojs': 20, 'phone-js': 14, 'phone-nojs': 22 };
const SECOND_URL = process.env.PARTA_E2E_URL2;

/** Signs in and opens the demo teacher's 5А mathematics grid; returns its path. */
async function openGrid(page: Page, login: string, start: RegExp): Promise<string> {
  await signIn(page, login, PASSWORD);
  await expect(page).toHaveURL(start);
  await page.goto('/journal');
  const row = page.locator('tr', { has: page.locator('th', { hasText: /^5А$/ }) }).filter({ hasText: 'Математика' });
  // Opened by its address: a click while the list still hydrates may be lost on a loaded
  // machine, and the list's links are not what these tests are about.
  await page.goto((await row.getByRole('link').first().getAttribute('href'))!);
  await expect(page).toHaveURL(/\/journal\/\d+\/\d+/);
  await expect(page.locator('#jgrid')).toBeVisible();
  return new URL(page.url()).pathname;
}

/** The grid has hydrated and answers the keyboard (a debug build's WASM takes a while). */
async function ready(page: Page) {
  await expect(page.locator('.jgrid-wrap[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

/** The id of the class's pupil of rank `n` in the order pupils were created (the demo's first). */
async function pupilOfRank(page: Page, n: number): Promise<string> {
  const ids = await page.locator('#jgrid tbody tr[data-pupil]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-pupil'))));
  ids.sort((a, b) => a - b);
  expect(ids.length).toBeGreaterThan(n);
  return String(ids[n]);
}

/** That pupil's row number (`data-p`) in the grid as this page loaded it. */
async function rowOf(page: Page, pupil: string): Promise<number> {
  return Number(await page.locator(`#jgrid tbody tr[data-pupil="${pupil}"]`).getAttribute('data-p'));
}

function cell(page: Page, l: number, p: number) {
  return page.locator(`#jgrid > tbody > tr:nth-child(${p + 1}) > td.c:nth-of-type(${l + 2})`);
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
async function second(newContext: NewContext, testInfo: TestInfo) {
  const base = SECOND_URL || (testInfo.project.use.baseURL as string);
  return newContext({ ...testInfo.project.use, baseURL: base });
}

test.describe('journal with JavaScript', () => {
  test.describe.configure({ timeout: 120_000 });
  test.beforeEach(({}, testInfo) => {
    test.skip(!testInfo.project.name.endsWith('-js'), 'keyboard entry and live updates need JavaScript');
  });

  test('a row typed with the keyboard is kept and appears at once in another browser @live', async ({ page, newContext }, testInfo) => {
    const path = await openGrid(page, 'uchitel', at('/teacher'));
    await ready(page);
    const pupil = await pupilOfRank(page, PUPIL[testInfo.project.name]);
    let row = await rowOf(page, pupil);
    // The admin watches the same grid in another browser (maybe on the other server process).
    const other = await second(newContext, testInfo);
    const watcher = await other.newPage();
    await signIn(watcher, 'admin', PASSWORD);
    await expect(watcher).toHaveURL(at('/admin'));
    await watcher.goto(path);
    await ready(watcher);
    // Not needed for correctness (a grid fetches what it missed when its stream opens), but
    // the test is about updates arriving live.
    await expect(watcher.locator('.jgrid-wrap[data-live="true"]')).toBeVisible({ timeout: 30_000 });
    const watched = await rowOf(watcher, pupil);

    // What the saves answered and any error in the page, to name the cause if a cell is lost
    // (seen only under a full run's load, on phone-js).
    const seen: string[] = [];
    page.on('response', async (r) => {
      if (r.url().includes('/api/journal_save_cell')) seen.push(`${r.status()} ${await r.text().catch(() => '?')}`);
    });
    page.on('pageerror', (e) => seen.push(`pageerror ${e.message}`));
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
      await expect(cell(page, l, row), `cell ${l}; saves and errors: ${seen.join(' | ')}`).toHaveText(expected[l]);
      // Seen by the other browser without a reload.
      await expect(cell(watcher, l, watched)).toHaveText(expected[l], { timeout: 5000 });
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
    row = await rowOf(page, pupil);
    for (let l = 0; l < expected.length; l++) {
      await expect(cell(page, l, row)).toHaveText(expected[l]);
    }
    // The panel shows the cell's history.
    await ready(page);
    await cell(page, 0, row).click();
    await expect(page.locator('.jhistory li').first()).toContainText('Филатов');
    await expect(page.locator('.jhistory li').first()).toContainText('(журнал)');
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

  test('two browsers edit one cell: the later one is told @live', async ({ page, newContext }, testInfo) => {
    const path = await openGrid(page, 'uchitel', at('/teacher'));
    await ready(page);
    const pupil = await pupilOfRank(page, PUPIL[testInfo.project.name] + 1);
    const row = await rowOf(page, pupil);
    const other = await second(newContext, testInfo);
    const late = await other.newPage();
    // This browser hears nothing of others' changes, as if its network had dropped for a moment:
    // no live stream, and no catch-up.
    await late.route('**/live?**', (route) => route.abort());
    await late.route('**/api/journal_changes**', (route) => route.abort());
    await signIn(late, 'admin', PASSWORD);
    await expect(late).toHaveURL(at('/admin'));
    await late.goto(path);
    await ready(late);
    const lateRow = await rowOf(late, pupil);

    await cell(page, 1, row).focus();
    await page.keyboard.press('Delete');
    await page.keyboard.press('5');
    await expect(cell(page, 1, row)).toHaveText('5');
    await expect(page.locator('#jgrid td.saving')).toHaveCount(0);
    await page.waitForTimeout(300);

    await cell(late, 1, lateRow).focus();
    await expect(cell(late, 1, lateRow)).toBeFocused();
    // The save goes out with the version this browser saw and comes back as a conflict (a loaded
    // machine may take seconds; the answer itself is checked, not only its message).
    const answer = late.waitForResponse((r) => r.url().includes('/api/journal_save_cell'), { timeout: 30_000 });
    await late.keyboard.press('2');
    expect(JSON.stringify(await (await answer).json())).toContain('Conflict');
    await expect(late.locator('.jgrid-status')).toContainText('уже изменил(а) эту клетку');
    await expect(late.locator('.jgrid-status')).toContainText('Филатов');
    await expect(cell(late, 1, lateRow)).toHaveText('5');
    await shot(late, testInfo, 'journal-conflict');

    // The final mark («Итог») the same way: the later browser still shows the mark as it was.
    const fin = (p: Page) => p.locator(`#jgrid tbody tr[data-pupil="${pupil}"] td.fin`);
    const given = (await fin(page).locator('b').allTextContents()).join('').trim() === '4' ? '5' : '4';
    const saved = page.waitForResponse((r) => r.url().includes('/api/journal_save_final'), { timeout: 30_000 });
    await fin(page).focus();
    await page.keyboard.press(given);
    expect((await saved).status()).toBe(200);
    await expect(fin(page).locator('b')).toHaveText(given);
    await fin(late).focus();
    const refused = late.waitForResponse((r) => r.url().includes('/api/journal_save_final'), { timeout: 30_000 });
    await late.keyboard.press('3');
    expect(JSON.stringify(await (await refused).json())).toContain('Conflict');
    await expect(late.locator('.jgrid-status')).toContainText('уже изменил(а) эту клетку');
    await expect(late.locator('.jgrid-status')).toContainText('Итог');
    await expect(fin(late).locator('b')).toHaveText(given);

    // Nothing lost: the first browser still has its 5 and its final mark after a reload.
    await page.reload();
    await expect(cell(page, 1, await rowOf(page, pupil))).toHaveText('5');
    await expect(fin(page).locator('b')).toHaveText(given);
    await other.close();
  });
});

test.describe('journal without JavaScript', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(!testInfo.project.name.endsWith('-nojs'), 'the form posts are checked without JavaScript');
  });

  test('the grid reads and the lesson page saves attendance and marks', async ({ page }, testInfo) => {
    await openGrid(page, 'uchitel', at('/teacher'));
    expect(await page.locator('#jgrid tbody tr').count()).toBeGreaterThan(20);
    const pupil = await pupilOfRank(page, PUPIL[testInfo.project.name]);
    const name = (await page.locator(`#jgrid tbody tr[data-pupil="${pupil}"] th`).textContent())!.trim();
    await expect(page.locator('#jgrid td.c').first()).toBeVisible();
    await shot(page, testInfo, 'journal-grid-nojs');
    // The first lesson's page, from its column head.
    await page.locator('#jgrid thead th[data-l="0"] a').click();
    await expect(page).toHaveURL(/\/journal\/lesson\/\d+/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Страница урока');
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
