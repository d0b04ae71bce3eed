/**
 * The referral export over the in-memory ports: its columns and values, who gets which rows,
 * the period's edges in local time, that no free text, profile, contact or member id ever
 * reaches the file, and the row limit.
 */
import { describe, expect, it } from 'vitest';
import { exportDashboardCsv, localPeriod } from '../../../shared/application/dashboard-export.js';
import { reportNeed } from '../../../shared/application/report-need.js';
import { replaceSlaPolicies } from '../../../shared/application/sla-settings.js';
import { transitionReferral } from '../../../shared/application/transition-referral.js';
import type { Actor } from '../../../shared/domain/actor.js';
import { BYTE_ORDER_MARK, parseCsv } from '../../../shared/domain/csv.js';
import { NotPermitted, Unprocessable } from '../../../shared/domain/errors.js';
import { referralView } from '../../../shared/domain/need.js';
import { localDay } from '../../../shared/domain/rollups.js';
import { DEFAULT_SLA_POLICIES } from '../../../shared/domain/sla-policy.js';
import { problemResponse } from '../../../shared/http/problem.js';
import { MAX_EXPORT_ROWS, REFERRAL_EXPORT_COLUMNS } from '../../../shared/schemas/dashboard-export.js';
import type { ReportNeedRequest } from '../../../shared/schemas/need.js';
import {
  AMINA,
  DIRECTOR,
  HEALTH_STAFF,
  MEHMET,
  minimalReport,
  referralRecord,
  SOCIAL_STAFF,
} from '../builders.js';
import { ist } from '../calendar/fixtures.js';
import { type FakeDependencies, fakeDependencies } from '../fakes.js';

type Row = Record<(typeof REFERRAL_EXPORT_COLUMNS)[number], string>;

let keys = 0;

/** Reports a need at `at` (Istanbul wall time) as Amina; its referrals. */
async function reported(deps: FakeDependencies, at: string, overrides: Partial<ReportNeedRequest> = {}) {
  deps.clock.set(ist(at));
  keys += 1;
  const { response } = await reportNeed(deps, AMINA, { ...minimalReport(), ...overrides }, `key-${keys}`);
  return response.referrals;
}

async function act(
  deps: FakeDependencies,
  actor: Actor,
  referralId: string,
  at: string,
  command: Record<string, unknown>,
) {
  deps.clock.set(ist(at));
  const current = await deps.referrals.referral(referralId);
  return await transitionReferral(deps, actor, referralId, {
    ...command,
    expectedVersion: current?.version,
  } as never);
}

/** The export as `actor` at `at` (Istanbul wall time): its file, rows by referral id, and header. */
async function exported(deps: FakeDependencies, actor: Actor, at: string, from: string, to: string) {
  deps.clock.set(ist(at));
  const result = await exportDashboardCsv(deps, actor, { from, to });
  const [header, ...records] = parseCsv(result.csv);
  const rows = new Map<string, Row>(
    records.map((record) => {
      const row = Object.fromEntries(header?.map((name, index) => [name, record[index] ?? '']) ?? []) as Row;
      return [row.referral_id, row];
    }),
  );
  return { result, header, records, rows };
}

const iso = (local: string) => ist(local).toISOString();

