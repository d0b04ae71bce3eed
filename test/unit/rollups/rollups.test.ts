/**
 * Rollups: what a referral contributes, that updates are deltas written in small steps, that a
 * record handled twice (or late) changes nothing, that a verification recomputes the same
 * cells, and that the dashboard reads its figures from them with small cells suppressed.
 */

import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { referralItem } from '../../../shared/adapters/dynamodb/records.js';
import { rollupStreamRecords } from '../../../shared/adapters/dynamodb/rollup-stream.js';
import { dashboard } from '../../../shared/application/dashboard.js';
import { reportNeed } from '../../../shared/application/report-need.js';
import { updateRollups, verifyRollups } from '../../../shared/application/rollups.js';
import { transitionReferral } from '../../../shared/application/transition-referral.js';
import { periodPieces } from '../../../shared/domain/dashboard-figures.js';
import type { ReferralRecord } from '../../../shared/domain/need.js';
import {
  contributionOf,
  difference,
  type ReferralFacts,
  type RollupFacts,
  referralFacts,
  stepsBetween,
} from '../../../shared/domain/rollups.js';
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

const TZ = 'Europe/Istanbul';

const cellsOf = (deps: FakeDependencies) =>
  Object.fromEntries(
    [...deps.rollups.cellsByKey]
      .map(
        ([key, fields]) =>
          [key, Object.fromEntries([...fields].filter(([, amount]) => amount !== 0))] as const,
      )
      .filter(([, fields]) => Object.keys(fields).length > 0)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/** The stream record of a referral item as DynamoDB would deliver it. */
function streamRecord(referral: ReferralRecord, sequence: number): DynamoDBRecord {
  return {
    eventName: 'MODIFY',
    dynamodb: {
      SequenceNumber: String(sequence).padStart(21, '0'),
      NewImage: marshall(referralItem(referral), { removeUndefinedValues: true }) as never,
    },
  };
}

async function reported(deps: FakeDependencies, at: string, overrides = {}, member = AMINA) {
  deps.clock.set(ist(at));
  const { response } = await reportNeed(
    deps,
    member,
    { ...minimalReport(), ...overrides },
    `key-${at}-${Math.random()}`,
  );
  return response.referrals.map((referral) => referral.id);
}

async function act(
  deps: FakeDependencies,
  id: string,
  body: Record<string, unknown>,
  at: string,
  actor = HEALTH_STAFF,
) {
  deps.clock.set(ist(at));
  const current = await deps.referrals.referral(id);
  await transitionReferral(deps, actor, id, { ...body, expectedVersion: current?.version } as never);
}

/** Feeds every stored referral to the rollups, as the stream consumer does. */
async function sync(deps: FakeDependencies, sequence = 1) {
  const records = [...deps.table.referrals.values()].map((referral, index) =>
    streamRecord(referral, sequence * 10_000 + index),
  );
  expect(await rollupStreamRecords(deps, records)).toEqual({ batchItemFailures: [] });
  return records;
}

describe('a referral’s contribution', () => {
  it('counts it once in every group of the council and of its unit, by day, by month and in the backlog', () => {
    const referral = referralRecord({ categories: ['health'], createdAt: '2026-06-01T09:00:00.000Z' });
    const contribution = contributionOf(referralFacts(referral, TZ));
    const opened = [...contribution].filter(([, fields]) => fields.get('opened') === 1).map(([key]) => key);
    // Council: all, unit, category, district, priority, gender, ageGroup, disability, language (9);
    // the unit's own: the same but unit (8); each by day and by month.
    expect(opened).toHaveLength((9 + 8) * 2);
    expect(opened).toContain('ALL|district|seyhan|D2026-06-01');
    expect(opened).toContain('UNIT#health|gender|female|M2026-06');
    const backlog = contribution.get('ALL|all|all|NOW');
    expect(Object.fromEntries(backlog ?? [])).toEqual({
      open: 1,
      'age_2026-06-01': 1,
      [`due_${referralFacts(referral, TZ).open?.dueDay}`]: 1,
    });
  });

  it('is written in steps that each fit one transaction, whatever the jump', () => {
    const before = referralFacts(referralRecord(), TZ);
    const after: ReferralFacts = {
      ...before,
      categories: ['documentation', 'health', 'legal-aid'],
      acknowledged: { day: '2026-03-03', bucket: 3 },
      resolved: { day: '2026-03-20', bucket: 9 },
      slaOutcome: { day: '2026-03-20', outcome: 'breached' },
    };
    const { open: _open, ...closed } = after;
    for (const [from, to] of [
      [undefined, closed],
      [before, closed],
      [closed, undefined],
    ] as const) {
      let current: RollupFacts | undefined = from;
      for (const step of stepsBetween(from, to)) {
        expect(difference(contributionOf(current), contributionOf(step)).size).toBeLessThanOrEqual(42);
        current = step;
      }
      expect(current).toEqual(to);
    }
  });
});

describe('updates from the stream', () => {
  it('facts read back with their keys in another order are the same facts: nothing is rewritten', async () => {
    const deps = fakeDependencies();
    const [id] = await reported(deps, '2026-06-01T09:00');
    await act(deps, id as string, { action: 'accept' }, '2026-06-01T10:00');
    const referral = await deps.referrals.referral(id as string);
    if (referral === undefined) throw new Error('missing');
    const facts = referralFacts(referral, TZ);
    expect(await updateRollups(deps, { kind: 'referral', id: referral.id }, facts, '1')).toBe('applied');
    // As DynamoDB may return a map: the same entries, keys in reverse order, nested ones too.
    const reversed = (value: unknown): unknown =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.fromEntries(
            Object.entries(value)
              .reverse()
              .map(([key, item]) => [key, reversed(item)]),
          )
        : value;
    const key = `referral:${referral.id}`;
    const ledger = deps.rollups.ledgers.get(key);
    if (ledger === undefined) throw new Error('no ledger');
    deps.rollups.ledgers.set(key, { ...ledger, facts: reversed(ledger.facts) as typeof facts });
    const calls = deps.rollups.applyCalls;
    expect(await updateRollups(deps, { kind: 'referral', id: referral.id }, facts, '2')).toBe('unchanged');
    expect(deps.rollups.applyCalls).toBe(calls);
    expect(stepsBetween(reversed(facts) as typeof facts, { ...facts, open: undefined })).toHaveLength(1);
  });

  it('handling the same records twice, or an older record after a newer one, changes nothing', async () => {
    const deps = fakeDependencies();
    const [id] = await reported(deps, '2026-06-01T09:00');
    const first = await sync(deps, 1);
    await act(deps, id as string, { action: 'accept' }, '2026-06-01T10:00');
    await sync(deps, 2);
    const cells = cellsOf(deps);
    // The same batch again, then the first (older) batch: both are no-ops.
    await sync(deps, 2);
    expect(await rollupStreamRecords(deps, first)).toEqual({ batchItemFailures: [] });
    expect(cellsOf(deps)).toEqual(cells);
    expect(cells['ALL|all|all|D2026-06-01']).toMatchObject({ opened: 1, acknowledged: 1 });
  });

  it('a ledger ahead of the cells is caught up step by step, and the result equals a full recomputation', async () => {
    const deps = fakeDependencies();
    const ids = [
      ...(await reported(deps, '2026-06-01T09:00', { priority: 'priority' })),
      ...(await reported(deps, '2026-06-02T09:00', {
        categories: ['health', 'legal-aid'],
        cohesionRisks: ['eviction_threat'],
      })),
      ...(await reported(deps, '2026-06-03T09:00', {}, MEHMET)),
    ];
    await sync(deps, 1);
    await act(deps, ids[0] as string, { action: 'accept' }, '2026-06-03T10:00');
    await act(deps, ids[0] as string, { action: 'start' }, '2026-06-03T10:00');
    await act(deps, ids[0] as string, { action: 'resolve', outcome: 'service_provided' }, '2026-06-04T10:00');
    const legal = (await deps.referrals.referrals(ids)).find((referral) => referral.unitId !== 'health');
    if (legal === undefined) throw new Error('the legal-aid category went to the health unit');
    const legalStaff = {
      userId: 'sub-staff-legal',
      username: 'staff.legal',
      role: 'unit-staff' as const,
      unitId: legal.unitId,
    };
    await act(deps, legal.id, { action: 'accept' }, '2026-06-05T10:00', legalStaff);
    await sync(deps, 2);
    const verification = await verifyRollups(deps);
    expect(verification.differences).toEqual([]);
    expect(verification.referrals).toBe(ids.length);
  });

  it('a verification finds a counter that went wrong, and a repair puts it right', async () => {
    const deps = fakeDependencies();
    await reported(deps, '2026-06-01T09:00');
    await sync(deps, 1);
    deps.rollups.cellsByKey.get('ALL|district|seyhan|M2026-06')?.set('opened', 7);
    const found = await verifyRollups(deps);
    expect(found.differences).toEqual([
      {
        cell: { scope: 'ALL', dimension: 'district', value: 'seyhan', period: 'M2026-06' },
        field: 'opened',
        expected: 1,
        stored: 7,
      },
    ]);
    expect((await verifyRollups(deps, { repair: true })).repaired).toBe(true);
    expect((await verifyRollups(deps)).differences).toEqual([]);
  });

  it('a referral whose facts are unchanged writes nothing', async () => {
    const deps = fakeDependencies();
    const [id] = await reported(deps, '2026-06-01T09:00');
    const referral = await deps.referrals.referral(id as string);
    if (referral === undefined) throw new Error('missing');
    expect(
      await updateRollups(deps, { kind: 'referral', id: referral.id }, referralFacts(referral, TZ), '5'),
    ).toBe('applied');
    const calls = deps.rollups.applyCalls;
    expect(
      await updateRollups(deps, { kind: 'referral', id: referral.id }, referralFacts(referral, TZ), '6'),
    ).toBe('unchanged');
    expect(await updateRollups(deps, { kind: 'referral', id: referral.id }, undefined, '4')).toBe('stale');
    expect(deps.rollups.applyCalls).toBe(calls);
  });
});

describe('the dashboard', () => {
  it('shows counts of 5 and more, suppresses smaller ones, and lets unit staff see their unit only', async () => {
    const deps = fakeDependencies();
    for (let day = 1; day <= 6; day++)
      await reported(deps, `2026-06-0${day}T09:00`, { district: day <= 5 ? 'seyhan' : 'yuregir' });
    await sync(deps, 1);
    deps.clock.set(ist('2026-06-08T09:00'));
    const council = await dashboard(deps, DIRECTOR, {
      from: '2026-06-01',
      to: '2026-06-30',
      groupBy: 'district',
    });
    expect(council.totals.period.opened).toEqual({ value: 6, suppressed: false });
    expect(council.groups.map((group) => [group.key, group.period.opened])).toEqual([
      ['seyhan', { value: 5, suppressed: false }],
      ['yuregir', { value: null, suppressed: true }],
    ]);
    expect(council.groups[0]?.label?.tr).toBe('Seyhan');
    expect(council.totals.now?.open).toEqual({ value: 6, suppressed: false });
    expect(council.hotspots).toEqual({ value: null, suppressed: true });
    const unit = await dashboard(deps, HEALTH_STAFF, {
      from: '2026-06-01',
      to: '2026-06-30',
      groupBy: 'unit',
    });
    expect(unit.scope).toEqual({ unitId: 'health' });
    expect(unit.groups.map((group) => group.key)).toEqual(['health']);
    expect(unit.hotspots).toBeNull();
    const other = await dashboard(deps, SOCIAL_STAFF, {
      from: '2026-06-01',
      to: '2026-06-30',
      groupBy: 'district',
    });
    expect(other.totals.period.opened).toEqual({ value: null, suppressed: true });
    await expect(
      dashboard(deps, AMINA, { from: '2026-06-01', to: '2026-06-30', groupBy: 'unit' }),
    ).rejects.toThrow(/units and the directorate/);
  });

  it('reads whole months and the days at the edges of the period', () => {
    expect(periodPieces('2026-05-20', '2026-08-03')).toEqual({
      months: ['2026-06', '2026-07'],
      dayRuns: [
        { first: '2026-05-20', last: '2026-05-31' },
        { first: '2026-08-01', last: '2026-08-03' },
      ],
    });
    expect(periodPieces('2026-06-01', '2026-06-30')).toEqual({ months: ['2026-06'], dayRuns: [] });
    expect(periodPieces('2026-06-02', '2026-06-02')).toEqual({
      months: [],
      dayRuns: [{ first: '2026-06-02', last: '2026-06-02' }],
    });
  });
});
