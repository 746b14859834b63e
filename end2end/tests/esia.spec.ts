import { test, expect, type Page, type TestInfo } from '@playwright/test';
import { PASSWORD, at, h1, openSettled, shot, signIn } from './helpers';

/**
 * Sign-in through Gosuslugi (seeds 000–003), as a new user would: «Выберите свой регион»,
 * «Войти через госуслуги», the ESIA sandbox's sign-in page (a test person is picked) and its
 * consent screen «Предоставить» / «Отказать», back to Parta: the start page, or the refusal in
 * the seeds' words, or «…не смогли найти Ваш профиль…» and the link form. Every step is a plain
 * link or form, so all four projects run every scenario.
 *
 * The server must run with the sandbox (`PARTA_ESIA_SANDBOX=127.0.0.1:0`, as scripts/test.sh does).
 */

const ARKH = 'Архангельская область';
const VOLOGDA = 'Вологодская область';
const MURMANSK = 'Мурманская область';

async function chooseRegion(page: Page, region: string) {
  await openSettled(page, '/login');
  await page.getByLabel('Выберите свой регион').selectOption({ label: region });
  await page.getByRole('button', { name: 'Выбрать', exact: true }).click();
  await page.waitForURL(/\/login\?region=\d+/);
}

/** From the sign-in page through the sandbox, picking the person whose button starts with `who`. */
async function viaGosuslugi(page: Page, region: string, who: RegExp, allow = true, screenshots?: TestInfo) {
  await chooseRegion(page, region);
  await page.getByRole('link', { name: 'Войти через госуслуги', exact: true }).click();
  await expect(page).toHaveURL(/\/aas\/oauth2\/v2\/ac\?/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Вход');
  if (screenshots) await shot(page, screenshots, 'esia-sandbox-sign-in');
  await page.getByRole('button', { name: who }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Предоставление прав доступа');
  if (screenshots) await shot(page, screenshots, 'esia-sandbox-consent');
  await page.getByRole('button', { name: allow ? 'Предоставить' : 'Отказать', exact: true }).click();
}

async function expectRefused(page: Page, reason: string, words: string) {
  await expect(page).toHaveURL(new RegExp(`/esia/refused\\?reason=${reason}$`));
  await expect(h1(page)).toHaveText('Не удалось войти через госуслуги');
  await expect(page.getByTestId('esia-refusal')).toContainText(words);
}

async function expectSignedIn(page: Page, start: string, surname: string) {
  await expect(page).toHaveURL(at(start));
  await expect(page.getByTestId('person-name')).toContainText(surname);
}

test.describe('Gosuslugi sign-in', () => {
  test('the region comes first; the button only where Gosuslugi is on', async ({ page }, testInfo) => {
    await openSettled(page, '/login');
    await expect(page.getByLabel('Выберите свой регион')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Войти через госуслуги' })).toHaveCount(0);
    await chooseRegion(page, MURMANSK);
    await expect(page.getByText('вход через госуслуги не подключён')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Войти через госуслуги' })).toHaveCount(0);
    await chooseRegion(page, ARKH);
    await expect(page.getByRole('link', { name: 'Войти через госуслуги', exact: true })).toBeVisible();
    await shot(page, testInfo, 'esia-sign-in-region');
  });

  test('people who match sign in, by each account level the rules allow', async ({ page }, testInfo) => {
    // Several whole sign-ins through the sandbox; as the first test of a run it took 54 s once.
    test.setTimeout(120_000);
    await viaGosuslugi(page, ARKH, /^Соколова Анна Игоревна/, true, testInfo);
    await expectSignedIn(page, '/parent', 'Соколова');
    await page.getByRole('button', { name: 'Выход', exact: true }).click();
    // «Выход» goes through ESIA's logout and back to the sign-in page.
    await expect(page).toHaveURL(/\/login$/);

    await viaGosuslugi(page, ARKH, /^Морозов Павел Андреевич/);
    await expectSignedIn(page, '/parent', 'Морозов');
    await page.context().clearCookies();

    // A pupil under 14 years 3 months: a simplified account is enough.
    await viaGosuslugi(page, ARKH, /^Зайцев Михаил Олегович/);
    await expectSignedIn(page, '/diary', 'Зайцев');
    await shot(page, testInfo, 'esia-signed-in-pupil');
    await page.context().clearCookies();

    // Vologda demands confirmed accounts: the confirmed one enters.
    await viaGosuslugi(page, VOLOGDA, /^Морозов Павел Андреевич/);
    await expectSignedIn(page, '/parent', 'Морозов');
  });

  test('a first ESIA sign-in with a begun activation continues the wizard', async ({ page }) => {
    await viaGosuslugi(page, ARKH, /^Степанов Кирилл Денисович/);
    await expect(page).toHaveURL(/\/activation/);
    await expect(page.getByText('Параметры безопасности').first()).toBeVisible();
  });

  test('each refusal has its own message', async ({ page }, testInfo) => {
    // Five whole sign-ins through the sandbox: 31 s alone, over 60 s beside another worker's.
    test.setTimeout(120_000);
    const cases: [string, RegExp, string, string][] = [
      [ARKH, /^Волкова Ирина Сергеевна/, 'level-too-low', 'Уровень Вашей учётной записи'],
      [ARKH, /^Орлова Дарья Павловна/, 'too-young', '14 лет и 3 месяца'],
      [ARKH, /^Кузнецова Елена Викторовна/, 'name-mismatch', 'ФИО пользователя в Парте и на портале госуслуг не совпадают'],
      [ARKH, /^Белов Игорь Николаевич/, 'snils-mismatch', 'Номер СНИЛС пользователя'],
      [ARKH, /^Николаев Сергей Петрович/, 'birth-mismatch', 'Дата рождения'],
      [ARKH, /^Фёдорова Вера Николаевна/, 'not-activated', 'не активирован или отсутствует'],
      [VOLOGDA, /^Соколова Анна Игоревна/, 'level-too-low', 'Уровень Вашей учётной записи'],
    ];
    for (const [region, who, reason, words] of cases) {
      await viaGosuslugi(page, region, who);
      await expectRefused(page, reason, words);
    }
    await shot(page, testInfo, 'esia-refused');
    await viaGosuslugi(page, ARKH, /^Зайцев Михаил Олегович/, false);
    await expectRefused(page, 'consent-refused', 'Вы отказали Парте в доступе');
    await page.getByRole('link', { name: 'Вернуться ко входу' }).click();
    await expect(page).toHaveURL(/\/login$/);
  });

  test('nobody found: the login and password link the account', async ({ page }, testInfo) => {
    const project = testInfo.project.name;
    // Unknown to the school: the seeds' message and the form.
    await viaGosuslugi(page, ARKH, /^Тихонов Глеб Романович/);
    await expect(page).toHaveURL(at('/esia/link'));
    await expect(page.getByTestId('esia-not-found')).toContainText('не смогли найти Ваш профиль');
    await page.context().clearCookies();

    // No SNILS on Gosuslugi: linked by the Parta login and password, then signed in.
    await viaGosuslugi(page, ARKH, new RegExp(`^Лебедев Артём Ильич.*автотест ${project}`));
    await expect(page).toHaveURL(at('/esia/link'));
    await expect(page.getByTestId('esia-not-found')).toContainText('введите логин и пароль от Вашего аккаунта');
    await shot(page, testInfo, 'esia-link-form');
    await page.getByLabel('Логин', { exact: true }).fill(`esia-bez-snils-${project}`);
    await page.getByLabel('Пароль', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Привязать и войти' }).click();
    await expect(page.getByText('Неверный логин или пароль.', { exact: false })).toBeVisible();
    await page.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Привязать и войти' }).click();
    await expectSignedIn(page, '/diary', 'Лебедев');

    // Settings show the link; «Отвязать» removes it (and lets the next run link again).
    await openSettled(page, '/settings/security');
    await expect(page.getByTestId('esia-status')).toContainText('привязана');
    await page.getByRole('button', { name: 'Отвязать', exact: true }).click();
    await expect(page.getByText('Учётная запись портала госуслуг отвязана.')).toBeVisible();
  });

  test('after a password sign-in: «Привязать учетную запись портала Госуслуг» or «Пропустить»', async ({ page }, testInfo) => {
    const project = testInfo.project.name;
    await signIn(page, `esia-privyazka-${project}`, PASSWORD);
    await expect(page).toHaveURL(at('/parent'));
    const offer = page.getByTestId('esia-offer');
    await expect(offer).toBeVisible();
    // The offer comes with the session; the page's own list may still be loading.
    await expect(page.getByRole('heading', { name: 'Мои дети' })).toBeVisible();
    await shot(page, testInfo, 'esia-offer');
    await offer.getByRole('link', { name: 'Привязать учетную запись портала Госуслуг' }).click();
    await page.getByRole('button', { name: new RegExp(`^Григорьева Ольга Петровна.*автотест ${project}`) }).click();
    await page.getByRole('button', { name: 'Предоставить', exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/security\?esia=linked$/);
    await expect(page.getByText('Учётная запись портала госуслуг привязана.')).toBeVisible();
    await expect(page.getByTestId('esia-offer')).toHaveCount(0);
    await shot(page, testInfo, 'esia-settings-linked');
    await page.getByRole('button', { name: 'Отвязать', exact: true }).click();
    await expect(page.getByText('Учётная запись портала госуслуг отвязана.')).toBeVisible();
    // Unlinked again, the offer is back; «Пропустить» puts it away.
    await openSettled(page, '/parent');
    await page.getByTestId('esia-offer').getByRole('button', { name: 'Пропустить', exact: true }).click();
    await expect(page).toHaveURL(at('/parent'));
    await expect(page.getByTestId('esia-offer')).toHaveCount(0);
  });

  test('the region operator sees the Gosuslugi switch', async ({ page }, testInfo) => {
    await signIn(page, 'region', PASSWORD);
    await expect(page).toHaveURL(at('/region'));
    await expect(page.getByLabel('Разрешить вход через госуслуги в регионе')).toBeChecked();
    await expect(page.getByLabel('Минимальный уровень учётной записи (от 14 лет и 3 месяцев)')).toHaveValue('standard');
    await shot(page, testInfo, 'esia-region');
  });
});
