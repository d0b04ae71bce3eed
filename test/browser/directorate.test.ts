/**
 * The migration directorate's screens in a real Chromium against the local runtime, as the
 * demo director on a desktop: the SLA dashboard's figures against the API's JSON for the same
 * query (a suppressed cell read as "fewer than 5"), the equity and district views, bars that
 * grow from the right in Arabic; a cohesion-risk alert raised by a member's report and
 * acknowledged with the keyboard alone (an announced error first), and a 409 when someone
 * acknowledged it meanwhile; the triage queue routing a need no rule covers and one a unit
 * sent back; the CSV export and the council report downloaded; axe on every screen in Arabic,
 * Turkish and English.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Alert } from '../../shared/schemas/alert.js';
import type { DashboardGroup, DashboardResponse, Figure } from '../../shared/schemas/dashboard.js';
import type { Referral, ReportNeedResponse } from '../../shared/schemas/referral.js';
import { monthOf, previousQuarter, todayIn } from '../../web/src/areas/directorate/period.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { describeViolations, seriousViolations } from '../support/axe.js';
import { launchChromium, newContext, screenshot, signIn } from '../support/browser.js';
import { settle } from '../support/events.js';

type Locale = 'ar' | 'tr' | 'en';

const baseUrl = inject('baseUrl');
const api = new ApiClient(baseUrl);
const TIME_ZONE = 'Europe/Istanbul';
const INTL: Record<Locale, string> = { ar: 'ar-u-nu-arab', tr: 'tr-TR', en: 'en-GB' };
const FEWER_THAN_FIVE: Record<Locale, string> = { ar: 'أقل من ٥', tr: '5’ten az', en: 'fewer than 5' };
const today = todayIn(TIME_ZONE);
const month = monthOf(today);

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  // Enough referrals of one unit this month for its figures to show (five or more), most of them resolved.
  const genders = ['female', 'male', 'female', 'male', 'female', 'male'] as const;
  for (const [index, gender] of genders.entries()) {
    const reported = await api.reportNeed<ReportNeedResponse>('member.mehmet', {
      ...validReport({ categories: ['health'], district: 'seyhan' }),
      beneficiary: { ageGroup: '30-59', gender, householdSize: 2, disability: false, language: 'tr' },
    });
    expect(reported.status).toBe(201);
    let leg = reported.body.referrals[0] as Referral;
    const steps = index < 5 ? ['accept', 'start', 'resolve'] : ['accept'];
    for (const action of steps) {
      const moved = await api.as<Referral>('staff.health', 'POST', `/v1/referrals/${leg.id}/transitions`, {
        body: {
          action,
          expectedVersion: leg.version,
          ...(action === 'resolve' ? { outcome: 'service_provided' } : {}),
        },
      });
      expect(moved.status).toBe(200);
      leg = moved.body;
    }
  }
  await settle(api);
}, 90_000);
afterAll(async () => {
  await browser?.close();
});

async function directorPage(locale: Locale): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { baseUrl, locale });
  const page = await context.newPage();
  await signIn(page, 'director');
  expect(await page.getAttribute('html', 'lang')).toBe(locale);
  return { context, page };
}

async function dashboardJson(groupBy: string): Promise<DashboardResponse> {
  const answer = await api.as<DashboardResponse>(
    'director',
    'GET',
    `/v1/dashboard?from=${month.from}&to=${month.to}&groupBy=${groupBy}`,
  );
  expect(answer.status).toBe(200);
  return answer.body;
}

const countText = (figure: Figure, locale: Locale) =>
  figure.suppressed || figure.value === null
    ? FEWER_THAN_FIVE[locale]
    : new Intl.NumberFormat(INTL[locale], { maximumFractionDigits: 0 }).format(figure.value);
const percentText = (figure: Figure, locale: Locale) =>
  figure.suppressed || figure.value === null
    ? FEWER_THAN_FIVE[locale]
    : new Intl.NumberFormat(INTL[locale], { style: 'percent', maximumFractionDigits: 1 }).format(
        figure.value / 100,
      );

async function expectNoSeriousViolations(page: Page, label: string) {
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(label, violations)).toEqual([]);
}

/** The figures table's cell of one group and one figure. */
const cell = (page: Page, table: string, group: string, figure: string) =>
  page.locator(`[data-table="${table}"] tr[data-group="${group}"] [data-figure="${figure}"]`);

