/**
 * GET /v1/dashboard/export.csv through the real local runtime (DynamoDB Local, the same
 * handler as in AWS). The runtime is our own, with a controllable clock, so that referrals are
 * routed on the days the test says and their SLA figures are known.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/domain/csv.js';
import { REFERRAL_EXPORT_COLUMNS } from '../../shared/schemas/dashboard-export.js';
import type { Referral } from '../../shared/schemas/referral.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime.js';

let runtime: LocalRuntime;
let api: ApiClient;

/** Istanbul wall time ("2026-06-01T09:00") as an ISO instant. */
const ist = (local: string) => new Date(`${local}:00+03:00`).toISOString();

const CANARIES = {
  description: '=HYPERLINK("http://evil.example","CANARY-DESCRIPTION") ابني يحتاج إلى كرسي متحرك',
  neighbourhood: 'CANARY-NEIGHBOURHOOD Döşeme',
  name: 'CANARY-NAME Fatima',
  phone: '+90 555 010 20 30',
  note: 'CANARY-NOTE bekliyoruz',
};

type Row = Record<(typeof REFERRAL_EXPORT_COLUMNS)[number], string>;

interface CsvResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
}

/** The raw response: fetch's text() would drop the byte-order mark we want to see. */
async function fetchCsv(username: string, query: string): Promise<CsvResponse> {
  const response = await fetch(new URL(`/v1/dashboard/export.csv${query}`, runtime.baseUrl), {
    headers: { authorization: `Bearer ${await api.token(username)}` },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

function rowsOf(text: string): { header: string[]; rows: Row[] } {
  const [header = [], ...records] = parseCsv(text);
  return {
    header,
    rows: records.map(
      (record) => Object.fromEntries(header.map((name, index) => [name, record[index] ?? ''])) as Row,
    ),
  };
}

async function at(local: string): Promise<void> {
  const response = await api.as('director', 'PUT', '/local/clock', { body: { now: ist(local) } });
  expect(response.status).toBe(200);
}

async function reported(local: string, overrides: Parameters<typeof validReport>[0] = {}) {
  await at(local);
  const response = await api.reportNeed<{ referrals: Referral[] }>('member.amina', validReport(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.referrals;
}

async function act(local: string, id: string, body: Record<string, unknown>) {
  await at(local);
  const current = await api.as<Referral>('staff.health', 'GET', `/v1/referrals/${id}`);
  const response = await api.as<Referral>('staff.health', 'POST', `/v1/referrals/${id}/transitions`, {
    body: { ...body, expectedVersion: current.body.version },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

let worked: Referral;
let twoUnits: Referral[];
let education: Referral;
let outside: Referral[];

beforeAll(async () => {
  runtime = await startLocalRuntime({
    demoData: false,
    env: { JISR_CONTROLLABLE_CLOCK: '1', JISR_SCHEDULE_SECONDS: '0' },
  });
  api = new ApiClient(runtime.baseUrl);

  outside = [
    ...(await reported('2026-05-31T23:59')), // the day before the period, local time
    ...(await reported('2026-06-03T00:00')), // the day after it
  ];
  [worked] = (await reported('2026-06-01T00:00', {
    priority: 'priority',
    description: CANARIES.description,
    neighbourhood: CANARIES.neighbourhood,
    contact: { name: CANARIES.name, phone: CANARIES.phone },
    beneficiary: {
      ageGroup: '60+',
      gender: 'undisclosed',
      householdSize: 29,
      disability: true,
      language: 'fa',
    },
    vulnerabilities: ['woman_headed_household'],
    cohesionRisks: ['eviction_threat'],
  })) as [Referral];
  twoUnits = await reported('2026-06-01T09:00', { categories: ['health', 'social-assistance'] });
  [education] = (await reported('2026-06-02T23:59', { categories: ['education'] })) as [Referral];

  await act('2026-06-01T10:00', worked.id, { action: 'accept', note: CANARIES.note });
  await act('2026-06-01T10:30', worked.id, { action: 'start' });
  await act('2026-06-02T10:00', worked.id, {
    action: 'resolve',
    outcome: 'service_provided',
    note: CANARIES.note,
  });
  await at('2026-06-04T12:00');
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('GET /v1/dashboard/export.csv', () => {
  it('gives the directorate a CSV file of every referral routed in the period', async () => {
    const response = await fetchCsv('director', '?from=2026-06-01&to=2026-06-02');
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="jisr-referrals-2026-06-01-2026-06-02.csv"',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    // UTF-8 with a byte-order mark; CRLF line ends only.
    expect([...response.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.text.endsWith('\r\n')).toBe(true);
    expect(response.text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);

    const { header, rows } = rowsOf(response.text);
    expect(header).toEqual([...REFERRAL_EXPORT_COLUMNS]);
    const expected = [worked, ...twoUnits, education].map((referral) => referral.id);
    expect(rows.map((row) => row.referral_id)).toEqual(expected);
    for (const referral of outside) expect(response.text).not.toContain(referral.id);

    expect(rows[0]).toEqual({
      referral_id: worked.id,
      need_id: worked.needId,
      unit: 'health',
      categories: 'health',
      district: 'seyhan',
      priority: 'priority',
      status: 'resolved',
      routed_by: 'rule',
      routed_at: ist('2026-06-01T00:00'),
      accepted_at: ist('2026-06-01T10:00'),
      resolved_at: ist('2026-06-02T10:00'),
      closed_at: '',
      // Routed at midnight: the clocks start at 08:30; one business day to acknowledge.
      acknowledge_due_at: ist('2026-06-01T17:30'),
      resolve_due_at: ist('2026-06-12T17:30'),
      acknowledge_stage: 'met',
      resolve_stage: 'met',
      sla_stage: 'met',
      acknowledge_elapsed_business_minutes: '90',
      // Monday 08:30–17:30 less lunch (480) + Tuesday 08:30–10:00 (90).
      resolve_elapsed_business_minutes: '570',
      resolve_paused_business_minutes: '0',
    });
    expect(rows.find((row) => row.referral_id === education.id)).toMatchObject({
      unit: 'education',
      status: 'routed',
      accepted_at: '',
      acknowledge_stage: 'running',
    });
  });

  it('gives unit staff their own unit’s referrals only', async () => {
    const response = await fetchCsv('staff.health', '?from=2026-06-01&to=2026-06-02');
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="jisr-referrals-health-2026-06-01-2026-06-02.csv"',
    );
    const { header, rows } = rowsOf(response.text);
    expect(header).toEqual([...REFERRAL_EXPORT_COLUMNS]);
    const health = twoUnits.find((referral) => referral.unitId === 'health') as Referral;
    expect(rows.map((row) => row.referral_id)).toEqual([worked.id, health.id]);
    expect(new Set(rows.map((row) => row.unit))).toEqual(new Set(['health']));

    const social = rowsOf((await fetchCsv('staff.social', '?from=2026-06-01&to=2026-06-02')).text).rows;
    expect(social.map((row) => row.unit)).toEqual(['social-assistance']);
  });

  it('never holds a description, neighbourhood, note, profile, contact or member id', async () => {
    for (const username of ['director', 'staff.health']) {
      const { text } = await fetchCsv(username, '?from=2026-06-01&to=2026-06-02');
      for (const canary of [
        'CANARY',
        'HYPERLINK',
        'evil.example',
        'ابني',
        'Döşeme',
        'Fatima',
        '555 010',
        'bekliyoruz',
        'sub-',
        'member.amina',
        'undisclosed',
        '60+',
        'woman_headed_household',
        'eviction_threat',
      ]) {
        expect(text, `${username}: ${canary}`).not.toContain(canary);
      }
    }
  });

  it('refuses council members with 403', async () => {
    const response = await fetchCsv('member.amina', '?from=2026-06-01&to=2026-06-02');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.parse(response.text)).toMatchObject({ status: 403, type: '/problems/not-permitted' });
  });

  it('refuses a bad date with 400 naming `from`', async () => {
    const response = await fetchCsv('director', '?from=2026-02-30&to=2026-06-02');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.parse(response.text)).toMatchObject({
      status: 400,
      errors: [{ field: 'from', message: 'is not a real date' }],
    });
  });

  it('refuses a period ending before it starts, or a grouping, naming the field', async () => {
    const backwards = await api.as(
      'director',
      'GET',
      '/v1/dashboard/export.csv?from=2026-06-02&to=2026-06-01',
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ errors: [{ field: 'to' }] });
    const grouped = await api.as(
      'director',
      'GET',
      '/v1/dashboard/export.csv?from=2026-06-01&to=2026-06-02&groupBy=unit',
    );
    expect(grouped.status).toBe(400);
    expect(grouped.body).toMatchObject({ errors: [{ field: 'groupBy' }] });
  });

  it('is a header alone for a period without referrals', async () => {
    const response = await fetchCsv('director', '?from=2025-01-01&to=2025-01-31');
    expect(response.status).toBe(200);
    expect(parseCsv(response.text)).toEqual([[...REFERRAL_EXPORT_COLUMNS]]);
  });
});
