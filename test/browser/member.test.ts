/**
 * The council member's screens in a real Chromium on a 360 px phone against the local
 * runtime: the guided report form (keyboard-only step, announced errors, a draft restored
 * after a reload, offline and a lost response retried into exactly one need, the API's 400
 * shown next to the right field, the edited-after-a-lost-response 422), My reports, the
 * need's page (a 409 reloads, then "confirm and close"), notifications — each screen scanned
 * with axe in Arabic, Turkish and English.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REOPEN_WINDOW_DAYS as API_REOPEN_WINDOW_DAYS } from '../../shared/domain/lifecycle.js';
import { Contact, NEED_LIMITS } from '../../shared/schemas/need.js';
import type { Referral } from '../../shared/schemas/referral.js';
import { PHONE_PATTERN, REOPEN_WINDOW_DAYS, REPORT_LIMITS } from '../../web/src/areas/member/limits.js';
import { MEMBER } from '../../web/src/areas/member/messages.js';
import { COMMON } from '../../web/src/i18n/common.js';
import { ApiClient } from '../support/api-client.js';
import { describeViolations, seriousViolations } from '../support/axe.js';
import { launchChromium, newContext, SCREENSHOT_DIR, screenshot, signIn } from '../support/browser.js';

const baseUrl = inject('baseUrl');
const api = new ApiClient(baseUrl);
const AR = MEMBER.tables.ar;
const TR = MEMBER.tables.tr;
const EN = MEMBER.tables.en;
type Page_<T> = { items: T[]; nextCursor: string | null };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The machines are shared and slow at times: UI changes get a generous while to show. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

async function expectAccessible(page: Page, label: string) {
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(label, violations)).toEqual([]);
}

/** Every referral of the member's needs with this description, created since `since`. */
async function referralsWith(member: string, description: string, since: string): Promise<Referral[]> {
  const found: Referral[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await api.as<Page_<Referral>>(member, 'GET', `/v1/referrals?limit=100${query}`);
    expect(response.status).toBe(200);
    found.push(...response.body.items.filter((referral) => referral.description === description));
    // Newest first: stop once the page reaches referrals older than this test.
    const oldest = response.body.items.at(-1);
    cursor = oldest === undefined || oldest.createdAt < since ? null : response.body.nextCursor;
  } while (cursor !== null);
  return found;
}
const needIdsOf = (referrals: Referral[]) => [...new Set(referrals.map((referral) => referral.needId))];

const stepTitle = (page: Page) => page.locator('#report-step-title').innerText();
// Evaluated in the page as strings: the test project has no DOM types.
const focusedClass = (page: Page) => page.evaluate<string>("document.activeElement?.className ?? ''");
const focusedId = (page: Page) => page.evaluate<string>("document.activeElement?.id ?? ''");
const draftOf = (page: Page, username: string) =>
  page.evaluate<string | null>(`localStorage.getItem(${JSON.stringify(`jisr.member.draft.${username}`)})`);
