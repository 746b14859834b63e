import { test, expect, type Page, type TestInfo } from '@playwright/test';
import {
  PASSWORD,
  at,
  captchaAnswer,
  h1,
  lastMessageId,
  linkIn,
  openSettled,
  shot,
  signIn,
  waitForMessage,
} from './helpers';

/**
 * «Забыли логин или пароль?» → «Восстановление доступа», every path end to end, mail and SMS
 * through the loopback mailbox. The four projects share one server, so each uses its own demo
 * people (server/src/demo/recovery.rs): per project a pupil recovering by e-mail, one by phone,
 * a parent with a linked child. Only the pupil with unconfirmed contacts is shared, read-only.
 */

const PROJECTS = ['desktop-js', 'desktop-nojs', 'phone-js', 'phone-nojs'];

interface Person {
  login: string;
  email: string;
  phone: string;
  /** ISO, as the date input takes it. */
  birth: string;
}

/** Person `n` of the project's set: 0 e-mail pupil, 1 phone pupil, 2 parent, 3 child. */
function person(testInfo: TestInfo, n: number): Person {
  const index = PROJECTS.indexOf(testInfo.project.name);
  if (index < 0) throw new Error(`no recovery people for project ${testInfo.project.name}`);
  const p = PROJECTS[index];
  const login = [`vosst-pochta-${p}`, `vosst-telefon-${p}`, `vosst-roditel-${p}`, `vosst-rebenok-${p}`][n];
  const year = n === 2 ? 1985 : 2011;
  return {
    login,
    email: `${login}@parta.example`,
    phone: `+79991${index}${n}0000`,
    birth: `${year}-0${n + 1}-${10 + index}`,
  };
}

/** A password of this project that passes the rules and is new to the account. */
function newPassword(testInfo: TestInfo, tag: string): string {
  return `Sosna-${tag}-${PROJECTS.indexOf(testInfo.project.name)}-luna`;
}

async function solveCaptcha(page: Page) {
  await page.getByLabel('Символы на картинке', { exact: true }).fill(await captchaAnswer(page));
}

async function next(page: Page) {
  await page.getByRole('button', { name: 'Далее', exact: true }).click();
}

/** Sets a new password on the reset page and lands on «Пароль изменён». */
async function setNewPassword(page: Page, password: string) {
  await page.getByLabel('Новый пароль', { exact: true }).fill(password);
  await page.getByLabel('Повторите пароль', { exact: true }).fill(password);
  await next(page);
  await expect(page).toHaveURL(at('/recovery/done'));
  await expect(h1(page)).toHaveText('Пароль изменён');
}

