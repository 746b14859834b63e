import { expect, type Page } from '@playwright/test';
import { PASSWORD, at, shot, signIn, test } from './helpers';

/**
 * The class teacher's summary («Сводная ведомость»): every subject of the class, each pupil's
 * average and final mark, the absences. Opened from «Журнал»; readable without JavaScript. With
 * JavaScript it is live: a mark and absences typed in a subject's grid in another browser show
 * in the summary without a reload.
 *
 * Each project works on its own pupil (other specs use others and other classes), chosen by rank
 * in the order the class's pupils were created and found by id: other specs add pupils to the
 * class while this runs, so a row's position is not a pupil's.
 */

const PUPIL: Record<string, number> = { 'desktop-js': 4, 'desktop-nojs': 4, 'phone-js': 6, 'phone-nojs': 6 };

function gridCell(page: Page, l: number, p: number) {
  return page.locator(`#jgrid > tbody > tr:nth-child(${p + 1}) > td.c:nth-of-type(${l + 2})`);
}

/** The pupil's row in a summary. */
function summaryRow(page: Page, pupil: string) {
  return page.locator(`table.jsum tbody tr[data-pupil="${pupil}"]`);
}

test('the class teacher sees every subject of the class, and a change in any grid arrives live', async ({ page, newContext }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'uchitel', PASSWORD);
  await expect(page).toHaveURL(at('/teacher'));
  await page.goto('/journal');
  const card = page.getByRole('region', { name: 'Сводные ведомости классов' });
  await card.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/journal\/summary\/\d+/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Сводная ведомость · ');
  const table = page.locator('table.jsum');
  await expect(table.locator('thead th').first()).toHaveText('№');
  await expect(table.getByRole('columnheader', { name: 'Пропущено уроков' })).toBeVisible();
  expect(await table.locator('thead th.jsum-subject').count()).toBeGreaterThan(1);
  const ids = await table.locator('tbody tr[data-pupil]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-pupil'))));
  ids.sort((a, b) => a - b);
  expect(ids.length).toBeGreaterThan(PUPIL[testInfo.project.name]);
  const pupil = String(ids[PUPIL[testInfo.project.name]]);
  if (!testInfo.project.name.endsWith('-js')) {
    await shot(page, testInfo, 'journal-summary');
    return;
  }
  // The live stream is up (the summary has read itself again as it opened).
  await expect(page.locator('.jsum-wrap[data-live="true"]')).toBeVisible({ timeout: 30_000 });

  const tr = summaryRow(page, pupil);
  const missed = tr.locator('td[data-col="missed"]');
  const missedBefore = Number(await missed.innerText());
  const link = table.locator('thead').getByRole('link', { name: 'Математика', exact: true });
  const href = (await link.getAttribute('href'))!;
  const subject = href.match(/^\/journal\/\d+\/(\d+)/)![1];

  // The school admin, in another browser, gives the pupil «2» and two absences in that subject.
  const other = await newContext({ ...testInfo.project.use });
  const admin = await other.newPage();
  await signIn(admin, 'admin', PASSWORD);
  await expect(admin).toHaveURL(at('/admin'));
  await admin.goto(href);
  await expect(admin.locator('.jgrid-wrap[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  const row = Number(await admin.locator(`#jgrid tbody tr[data-pupil="${pupil}"]`).getAttribute('data-p'));
  // Cells 1 and 2 become «н»: whatever absence they held is replaced.
  let expected = missedBefore + 2;
  for (const l of [1, 2]) {
    if (/^[нбп]/.test((await gridCell(admin, l, row).innerText()).trim())) expected -= 1;
  }
  await gridCell(admin, 0, row).focus();
  await admin.keyboard.press('Delete');
  await admin.keyboard.press('2');
  // The mark is saved before the absences, so the summary that shows them has read it too.
  await expect(gridCell(admin, 0, row)).toHaveText('2');
  await expect(admin.locator('#jgrid td.saving')).toHaveCount(0);
  for (const l of [1, 2]) {
    await admin.keyboard.press('Tab');
    await expect(gridCell(admin, l, row)).toBeFocused();
    await admin.keyboard.press('Delete');
    await admin.locator(':focus').dispatchEvent('keydown', { key: 'н', bubbles: true, cancelable: true });
  }
  await admin.keyboard.press('Tab');
  await expect(gridCell(admin, 0, row)).toHaveText('2');
  await expect(gridCell(admin, 2, row)).toHaveText('н');
  await expect(admin.locator('#jgrid td.saving')).toHaveCount(0);

  // The summary follows without a reload, and agrees with a fresh read.
  await expect(missed).toHaveText(String(expected), { timeout: 5000 });
  const average = await tr.locator(`td[data-subject="${subject}"] span`).innerText();
  expect(average).toMatch(/^\d,\d\d$/);
  await shot(page, testInfo, 'journal-summary');
  await page.reload();
  await expect(summaryRow(page, pupil).locator('td[data-col="missed"]')).toHaveText(String(expected));
  await expect(summaryRow(page, pupil).locator(`td[data-subject="${subject}"] span`)).toHaveText(average);
  await other.close();
});
