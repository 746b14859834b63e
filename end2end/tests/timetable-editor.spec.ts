import { expect, type Locator, type Page } from '@playwright/test';
import { at, openSettled, PASSWORD, shot, signIn, test, type NewContext } from './helpers';

/**
 * The timetable editor as a school admin uses it: drag a lesson with the mouse, and with a
 * finger on a tablet; a teacher clash refused with a sentence naming the teacher and the other
 * class; a second editor window following the first without a reload. The changing tests run
 * in desktop-js only (they edit the one demo school every project shares).
 */

async function signInAdmin(page: Page) {
  await signIn(page, 'admin', PASSWORD);
  await expect(page).toHaveURL(at('/admin'));
}

/** The class picker's options: class name → id. */
async function classId(page: Page, name: string): Promise<string> {
  const value = await page.locator('select[name=id] option', { hasText: new RegExp(`^${name}$`) }).getAttribute('value');
  expect(value).toBeTruthy();
  return value!;
}

async function openClass(page: Page, name: string) {
  await openSettled(page, '/admin/timetable?view=class');
  const id = await classId(page, name);
  await openSettled(page, `/admin/timetable?view=class&id=${id}`);
  await expect(page.locator('caption')).toHaveText(`Расписание на неделю: ${name}`);
}

/** A whole-class lesson on the grid (a group's card names its group after «·»). */
function wholeClassLessons(page: Page): Locator {
  return page.locator('td.slot .placed').filter({ has: page.locator('.card-subject', { hasNotText: '·' }) });
}

/** The lesson of that subject in the cell of a slot. */
function placedAt(page: Page, slot: string, subject: string): Locator {
  return page.locator(`td[data-slot="${slot}"] .placed .lesson-card[title^="${subject}, "]`);
}

/** Takes the first whole-class lesson off the grid; returns its subject and where it stood. */
async function takeOff(page: Page): Promise<{ subject: string; slot: string }> {
  const placed = wholeClassLessons(page).first();
  // The card's tooltip has the full words: «Изобразительное искусство, 5А».
  const subject = ((await placed.locator('.lesson-card').getAttribute('title')) ?? '').split(', ')[0];
  expect(subject).not.toBe('');
  const slot = (await placed.locator('xpath=ancestor::td').getAttribute('data-slot'))!;
  await placed.getByRole('button', { name: `Убрать урок «${subject}`, exact: false }).click();
  await expect(page.getByRole('status')).toContainText('Сохранено.');
  await expect(page.locator('.load-card', { hasText: subject })).toBeVisible();
  return { subject, slot };
}

async function centre(l: Locator): Promise<{ x: number; y: number }> {
  await l.scrollIntoViewIfNeeded();
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Presses on a card with the mouse and moves a little, so the drag starts and cells light up. */
async function startMouseDrag(page: Page, card: Locator) {
  const from = await centre(card);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 15, from.y + 15, { steps: 3 });
  await expect(page.locator('td.slot.fits').first()).toBeVisible();
}

/**
 * A lit cell other than `except` whose tooltip passes `accept`; with `onScreen`, only one that
 * lies wholly inside the window.
 */
async function cellOf(
  page: Page,
  state: 'fits' | 'clash',
  opts: { except?: string; accept?: (title: string) => boolean; onScreen?: boolean } = {},
): Promise<Locator> {
  const cells = page.locator(`td.slot.${state}`);
  const n = await cells.count();
  const height = page.viewportSize()!.height;
  for (let i = 0; i < n; i++) {
    const cell = cells.nth(i);
    if ((await cell.getAttribute('data-slot')) === opts.except) continue;
    if (opts.accept && !opts.accept((await cell.getAttribute('title')) ?? '')) continue;
    if (opts.onScreen) {
      const box = await cell.boundingBox();
      if (!box || box.y < 0 || box.y + box.height > height) continue;
    }
    return cell;
  }
  throw new Error(`no ${state} cell that fits the test`);
}

