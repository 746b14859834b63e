import { defineConfig } from '@playwright/test';

/**
 * Parta end-to-end suite. The server is started by scripts/test.sh (no webServer block here);
 * point the suite elsewhere with PARTA_E2E_URL.
 *
 * Browsers are never downloaded: every project runs the system Chromium.
 */
const baseURL = process.env.PARTA_E2E_URL || 'http://127.0.0.1:3000';

const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const desktop = { viewport: { width: 1366, height: 768 } };
const phone = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

export default defineConfig({
  testDir: './tests',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    locale: 'ru-RU',
    browserName: 'chromium',
    headless: true,
    launchOptions,
    trace: 'off',
  },
  projects: [
    { name: 'desktop-js', use: { ...desktop, javaScriptEnabled: true } },
    { name: 'desktop-nojs', use: { ...desktop, javaScriptEnabled: false } },
    { name: 'phone-js', use: { ...phone, javaScriptEnabled: true } },
    { name: 'phone-nojs', use: { ...phone, javaScriptEnabled: false } },
  ],
});