test.describe('access recovery', () => {
  // A page that fails to hydrate still posts its forms, so catch the failure itself.
  let pageErrors: string[] = [];
  test.beforeEach(async ({ page }) => {
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  test.afterEach(async () => {
    expect(pageErrors, 'errors in the page (a failed hydration?)').toEqual([]);
  });

  test('the sign-in page leads to «Восстановление доступа» and its three choices', async ({ page }, testInfo) => {
    await openSettled(page, '/login');
    await page.getByRole('link', { name: 'Забыли логин или пароль?', exact: true }).click();
    await expect(page).toHaveURL(at('/recovery'));
    await expect(h1(page)).toHaveText('Восстановление доступа');
    for (const name of ['Я не помню логин', 'Я не помню пароль', 'Я не помню логин и пароль']) {
      await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
    }
    await shot(page, testInfo, 'recovery-choice');

    await page.getByRole('link', { name: 'Я не помню логин', exact: true }).click();
    await expect(page).toHaveURL(at('/recovery/login'));
    await expect(h1(page)).toHaveText('Я не помню логин');
    const picture = page.getByRole('img', { name: /Картинка с пятью цифрами/ });
    await expect(picture).toBeVisible();
    const first = await picture.getAttribute('src');
    expect(first).toMatch(/^data:image\/svg\+xml;base64,/);
    await expect(page.getByLabel('Электронная почта или номер телефона', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Дата рождения', { exact: true })).toHaveAttribute('type', 'date');
    await shot(page, testInfo, 'recovery-login-form');
    // «Другая картинка» gives another picture, with or without JavaScript.
    await page.getByRole('link', { name: 'Другая картинка', exact: true }).click();
    await expect(picture).not.toHaveAttribute('src', first!);
  });

  test('«Я не помню логин»: the login comes by e-mail, and by SMS', async ({ page }, testInfo) => {
    const pupil = person(testInfo, 0);
    let after = await lastMessageId(pupil.email, 'email');
    await openSettled(page, '/recovery/login');
    await page.getByLabel('Электронная почта или номер телефона', { exact: true }).fill(pupil.email);
    await page.getByLabel('Дата рождения', { exact: true }).fill(pupil.birth);
    await solveCaptcha(page);
    await next(page);
    await expect(page).toHaveURL(/\/recovery\/sent\?via=email/);
    await expect(page.getByText('Логин отправлен на вашу электронную почту.', { exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-login-sent');
    const mail = await waitForMessage(pupil.email, { channel: 'email', after });
    expect(mail.subject).toBe('Ваш логин — Парта');
    expect(mail.text).toContain(pupil.login);

    const phonePupil = person(testInfo, 1);
    after = await lastMessageId(phonePupil.phone, 'sms');
    await openSettled(page, '/recovery/login');
    const national = phonePupil.phone.slice(2);
    await page
      .getByLabel('Электронная почта или номер телефона', { exact: true })
      .fill(`8 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`);
    await page.getByLabel('Дата рождения', { exact: true }).fill(phonePupil.birth);
    await solveCaptcha(page);
    await next(page);
    await expect(page.getByText('Логин отправлен SMS-сообщением на ваш телефон.', { exact: true })).toBeVisible();
    const sms = await waitForMessage(phonePupil.phone, { channel: 'sms', after });
    expect(sms.text).toContain(phonePupil.login);
  });

  test('«Я не помню логин»: each refusal has its message and keeps what was typed', async ({ page }, testInfo) => {
    const pupil = person(testInfo, 0);
    const contact = page.getByLabel('Электронная почта или номер телефона', { exact: true });
    const birth = page.getByLabel('Дата рождения', { exact: true });
    const captcha = page.getByLabel('Символы на картинке', { exact: true });

    // An empty form: the first field's message.
    await openSettled(page, '/recovery/login');
    await next(page);
    await expect(page.getByText('Введите адрес электронной почты или номер телефона.', { exact: true })).toBeVisible();

    // Not an address: the field says so, the birth date stays.
    await contact.fill('ivanova@');
    await birth.fill(pupil.birth);
    await next(page);
    await expect(page.getByText('Это не похоже ни на адрес электронной почты, ни на номер мобильного телефона.', { exact: true })).toBeVisible();
    await expect(contact).toHaveValue('ivanova@');
    await expect(birth).toHaveValue(pupil.birth);

    // A wrong captcha.
    await contact.fill(pupil.email);
    await birth.fill(pupil.birth);
    const answer = await captchaAnswer(page);
    await captcha.fill(answer === '00000' ? '11111' : '00000');
    await next(page);
    await expect(page.getByText('Символы с картинки введены неверно. Введите символы с новой картинки.', { exact: true })).toBeVisible();
    await expect(contact).toHaveValue(pupil.email);
    // A new picture, and its answer field is empty.
    await expect(captcha).toHaveValue('');
    expect(await captchaAnswer(page)).not.toBe(answer);

    // A wrong birth date reads exactly as an unknown address.
    await contact.fill(pupil.email);
    await birth.fill('2000-01-01');
    await solveCaptcha(page);
    await next(page);
    const notFound = 'Не нашли учётную запись с такими данными. Проверьте адрес или номер телефона и дату рождения.';
    await expect(page.getByText(notFound, { exact: true })).toBeVisible();
    await expect(contact).toHaveValue(pupil.email);
    await shot(page, testInfo, 'recovery-login-not-found');
    await contact.fill(`nobody.${testInfo.project.name}@parta.example`);
    await birth.fill('2000-01-01');
    await solveCaptcha(page);
    await next(page);
    await expect(page.getByText(notFound, { exact: true })).toBeVisible();
  });

  test('contacts never confirmed: the page names the school admins and the class teacher', async ({ page }, testInfo) => {
    await openSettled(page, '/recovery/login');
    await page.getByLabel('Электронная почта или номер телефона', { exact: true }).fill('vosst-nepodtverzhden@parta.example');
    await page.getByLabel('Дата рождения', { exact: true }).fill('2012-09-01');
    await solveCaptcha(page);
    await next(page);
    const refusal = page.getByRole('alert').filter({ hasText: 'не подтверждены' });
    await expect(refusal).toBeVisible();
    await expect(refusal).toContainText('Администраторы школы');
    await expect(refusal).toContainText('Классный руководитель');
    await shot(page, testInfo, 'recovery-unconfirmed');
  });

  test('«Я не помню пароль»: a link by e-mail, the new password twice, then sign in', async ({ page }, testInfo) => {
    const pupil = person(testInfo, 0);
    const after = await lastMessageId(pupil.email, 'email');
    await openSettled(page, '/recovery');
    await page.getByRole('link', { name: 'Я не помню пароль', exact: true }).click();
    await expect(h1(page)).toHaveText('Я не помню пароль');
    await page.getByLabel('Логин', { exact: true }).fill(pupil.login);
    await solveCaptcha(page);
    await shot(page, testInfo, 'recovery-password-form');
    await next(page);
    await expect(page).toHaveURL(/\/recovery\/password\/sent\?flow=/);
    await expect(page.getByText(/Если учётная запись с таким логином есть/)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Мне не пришло письмо, восстановить пароль по телефону', exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-password-sent');

    const mail = await waitForMessage(pupil.email, { channel: 'email', after });
    expect(mail.subject).toBe('Восстановление пароля — Парта');
    const link = linkIn(mail, '/recovery/reset?token=');
    await openSettled(page, link);
    await expect(h1(page)).toHaveText('Новый пароль');
    await expect(page.getByText(pupil.login)).toBeVisible();
    // Two different passwords: the second field says so.
    await page.getByLabel('Новый пароль', { exact: true }).fill('Sosna-el-7-luna');
    await page.getByLabel('Повторите пароль', { exact: true }).fill('Sosna-el-7-lunA');
    await next(page);
    await expect(page.getByText('Пароли не совпадают.', { exact: false }).first()).toBeVisible();
    await shot(page, testInfo, 'recovery-reset-mismatch');
    const password = newPassword(testInfo, 'mail');
    await setNewPassword(page, password);
    await shot(page, testInfo, 'recovery-done');

    await signIn(page, pupil.login, password);
    await expect(page).toHaveURL(at('/diary'));
    // The link worked once.
    await openSettled(page, link);
    await expect(page.getByText('Эта ссылка уже использована.', { exact: false })).toBeVisible();
  });

  test('«Мне не пришло письмо»: the hidden phone digits, the SMS code, the new password', async ({ page }, testInfo) => {
    const pupil = person(testInfo, 1);
    await openSettled(page, '/recovery/password');
    await page.getByLabel('Логин', { exact: true }).fill(pupil.login);
    await solveCaptcha(page);
    await next(page);
    await page.getByRole('link', { name: 'Мне не пришло письмо, восстановить пароль по телефону', exact: true }).click();
    await expect(h1(page)).toHaveText('Восстановление по телефону');
    const national = pupil.phone.slice(2);
    await expect(page.getByText(`+7 ${national.slice(0, 3)} •••-••-${national.slice(8)}`, { exact: true })).toBeVisible();
    const digits = page.getByLabel('Недостающие цифры номера', { exact: true });
    const hidden = national.slice(3, 8);
    await digits.fill(hidden === '00000' ? '11111' : '00000');
    await next(page);
    await expect(page.getByText('Цифры не совпадают с номером, привязанным к учётной записи.', { exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-phone-wrong');

    const after = await lastMessageId(pupil.phone, 'sms');
    await digits.fill(hidden);
    await next(page);
    await expect(page).toHaveURL(/\/recovery\/code\?flow=/);
    await expect(h1(page)).toHaveText('Код из SMS');
    const sms = await waitForMessage(pupil.phone, { channel: 'sms', after });
    const code = /\b(\d{6})\b/.exec(sms.text)?.[1];
    expect(code, sms.text).toBeTruthy();
    const codeField = page.getByLabel('Код подтверждения', { exact: true });
    await codeField.fill(code === '000000' ? '111111' : '000000');
    await next(page);
    await expect(page.getByText('Неверный код. Проверьте SMS и попробуйте ещё раз.', { exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-code');
    await codeField.fill(code!);
    await next(page);
    await expect(page).toHaveURL(/\/recovery\/reset\?token=/);
    const password = newPassword(testInfo, 'sms');
    await setNewPassword(page, password);
    await signIn(page, pupil.login, password);
    await expect(page).toHaveURL(at('/diary'));
  });

  test('«Я не помню логин и пароль»: the login and a link in one e-mail', async ({ page }, testInfo) => {
    const pupil = person(testInfo, 0);
    const after = await lastMessageId(pupil.email, 'email');
    await openSettled(page, '/recovery/both');
    await expect(h1(page)).toHaveText('Я не помню логин и пароль');
    await page.getByLabel('Электронная почта или номер телефона', { exact: true }).fill(pupil.email);
    await page.getByLabel('Дата рождения', { exact: true }).fill(pupil.birth);
    await solveCaptcha(page);
    await next(page);
    await expect(page.getByText(/письмо с логином и ссылкой для нового пароля/)).toBeVisible();
    const mail = await waitForMessage(pupil.email, { channel: 'email', after });
    expect(mail.text).toContain(`Логин: ${pupil.login}`);
    await openSettled(page, linkIn(mail, '/recovery/reset?token='));
    const password = newPassword(testInfo, 'both');
    await setNewPassword(page, password);
    await signIn(page, pupil.login, password);
    await expect(page).toHaveURL(at('/diary'));
  });

  test('a parent sees the child\'s login and gets a reset link for the child', async ({ page }, testInfo) => {
    const parent = person(testInfo, 2);
    const child = person(testInfo, 3);
    await signIn(page, parent.login, PASSWORD);
    await expect(page).toHaveURL(at('/parent'));
    await openSettled(page, '/parent/access');
    await expect(h1(page)).toHaveText('Доступ детей');
    await expect(page.getByText(child.login, { exact: true })).toBeVisible();
    await shot(page, testInfo, 'recovery-parent');
    const after = await lastMessageId(parent.email, 'email');
    await page.getByRole('button', { name: /Отправить ссылку для нового пароля — Заботин Миша/ }).click();
    await expect(page.getByText(`Ссылка для нового пароля отправлена на ${parent.email}. Она действует 1 час.`, { exact: true })).toBeVisible();
    const mail = await waitForMessage(parent.email, { channel: 'email', after });
    expect(mail.text).toContain(child.login);
    await openSettled(page, linkIn(mail, '/recovery/reset?token='));
    await expect(page.getByText(child.login)).toBeVisible();
    const password = newPassword(testInfo, 'child');
    await setNewPassword(page, password);
    await signIn(page, child.login, password);
    await expect(page).toHaveURL(at('/diary'));
  });
});