/** The README pictures show the phone's first screenful, not the whole page. */
async function firstScreenful(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

async function next(page: Page, expectedStep: string) {
  await page.locator('.member-actions button[type="submit"]').click();
  await eventually(() => stepTitle(page)).toContain(expectedStep);
}

/** Steps 3–6 with the mouse (taps), the same way in every language. */
async function fillPerson(page: Page, householdSize: string) {
  await page.locator('input[name="ageGroup"][value="5-11"]').check();
  await page.locator('input[name="gender"][value="male"]').check();
  await page.locator('input[name="householdSize"]').fill(householdSize);
  await page.locator('input[name="disability"][value="yes"]').check();
  await page.locator('input[name="language"][value="ar"]').check();
}

describe('the report form mirrors the API', () => {
  it('checks the same limits as the API (the web copy follows shared/schemas)', () => {
    expect(REPORT_LIMITS).toEqual(NEED_LIMITS);
    expect(REOPEN_WINDOW_DAYS).toBe(API_REOPEN_WINDOW_DAYS);
    for (const phone of [
      '+90 322 123 45 67',
      '0532-111-22-33',
      '12345',
      'call me',
      '+90 (322) 1234567',
      '',
    ]) {
      expect(PHONE_PATTERN.test(phone), phone).toBe(Contact.shape.phone.safeParse(phone).success);
    }
  });
});

describe('council member on a phone, in Arabic', () => {
  let context: BrowserContext;
  let page: Page;
  const since = new Date(Date.now() - 1000).toISOString();
  const description = `يحتاج الطفل إلى كرسي متحرك ومتابعة طبية — ${randomUUID()}`;
  let needId = '';

  beforeAll(async () => {
    context = await newContext(browser, { baseUrl, phone: true, locale: 'ar' });
    page = await context.newPage();
    await signIn(page, 'member.amina');
  });
  afterAll(async () => {
    await context?.close();
  });

  it('reports a need step by step: keyboard, announced errors, a restored draft, offline, sent exactly once', async () => {
    // Lands on the form, right to left.
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.locator('#page-title').innerText()).toBe(AR.reportTitle);
    expect(await stepTitle(page)).toContain(AR.stepNeed);
    expect(await stepTitle(page)).toContain('الخطوة ١ من ٧');
    await expectAccessible(page, 'report step 1 ar');
    await screenshot(page, 'member-step-need-ar');

    // Next with nothing chosen: the error summary is announced (role=alert) and takes focus.
    await page.locator('.member-actions button[type="submit"]').click();
    const summary = page.locator('.error-summary[role="alert"]');
    await summary.waitFor();
    expect(await summary.innerText()).toContain(AR.errorCategoriesMissing);
    expect(await summary.innerText()).toContain(AR.errorDescriptionMissing);
    expect(await focusedClass(page)).toContain('error-summary');
    expect(await page.locator('#report-description').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#report-categories .field-error').innerText()).toBe(AR.errorCategoriesMissing);
    await expectAccessible(page, 'report step 1 with errors ar');
    await screenshot(page, 'member-step-need-errors-ar');
    // The summary's link takes the member to the field.
    await summary.getByRole('link', { name: AR.errorDescriptionMissing }).click();
    expect(await focusedId(page)).toBe('report-description');

    await page.locator('input[name="categories"][value="health"]').check();
    await page.locator('input[name="categories"][value="disability"]').check();
    await page.locator('#report-description').fill(description);
    expect(await page.locator('#report-categories .field-error').count()).toBe(0);
    await next(page, AR.stepPlace);
    expect(await stepTitle(page)).toContain('الخطوة ٢ من ٧');

    // The primary button sits at the bottom, within thumb reach, and mirrors: in Arabic
    // "Next" is on the left, "Back" on the right.
    const nextBox = await page.locator('.member-actions button[type="submit"]').boundingBox();
    const backBox = await page.locator('.member-actions .button-secondary').boundingBox();
    expect(nextBox && backBox && nextBox.x < backBox.x).toBe(true);
    expect(nextBox && nextBox.height >= 44 && nextBox.y + nextBox.height <= 780).toBe(true);
    await expectAccessible(page, 'report step 2 ar');

    // Step 2 with the keyboard alone: focus is on the step's heading after "Next".
    expect(await focusedId(page)).toBe('report-step-title');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('report-district');
    await page.keyboard.press('ArrowDown'); // the first district
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('report-neighbourhood');
    await page.keyboard.type('دوشمه');
    await page.keyboard.press('Enter'); // submits the step
    await eventually(() => stepTitle(page)).toContain(AR.stepPerson);

    // Step 3: a household of ٤٠ (Arabic-Indic digits) is over the API's limit of 30.
    await fillPerson(page, '٤٠');
    await page.locator('.member-actions button[type="submit"]').click();
    await summary.waitFor();
    const householdError = AR.errorHouseholdSize.replace('{min}', '١').replace('{max}', '٣٠');
    expect(await summary.innerText()).toContain(householdError);
    expect(await page.locator('#report-beneficiary-householdSize').getAttribute('aria-invalid')).toBe('true');
    expect(await focusedClass(page)).toContain('error-summary');
    await expectAccessible(page, 'report step 3 with errors ar');
    await screenshot(page, 'member-step-person-error-ar');
    await page.locator('input[name="householdSize"]').fill('٤');
    await next(page, AR.stepUrgency);

    // Reload mid-way: the draft comes back, on the same step, with what was entered.
    expect(JSON.parse((await draftOf(page, 'member.amina')) ?? '{}').step).toBe(3);
    await page.reload();
    await page.locator('#report-step-title').waitFor();
    expect(await stepTitle(page)).toContain(AR.stepUrgency);
    expect(await page.locator('.notice-info[role="status"]').innerText()).toContain('استعدنا البلاغ');
    await expectAccessible(page, 'report step 4 restored ar');
    await screenshot(page, 'member-draft-restored-ar');
    await page.locator('.member-actions .button-secondary').click();
    await eventually(() => stepTitle(page)).toContain(AR.stepPerson);
    expect(await page.locator('input[name="householdSize"]').inputValue()).toBe('٤');
    expect(await page.locator('input[name="language"][value="ar"]').isChecked()).toBe(true);
    await next(page, AR.stepUrgency);

    await page.locator('input[name="priority"][value="priority"]').check();
    await page.locator('input[name="vulnerabilities"][value="chronic_illness"]').check();
    await next(page, AR.stepCohesion);
    await expectAccessible(page, 'report step 5 ar');
    await next(page, AR.stepConsent);
    await page.locator('input[name="consent"][value="yes"]').check();
    await page.locator('#report-contact-name').fill('أمل');
    await page.locator('#report-contact-phone').fill('+90 555 ٠٠٠ ٠٠ ٠٠');
    await expectAccessible(page, 'report step 6 ar');
    await screenshot(page, 'member-step-consent-ar');
    await next(page, AR.stepReview);
    const review = await page.locator('.member-review').innerText();
    for (const expected of [
      description,
      'سيحان',
      'دوشمه',
      'الصحة',
      'دعم ذوي الإعاقة',
      'مرض مزمن',
      'ذو أولوية',
    ])
      expect(review).toContain(expected);
    await expectAccessible(page, 'report review ar');
    await screenshot(page, 'member-review-ar');

    // Offline: the report stays on the device, with its key, and the member is told.
    await context.setOffline(true);
    await page.locator('.member-actions button[type="submit"]').click();
    const kept = page.locator('.member-send-status[role="alert"]');
    await kept.waitFor();
    expect(await kept.innerText()).toContain(AR.sendOffline);
    const queued = JSON.parse((await draftOf(page, 'member.amina')) ?? '{}') as {
      description: string;
      submission?: { key: string; queued: boolean };
    };
    expect(queued.description).toBe(description);
    expect(queued.submission?.queued).toBe(true);
    const key = queued.submission?.key ?? '';
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    await expectAccessible(page, 'report offline ar');
    await screenshot(page, 'member-offline-kept-ar');
    expect(await referralsWith('member.amina', description, since)).toEqual([]);

    // Back online: the app sends by itself. This first try reaches the API but its answer is
    // lost on the way back (the worst case for duplicates)...
    const sentKeys: string[] = [];
    let losses = 0;
    await page.route('**/v1/needs', async (route) => {
      sentKeys.push(route.request().headers()['idempotency-key'] ?? '');
      if (losses++ === 0) {
        await route.fetch();
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await context.setOffline(false);
    await eventually(() => kept.innerText().catch(() => '')).toContain(AR.sendUnreachable);
    expect(needIdsOf(await referralsWith('member.amina', description, since))).toHaveLength(1);
    // ...so the member tries again: the same key, and the API replays its first answer.
    await kept.getByRole('button', { name: COMMON.tables.ar.retry }).click();
    await eventually(() => page.locator('#page-title').innerText()).toBe(AR.sentTitle);
    expect(sentKeys).toEqual([key, key]);
    const sent = await page.locator('.notice-success').innerText();
    expect(sent).toContain('وحدة الصحة');
    expect(sent).toContain('وحدة المساعدة الاجتماعية');
    expect(sent).toContain(AR.sentReplayed);
    const referrals = await referralsWith('member.amina', description, since);
    expect(needIdsOf(referrals)).toHaveLength(1);
    expect(referrals.map((referral) => referral.unitId).sort()).toEqual(['health', 'social-assistance']);
    needId = referrals[0]?.needId ?? '';
    expect(await draftOf(page, 'member.amina')).toBeNull();
    await page.unroute('**/v1/needs');
    await expectAccessible(page, 'report sent ar');
    await screenshot(page, 'member-sent-ar');
  }, 150_000);

  it('lists the need in My reports, shows the outcome and its notification, and closes it (a stale view reloads)', async () => {
    expect(needId).not.toBe('');
    await page.getByRole('link', { name: AR.openMyReports }).click();
    await eventually(() => page.locator('#page-title').innerText()).toBe(AR.myReportsTitle);
    const card = page.locator('.member-reports > li').filter({ hasText: description.slice(-36) });
    await card.waitFor();
    expect(await card.innerText()).toContain(AR.statusRouted);
    expect(await page.locator('.app-nav a[aria-current="page"]').innerText()).toBe(AR.navMyReports);
    await expectAccessible(page, 'my reports ar');
    await screenshot(page, 'member-my-reports-ar');

    // The health unit accepts, starts and resolves its referral.
    const need = await api.as<{ referrals: Referral[] }>('member.amina', 'GET', `/v1/needs/${needId}`);
    const health = need.body.referrals.find((referral) => referral.unitId === 'health');
    expect(health).toBeDefined();
    const id = health?.id ?? '';
    let version = health?.version ?? 0;
    for (const body of [
      { action: 'accept' },
      { action: 'start' },
      { action: 'resolve', outcome: 'service_provided' },
    ]) {
      const response = await api.as<Referral>('staff.health', 'POST', `/v1/referrals/${id}/transitions`, {
        body: { ...body, expectedVersion: version },
      });
      expect(response.status).toBe(200);
      version = response.body.version;
    }

    // The member sees the outcome and is asked to confirm it.
    await page.reload();
    await card.waitFor();
    expect(await card.innerText()).toContain(AR.confirmNeeded);
    expect(await card.innerText()).toContain('تم تقديم الخدمة');
    await card.locator('h2 a').click();
    await eventually(() => page.locator('#page-title').innerText()).toContain('بلاغ');
    const healthCard = page.locator('.member-referral-cards > li').filter({ hasText: 'وحدة الصحة' });
    expect(await healthCard.innerText()).toContain(AR.statusResolved);
    expect(await healthCard.innerText()).toContain('النتيجة: تم تقديم الخدمة');
    expect(await page.locator('.member-description').innerText()).toBe(description);
    await expectAccessible(page, 'need page ar');
    await screenshot(page, 'member-need-resolved-ar');

    // The notification says so, in Arabic.
    await page.locator('.app-nav').getByRole('link', { name: AR.navNotifications }).click();
    await eventually(() => page.locator('#page-title').innerText()).toBe(AR.notificationsTitle);
    const first = page.locator('.member-notifications > li').first();
    await first.waitFor();
    expect(await first.innerText()).toContain('أنهت وحدة الصحة الإحالة: تم تقديم الخدمة');
    await expectAccessible(page, 'notifications ar');
    await screenshot(page, 'member-notifications-ar');

    // Meanwhile the referral changes (reopened and resolved again): the page's version is stale.
    await first.getByRole('link', { name: AR.openReport }).click();
    await healthCard.getByRole('button', { name: AR.closeButton }).waitFor();
    for (const [username, body] of [
      ['member.amina', { action: 'reopen' }],
      ['staff.health', { action: 'resolve', outcome: 'partially_provided' }],
    ] as const) {
      const response = await api.as<Referral>(username, 'POST', `/v1/referrals/${id}/transitions`, {
        body: { ...body, expectedVersion: version },
      });
      expect(response.status).toBe(200);
      version = response.body.version;
    }
    await healthCard.getByRole('button', { name: AR.closeButton }).click();
    const notice = page.locator('.notice[role="alert"]');
    await eventually(() => notice.innerText().catch(() => '')).toBe(AR.staleVersion);
    await eventually(() => healthCard.innerText()).toContain('تم تقديم الخدمة جزئيًا');

    // Confirmed on the fresh version: closed.
    await healthCard.getByRole('button', { name: AR.closeButton }).click();
    await eventually(() => notice.innerText().catch(() => '')).toBe(AR.closedDone);
    await eventually(() => healthCard.innerText()).toContain(AR.statusClosed);
    const closed = await api.as<Referral>('member.amina', 'GET', `/v1/referrals/${id}`);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.outcome).toBe('partially_provided');
    await expectAccessible(page, 'need page closed ar');
    await screenshot(page, 'member-need-closed-ar');
  }, 90_000);

  it('keeps a new draft until the member deletes it (README picture of the form)', async () => {
    await page.locator('.app-nav').getByRole('link', { name: AR.navReport }).click();
    await eventually(() => stepTitle(page)).toContain(AR.stepNeed);
    await page.locator('input[name="categories"][value="education"]').check();
    await page.locator('#report-description').fill('ابنتي تحتاج إلى مقعد في المدرسة القريبة من البيت');
    await firstScreenful(page, 'readme-member-ar');
    expect(await draftOf(page, 'member.amina')).not.toBeNull();
    await page.getByRole('button', { name: AR.discardDraft }).click();
    await page.getByRole('button', { name: AR.discardYes }).click();
    expect(await draftOf(page, 'member.amina')).toBeNull();
    expect(await page.locator('input[name="categories"][value="education"]').isChecked()).toBe(false);
  });
});

describe('council member on a phone, in Turkish and English', () => {
  it('shows the API’s field errors at the field, and a changed report after a lost answer as “may already be sent”', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const description = `Çocuğun okul kaydı yapılmadı — ${randomUUID()}`;
    const edited = `${description} (düzeltildi)`;
    const context = await newContext(browser, { baseUrl, phone: true, locale: 'tr' });
    const page = await context.newPage();
    await signIn(page, 'member.mehmet');
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect(await stepTitle(page)).toContain(TR.stepNeed);
    await expectAccessible(page, 'report step 1 tr');

    await page.locator('input[name="categories"][value="education"]').check();
    await page.locator('#report-description').fill(description);
    await next(page, TR.stepPlace);
    // Left to right: "Next" on the right.
    const nextBox = await page.locator('.member-actions button[type="submit"]').boundingBox();
    const backBox = await page.locator('.member-actions .button-secondary').boundingBox();
    expect(nextBox && backBox && nextBox.x > backBox.x).toBe(true);
    await page.locator('#report-district').selectOption('yuregir');
    await expectAccessible(page, 'report step 2 tr');
    await next(page, TR.stepPerson);
    await fillPerson(page, '3');
    await expectAccessible(page, 'report step 3 tr');
    await next(page, TR.stepUrgency);
    await page.locator('input[name="priority"][value="routine"]').check();
    await expectAccessible(page, 'report step 4 tr');
    await next(page, TR.stepCohesion);
    await expectAccessible(page, 'report step 5 tr');
    await next(page, TR.stepConsent);
    await page.locator('input[name="consent"][value="no"]').check();
    await expectAccessible(page, 'report step 6 tr');
    await next(page, TR.stepReview);
    await expectAccessible(page, 'report review tr');

    // The API refuses a field (here faked: the form's own checks let nothing wrong through):
    // the form goes to that field's step and says what is wrong there and in the summary.
    let calls = 0;
    const keys: string[] = [];
    await page.route('**/v1/needs', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      calls++;
      if (calls === 1)
        await route.fulfill({
          status: 400,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: '/problems/validation-failed',
            title: 'Validation failed',
            status: 400,
            detail: 'The request has invalid fields',
            errors: [{ field: 'beneficiary.householdSize', message: 'Too big: expected number to be <=30' }],
          }),
        });
      else if (calls === 2) {
        await route.fetch(); // recorded by the API...
        await route.abort('connectionreset'); // ...but the answer never arrives
      } else await route.continue();
    });
    await page.locator('.member-actions button[type="submit"]').click();
    await eventually(() => stepTitle(page)).toContain(TR.stepPerson);
    const summary = page.locator('.error-summary[role="alert"]');
    const householdError = TR.errorHouseholdSize.replace('{min}', '1').replace('{max}', '30');
    expect(await summary.innerText()).toContain(householdError);
    expect(await page.locator('#report-beneficiary-householdSize-error').innerText()).toBe(householdError);
    expect(await page.locator('#report-beneficiary-householdSize').getAttribute('aria-invalid')).toBe('true');
    await eventually(() => focusedClass(page)).toContain('error-summary');
    await expectAccessible(page, 'report server error tr');
    await screenshot(page, 'member-server-error-tr');
    // Until the field changes, the step does not let the member past it.
    await page.locator('.member-actions button[type="submit"]').click();
    expect(await stepTitle(page)).toContain(TR.stepPerson);
    await page.locator('input[name="householdSize"]').fill('4');
    for (const step of [TR.stepUrgency, TR.stepCohesion, TR.stepConsent, TR.stepReview])
      await next(page, step);

    // Sent, recorded, answer lost.
    await page.locator('.member-actions button[type="submit"]').click();
    const status = page.locator('.member-send-status');
    await eventually(() => status.innerText().catch(() => '')).toContain(TR.sendUnreachable);
    expect(needIdsOf(await referralsWith('member.mehmet', description, since))).toHaveLength(1);

    // The member edits the report before trying again: the same key with another body is
    // refused (422), and the form says the report may already have been sent.
    await page.locator('.member-review-section').first().getByRole('button', { name: TR.change }).click();
    await eventually(() => stepTitle(page)).toContain(TR.stepNeed);
    await page.locator('#report-description').fill(edited);
    for (const step of [
      TR.stepPlace,
      TR.stepPerson,
      TR.stepUrgency,
      TR.stepCohesion,
      TR.stepConsent,
      TR.stepReview,
    ])
      await next(page, step);
    await page.locator('.member-actions button[type="submit"]').click();
    await eventually(() => status.innerText().catch(() => '')).toContain(TR.sendMaybeSent);
    expect(keys.length).toBe(3);
    expect(new Set(keys).size).toBe(1);
    expect(needIdsOf(await referralsWith('member.mehmet', edited, since))).toHaveLength(0);
    expect(await status.getByRole('link', { name: TR.openMyReports }).getAttribute('href')).toBe('#/reports');
    await expectAccessible(page, 'report maybe sent tr');
    await screenshot(page, 'member-maybe-sent-tr');

    // In English now; the member checks and chooses to send the edited version as a new report.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await eventually(() => status.innerText()).toContain(EN.sendMaybeSent);
    await expectAccessible(page, 'report maybe sent en');
    await status.getByRole('button', { name: EN.sendAsNew }).click();
    await eventually(() => page.locator('#page-title').innerText()).toBe(EN.sentTitle);
    expect(await page.locator('.notice-success').innerText()).toContain('Education unit');
    expect(await page.locator('.notice-success').innerText()).not.toContain(EN.sentReplayed);
    expect(keys.length).toBe(4);
    expect(keys[3]).not.toBe(keys[0]);
    expect(needIdsOf(await referralsWith('member.mehmet', edited, since))).toHaveLength(1);
    expect(needIdsOf(await referralsWith('member.mehmet', description, since))).toHaveLength(1);
    await expectAccessible(page, 'report sent en');
    await screenshot(page, 'member-sent-en');
    await page.unroute('**/v1/needs');

    // Every other screen in English, then in Turkish.
    for (const [locale, table, button] of [
      ['en', EN, 'English'],
      ['tr', TR, 'Türkçe'],
    ] as const) {
      await page.getByRole('button', { name: button }).click();
      await page.locator('.app-nav').getByRole('link', { name: table.navMyReports }).click();
      await eventually(() => page.locator('#page-title').innerText()).toBe(table.myReportsTitle);
      const card = page.locator('.member-reports > li').filter({ hasText: edited.slice(-50) });
      await card.waitFor();
      expect(await card.innerText()).toContain(table.statusRouted);
      await expectAccessible(page, `my reports ${locale}`);
      if (locale === 'en') await screenshot(page, 'member-my-reports-en');
      await card.locator('h2 a').click();
      await page.locator('.member-referral-cards').waitFor();
      expect(await page.locator('.member-description').innerText()).toBe(edited);
      await expectAccessible(page, `need page ${locale}`);
      if (locale === 'en') await screenshot(page, 'member-need-en');
      await page.locator('.app-nav').getByRole('link', { name: table.navNotifications }).click();
      const first = page.locator('.member-notifications > li').first();
      await first.waitFor();
      await eventually(() => first.innerText()).toContain(
        locale === 'en' ? 'referred to the Education unit' : 'Eğitim Birimi',
      );
      await expectAccessible(page, `notifications ${locale}`);
      if (locale === 'en') await screenshot(page, 'member-notifications-en');
      await page.locator('.app-nav').getByRole('link', { name: table.navReport }).click();
      await eventually(() => stepTitle(page)).toContain(table.stepNeed);
      await expectAccessible(page, `report step 1 ${locale}`);
    }
    await page.goto('/#/nowhere');
    await eventually(() => page.locator('#page-title').innerText()).toBe(TR.notFoundTitle);
    await expectAccessible(page, 'not found tr');

    // README picture of the form in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('.app-nav').getByRole('link', { name: EN.navReport }).click();
    await page.locator('input[name="categories"][value="health"]').check();
    await page
      .locator('#report-description')
      .fill('My neighbour’s son needs a wheelchair and a follow-up with a doctor.');
    await firstScreenful(page, 'readme-member-en');
    await page.getByRole('button', { name: EN.discardDraft }).click();
    await page.getByRole('button', { name: EN.discardYes }).click();
    await context.close();
  }, 150_000);
});