/** The rows of the dashboard's answer that the table shows: its groups and the totals. */
const rowsOf = (data: DashboardResponse): DashboardGroup[] => [...data.groups, data.totals];

const HOURS_WORDS: Record<Locale, { upTo: string; atLeast: string }> = {
  en: { upTo: 'up to {value}', atLeast: '{value} or more' },
  ar: { upTo: 'حتى {value}', atLeast: '{value} أو أكثر' },
  tr: { upTo: 'en fazla {value}', atLeast: '{value} veya daha fazla' },
};
const hoursText = (figure: Figure, locale: Locale) => {
  if (figure.suppressed || figure.value === null) return FEWER_THAN_FIVE[locale];
  const hours = new Intl.NumberFormat(INTL[locale], {
    style: 'unit',
    unit: 'hour',
    unitDisplay: 'short',
  }).format(figure.value);
  return HOURS_WORDS[locale][figure.value >= 2000 ? 'atLeast' : 'upTo'].replace('{value}', hours);
};

/** Every figure cell of a table, by group and figure, read in one go. */
async function tableFigures(page: Page, table: string): Promise<Record<string, Record<string, string>>> {
  return await page.evaluate(`Object.fromEntries(
    [...document.querySelectorAll('[data-table="${table}"] tr[data-group]')].map((row) => [
      row.dataset.group,
      Object.fromEntries([...row.querySelectorAll('[data-figure]')].map((cell) => [cell.dataset.figure, cell.innerText])),
    ]),
  )`);
}

/** The table shows the API's figures for every group and the totals: counts, shares and hours. */
async function expectTableMatches(page: Page, table: string, data: DashboardResponse, locale: Locale) {
  const expected = Object.fromEntries(
    rowsOf(data).map((group) => [
      group.key,
      {
        opened: countText(group.period.opened, locale),
        withinSlaPercent: percentText(group.period.withinSlaPercent, locale),
        'timeToAcknowledge.median': hoursText(group.period.timeToAcknowledge.median, locale),
        'timeToResolve.p90': hoursText(group.period.timeToResolve.p90, locale),
      },
    ]),
  );
  await expect.poll(() => tableFigures(page, table), { timeout: 5_000 }).toMatchObject(expected);
}

/** A group whose within-SLA share is suppressed (few referrals stopped their clock): it reads "fewer than 5". */
function suppressedGroup(data: DashboardResponse): DashboardGroup {
  const found = rowsOf(data).find((group) => group.period.withinSlaPercent.suppressed);
  if (found === undefined) throw new Error('expected a suppressed cell in the dashboard');
  return found;
}

async function waitForDashboard(page: Page, groupBy: string) {
  await page.locator(`.dashboard[data-group-by="${groupBy}"]`).waitFor();
}