test.describe('timetable editor', () => {
  test('the week grid renders for the admin, with or without JavaScript', async ({ page }, testInfo) => {
    await signInAdmin(page);
    await openSettled(page, '/admin/timetable');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Редактор расписания');
    await expect(page.locator('table.editor-grid thead th')).toHaveCount(6);
    await expect(page.locator('table.editor-grid tbody tr').first()).toContainText('08:30');
    await expect(page.locator('td.slot .placed').first()).toBeVisible();
    for (const tab of ['Класс', 'Учитель', 'Кабинет']) await expect(page.getByRole('link', { name: tab, exact: true })).toBeVisible();
    if (!testInfo.project.use.javaScriptEnabled) {
      await expect(page.getByText('Чтобы переставлять уроки, включите JavaScript', { exact: false })).toBeVisible();
    }
    await shot(page, testInfo, 'timetable-editor');
  });

  test.describe('changes', () => {
    test.beforeEach(({}, testInfo) => {
      test.skip(testInfo.project.name !== 'desktop-js', 'edits the shared demo school once, in desktop-js');
    });

    test('a card dragged with the mouse is saved and stays after reload', async ({ page }, testInfo) => {
      await signInAdmin(page);
      await openClass(page, '5А');
      const { subject, slot } = await takeOff(page);
      const card = page.locator('.load-card', { hasText: subject });
      await startMouseDrag(page, card);
      const target = await cellOf(page, 'fits', { except: slot });
      const to = (await target.getAttribute('data-slot'))!;
      const at = await centre(target);
      await page.mouse.move(at.x, at.y, { steps: 8 });
      await expect(target).toHaveClass(/hover/);
      await shot(page, testInfo, 'timetable-editor-dragging');
      await page.mouse.up();
      await expect(page.getByRole('status')).toContainText('Сохранено.');
      await expect(page.locator('.load-card', { hasText: subject })).toHaveCount(0);
      await expect(placedAt(page, to, subject)).toBeVisible();

      // «Отменить» takes it off the grid again; «Повторить» places it again.
      await page.getByRole('button', { name: 'Отменить', exact: true }).click();
      await expect(page.getByRole('status')).toContainText('Изменение отменено.');
      await expect(page.locator('.load-card', { hasText: subject })).toBeVisible();
      await page.getByRole('button', { name: 'Повторить', exact: true }).click();
      await expect(page.getByRole('status')).toContainText('Изменение повторено.');
      await expect(page.locator('.load-card', { hasText: subject })).toHaveCount(0);

      await page.reload();
      await page.waitForLoadState('networkidle');
      await expect(placedAt(page, to, subject)).toBeVisible();
    });

    test('a card dragged with a finger on a tablet is saved', async ({ newContext }, testInfo) => {
      const context = await newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true, locale: 'ru-RU' });
      const page = await context.newPage();
      await signInAdmin(page);
      await openClass(page, '6А');
      const { subject, slot } = await takeOff(page);
      const card = page.locator('.load-card', { hasText: subject });
      const from = await centre(card);
      // Real touch input through the DevTools protocol: Chromium turns it into pointer events of
      // type "touch", exactly as a tablet's screen does.
      const cdp = await context.newCDPSession(page);
      const touch = (type: string, x: number, y: number) =>
        cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
      await touch('touchStart', from.x, from.y);
      for (let i = 1; i <= 4; i++) await touch('touchMove', from.x + i * 5, from.y + i * 5);
      await expect(page.locator('td.slot.fits').first()).toBeVisible();
      const to = (await (await cellOf(page, 'fits', { except: slot })).getAttribute('data-slot'))!;
      // Found by its slot, not its place among the cells that fit (which may change as it moves).
      const dropOn = page.locator(`td.slot[data-slot="${to}"]`);
      // Below the fold: holding the finger at the window's bottom edge scrolls the page.
      const height = page.viewportSize()!.height;
      let last = { x: from.x + 20, y: from.y + 20 };
      for (let i = 0; i < 80; i++) {
        const box = (await dropOn.boundingBox())!;
        if (box.y + box.height < height - 60) break;
        // A finger that does not move sends no events: it trembles a pixel each time.
        last = { x: box.x + box.width / 2, y: height - 20 - (i % 2) };
        await touch('touchMove', last.x, last.y);
      }
      // The page goes on scrolling while the finger is still near the edge on its way up, so the
      // cell may have moved from where it was measured: follow it until the finger is over it.
      let tremble = 0;
      await expect(async () => {
        const b = (await dropOn.boundingBox())!;
        const end = { x: b.x + b.width / 2, y: b.y + b.height / 2 + (tremble++ % 2) };
        for (let i = 1; i <= 10; i++) {
          await touch('touchMove', last.x + ((end.x - last.x) * i) / 10, last.y + ((end.y - last.y) * i) / 10);
        }
        last = end;
        await expect(dropOn).toHaveClass(/hover/, { timeout: 1000 });
      }).toPass({ timeout: 10000 });
      await touch('touchEnd', last.x, last.y);
      await expect(page.locator('.load-card', { hasText: subject })).toHaveCount(0);
      await expect(page.getByRole('status')).toContainText('Сохранено.');
      await shot(page, testInfo, 'timetable-editor-tablet');
      await page.reload();
      await page.waitForLoadState('networkidle');
      await expect(placedAt(page, to, subject)).toBeVisible();
      await context.close();
    });

    test('a teacher clash is refused with the teacher and the other class named', async ({ page }, testInfo) => {
      await signInAdmin(page);
      await openClass(page, '7А');
      const placed = wholeClassLessons(page).first();
      const slot = (await placed.locator('xpath=ancestor::td').getAttribute('data-slot'))!;
      // In a class's week the card says the teacher first: «Иванова М. П. · 203».
      const teacher = (await placed.locator('.card-meta').innerText()).split(' · ')[0].trim();
      await startMouseDrag(page, placed.locator('.lesson-card'));
      const busy = `${teacher} в это время ведёт урок в `;
      // A cell where the teacher teaches another class (their other lessons in 7А clash too).
      const target = await cellOf(page, 'clash', { except: slot, accept: (title) => title.includes(busy) && !title.includes(`${busy}7А `) });
      const title = (await target.getAttribute('title')) ?? '';
      const other = title.slice(title.indexOf(busy) + busy.length).split(' ')[0];
      expect(other).toMatch(/^\d{1,2}[А-Я]$/);
      expect(other).not.toBe('7А');
      const sentence = `${busy}${other}`;
      const at = await centre(target);
      await page.mouse.move(at.x, at.y, { steps: 8 });
      await page.mouse.up();
      const status = page.getByRole('status');
      await expect(status).toContainText('Урок сюда поставить нельзя:');
      await expect(status).toContainText(sentence);
      await shot(page, testInfo, 'timetable-editor-clash');
      // Nothing moved.
      await page.reload();
      await page.waitForLoadState('networkidle');
      await expect(page.locator(`td[data-slot="${slot}"] .placed`).first()).toBeVisible();
    });

    test('a second editor window follows without a reload', async ({ newContext }) => {
      const open = async (opened: NewContext) => {
        const context = await opened({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
        const page = await context.newPage();
        await signInAdmin(page);
        await openClass(page, '8А');
        return page;
      };
      const first = await open(newContext);
      const second = await open(newContext);
      let reloaded = false;
      second.on('load', () => (reloaded = true));
      const { subject, slot } = await takeOff(first);
      // The second window polls the year's revision and redraws its grid.
      await expect(second.locator('.load-card', { hasText: subject })).toBeVisible({ timeout: 10_000 });
      await expect(placedAt(second, slot, subject)).toHaveCount(0);
      expect(reloaded).toBe(false);
      // And back: undo in the first window puts the lesson where it was, in both.
      await first.getByRole('button', { name: 'Отменить', exact: true }).click();
      await expect(first.getByRole('status')).toContainText('Изменение отменено.');
      await expect(placedAt(second, slot, subject)).toBeVisible({ timeout: 10_000 });
      expect(reloaded).toBe(false);
      await first.context().close();
      await second.context().close();
    });
  });
});
