import { expect, type Page } from '@playwright/test';
import { at, openSettled, PASSWORD, signIn, test } from './helpers';

/**
 * The build a school runs (scripts/test.sh serves the release build): every main page of every
 * role opens without a page error or a console error — a page with an island loads the WASM and
 * wakes it, a page without one loads no WASM at all — a mark typed in the grid is there after
 * a reload, and a lesson moved in the timetable editor stays moved. A WASM the optimiser broke
 * («WebAssembly.Table.set(): Argument 1 is invalid for table») fails the first of these.
 */

/** Every WASM the page fetched from now on. */
function watchWasm(page: Page): string[] {
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) fetched.push(r.url());
  });
  return fetched;
}

/**
 * A page with an island hydrates it; a page without one fetches no WASM (its forms and links
 * work as HTML).
 */
async function started(page: Page, errors: string[], wasm: string[]) {
  if ((await page.locator('leptos-island').count()) > 0) {
    await hydrated(page, errors);
  } else {
    await page.waitForLoadState('load');
    expect(wasm, `${page.url()} has no island, yet fetched`).toEqual([]);
  }
}

/** Collects the page's uncaught errors and console errors from now on. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  return errors;
}

/**
 * The loader in `app::shell` marks `<body>` once the page's islands are up: the WASM started and
 * took them over. When it never does, the failure names the page's errors.
 */
async function hydrated(page: Page, errors: string[]) {
  try {
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
  } catch {
    throw new Error(`${page.url()} did not hydrate; its errors: ${errors.join(' | ') || 'none'}`);
  }
}

const PAGES: Record<string, { start: string; pages: string[] }> = {
  uchitel: { start: '/teacher', pages: ['/teacher', '/journal', '/timetable', '/settings/security'] },
  admin: { start: '/admin', pages: ['/admin', '/admin/people', '/admin/audit', '/admin/timetable', '/admin/timetable/year', '/admin/substitutions', '/journal/admin'] },
  uchenik: { start: '/diary', pages: ['/diary', '/timetable'] },
  roditel: { start: '/parent', pages: ['/parent', '/parent/access'] },
  region: { start: '/region', pages: ['/region'] },
};

test.describe('release smoke', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(!testInfo.project.name.endsWith('-js'), 'hydration needs JavaScript');
  });

  test('the sign-in page and every role\'s main pages start without an error, the WASM only where an island is', async ({ page, newContext }, testInfo) => {
    test.setTimeout(180_000);
    const errors = watchErrors(page);
    const wasm = watchWasm(page);
    await openSettled(page, '/login');
    await started(page, errors, wasm);
    expect(errors, 'errors on /login').toEqual([]);
    for (const [login, { start, pages }] of Object.entries(PAGES)) {
      const context = await newContext({ ...testInfo.project.use });
      const person = await context.newPage();
      const seen = watchErrors(person);
      const wasmSeen = watchWasm(person);
      await signIn(person, login, PASSWORD);
      await expect(person).toHaveURL(at(start));
      for (const path of pages) {
        wasmSeen.length = 0;
        await openSettled(person, path);
        await started(person, seen, wasmSeen);
        expect(seen, `errors on ${path} as ${login}`).toEqual([]);
      }
      await context.close();
    }
  });

  test('a mark typed in the grid stays after a reload; a lesson moved in the editor stays moved', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'desktop-js', 'edits the shared demo school once');
    test.setTimeout(120_000);
    const errors = watchErrors(page);
    await signIn(page, 'uchitel', PASSWORD);
    await expect(page).toHaveURL(at('/teacher'));
    // The demo teacher's 5А mathematics, on a pupil the journal specs leave alone (they take
    // the pupils of rank 10 and later in the order pupils were created).
    await openSettled(page, '/journal');
    const row = page.locator('tr', { has: page.locator('th', { hasText: /^5А$/ }) }).filter({ hasText: 'Математика' });
    await page.goto((await row.getByRole('link').first().getAttribute('href'))!);
    await hydrated(page, errors);
    await expect(page.locator('.jgrid-wrap[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
    const ids = await page.locator('#jgrid tbody tr[data-pupil]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-pupil'))));
    ids.sort((a, b) => a - b);
    const pupil = ids[2];
    const first = () => page.locator(`#jgrid tbody tr[data-pupil="${pupil}"] td.c`).first();
    const mark = (await first().innerText()).trim() === '4' ? '5' : '4';
    await first().focus();
    await page.keyboard.press('Delete');
    await page.keyboard.press(mark);
    await expect(first()).toHaveText(mark);
    await expect(page.locator('#jgrid td.saving')).toHaveCount(0);
    await page.reload();
    await expect(page.locator('.jgrid-wrap[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
    await expect(first()).toHaveText(mark);
    expect(errors, 'errors in the grid').toEqual([]);

    // The timetable editor: pick a lesson of 10А up (a click, the keyboard way) and put it down
    // on a free cell's «Сюда».
    await signIn(page, 'admin', PASSWORD);
    await expect(page).toHaveURL(at('/admin'));
    await openSettled(page, '/admin/timetable?view=class');
    const id = await page.locator('select[name=id] option', { hasText: /^10А$/ }).getAttribute('value');
    await openSettled(page, `/admin/timetable?view=class&id=${id}`);
    await hydrated(page, errors);
    const card = page.locator('td.slot .placed').filter({ has: page.locator('.card-subject', { hasNotText: '·' }) }).first().locator('.lesson-card');
    const subject = ((await card.getAttribute('title')) ?? '').split(', ')[0];
    const from = (await card.locator('xpath=ancestor::td').getAttribute('data-slot'))!;
    await card.click();
    await expect(page.locator('td.slot.fits').first()).toBeVisible();
    const fits = await page.locator('td.slot.fits').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-slot')));
    const to = fits.find((slot) => slot && slot !== from);
    expect(to, 'a free cell for the lesson').toBeTruthy();
    await page.locator(`td.slot[data-slot="${to}"]`).locator('button.slot-target').click();
    await expect(page.getByRole('status')).toContainText('Сохранено.');
    await page.reload();
    await hydrated(page, errors);
    await expect(page.locator(`td[data-slot="${to}"] .placed .lesson-card[title^="${subject}, "]`)).toBeVisible();
    // And back where it was, so the demo school's week is as other tests expect it.
    await page.locator(`td[data-slot="${to}"] .placed .lesson-card[title^="${subject}, "]`).click();
    await page.locator(`td.slot[data-slot="${from}"]`).locator('button.slot-target').click();
    await expect(page.getByRole('status')).toContainText('Сохранено.');
    expect(errors, 'errors in the editor').toEqual([]);
  });
});
