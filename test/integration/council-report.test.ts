/**
 * The council report through the real local runtime: needs reported and worked in the fourth
 * quarter of 2026 (a controllable clock), the stream's rollups settled, then the page fetched
 * in Arabic, Turkish and English as the directorate — and refused to everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CONTENT_SECURITY_POLICY } from '../../shared/reports/council-report-page.js';
import type { DashboardResponse } from '../../shared/schemas/dashboard.js';
import type { Referral } from '../../shared/schemas/referral.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { settle } from '../support/events.js';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime.js';

let runtime: LocalRuntime;
let api: ApiClient;

/** Istanbul wall time ("2026-10-05T10:00") as an ISO instant. */
const ist = (local: string) => new Date(`${local}:00+03:00`).toISOString();

async function at(local: string): Promise<void> {
  const response = await api.as('director', 'PUT', '/local/clock', { body: { now: ist(local) } });
  expect(response.status).toBe(200);
}

async function act(id: string, action: string, extra: Record<string, unknown> = {}): Promise<void> {
  const current = await api.as<Referral>('staff.health', 'GET', `/v1/referrals/${id}`);
  const response = await api.as('staff.health', 'POST', `/v1/referrals/${id}/transitions`, {
    body: { action, expectedVersion: current.body.version, ...extra },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

const report = (username: string, query: string) =>
  api.as<string>(username, 'GET', `/v1/reports/council?${query}`);

beforeAll(async () => {
  runtime = await startLocalRuntime({
    demoData: false,
    env: { JISR_CONTROLLABLE_CLOCK: '1', JISR_SCHEDULE_SECONDS: '0' },
  });
  api = new ApiClient(runtime.baseUrl);
  await at('2026-10-05T10:00');
  const health: string[] = [];
  for (let index = 0; index < 6; index++) {
    const reported = await api.reportNeed<{ referrals: Referral[] }>(
      'member.amina',
      validReport({ categories: ['health'], ...(index < 5 ? { cohesionRisks: ['discrimination'] } : {}) }),
    );
    expect(reported.status).toBe(201);
    health.push(reported.body.referrals[0]?.id as string);
  }
  const social = await api.reportNeed('member.mehmet', validReport({ categories: ['social-assistance'] }));
  expect(social.status).toBe(201);
  await at('2026-10-05T11:00');
  for (const id of health) await act(id, 'accept');
  await at('2026-10-06T10:00');
  for (const id of health.slice(0, 5)) {
    await act(id, 'start');
    await act(id, 'resolve', { outcome: 'service_provided' });
  }
  await settle(api);
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('GET /v1/reports/council', () => {
  it.each([
    ['ar', 'rtl'],
    ['tr', 'ltr'],
    ['en', 'ltr'],
  ])('the directorate gets the page in %s', async (lang, dir) => {
    const response = await report('director', `quarter=2026-Q4&lang=${lang}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(REPORT_CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('content-language')).toBe(lang);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const page = response.body;
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain(`<html lang="${lang}" dir="${dir}">`);
    expect(page).toContain('id="league-table"');
    expect(page).toContain('<tr data-group="health">');
    expect(page).toContain('<tr data-group="social-assistance">');
    expect(page).not.toMatch(/<script/i);
  });

  it('shows the dashboard’s figures, withheld ones as “fewer than 5”', async () => {
    const dashboard = await api.as<DashboardResponse>(
      'director',
      'GET',
      '/v1/dashboard?from=2026-10-01&to=2026-12-31&groupBy=unit',
    );
    const health = dashboard.body.groups.find((group) => group.key === 'health');
    expect(health?.period.opened).toEqual({ value: 6, suppressed: false });
    expect(health?.period.resolved).toEqual({ value: 5, suppressed: false });
    expect(health?.period.withinSlaPercent).toEqual({ value: 100, suppressed: false });
    const page = (await report('director', 'quarter=2026-Q4&lang=en')).body;
    const row = /<tr data-group="health">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? '';
    expect(row).toContain('<span data-value="6">6</span>');
    expect(row).toContain('<span data-value="5">5</span>');
    expect(row).toContain('<span data-value="100">100%</span>');
    const social = /<tr data-group="social-assistance">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? '';
    expect(social).toContain('fewer than 5');
    expect(social).not.toContain('data-value');
    const arabic = (await report('director', 'quarter=2026-Q4&lang=ar')).body;
    expect(/<tr data-group="health">([\s\S]*?)<\/tr>/.exec(arabic)?.[1]).toContain(
      '<span data-value="6">٦</span>',
    );
  });

  it('is in the council’s default language (Turkish for Adana) unless asked', async () => {
    const response = await report('director', 'quarter=2026-Q4');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-language')).toBe('tr');
    expect(response.body).toContain('<html lang="tr" dir="ltr">');
  });

  it.each(['staff.health', 'member.amina'])('refuses %s with 403 problem+json', async (username) => {
    const response = await report(username, 'quarter=2026-Q4&lang=en');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 403, type: '/problems/not-permitted' });
  });

  it.each(['2026-Q5', '1999-Q1', '2026'])('refuses quarter=%s with 400 naming quarter', async (quarter) => {
    const response = await report('director', `quarter=${quarter}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 400, errors: [{ field: 'quarter' }] });
  });

  it('refuses an unknown language with 400 naming lang', async () => {
    const response = await report('director', 'quarter=2026-Q4&lang=fr');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [{ field: 'lang' }] });
  });
});