describe('the referral export', () => {
  it('has the stable header, a byte-order mark and CRLF line ends', async () => {
    const deps = fakeDependencies();
    await reported(deps, '2026-06-01T09:00');
    const { result, header, records } = await exported(
      deps,
      DIRECTOR,
      '2026-06-01T12:00',
      '2026-06-01',
      '2026-06-01',
    );
    expect(header).toEqual([...REFERRAL_EXPORT_COLUMNS]);
    expect(header).toEqual([
      'referral_id',
      'need_id',
      'unit',
      'categories',
      'district',
      'priority',
      'status',
      'routed_by',
      'routed_at',
      'accepted_at',
      'resolved_at',
      'closed_at',
      'acknowledge_due_at',
      'resolve_due_at',
      'acknowledge_stage',
      'resolve_stage',
      'sla_stage',
      'acknowledge_elapsed_business_minutes',
      'resolve_elapsed_business_minutes',
      'resolve_paused_business_minutes',
    ]);
    expect(records).toHaveLength(1);
    expect(result.rows).toBe(1);
    expect(result.csv.startsWith(BYTE_ORDER_MARK)).toBe(true);
    expect(result.csv.endsWith('\r\n')).toBe(true);
    expect(result.csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(result.filename).toBe('jisr-referrals-2026-06-01-2026-06-01.csv');
  });

  it('writes each column of a referral worked through its lifecycle', async () => {
    const deps = fakeDependencies();
    const [referral] = await reported(deps, '2026-06-01T09:00', { priority: 'priority' });
    const id = referral?.id as string;
    await act(deps, HEALTH_STAFF, id, '2026-06-01T10:00', { action: 'accept' });
    await act(deps, HEALTH_STAFF, id, '2026-06-01T10:30', { action: 'start' });
    await act(deps, HEALTH_STAFF, id, '2026-06-02T10:00', {
      action: 'hold',
      holdReason: 'awaiting_information',
    });
    await act(deps, HEALTH_STAFF, id, '2026-06-02T14:00', { action: 'resume' });
    await act(deps, HEALTH_STAFF, id, '2026-06-03T09:00', { action: 'resolve', outcome: 'service_provided' });
    await act(deps, AMINA, id, '2026-06-03T12:00', { action: 'close' });

    const { rows } = await exported(deps, DIRECTOR, '2026-06-10T12:00', '2026-06-01', '2026-06-30');
    expect(rows.get(id)).toEqual({
      referral_id: id,
      need_id: referral?.needId,
      unit: 'health',
      categories: 'health',
      district: 'seyhan',
      priority: 'priority',
      status: 'closed',
      routed_by: 'rule',
      routed_at: iso('2026-06-01T09:00'),
      accepted_at: iso('2026-06-01T10:00'),
      resolved_at: iso('2026-06-03T09:00'),
      closed_at: iso('2026-06-03T12:00'),
      // One business day (480 min): 450 on Monday from 09:00, 30 on Tuesday from 08:30.
      acknowledge_due_at: iso('2026-06-02T09:00'),
      // Ten business days from Monday 09:00, plus the 180 minutes on hold.
      resolve_due_at: iso('2026-06-15T12:00'),
      acknowledge_stage: 'met',
      resolve_stage: 'met',
      sla_stage: 'met',
      acknowledge_elapsed_business_minutes: '60',
      // Monday 450 + Tuesday 90 before the hold and 210 after it + Wednesday 30.
      resolve_elapsed_business_minutes: '780',
      // Tuesday 10:00–12:30 and 13:30–14:00.
      resolve_paused_business_minutes: '180',
    });
  });

  it('shows an open referral as it stands at the request, as its SLA view does', async () => {
    const deps = fakeDependencies();
    const [referral] = await reported(deps, '2026-06-01T09:00', { priority: 'routine' });
    const id = referral?.id as string;
    const { rows } = await exported(deps, DIRECTOR, '2026-06-10T12:00', '2026-06-01', '2026-06-01');
    const row = rows.get(id);
    expect(row).toMatchObject({
      status: 'routed',
      accepted_at: '',
      resolved_at: '',
      closed_at: '',
      // Two business days: due Wednesday 09:00, long passed.
      acknowledge_due_at: iso('2026-06-03T09:00'),
      acknowledge_stage: 'breached',
      resolve_stage: 'running',
      sla_stage: 'breached',
      // Monday 450 + four days 1920 + two days 960 + Wednesday 10 June 08:30–12:00 210.
      acknowledge_elapsed_business_minutes: '3540',
      resolve_elapsed_business_minutes: '3540',
      resolve_paused_business_minutes: '0',
    });
    // The same figures as GET /v1/referrals/{id} at that instant.
    const { sla } = referralView(
      (await deps.referrals.referral(id)) as never,
      await deps.slaSettings.load(),
      ist('2026-06-10T12:00'),
    );
    expect(row).toMatchObject({
      acknowledge_due_at: sla.acknowledge.dueAt,
      resolve_due_at: sla.resolve.dueAt,
      acknowledge_stage: sla.acknowledge.stage,
      resolve_stage: sla.resolve.stage,
      sla_stage: sla.stage,
      acknowledge_elapsed_business_minutes: String(sla.acknowledge.elapsedMinutes),
      resolve_elapsed_business_minutes: String(sla.resolve.elapsedMinutes),
    });
  });

  it('keeps the stage and minutes a stopped clock recorded, whatever the settings became since', async () => {
    const deps = fakeDependencies();
    const [resolvedLeg] = await reported(deps, '2026-06-01T09:00', { priority: 'priority' });
    const [openLeg] = await reported(deps, '2026-06-01T09:30', { priority: 'priority' });
    const id = resolvedLeg?.id as string;
    await act(deps, HEALTH_STAFF, id, '2026-06-01T10:00', { action: 'accept' });
    await act(deps, HEALTH_STAFF, id, '2026-06-01T10:30', { action: 'start' });
    await act(deps, HEALTH_STAFF, id, '2026-06-03T09:00', { action: 'resolve', outcome: 'service_provided' });
    // Afterwards the directorate makes `priority` referrals due in one business day.
    const stricter = DEFAULT_SLA_POLICIES.map((policy) =>
      policy.priority === 'priority'
        ? { ...policy, resolve: { amount: 1, unit: 'business-days' as const } }
        : policy,
    );
    const settings = await deps.slaSettings.load();
    await replaceSlaPolicies(deps, DIRECTOR, { policies: stricter, expectedVersion: settings.version });

    const { rows } = await exported(deps, DIRECTOR, '2026-06-04T12:00', '2026-06-01', '2026-06-01');
    // Resolved in 960 business minutes (450 + 480 + 30): met under the policy of the day, as the dashboard counts it.
    expect(rows.get(id)).toMatchObject({
      resolve_stage: 'met',
      sla_stage: 'met',
      resolve_elapsed_business_minutes: '960',
      acknowledge_stage: 'met',
      acknowledge_elapsed_business_minutes: '60',
      // Deadlines follow the settings now, as every referral's `sla` does.
      resolve_due_at: iso('2026-06-02T09:00'),
    });
    // The clock still running is judged by the settings now.
    expect(rows.get(openLeg?.id as string)).toMatchObject({
      resolve_stage: 'breached',
      sla_stage: 'breached',
    });
  });

  it('writes cancelled and transferred legs, and the leg a transfer opens as a row of its own', async () => {
    const deps = fakeDependencies();
    const [cancelled] = await reported(deps, '2026-06-01T09:00');
    const [transferred] = await reported(deps, '2026-06-01T09:30');
    await act(deps, AMINA, cancelled?.id as string, '2026-06-01T11:00', { action: 'cancel' });
    await act(deps, HEALTH_STAFF, transferred?.id as string, '2026-06-01T11:30', {
      action: 'transfer',
      toUnitId: 'social-assistance',
    });
    const { rows } = await exported(deps, DIRECTOR, '2026-06-02T12:00', '2026-06-01', '2026-06-01');
    expect(rows.size).toBe(3);
    expect(rows.get(cancelled?.id as string)).toMatchObject({
      status: 'cancelled',
      acknowledge_stage: 'cancelled',
      resolve_stage: 'cancelled',
      sla_stage: 'cancelled',
    });
    expect(rows.get(transferred?.id as string)).toMatchObject({
      status: 'transferred',
      unit: 'health',
      resolve_stage: 'transferred',
      sla_stage: 'transferred',
    });
    const next = (await deps.referrals.referral(transferred?.id as string))?.nextReferralId as string;
    expect(rows.get(next)).toMatchObject({
      need_id: transferred?.needId,
      unit: 'social-assistance',
      routed_by: 'transfer',
      status: 'routed',
      routed_at: iso('2026-06-01T11:30'),
      acknowledge_stage: 'running',
    });
  });

  it('joins the categories a unit serves with semicolons', async () => {
    const deps = fakeDependencies();
    const referrals = await reported(deps, '2026-06-01T09:00', {
      categories: ['documentation', 'legal-aid', 'health'],
    });
    const legal = referrals.find((referral) => referral.unitId === 'legal-aid');
    const { rows } = await exported(deps, DIRECTOR, '2026-06-01T12:00', '2026-06-01', '2026-06-01');
    expect(rows.size).toBe(2);
    expect(rows.get(legal?.id as string)?.categories).toBe(legal?.categories.join(';'));
    expect(legal?.categories).toHaveLength(2);
  });

  it('orders rows by routing time', async () => {
    const deps = fakeDependencies();
    const late = await reported(deps, '2026-06-01T15:00');
    const early = await reported(deps, '2026-06-01T08:00');
    const { records } = await exported(deps, DIRECTOR, '2026-06-01T16:00', '2026-06-01', '2026-06-01');
    expect(records.map((record) => record[0])).toEqual([early[0]?.id, late[0]?.id]);
  });
});

describe('who gets which rows', () => {
  async function twoUnits(deps: FakeDependencies) {
    const referrals = await reported(deps, '2026-06-01T09:00', {
      categories: ['health', 'social-assistance'],
    });
    await reported(deps, '2026-06-01T10:00', { categories: ['education'] });
    return referrals;
  }

  it('the directorate: every unit’s referrals', async () => {
    const deps = fakeDependencies();
    await twoUnits(deps);
    const { rows } = await exported(deps, DIRECTOR, '2026-06-01T12:00', '2026-06-01', '2026-06-01');
    expect([...rows.values()].map((row) => row.unit).sort()).toEqual([
      'education',
      'health',
      'social-assistance',
    ]);
    expect(deps.referrals.routedBetweenCalls.at(-1)).toMatchObject({ unitId: undefined });
  });

  it('unit staff: their own unit’s only, in a file named for it', async () => {
    const deps = fakeDependencies();
    const referrals = await twoUnits(deps);
    const health = await exported(deps, HEALTH_STAFF, '2026-06-01T12:00', '2026-06-01', '2026-06-01');
    expect([...health.rows.keys()]).toEqual([referrals.find((referral) => referral.unitId === 'health')?.id]);
    expect(health.result.filename).toBe('jisr-referrals-health-2026-06-01-2026-06-01.csv');
    expect(deps.referrals.routedBetweenCalls.at(-1)).toMatchObject({ unitId: 'health' });
    const social = await exported(deps, SOCIAL_STAFF, '2026-06-01T12:00', '2026-06-01', '2026-06-01');
    expect([...social.rows.values()].map((row) => row.unit)).toEqual(['social-assistance']);
  });

  it('council members: none (403)', async () => {
    const deps = fakeDependencies();
    await twoUnits(deps);
    for (const member of [AMINA, MEHMET]) {
      await expect(
        exportDashboardCsv(deps, member, { from: '2026-06-01', to: '2026-06-01' }),
      ).rejects.toThrow(NotPermitted);
    }
    expect(deps.referrals.routedBetweenCalls).toHaveLength(0);
  });

  it('unit staff without a unit: none (403)', async () => {
    const deps = fakeDependencies();
    const { unitId: _unitId, ...withoutUnit } = HEALTH_STAFF;
    await expect(
      exportDashboardCsv(deps, withoutUnit, { from: '2026-06-01', to: '2026-06-01' }),
    ).rejects.toThrow(NotPermitted);
  });
});

describe('the period', () => {
  it('is of local days in the council’s calendar, both ends included', async () => {
    const deps = fakeDependencies();
    const before = await reported(deps, '2026-05-31T23:59');
    const first = await reported(deps, '2026-06-01T00:00');
    const last = await reported(deps, '2026-06-02T23:59');
    const after = await reported(deps, '2026-06-03T00:00');
    const { rows } = await exported(deps, DIRECTOR, '2026-06-04T12:00', '2026-06-01', '2026-06-02');
    expect([...rows.keys()]).toEqual([first[0]?.id, last[0]?.id]);
    expect(rows.has(before[0]?.id as string) || rows.has(after[0]?.id as string)).toBe(false);
    // The instants of the key range: local midnight (+03:00), the end exclusive.
    expect(deps.referrals.routedBetweenCalls.at(-1)).toMatchObject({
      from: '2026-05-31T21:00:00.000Z',
      to: '2026-06-02T21:00:00.000Z',
    });
    // Each row's local routing day is the one the dashboard counts it on.
    for (const row of rows.values()) {
      expect(localDay(row.routed_at, 'Europe/Istanbul') >= '2026-06-01').toBe(true);
      expect(localDay(row.routed_at, 'Europe/Istanbul') <= '2026-06-02').toBe(true);
    }
  });

  it('turns local dates into instants with a fixed offset, across month and year ends', () => {
    expect(localPeriod('2026-01-01', '2026-12-31', '+03:00')).toEqual({
      from: '2025-12-31T21:00:00.000Z',
      to: '2026-12-31T21:00:00.000Z',
    });
    expect(localPeriod('2026-02-28', '2026-02-28', '-05:30')).toEqual({
      from: '2026-02-28T05:30:00.000Z',
      to: '2026-03-01T05:30:00.000Z',
    });
  });

  it('may hold no referral: the file is then the header alone', async () => {
    const deps = fakeDependencies();
    await reported(deps, '2026-06-01T09:00');
    const { result, records } = await exported(
      deps,
      DIRECTOR,
      '2026-07-02T12:00',
      '2026-07-01',
      '2026-07-01',
    );
    expect(records).toEqual([]);
    expect(result.csv).toBe(`${BYTE_ORDER_MARK}${REFERRAL_EXPORT_COLUMNS.join(',')}\r\n`);
  });
});

describe('what never reaches the file', () => {
  it('has no description, neighbourhood, note, beneficiary profile, contact or member id', async () => {
    const deps = fakeDependencies();
    const canaries = {
      description: '=HYPERLINK("http://evil.example","CANARY-DESCRIPTION ابني يحتاج")',
      neighbourhood: 'CANARY-NEIGHBOURHOOD Döşeme',
      name: 'CANARY-NAME Fatima',
      phone: '+90 555 010 20 30',
      holdNote: 'CANARY-HOLD-NOTE bekliyoruz',
      rejectNote: 'CANARY-REJECT-NOTE başka birim',
    };
    const referrals = await reported(deps, '2026-06-01T09:00', {
      categories: ['health', 'education'],
      description: canaries.description,
      neighbourhood: canaries.neighbourhood,
      priority: 'urgent',
      beneficiary: {
        ageGroup: '60+',
        gender: 'undisclosed',
        householdSize: 29,
        disability: true,
        language: 'fa',
      },
      vulnerabilities: ['woman_headed_household', 'chronic_illness'],
      cohesionRisks: ['eviction_threat'],
      consent: { shareWithUnits: true },
      contact: { name: canaries.name, phone: canaries.phone },
    });
    const health = referrals.find((referral) => referral.unitId === 'health')?.id as string;
    const education = referrals.find((referral) => referral.unitId === 'education')?.id as string;
    await act(deps, HEALTH_STAFF, health, '2026-06-01T10:00', { action: 'accept' });
    await act(deps, HEALTH_STAFF, health, '2026-06-01T10:30', { action: 'start' });
    await act(deps, HEALTH_STAFF, health, '2026-06-01T11:00', {
      action: 'hold',
      holdReason: 'awaiting_beneficiary',
      note: canaries.holdNote,
    });
    const educationStaff: Actor = { ...HEALTH_STAFF, userId: 'sub-staff-education', unitId: 'education' };
    await act(deps, educationStaff, education, '2026-06-01T11:30', {
      action: 'reject',
      reason: 'not_our_service',
      note: canaries.rejectNote,
    });
    // The canaries are there to be found: on the need, its referrals, its audit trail.
    expect(JSON.stringify([...deps.table.needs.values()])).toContain('CANARY-DESCRIPTION');
    expect(JSON.stringify([...deps.table.referrals.values()])).toContain('CANARY-NEIGHBOURHOOD');
    expect(JSON.stringify([...deps.table.audit.values()])).toContain('CANARY-HOLD-NOTE');

    for (const actor of [DIRECTOR, HEALTH_STAFF]) {
      const { result, rows } = await exported(deps, actor, '2026-06-02T12:00', '2026-06-01', '2026-06-01');
      expect(rows.size).toBeGreaterThan(0);
      for (const canary of [
        'CANARY',
        'HYPERLINK',
        'evil.example',
        'ابني',
        'Döşeme',
        'Fatima',
        '555 010',
        'bekliyoruz',
        'birim',
        AMINA.userId,
        HEALTH_STAFF.userId,
        educationStaff.userId,
        'undisclosed',
        '60+',
        'woman_headed_household',
        'chronic_illness',
        'eviction_threat',
        'awaiting_beneficiary',
        'not_our_service',
      ]) {
        expect(result.csv).not.toContain(canary);
      }
    }
    // The store hands the use case outlines only: nothing else to leak.
    const outlines = await deps.referrals.routedBetween(
      { from: '2026-05-31T21:00:00.000Z', to: '2026-06-01T21:00:00.000Z' },
      { limit: 10 },
    );
    expect(Object.keys(outlines[0] ?? {}).sort()).toEqual(
      [
        'acceptedAt',
        'categories',
        'createdAt',
        'district',
        'id',
        'needId',
        'priority',
        'routedBy',
        'slaTrack',
        'status',
        'unitId',
      ].sort(),
    );
  });

  it('has no cell a spreadsheet would evaluate', async () => {
    const deps = fakeDependencies();
    await reported(deps, '2026-06-01T09:00', { categories: ['health', 'education', 'housing'] });
    const { records } = await exported(deps, DIRECTOR, '2026-06-01T12:00', '2026-06-01', '2026-06-01');
    for (const cell of records.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('the row limit', () => {
  /** `count` referrals routed on 1 June 2026, all alike but for their ids. */
  function fill(deps: FakeDependencies, count: number) {
    const template = referralRecord({
      createdAt: iso('2026-06-01T09:00'),
      updatedAt: iso('2026-06-01T09:00'),
    });
    deps.referrals.add(
      Array.from({ length: count }, (_, index) => ({
        ...template,
        id: `01KJP7ZD30${String(index).padStart(16, '0')}`,
      })),
    );
  }

  it(`refuses a period of more than ${MAX_EXPORT_ROWS} referrals with 422 naming \`to\``, async () => {
    const deps = fakeDependencies();
    fill(deps, MAX_EXPORT_ROWS + 1);
    deps.clock.set(ist('2026-06-02T12:00'));
    const refused = await exportDashboardCsv(deps, DIRECTOR, { from: '2026-06-01', to: '2026-06-30' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Unprocessable);
    expect(deps.referrals.routedBetweenCalls.at(-1)).toMatchObject({ limit: MAX_EXPORT_ROWS + 1 });
    const response = problemResponse(refused, '/v1/dashboard/export.csv');
    expect(response.statusCode).toBe(422);
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    const problem = JSON.parse(String(response.body));
    expect(problem).toMatchObject({
      type: '/problems/export-too-large',
      status: 422,
      maxRows: MAX_EXPORT_ROWS,
      errors: [{ field: 'to', message: expect.stringContaining(`more than ${MAX_EXPORT_ROWS}`) }],
    });
    expect(problem.detail).toMatch(/narrow the period/);
  });

  it(`exports exactly ${MAX_EXPORT_ROWS} referrals`, { timeout: 120_000 }, async () => {
    const deps = fakeDependencies();
    fill(deps, MAX_EXPORT_ROWS);
    const { result, records } = await exported(
      deps,
      DIRECTOR,
      '2026-06-02T12:00',
      '2026-06-01',
      '2026-06-30',
    );
    expect(records).toHaveLength(MAX_EXPORT_ROWS);
    expect(result.rows).toBe(MAX_EXPORT_ROWS);
    // Well within what a Lambda may return (6 MB).
    expect(Buffer.byteLength(result.csv, 'utf8')).toBeLessThan(5_000_000);
  });

  it('counts the unit’s rows for unit staff, not the council’s', async () => {
    const deps = fakeDependencies();
    fill(deps, MAX_EXPORT_ROWS + 1);
    await reported(deps, '2026-06-01T10:00', { categories: ['education'] });
    const educationStaff: Actor = { ...HEALTH_STAFF, userId: 'sub-staff-education', unitId: 'education' };
    const { records } = await exported(deps, educationStaff, '2026-06-02T12:00', '2026-06-01', '2026-06-30');
    expect(records).toHaveLength(1);
  });
});
