import { test, expect } from '@playwright/test';
import { LOGIN_URL, PASSWORD, at, h1, shot, signIn } from './helpers';

test.describe('sessions and access', () => {
  test('«Выход» ends the session', async ({ page }, testInfo) => {
    await signIn(page, 'uchenik', PASSWORD);
    await expect(page).toHaveURL(at('/diary'));
    await expect(h1(page)).toHaveText('Мой дневник');
    await shot(page, testInfo, 'sign-out-before');

    await page.getByRole('button', { name: 'Выход', exact: true }).click();
    await expect(page).toHaveURL(LOGIN_URL);
    await expect(h1(page)).toHaveText('Вход в Парту');
    await shot(page, testInfo, 'sign-out-after');

    await page.goto('/diary');
    await expect(page).toHaveURL(LOGIN_URL);
    await expect(h1(page)).toHaveText('Вход в Парту');
    await expect(page.getByText('Мой дневник')).toHaveCount(0);
    await shot(page, testInfo, 'sign-out-diary-redirect');
  });

  test('a visitor without a session is sent from /admin to /login', async ({ page }, testInfo) => {
    await page.goto('/admin');
    await expect(page).toHaveURL(LOGIN_URL);
    await expect(h1(page)).toHaveText('Вход в Парту');
    await expect(page.getByRole('columnheader', { name: 'Классный руководитель' })).toHaveCount(0);
    await shot(page, testInfo, 'admin-unauthenticated');
  });

  test('an unknown address is a 404 page', async ({ page }, testInfo) => {
    const response = await page.goto('/no-such-page');
    expect(response, 'the page answered').not.toBeNull();
    expect(response!.status()).toBe(404);
    await expect(h1(page)).toHaveText('Страница не найдена');
    await shot(page, testInfo, 'not-found');
  });

  test('a pupil is refused the admin page with 403', async ({ page }, testInfo) => {
    await signIn(page, 'uchenik', PASSWORD);
    await expect(page).toHaveURL(at('/diary'));
    await shot(page, testInfo, 'forbidden-pupil-home');

    const response = await page.goto('/admin');
    expect(response, 'the page answered').not.toBeNull();
    expect(response!.status()).toBe(403);
    await expect(page).toHaveURL(at('/admin'));
    await expect(page.getByText('У вас нет доступа к этой странице.', { exact: true })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Классный руководитель' })).toHaveCount(0);
    await shot(page, testInfo, 'forbidden-admin');
  });
});
