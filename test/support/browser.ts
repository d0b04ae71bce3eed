/**
 * A real Chromium for the browser tests and the web benchmark: Debian's `chromium` package
 * driven by playwright-core (Playwright's own browser download does not work on these
 * machines). CHROMIUM_PATH overrides the executable.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../infra/bundling.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of every browser test, kept as test artifacts (git-ignored). */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's chromium package (see .ci/run)`);
  return await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A phone-sized context (360 × 780, touch) or a desktop one, in a language. */
export async function newContext(
  browser: Browser,
  options: { baseUrl: string; phone?: boolean; locale?: 'ar' | 'tr' | 'en' },
): Promise<BrowserContext> {
  return await browser.newContext({
    baseURL: options.baseUrl,
    locale: options.locale === 'ar' ? 'ar-SY' : options.locale === 'en' ? 'en-GB' : 'tr-TR',
    timezoneId: 'Europe/Istanbul',
    ...(options.phone === true
      ? { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      : { viewport: { width: 1280, height: 900 } }),
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the sign-in screen as a demo user and waits for the area to load. */
export async function signIn(page: Page, username: string, password = 'jisr-demo'): Promise<void> {
  await page.goto('/');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  // Signed in: the header offers sign-out and the role's first screen has its heading.
  await page.locator('.app-tools .button-link').waitFor();
  await page.locator('main #page-title').waitFor();
}
