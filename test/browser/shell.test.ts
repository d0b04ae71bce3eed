/**
 * The web app's shell in a real Chromium against the local runtime: sign-in (mouse and
 * keyboard), languages and right-to-left layout, announced errors, the security headers
 * and the CSP actually enforced, the accessibility scan (and that the scan can fail), and
 * the council member form's JavaScript budget.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { webSecurityHeaders } from '../../web/security-headers.js';
import { ApiClient } from '../support/api-client.js';
import { describeViolations, seriousViolations } from '../support/axe.js';
import { launchChromium, newContext, screenshot, signIn } from '../support/browser.js';
import { MEMBER_FORM_SCRIPT_BUDGET_BYTES, weighScreen } from '../support/web-weight.js';

const baseUrl = inject('baseUrl');
const api = new ApiClient(baseUrl);
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('sign-in screen', () => {
  it.each(['ar', 'tr', 'en'] as const)('has no serious accessibility violation in %s', async (locale) => {
    const context = await newContext(browser, { baseUrl, phone: true, locale });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('#page-title').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(`sign-in ${locale}`, violations)).toEqual([]);
    await screenshot(page, `shell-sign-in-${locale}`);
    await context.close();
  });

  it('lays Arabic out right to left and switches language at any time, remembered after a reload', async () => {
    const context = await newContext(browser, { baseUrl, phone: true, locale: 'ar' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('#page-title').waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.locator('#page-title').innerText()).toBe('تسجيل الدخول');
    // Mirrored: the app's name sits at the right edge, the language buttons to its left.
    const name = await page.locator('.app-name').boundingBox();
    const languages = await page.locator('.language-switcher').boundingBox();
    expect(name && languages && name.x > languages.x).toBe(true);
    const label = await page.locator('label[for="username"]').boundingBox();
    const input = await page.locator('#username').boundingBox();
    expect(label && input && Math.abs(label.x + label.width - (input.x + input.width)) < 2).toBe(true);

    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('#page-title').innerText()).toBe('Sign in');
    await page.reload();
    await page.locator('#page-title').waitFor();
    expect(await page.locator('#page-title').innerText()).toBe('Sign in');
    await context.close();
  });

  it('announces a wrong password in the user’s language', async () => {
    const context = await newContext(browser, { baseUrl, phone: true, locale: 'tr' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('#username').fill('director');
    await page.locator('#password').fill('not-the-password');
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('Kullanıcı adı veya parola yanlış.');
    await screenshot(page, 'shell-wrong-password-tr');
    await context.close();
  });

  it('can be used with the keyboard alone', async () => {
    const context = await newContext(browser, { baseUrl, locale: 'en' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('#page-title').waitFor();
    // Tab from the top: skip link, the three languages, then the username field.
    let guard = 0;
    while ((await page.evaluate('document.activeElement && document.activeElement.id')) !== 'username') {
      await page.keyboard.press('Tab');
      if (++guard > 10) throw new Error('the username field is not reachable with Tab');
    }
    await page.keyboard.type('staff.education');
    await page.keyboard.press('Tab');
    await page.keyboard.type('jisr-demo');
    await page.keyboard.press('Enter');
    await page.locator('.app-tools .button-link').waitFor();
    expect(await page.locator('.signed-in-as').innerText()).toContain('staff.education');
    await context.close();
  });

  it('signs out and forgets the session and what the user left on the device, but not the language', async () => {
    const context = await newContext(browser, { baseUrl, locale: 'en' });
    const page = await context.newPage();
    await signIn(page, 'director');
    await page.getByRole('button', { name: 'Türkçe' }).click();
    await page.evaluate("localStorage.setItem('jisr.member.draft.someone', '{}')");
    await page.locator('.app-tools .button-link').click();
    await page.locator('#username').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('jisr.session')")).toBeNull();
    expect(await page.evaluate("localStorage.getItem('jisr.member.draft.someone')")).toBeNull();
    expect(await page.evaluate("localStorage.getItem('jisr.locale')")).toBe('tr');
    await context.close();
  });
});

describe('serving', () => {
  it('sends the same security headers as CloudFront on every file of the app', async () => {
    const expected = webSecurityHeaders({ connectSources: [] });
    const index = await fetch(`${baseUrl}/`, { headers: { 'accept-encoding': 'gzip' } });
    const html = await index.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    for (const path of ['/', '/config.json', script ?? '']) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      for (const [name, value] of Object.entries(expected))
        expect(response.headers.get(name), `${path} ${name}`).toBe(value);
    }
    const asset = await fetch(`${baseUrl}${script}`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${baseUrl}/config.json`)).headers.get('cache-control')).toBe('no-store');
  });

  it('really enforces the CSP: an injected inline script does not run', async () => {
    const context = await newContext(browser, { baseUrl, locale: 'en' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('#page-title').waitFor();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
    })()`);
    expect(await page.evaluate('window.__injected === true')).toBe(false);
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    await context.close();
  });

  it('the accessibility scan does find a serious violation when there is one', async () => {
    const context = await newContext(browser, { baseUrl, locale: 'en' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('#page-title').waitFor();
    await page.evaluate(
      `document.querySelector('main').append(Object.assign(document.createElement('input'), { id: 'unlabelled' }))`,
    );
    const violations = await seriousViolations(page);
    expect(violations.map((violation) => violation.id)).toContain('label');
    await context.close();
  });
});

describe('weight', () => {
  it(`loads the council member's form with under ${MEMBER_FORM_SCRIPT_BUDGET_BYTES / 1024} KB of compressed JavaScript`, async () => {
    const token = await api.token('member.amina');
    const weight = await weighScreen(
      browser,
      baseUrl,
      { name: 'member form', path: '/report', phone: true },
      token,
    );
    expect(weight.scripts.size).toBeGreaterThan(1); // the shell and the member's own chunk
    expect(weight.script).toBeGreaterThan(1_000);
    expect(weight.script).toBeLessThan(MEMBER_FORM_SCRIPT_BUDGET_BYTES);
    // The directorate's charts never reach a member's phone.
    const directorate = await weighScreen(
      browser,
      baseUrl,
      { name: 'dashboard', path: '/dashboard' },
      await api.token('director'),
    );
    const memberFiles = [...weight.scripts.keys()];
    expect(
      [...directorate.scripts.keys()].filter((file) => !memberFiles.includes(file)).length,
    ).toBeGreaterThan(0);
  });
});
