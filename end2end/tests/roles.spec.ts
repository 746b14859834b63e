import { test, expect } from '@playwright/test';
import { PASSWORD, at, expectSignedInHeader, h1, shot, signIn } from './helpers';

test.describe('each role lands on its start page', () => {
  test('school admin → /admin', async ({ page }, testInfo) => {
    await signIn(page, 'admin', PASSWORD);
    await expect(page).toHaveURL(at('/admin'));
    await expect(h1(page)).toContainText('Школа');
    await expectSignedInHeader(page);
    await expect(page.getByRole('table').first()).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Классный руководитель', exact: true })).toBeVisible();
    // The stats tile «Учеников» with its number (the classes table has a column of that name too).
    await expect(page.locator('.stat', { hasText: 'Учеников' })).toHaveText(/\d+\s*Учеников/);
    await shot(page, testInfo, 'admin-home');
  });

  test('teacher → /teacher, and the role switcher opens the parent side', async ({ page }, testInfo) => {
    await signIn(page, 'uchitel', PASSWORD);
    await expect(page).toHaveURL(at('/teacher'));
    await expect(h1(page)).toHaveText('Мои классы и предметы');
    await expectSignedInHeader(page);
    await expect(page.getByRole('table').first()).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Класс', exact: true })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Предмет', exact: true })).toBeVisible();
    await shot(page, testInfo, 'teacher-home');

    // A second role (parent): the header offers «Роль» and «Сменить».
    const role = page.getByLabel('Роль', { exact: true });
    await expect(role).toBeVisible();
    await expect(role.locator('option:checked')).toHaveText(/^Учитель/);
    const parentOption = role.locator('option', { hasText: /^Родитель/ });
    await expect(parentOption).toHaveCount(1);
    const value = await parentOption.getAttribute('value');
    expect(value).toBeTruthy();
    await role.selectOption(value!);
    await page.getByRole('button', { name: 'Сменить', exact: true }).click();

    await expect(page).toHaveURL(at('/parent'));
    await expect(h1(page)).toHaveText('Мои дети');
    await expectSignedInHeader(page);
    await expect(page.getByLabel('Роль', { exact: true }).locator('option:checked')).toHaveText(/^Родитель/);
    await shot(page, testInfo, 'teacher-switched-to-parent');
  });

  test('pupil → /diary', async ({ page }, testInfo) => {
    await signIn(page, 'uchenik', PASSWORD);
    await expect(page).toHaveURL(at('/diary'));
    await expect(h1(page)).toHaveText('Мой дневник');
    await expectSignedInHeader(page);
    await expect(page.getByText('Мой класс')).toBeVisible();
    // One role only: no role switcher.
    await expect(page.getByLabel('Роль', { exact: true })).toHaveCount(0);
    await shot(page, testInfo, 'pupil-home');
  });

  test('parent → /parent with their children', async ({ page }, testInfo) => {
    await signIn(page, 'roditel', PASSWORD);
    await expect(page).toHaveURL(at('/parent'));
    await expect(h1(page)).toHaveText('Мои дети');
    await expectSignedInHeader(page);
    const cards = page.getByTestId('child-card');
    await expect(cards.nth(1)).toBeVisible();
    expect(await cards.count()).toBeGreaterThanOrEqual(2);
    await shot(page, testInfo, 'parent-home');
  });

  test('region operator → /region', async ({ page }, testInfo) => {
    await signIn(page, 'region', PASSWORD);
    await expect(page).toHaveURL(at('/region'));
    await expect(h1(page)).toContainText('Архангельская область');
    await expectSignedInHeader(page);
    await expect(page.getByRole('table').first()).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Школа', exact: true })).toBeVisible();
    await shot(page, testInfo, 'region-home');
  });
});
