/**
 * The unit staff's screens in a real Chromium against the local runtime, as staff.health:
 * the inbox in deadline order with SLA badges (a real breach: a one-minute first-reply policy
 * for emergency health referrals, set for this file and put back after it, and the SLA sweep
 * run), the status filter in the hash and "more"; a referral's whole life (accept with the
 * keyboard alone, start, hold with a reason, resume, resolve with an outcome) with its history
 * growing; reject with an announced error first; transfer; contact data withheld without
 * consent; a stale edit — all checked on screen and against the API; Turkish, Arabic (right to
 * left, on a phone) and English; axe on every screen in the three languages.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TRANSITIONS } from '../../shared/domain/lifecycle.js';
import type { ReportNeedRequest } from '../../shared/schemas/need.js';
import type { Referral } from '../../shared/schemas/referral.js';
import type { SlaSettingsResponse } from '../../shared/schemas/sla.js';
import type { AuditEvent } from '../../shared/schemas/transition.js';
import { UNIT_ACTION_FROM, UNIT_ACTIONS } from '../../web/src/areas/staff/allowed-actions.js';
import { STAFF } from '../../web/src/areas/staff/messages.js';
import { SLA_MESSAGES } from '../../web/src/components/sla/messages.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { describeViolations, seriousViolations } from '../support/axe.js';
import { launchChromium, newContext, SCREENSHOT_DIR, screenshot, signIn } from '../support/browser.js';

const baseUrl = inject('baseUrl');
const api = new ApiClient(baseUrl);
const STAFF_USER = 'staff.health';
let browser: Browser;

/** The SLA policies as they were, put back after this file. */
let originalPolicies: SlaSettingsResponse['policies'] | undefined;

const ids = {
  breach: '',
  journey: '',
  reject: '',
  transfer: '',
  stale: '',
  untouched: '',
};

async function report(username: string, overrides: Partial<ReportNeedRequest>): Promise<string> {
  const key = randomUUID();
  let response = await api.reportNeed<{ referrals: Referral[] }>(username, validReport(overrides), key);
  // DynamoDB Local on a busy machine may answer 503 (retry after a moment, same key).
  for (let retry = 0; retry < 5 && response.status === 503; retry++) {
    await new Promise((resolve) => setTimeout(resolve, 500 * (retry + 1)));
    response = await api.reportNeed<{ referrals: Referral[] }>(username, validReport(overrides), key);
  }
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const leg = response.body.referrals.find((referral) => referral.unitId === 'health');
  if (leg === undefined) throw new Error('the need was not routed to the health unit');
  return leg.id;
}

const referralOf = async (id: string) =>
  (await api.as<Referral>(STAFF_USER, 'GET', `/v1/referrals/${id}`)).body;
const historyOf = async (id: string) =>
  (await api.as<{ items: AuditEvent[] }>(STAFF_USER, 'GET', `/v1/referrals/${id}/history`)).body.items;

