#!/usr/bin/env node
// Time to interactive of a first visit in Chromium on a throttled phone: DevTools' «Slow 4G»
// (562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up) and a 4× slower CPU, an empty cache.
//
//   node end2end/support/first-load.mjs --url http://127.0.0.1:3000 [login:path ...]
//
// A page with an island loads the WASM and is interactive when its islands are up
// (`parta-hydrated`, the performance mark the loader in app::shell sets); a page without one when its document is parsed and its
// deferred scripts ran (DOMContentLoaded): links and forms work from then on. Prints one line a
// page and exits 1 when a page failed to load. Used by scripts/bench.sh.
import { chromium } from '@playwright/test';

const args = process.argv.slice(2);
const urlAt = args.indexOf('--url');
if (urlAt < 0 || !args[urlAt + 1]) {
  console.error('usage: first-load.mjs --url URL [login:path ...] (login "-" for no session)');
  process.exit(2);
}
const base = args[urlAt + 1].replace(/\/$/, '');
const pages = args.filter((_, i) => i !== urlAt && i !== urlAt + 1);
// `grid` stands for the teacher's first journal grid (its address holds ids).
const wanted = pages.length ? pages : ['-:/login', 'uchenik:/diary', 'roditel:/parent', 'uchitel:/teacher', 'uchitel:grid', 'admin:/admin/timetable'];
const PASSWORD = 'Parta-2026';
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
console.log('first visit on a throttled phone (Slow 4G, 4× CPU), empty cache');
console.log('page'.padEnd(28) + 'interactive ms'.padStart(16) + 'transferred KB'.padStart(16) + '  waits for');
try {
  for (const item of wanted) {
    const [login, path] = [item.slice(0, item.indexOf(':')), item.slice(item.indexOf(':') + 1)];
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'ru-RU' });
    try {
      if (login !== '-') {
        const signed = await context.request.post(`${base}/api/sign_in`, {
          form: { login, password: PASSWORD },
          headers: { Accept: 'application/json' },
          maxRedirects: 0,
        });
        if (signed.status() >= 400) throw new Error(`sign-in as ${login}: HTTP ${signed.status()}`);
      }
      const page = await context.newPage();
      let target = path;
      if (path === 'grid') {
        await page.goto(`${base}/journal`);
        const hrefs = await page.locator('a[href^="/journal/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
        target = hrefs.find((h) => /^\/journal\/\d+\/\d+/.test(h ?? ''));
        if (!target) throw new Error('no journal grid linked from /journal');
      }
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      let bytes = 0;
      cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
      const response = await page.goto(`${base}${target}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
      if (!response || response.status() >= 400) throw new Error(`HTTP ${response?.status()}`);
      const wasm = (await page.locator('leptos-island').count()) > 0;
      if (wasm) {
        await page.waitForFunction(() => performance.getEntriesByName('parta-hydrated').length > 0, null, { timeout: 120_000, polling: 50 });
      }
      const [ms, dcl] = await page.evaluate(() => {
        const hydrated = performance.getEntriesByName('parta-hydrated')[0];
        const nav = performance.getEntriesByType('navigation')[0];
        return [Math.round(hydrated ? hydrated.startTime : nav.domContentLoadedEventEnd), Math.round(nav.domContentLoadedEventEnd)];
      });
      // What is still on its way (the WASM may arrive after DOMContentLoaded) is counted too.
      await page.waitForLoadState('load', { timeout: 120_000 });
      console.log(
        `${login}:${path}`.padEnd(28) + String(ms).padStart(16) + (bytes / 1024).toFixed(1).padStart(16) +
          `  ${wasm ? `hydration (the document alone: ${dcl} ms)` : 'DOMContentLoaded'}`,
      );
    } catch (e) {
      failed = true;
      console.log(`${login}:${path}`.padEnd(28) + `  failed: ${e.message.split('\n')[0]}`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