async function waitForAlert(needId: string, type: Alert['type'] = 'cohesion-risk'): Promise<Alert> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const page = await api.as<{ items: Alert[] }>('director', 'GET', `/v1/alerts?type=${type}&limit=100`);
    const found = page.body.items.find((alert) => alert.needIds.includes(needId));
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no ${type} alert for need ${needId}`);
}

async function reportFlaggedNeed(district: string): Promise<string> {
  const reported = await api.reportNeed<ReportNeedResponse>('member.amina', {
    ...validReport({ categories: ['housing'], district, neighbourhood: `Test ${randomUUID().slice(0, 8)}` }),
    cohesionRisks: ['hate_incident'],
  });
  expect(reported.status).toBe(201);
  return reported.body.need.id;
}

/** Presses Tab until the focused element matches, at most `limit` times (keyboard only). */
async function tabTo(page: Page, matches: string, limit = 40) {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(matches)}) ?? false`)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${matches}`);
}

/** Other tests share the runtime: the queue may hold more than one page. */
async function showMoreUntil(page: Page, target: ReturnType<Page['locator']>, showMore = 'Show more') {
  await page.locator('main .card-list').waitFor();
  await expect.poll(() => page.locator('main .loading').count()).toBe(0);
  for (let pages = 0; pages < 10 && (await target.count()) === 0; pages += 1) {
    const more = page.getByRole('button', { name: showMore });
    if ((await more.count()) === 0) break;
    await more.click();
    await expect.poll(() => more.isDisabled()).toBe(false);
  }
  await target.waitFor();
}

/** A need no routing rule covers ("other" has none in config/councils/adana.json): it waits at the triage desk. */
async function reportUnroutedNeed(district: string, neighbourhood: string) {
  const reported = await api.reportNeed<ReportNeedResponse>(
    'member.amina',
    validReport({ categories: ['other'], district, neighbourhood }),
  );
  expect(reported.status).toBe(201);
  const leg = reported.body.referrals[0] as Referral;
  expect(leg.unitId).toBe('migration-desk');
  return { needId: reported.body.need.id, leg };
}

/** A need a unit rejects: it comes back to the triage desk as a new leg. */
async function reportRejectedNeed(district: string) {
  const reported = await api.reportNeed<ReportNeedResponse>('member.amina', validReport({ district }));
  const leg = reported.body.referrals[0] as Referral;
  const rejected = await api.as<Referral>('staff.health', 'POST', `/v1/referrals/${leg.id}/transitions`, {
    body: {
      action: 'reject',
      expectedVersion: leg.version,
      reason: 'not_our_service',
      note: 'A housing matter',
    },
  });
  expect(rejected.status).toBe(200);
  return { needId: reported.body.need.id, backAtTriage: rejected.body.nextReferralId as string };
}

async function legsOf(needId: string): Promise<Referral[]> {
  const need = await api.as<{ referrals: Referral[] }>('director', 'GET', `/v1/needs/${needId}`);
  expect(need.status).toBe(200);
  return need.body.referrals;
}

async function downloadsExportAndReport(page: Page, locale: Locale) {
  await page.goto('/#/reports');
  await page.locator('#export-title').waitFor();
  await expectNoSeriousViolations(page, `reports, ${locale}`);

  const csvDownload = page.waitForEvent('download');
  await page.locator('#export-title ~ form button[type="submit"]').click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toBe(`jisr-referrals-${month.from}-${month.to}.csv`);
  const csvText = await readFile(await csv.path(), 'utf8');
  expect(csvText.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(
    /^referral_id,need_id,unit,categories,district,priority,status,routed_by,routed_at,/,
  );

  const quarter = previousQuarter(today);
  const [year, n] = quarter.split('-Q');
  const reportDownload = page.waitForEvent('download');
  await page.locator('#report-title ~ form button[type="submit"]').click();
  const report = await reportDownload;
  expect(report.suggestedFilename()).toBe(`council-report-${quarter}-${locale}.html`);
  const html = await readFile(await report.path(), 'utf8');
  const digits = new Intl.NumberFormat(INTL[locale], { useGrouping: false });
  const title =
    locale === 'ar'
      ? `الربع ${digits.format(Number(n))} من عام ${digits.format(Number(year))}`
      : `Q${n} ${year}`;
  expect(html).toMatch(new RegExp(`<html[^>]* lang="${locale}"`));
  expect(html).toMatch(new RegExp(`<title>[^<]*${title}[^<]*</title>`));
  await expect.poll(() => page.locator('#report-status').innerText()).toContain(report.suggestedFilename());
  await screenshot(page, `directorate-reports-${locale}`);
}

describe('the directorate in English (desktop)', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await directorPage('en'));
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  it('dashboard: the API’s figures in charts and tables, suppressed cells as “fewer than 5”, the equity and district views', async () => {
    // Home: this month, by unit.
    await waitForDashboard(page, 'unit');
    expect(await page.locator('[data-period]').getAttribute('data-period')).toBe(`${month.from}/${month.to}`);
    const byUnit = await dashboardJson('unit');
    expect(byUnit.totals.period.opened.suppressed).toBe(false);
    expect(await page.locator('[data-figure="totals.opened"]').innerText()).toBe(
      countText(byUnit.totals.period.opened, 'en'),
    );
    await expectTableMatches(page, 'figures', byUnit, 'en');
    const health = byUnit.groups.find((group) => group.key === 'health');
    expect(health?.period.opened.suppressed).toBe(false);
    expect(health?.period.withinSlaPercent.suppressed).toBe(false);
    expect(await cell(page, 'figures', 'health', 'timeToResolve.median').innerText()).toMatch(
      /^up to \d+ hr$/,
    );
    const healthBar = page.locator('#chart-compliance svg.chart-wide g.chart-row[data-row="health"]');
    expect(await healthBar.locator('text.chart-value').textContent()).toBe(
      percentText(health?.period.withinSlaPercent as Figure, 'en'),
    );
    const hidden = suppressedGroup(byUnit);
    expect(await cell(page, 'figures', hidden.key, 'withinSlaPercent').innerText()).toBe('fewer than 5');

    // Charts: one image each, named and described, with the API's numbers.
    const compliance = page.locator('#chart-compliance svg.chart-wide');
    expect(await compliance.getAttribute('role')).toBe('img');
    expect(await page.locator('#chart-compliance figcaption').innerText()).toBe('Resolved on time — Unit');
    expect(await compliance.locator('g.chart-row').count()).toBe(byUnit.groups.length);
    const hiddenRow = compliance.locator(`g.chart-row[data-row="${hidden.key}"]`);
    expect(await hiddenRow.locator('text.chart-suppressed').textContent()).toBe('fewer than 5');
    expect(await hiddenRow.locator('rect').count()).toBe(0);
    const aging = byUnit.totals.now?.aging['0-5'] as Figure;
    expect(aging.suppressed).toBe(false);
    const agingRow = page.locator('#chart-aging svg.chart-wide g.chart-row[data-row="0-5"]');
    expect(await agingRow.locator('text.chart-value').textContent()).toBe(countText(aging, 'en'));
    expect(await page.locator('#chart-aging svg.chart-wide desc').textContent()).toContain(
      `0–5 working days: ${countText(aging, 'en')}`,
    );
    // Left to right: the bar starts right after its label.
    const label = await agingRow.locator('text.chart-label').boundingBox();
    const bar = await agingRow.locator('rect.bar').boundingBox();
    expect(label && bar && bar.x >= label.x + label.width - 1).toBe(true);
    await expectNoSeriousViolations(page, 'dashboard by unit, en');
    await screenshot(page, 'directorate-dashboard-en');

    // The equity view: who waits longer, by gender.
    await page.getByLabel('Group by').selectOption('gender');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await waitForDashboard(page, 'gender');
    expect(page.url()).toContain('groupBy=gender');
    const byGender = await dashboardJson('gender');
    expect(byGender.groups.map((group) => group.key)).toEqual(expect.arrayContaining(['female', 'male']));
    await expectTableMatches(page, 'equity', byGender, 'en');
    expect(await page.locator('#equity-title').innerText()).toBe('Who waits longer — Gender');
    expect(await page.locator('[data-table="equity"] tr[data-group="female"] th').innerText()).toBe('Female');
    await expectNoSeriousViolations(page, 'dashboard equity view, en');
    await screenshot(page, 'directorate-equity-en');

    // Cohesion risk by district.
    await page.getByLabel('Group by').selectOption('district');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await waitForDashboard(page, 'district');
    for (const group of (await dashboardJson('district')).groups)
      expect(await cell(page, 'cohesion', group.key, 'cohesionFlags').innerText()).toBe(
        countText(group.period.cohesionFlags, 'en'),
      );
    await expectNoSeriousViolations(page, 'dashboard by district, en');
    await screenshot(page, 'directorate-cohesion-en');

    // A period that ends before it starts is refused in the form, announced.
    await page.getByLabel('From', { exact: true }).fill(month.to);
    await page.getByLabel('To', { exact: true }).fill(month.from);
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain('The last day cannot be before the first day.');
  }, 60_000);

  it('alerts: a 409 (acknowledged meanwhile by someone else) is explained and the list refreshed', async () => {
    const needId = await reportFlaggedNeed('feke');
    const alert = await waitForAlert(needId);
    await page.goto('/#/alerts?status=open&district=feke');
    const card = page.locator(`[data-alert-id="${alert.id}"]`);
    await card.waitFor();
    expect(await card.locator('h2').innerText()).toMatch(/^Cohesion risk in Feke, Test /);
    const first = await api.as('director', 'POST', `/v1/alerts/${alert.id}/acknowledge`, {
      body: { note: 'Handled by phone' },
    });
    expect(first.status).toBe(200);
    await card.getByRole('button', { name: /^Acknowledge/ }).click();
    await card.getByLabel('Note').fill('Calling the district office');
    await card.getByRole('button', { name: 'Confirm acknowledgement' }).click();
    await expect
      .poll(() => page.locator('[data-feedback="error"]').innerText())
      .toBe('Someone else acknowledged this alert already. The list has been refreshed.');
    await card.waitFor({ state: 'detached' });
    await expectNoSeriousViolations(page, 'alerts, en');
    await screenshot(page, 'directorate-alert-conflict-en');
  }, 60_000);

  it('triage: routes a need no routing rule covers to a unit, which then holds it', async () => {
    const { needId, leg } = await reportUnroutedNeed('ceyhan', 'Namık Kemal');
    await page.getByRole('link', { name: 'Triage queue' }).click();
    const card = page.locator(`[data-referral-id="${leg.id}"]`);
    await showMoreUntil(page, card);
    expect(await card.locator('h2').innerText()).toBe('Other — Ceyhan, Namık Kemal');
    expect(await card.innerText()).toContain('No routing rule');
    await expectNoSeriousViolations(page, 'triage, en');
    await screenshot(page, 'directorate-triage-en');

    // Routing without choosing a unit: announced.
    await card.getByRole('button', { name: 'Route', exact: true }).click();
    await expect
      .poll(() => card.getByRole('alert').innerText())
      .toContain('Choose the unit to route this need to.');
    await card.getByLabel('Route to').selectOption('legal-aid');
    await card.getByLabel(/Note for the unit/).fill('Residence permit question');
    await card.getByRole('button', { name: 'Route', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    expect(await page.locator('[data-feedback="success"]').innerText()).toBe('Routed to Legal aid unit.');
    await screenshot(page, 'directorate-triage-routed-en');

    const legs = await legsOf(needId);
    expect(legs.find((item) => item.id === leg.id)?.status).toBe('transferred');
    expect(legs.find((item) => item.unitId === 'legal-aid')).toMatchObject({
      status: 'routed',
      routedBy: 'directorate',
    });
  }, 60_000);

  it('export and report: the CSV has its header row, the report its quarter’s title', async () => {
    await downloadsExportAndReport(page, 'en');
  }, 60_000);

  it('README screenshot of the dashboard', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('button', { name: 'This month' }).click();
    await waitForDashboard(page, 'unit');
    await screenshot(page, 'readme-directorate-en');
  }, 30_000);
});

describe('the directorate in Arabic (right to left, desktop)', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await directorPage('ar'));
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  it('dashboard: bars grow from the right, Arabic-Indic digits, “أقل من ٥”', async () => {
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await waitForDashboard(page, 'unit');
    const byUnit = await dashboardJson('unit');
    expect(await page.locator('[data-figure="totals.opened"]').innerText()).toBe(
      countText(byUnit.totals.period.opened, 'ar'),
    );
    await expectTableMatches(page, 'figures', byUnit, 'ar');
    expect(await cell(page, 'figures', suppressedGroup(byUnit).key, 'withinSlaPercent').innerText()).toBe(
      'أقل من ٥',
    );
    const agingRow = page.locator('#chart-aging svg.chart-wide g.chart-row[data-row="0-5"]');
    const label = await agingRow.locator('text.chart-label').boundingBox();
    const bar = await agingRow.locator('rect.bar').boundingBox();
    const chart = await page.locator('#chart-aging svg.chart-wide').boundingBox();
    // Right to left: the label sits at the chart's right, its bar ends where the label begins.
    expect(label && bar && bar.x + bar.width <= label.x + 1).toBe(true);
    expect(label && chart && label.x + label.width > chart.x + chart.width * 0.6).toBe(true);
    await expectNoSeriousViolations(page, 'dashboard, ar');
    await screenshot(page, 'directorate-dashboard-ar');

    await page.getByLabel('التجميع حسب').selectOption('disability');
    await page.getByRole('button', { name: 'اعرض الأرقام' }).click();
    await waitForDashboard(page, 'disability');
    await expectTableMatches(page, 'equity', await dashboardJson('disability'), 'ar');
    expect(await page.locator('[data-table="equity"] tr[data-group="no"] th').innerText()).toBe('بدون إعاقة');
    await expectNoSeriousViolations(page, 'dashboard equity view, ar');
    await screenshot(page, 'directorate-equity-ar');
  }, 60_000);

  it('alerts: a member’s cohesion-risk flag becomes an alert, acknowledged with the keyboard alone', async () => {
    const needId = await reportFlaggedNeed('karatas');
    const alert = await waitForAlert(needId);
    await page.goto('/#/alerts?status=open&type=cohesion-risk&district=karatas');
    const card = page.locator(`[data-alert-id="${alert.id}"]`);
    await card.waitFor();
    expect(await card.locator('h2').innerText()).toContain('خطر على التماسك الاجتماعي في كاراتاش');
    await expectNoSeriousViolations(page, 'alerts, ar');
    await screenshot(page, 'directorate-alerts-ar');

    await tabTo(page, `[data-alert-id="${alert.id}"] .button-row button.button-primary`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('name')")).toBe('note');
    // Confirming without a note: announced; focus on the summary, whose link leads back to the field.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => card.getByRole('alert').innerText())
      .toContain('اكتب ملاحظة قصيرة قبل تأكيد الاطلاع.');
    await screenshot(page, 'directorate-alert-note-missing-ar');
    await expect
      .poll(() => page.evaluate("document.activeElement?.classList.contains('error-summary') ?? false"))
      .toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('name')")).toBe('note');
    await page.keyboard.type('تواصلنا مع مختار الحي، والمتابعة مستمرة.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('أكّد الاطلاع');
    await page.keyboard.press('Enter');
    await card.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.locator('[data-feedback="success"]').innerText())
      .toContain('تم تأكيد الاطلاع');
    await screenshot(page, 'directorate-alert-acknowledged-ar');

    const acknowledged = await api.as<{ items: Alert[] }>(
      'director',
      'GET',
      '/v1/alerts?status=acknowledged&district=karatas&limit=100',
    );
    expect(acknowledged.body.items.find((item) => item.id === alert.id)).toMatchObject({
      status: 'acknowledged',
      acknowledgementNote: 'تواصلنا مع مختار الحي، والمتابعة مستمرة.',
    });
    // It left the open list for good.
    await page.reload();
    await page.locator('main .card-list').waitFor({ state: 'attached' });
    await expect.poll(() => page.locator('main .loading').count()).toBe(0);
    expect(await page.locator(`[data-alert-id="${alert.id}"]`).count()).toBe(0);
  }, 60_000);

  it('triage: shows why a unit sent a need back and routes it to another unit', async () => {
    const { needId, backAtTriage } = await reportRejectedNeed('kozan');
    await page.goto('/#/triage');
    const card = page.locator(`[data-referral-id="${backAtTriage}"]`);
    await showMoreUntil(page, card, 'اعرض المزيد');
    expect(await card.innerText()).toContain('أعادتها إحدى الوحدات');
    await expect
      .poll(() => card.locator('.rejection-details').innerText())
      .toContain('أعادتها وحدة الصحة: ليست من خدمات هذه الوحدة.');
    await expectNoSeriousViolations(page, 'triage, ar');
    await screenshot(page, 'directorate-triage-ar');
    await card.getByLabel('توجيه إلى').selectOption('housing');
    await card.getByRole('button', { name: 'وجِّه', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    expect(await page.locator('[data-feedback="success"]').innerText()).toBe('تم التوجيه إلى وحدة السكن.');
    expect((await legsOf(needId)).find((leg) => leg.unitId === 'housing')?.status).toBe('routed');
  }, 60_000);

  it('export and report: the CSV has its header row, the report its quarter’s title in Arabic', async () => {
    await downloadsExportAndReport(page, 'ar');
  }, 60_000);

  it('README screenshot of the dashboard', async () => {
    await page.getByRole('link', { name: 'لوحة المتابعة' }).click();
    await page.getByRole('button', { name: 'هذا الشهر' }).click();
    await waitForDashboard(page, 'unit');
    await screenshot(page, 'readme-directorate-ar');
  }, 30_000);
});

describe('the directorate in Turkish', () => {
  it('has no serious accessibility violation on any screen', async () => {
    const { context, page } = await directorPage('tr');
    for (const path of [
      '/dashboard?groupBy=unit',
      '/dashboard?groupBy=ageGroup',
      '/dashboard?groupBy=district',
      '/alerts?status=all',
      '/triage',
      '/reports',
    ]) {
      await page.goto(`/#${path}`);
      await page.locator('main #page-title').waitFor();
      await expect.poll(() => page.locator('main .loading').count(), { timeout: 10_000 }).toBe(0);
      await expectNoSeriousViolations(page, `${path}, tr`);
    }
    await screenshot(page, 'directorate-reports-tr');
    await context.close();
  }, 90_000);
});