async function putPolicies(policies: SlaSettingsResponse['policies']) {
  // The settings read may be up to a minute old (each function keeps a copy): a 409 names the
  // current version.
  let expectedVersion = (await api.as<SlaSettingsResponse>('director', 'GET', '/v1/settings/sla')).body
    .version;
  let response = await api.as<{ currentVersion?: number }>('director', 'PUT', '/v1/settings/sla/policies', {
    body: { policies, expectedVersion },
  });
  if (response.status === 409 && response.body.currentVersion !== undefined) {
    expectedVersion = response.body.currentVersion;
    response = await api.as('director', 'PUT', '/v1/settings/sla/policies', {
      body: { policies, expectedVersion },
    });
  }
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

const FILLERS = [
  'Çocuk için göz muayenesi ve gözlük gerekiyor',
  'يحتاج رجل مسن إلى كرسي متحرك بعد عملية في الورك',
  'Diyabet hastası için düzenli insülin ve kontrol randevusu',
  'طفلة تحتاج إلى لقاحات متأخرة قبل التسجيل في المدرسة',
  'A young mother needs postnatal check-ups and a family doctor',
  'Engelli genç için fizik tedavi seansları',
  'امرأة تحتاج إلى مترجم في مواعيد المستشفى',
  'Kronik astım için ilaç ve solunum cihazı desteği',
] as const;
const DISTRICTS = ['seyhan', 'yuregir', 'cukurova', 'saricam', 'ceyhan', 'kozan'] as const;

beforeAll(async () => {
  // Emergency health referrals get one minute for the first reply (24/7): this file's breach.
  const settings = await api.as<SlaSettingsResponse>('director', 'GET', '/v1/settings/sla');
  originalPolicies = settings.body.policies;
  await putPolicies([
    ...settings.body.policies.filter(
      (policy) => !(policy.priority === 'emergency' && policy.category === 'health'),
    ),
    {
      priority: 'emergency',
      category: 'health',
      calendar: '24/7',
      acknowledge: { amount: 1 / 60, unit: 'hours' },
      resolve: { amount: 1, unit: 'days' },
    },
  ]);
  ids.breach = await report('member.amina', {
    priority: 'emergency',
    district: 'yuregir',
    description: 'طفل عمره سنتان مصاب بحمى شديدة منذ ثلاثة أيام، والأسرة لا تملك تأمينًا صحيًا',
  });
  [ids.journey, ids.reject, ids.transfer, ids.stale, ids.untouched] = await Promise.all([
    report('member.amina', {
      priority: 'priority',
      description: 'أم حامل في الشهر السابع تحتاج إلى متابعة في مركز صحي قريب من بيتها',
      contact: { name: 'Fatma Yılmaz', phone: '+90 555 123 45 67' },
      consent: { shareWithUnits: true },
    }),
    report('member.mehmet', {
      district: 'cukurova',
      description: 'Diş tedavisi için randevu gerekiyor; aile özel kliniğin ücretini karşılayamıyor',
      contact: { name: 'Ali Kaya', phone: '+90 555 765 43 21' },
      consent: { shareWithUnits: false },
    }),
    report('member.mehmet', {
      description: 'Okul kaydı için aşı kartı isteniyor, aile kartı taşınırken kaybetmiş',
    }),
    report('member.amina', {
      district: 'saricam',
      beneficiary: { ageGroup: '5-11', gender: 'male', householdSize: 4, disability: false, language: 'en' },
      description: 'A six-year-old needs a hearing test; the family was told to wait three months',
    }),
    report('member.amina', {
      district: 'ceyhan',
      description: 'Yaşlı bir baba için tansiyon ilacının reçetesi yenilenmeli',
    }),
  ]);
  // Enough routed referrals in the unit for the inbox to have a second page.
  for (let batch = 0; batch < 7; batch++) {
    await Promise.all(
      [0, 1, 2].map((index) => {
        const n = batch * 3 + index;
        return report(n % 2 === 0 ? 'member.mehmet' : 'member.amina', {
          description: FILLERS[n % FILLERS.length] ?? 'Sağlık taraması',
          district: DISTRICTS[n % DISTRICTS.length] ?? 'seyhan',
          priority: n % 5 === 0 ? 'priority' : 'routine',
        });
      }),
    );
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (originalPolicies !== undefined) await putPolicies(originalPolicies);
});

async function staffPage(
  locale: 'ar' | 'tr' | 'en',
  options: { phone?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { baseUrl, locale, phone: options.phone === true });
  const page = await context.newPage();
  await signIn(page, STAFF_USER);
  expect(await page.getAttribute('html', 'lang')).toBe(locale);
  return { context, page };
}

/** `expect.poll` with room for a busy machine (its default gives up after a second). */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

const rows = (page: Page) => page.locator('table.inbox-table tbody tr');

async function inboxRows(page: Page) {
  await rows(page).first().waitFor();
  return await rows(page).evaluateAll((elements) =>
    elements.map((element) => ({
      id: element.getAttribute('data-referral-id') ?? '',
      status: element.getAttribute('data-status') ?? '',
      due: element.getAttribute('data-due') ?? '',
      badge: element.querySelector('[data-sla]')?.getAttribute('data-sla') ?? '',
      badgeText: (element.querySelector('[data-sla]')?.textContent ?? '').trim(),
    })),
  );
}

const isSorted = (values: readonly string[]) =>
  values.every((value, index) => index === 0 || (values[index - 1] ?? '') <= value);

async function expectNoViolations(page: Page, label: string) {
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(label, violations)).toEqual([]);
}

async function openReferral(page: Page, id: string) {
  await page.goto(`/#/referrals/${id}`);
  await page.locator('ol.referral-history li').first().waitFor();
}

const historyItems = (page: Page) => page.locator('ol.referral-history li');
const statusFact = (page: Page) => page.locator('[data-fact="status"]');
const doneNotice = (page: Page) => page.locator('[data-result="done"]');

/** Submits one action's form by clicking its button, then waits for the page to say it is done. */
async function act(page: Page, action: string, historyLength: number, status: string) {
  await page.locator(`form[data-action="${action}"] button[type="submit"]`).click();
  await doneNotice(page).waitFor();
  await eventually(() => historyItems(page).count()).toBe(historyLength);
  await eventually(() => statusFact(page).innerText()).toContain(status);
}

describe('unit staff screens', () => {
  it('offer the actions the lifecycle gives the unit, status by status', () => {
    for (const action of UNIT_ACTIONS) {
      expect(TRANSITIONS[action].by).toContain('unit');
      expect([...UNIT_ACTION_FROM[action]].sort()).toEqual([...TRANSITIONS[action].from].sort());
    }
    const unitActions = Object.entries(TRANSITIONS)
      .filter(([, rule]) => rule.by.includes('unit'))
      .map(([action]) => action);
    expect([...UNIT_ACTIONS].sort()).toEqual(unitActions.sort());
  });

  it('in Turkish: the inbox by deadline, the filter and more; a referral accepted with the keyboard, held, resumed and resolved', async () => {
    const tr = STAFF.tables.tr;
    const { context, page } = await staffPage('tr');
    expect(await page.locator('#page-title').innerText()).toBe('Gelen kutusu: Sağlık Birimi');
    const all = await inboxRows(page);
    expect(isSorted(all.map((row) => row.due))).toBe(true);
    expect(all.every((row) => ['routed', 'accepted', 'in_progress', 'on_hold'].includes(row.status))).toBe(
      true,
    );
    await expectNoViolations(page, 'inbox tr');
    await screenshot(page, 'staff-inbox-tr');

    // The filter lives in the hash; the routed list has a second page.
    await page.locator('#status-filter').selectOption('routed');
    await page.locator('form.filters button[type="submit"]').click();
    await page.waitForURL(/#\/inbox\?status=routed$/);
    await eventually(async () => (await inboxRows(page)).length).toBe(25);
    const firstPage = await inboxRows(page);
    expect(firstPage.every((row) => row.status === 'routed')).toBe(true);
    expect(await page.locator('.inbox-summary').innerText()).toContain(tr.status_routed);
    await page.getByRole('button', { name: tr.loadMore }).click();
    await eventually(async () => (await inboxRows(page)).length).toBeGreaterThan(25);
    const twoPages = await inboxRows(page);
    expect(twoPages.every((row) => row.status === 'routed')).toBe(true);
    expect(isSorted(twoPages.map((row) => row.due))).toBe(true);
    expect(new Set(twoPages.map((row) => row.id)).size).toBe(twoPages.length);
    // Focus went to the first referral added.
    expect(
      await page.evaluate("document.activeElement?.closest('tr')?.getAttribute('data-referral-id')"),
    ).toBe(twoPages[25]?.id);
    expect(twoPages.map((row) => row.id)).toEqual(expect.arrayContaining([ids.journey, ids.untouched]));
    await screenshot(page, 'staff-inbox-filtered-tr');
    // Deep link with the filter: the same list after a reload.
    await page.reload();
    await rows(page).first().waitFor();
    expect(await page.locator('#status-filter').inputValue()).toBe('routed');

    // The referral: facts, contact (consent given), clocks, history of one event.
    await page.locator(`tr[data-referral-id="${ids.journey}"] a`).click();
    await page.waitForURL(new RegExp(`#/referrals/${ids.journey}$`));
    await historyItems(page).first().waitFor();
    expect(await page.locator('.description').innerText()).toContain('أم حامل في الشهر السابع');
    expect(await page.locator('[data-contact="shown"]').innerText()).toContain('Fatma Yılmaz');
    expect(await page.locator('tr[data-clock="acknowledge"]').getAttribute('data-stage')).toBe('running');
    expect(await historyItems(page).count()).toBe(1);
    await expectNoViolations(page, 'referral tr');
    await screenshot(page, 'staff-referral-tr');

    // Accept with the keyboard alone: Tab to the note, type it, Tab to the button, Enter.
    let onNote = false;
    for (let press = 0; press < 30 && !onNote; press++) {
      await page.keyboard.press('Tab');
      onNote = (await page.evaluate('document.activeElement?.id')) === 'accept-note';
    }
    expect(onNote).toBe(true);
    await page.keyboard.type('Aile ile yarın görüşülecek');
    await page.keyboard.press('Tab');
    expect(await page.evaluate("document.activeElement?.closest('form')?.dataset.action")).toBe('accept');
    expect(await page.evaluate('document.activeElement?.type')).toBe('submit');
    await page.keyboard.press('Enter');
    await doneNotice(page).waitFor();
    expect(await doneNotice(page).innerText()).toContain(tr.status_accepted);
    expect(await page.evaluate("document.activeElement?.getAttribute('data-result')")).toBe('done');
    await eventually(() => historyItems(page).count()).toBe(2);
    await eventually(() => statusFact(page).innerText()).toContain(tr.status_accepted);
    expect((await referralOf(ids.journey)).status).toBe('accepted');
    await screenshot(page, 'staff-accepted-tr');

    await act(page, 'start', 3, tr.status_in_progress);

    await page.locator('#hold-holdReason').selectOption('awaiting_beneficiary');
    await page.locator('#hold-note').fill('Yararlanıcı hastaneden dönünce aranacak');
    await act(page, 'hold', 4, tr.status_on_hold);
    expect(await page.locator('[data-hold="paused"]').count()).toBe(1);
    expect(await historyItems(page).last().innerText()).toContain(tr.holdReason_awaiting_beneficiary);
    expect((await referralOf(ids.journey)).holdReason).toBe('awaiting_beneficiary');
    await screenshot(page, 'staff-on-hold-tr');

    await act(page, 'resume', 5, tr.status_in_progress);

    await page.locator('#resolve-outcome').selectOption('service_provided');
    await act(page, 'resolve', 6, tr.status_resolved);
    expect(await page.locator('[data-fact="outcome"]').innerText()).toBe('Hizmet sağlandı');
    expect(await page.locator('.referral-actions').innerText()).toContain(
      tr.noActions.replace('{status}', tr.status_resolved),
    );
    const resolved = await referralOf(ids.journey);
    expect(resolved).toMatchObject({ status: 'resolved', outcome: 'service_provided' });
    expect((await historyOf(ids.journey)).map((event) => event.action)).toEqual([
      'report',
      'accept',
      'start',
      'hold',
      'resume',
      'resolve',
    ]);
    expect((await historyOf(ids.journey))[1]?.note).toBe('Aile ile yarın görüşülecek');
    await screenshot(page, 'staff-resolved-tr');

    await page.goto('/#/no-such-screen');
    await page.locator('#page-title').waitFor();
    expect(await page.locator('#page-title').innerText()).toBe(tr.notFoundTitle);
    await expectNoViolations(page, 'not found tr');
    await context.close();
  }, 180_000);

  it('in Arabic, right to left on a phone: contact withheld without consent, reject with an announced error first, transfer', async () => {
    const ar = STAFF.tables.ar;
    const { context, page } = await staffPage('ar', { phone: true });
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await inboxRows(page);
    // Mirrored: the first column (the referral) is at the right, the deadline to its left.
    const first = await page.locator('table.inbox-table thead th').nth(0).boundingBox();
    const second = await page.locator('table.inbox-table thead th').nth(1).boundingBox();
    expect(first && second && first.x > second.x).toBe(true);
    await expectNoViolations(page, 'inbox ar');
    await screenshot(page, 'staff-inbox-ar');

    await openReferral(page, ids.reject);
    expect(await page.locator('[data-contact="withheld"]').innerText()).toBe(ar.contactWithheld);
    expect(await page.locator('body').innerText()).not.toContain('Ali Kaya');
    await expectNoViolations(page, 'referral ar');
    await screenshot(page, 'staff-referral-ar');

    // Reject with nothing chosen: the API refuses, the page announces why, at the fields.
    await page.locator('form[data-action="reject"] button[type="submit"]').click();
    const alert = page.locator('form[data-action="reject"] .error-summary[role="alert"]');
    await alert.waitFor();
    expect(await alert.innerText()).toContain(ar.errChooseReason);
    expect(await alert.innerText()).toContain(ar.errWriteNote);
    expect(await page.locator('#reject-reason').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#reject-note').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate("document.activeElement?.classList.contains('error-summary')")).toBe(true);
    expect((await referralOf(ids.reject)).status).toBe('routed');
    await expectNoViolations(page, 'referral with errors ar');
    await screenshot(page, 'staff-reject-error-ar');

    await page.locator('#reject-reason').selectOption('not_eligible');
    // Typing after the error keeps the focus in the field (the summary does not take it back).
    await page.locator('#reject-note').click();
    await page.keyboard.type('المستفيد يتلقى العلاج في مستشفى خاص');
    expect(await page.evaluate('document.activeElement?.id')).toBe('reject-note');
    await act(page, 'reject', 2, ar.status_rejected);
    expect(await historyItems(page).last().innerText()).toContain(ar.rejectReason_not_eligible);
    const rejected = await referralOf(ids.reject);
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'not_eligible' });
    expect(rejected.nextReferralId).toBeDefined();
    await screenshot(page, 'staff-rejected-ar');

    await openReferral(page, ids.transfer);
    await page.locator('#transfer-toUnitId').selectOption('education');
    await page.locator('#transfer-note').fill('الطلب يخص التسجيل المدرسي');
    await act(page, 'transfer', 2, ar.status_transferred);
    expect(await historyItems(page).last().innerText()).toContain('وحدة التعليم');
    const transferred = await referralOf(ids.transfer);
    expect(transferred.status).toBe('transferred');
    const next = await api.as<Referral>('director', 'GET', `/v1/referrals/${transferred.nextReferralId}`);
    expect(next.body).toMatchObject({ unitId: 'education', status: 'routed', routedBy: 'transfer' });
    await screenshot(page, 'staff-transferred-ar');

    await page.goto('/#/referrals/not-a-referral');
    await page.locator('.notice-error').waitFor();
    await page.goto('/#/nowhere');
    await page.locator('#page-title').waitFor();
    expect(await page.locator('#page-title').innerText()).toBe(ar.notFoundTitle);
    await expectNoViolations(page, 'not found ar');
    await context.close();
  }, 180_000);

  it('in English: a stale edit says so, shows the fresh state and keeps what was typed', async () => {
    const en = STAFF.tables.en;
    const { context, page } = await staffPage('en');
    await inboxRows(page);
    await expectNoViolations(page, 'inbox en');

    await openReferral(page, ids.stale);
    await expectNoViolations(page, 'referral en');
    await page.locator('#reject-reason').selectOption('duplicate');
    await page.locator('#reject-note').fill('Same child as the referral of last week');
    // Behind the browser's back, a colleague accepts it.
    const accepted = await api.as(STAFF_USER, 'POST', `/v1/referrals/${ids.stale}/transitions`, {
      body: { action: 'accept', expectedVersion: 1 },
    });
    expect(accepted.status).toBe(200);

    await page.locator('form[data-action="reject"] button[type="submit"]').click();
    const stale = page.locator('[data-result="stale"][role="alert"]');
    await stale.waitFor();
    expect(await stale.innerText()).toContain(en.staleTitle);
    expect(await stale.innerText()).toContain(en.staleKept);
    // The fresh state: accepted, one more history entry, and the typed reason and note kept.
    await eventually(() => statusFact(page).innerText()).toContain(en.status_accepted);
    await eventually(() => historyItems(page).count()).toBe(2);
    expect(await page.locator('form[data-action="accept"]').count()).toBe(0);
    expect(await page.locator('#reject-note').inputValue()).toBe('Same child as the referral of last week');
    expect(await page.locator('#reject-reason').inputValue()).toBe('duplicate');
    expect((await referralOf(ids.stale)).status).toBe('accepted');
    await expectNoViolations(page, 'stale edit en');
    await screenshot(page, 'staff-stale-edit-en');

    // Sent again on the fresh version, it goes through.
    await act(page, 'reject', 3, en.status_rejected);
    const history = await historyOf(ids.stale);
    expect(history.at(-1)).toMatchObject({
      action: 'reject',
      reason: 'duplicate',
      note: 'Same child as the referral of last week',
    });

    await page.goto('/#/nowhere');
    await page.locator('#page-title').waitFor();
    await expectNoViolations(page, 'not found en');
    await context.close();
  }, 180_000);

  it('shows a missed deadline (the SLA sweep raised it) and a near one in words, not colour alone; README pictures', async () => {
    // The emergency referral had one minute for its first reply.
    await expect
      .poll(async () => (await referralOf(ids.breach)).sla.stage, { timeout: 80_000, interval: 2_000 })
      .toBe('breached');
    const sweep = await api.as('director', 'POST', '/local/schedules/sla-sweep/run');
    expect(sweep.status).toBe(200);
    const breached = await referralOf(ids.breach);
    expect(breached.sla.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clock: 'acknowledge', threshold: 'warning' }),
        expect.objectContaining({ clock: 'acknowledge', threshold: 'breach' }),
      ]),
    );

    for (const locale of ['en', 'ar'] as const) {
      const { context, page } = await staffPage(locale);
      const all = await inboxRows(page);
      const row = all.find((candidate) => candidate.id === ids.breach);
      expect(row).toMatchObject({ badge: 'breached', badgeText: SLA_MESSAGES.tables[locale].badgeBreached });
      expect(all.findIndex((candidate) => candidate.id === ids.breach)).toBeLessThan(
        all.findIndex((candidate) => candidate.id === ids.untouched),
      );
      expect(isSorted(all.map((candidate) => candidate.due))).toBe(true);
      // The README's picture: what a desktop shows of the inbox, without scrolling.
      await page.screenshot({ path: join(SCREENSHOT_DIR, `readme-staff-${locale}.png`) });

      await openReferral(page, ids.breach);
      expect(await page.locator('tr[data-clock="acknowledge"]').getAttribute('data-stage')).toBe('breached');
      expect(await page.locator('.sla-events li[data-threshold="breach"]').count()).toBe(1);
      await screenshot(page, `staff-breach-${locale}`);
      await context.close();
    }

    // A warning (75 % of the time used) on a referral whose `sla` says so: the answer is
    // rewritten in the browser, as a real one would take hours to fall due.
    const { context, page } = await staffPage('en');
    await page.route(/\/v1\/referrals\?/, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { items: Referral[] };
      for (const item of body.items) {
        if (item.id === ids.untouched) {
          item.sla.events = [{ clock: 'acknowledge', threshold: 'warning', at: new Date().toISOString() }];
        }
      }
      await route.fulfill({ response, json: body });
    });
    await page.goto('/#/inbox?status=routed');
    await page
      .locator(`tr[data-referral-id="${ids.untouched}"]`)
      .waitFor({ timeout: 10_000 })
      .catch(async () => {
        await page.getByRole('button', { name: STAFF.tables.en.loadMore }).click();
      });
    const warned = page.locator(`tr[data-referral-id="${ids.untouched}"] [data-sla]`);
    await warned.waitFor();
    expect(await warned.getAttribute('data-sla')).toBe('warning');
    expect(await warned.innerText()).toBe(SLA_MESSAGES.tables.en.badgeWarning);
    await screenshot(page, 'staff-warning-en');
    await context.close();
  }, 180_000);
});
