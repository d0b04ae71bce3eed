/**
 * Concurrency and idempotency at higher counts, through the local runtime: rounds of 50
 * concurrent transitions with one expected version over a whole lifecycle, hundreds of
 * transitions over many referrals at once, every leg of one need transferred at once, and 50
 * concurrent duplicates of a report or a transition under one Idempotency-Key. Invariants
 * afterwards: exactly one winner per version, no lost update (the version counts the wins,
 * the need lists every leg), no duplicate need, every history gap-free and chained, and the
 * dashboard's rollups equal to a rebuild from the referrals.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { demoUserId } from '../../local/issuer.js';
import type { Need } from '../../shared/schemas/need.js';
import type { Referral, ReportNeedResponse } from '../../shared/schemas/referral.js';
import type { AuditEvent } from '../../shared/schemas/transition.js';
import { ApiClient, type ApiResponse, validReport } from '../support/api-client.js';
import { settle } from '../support/events.js';
import { inPool } from '../support/fuzz.js';
import { withoutElapsedTime } from '../support/sla.js';
import { tableInspector } from '../support/table.js';

const api = new ApiClient(inject('baseUrl'));
const table = tableInspector(inject('dynamodbEndpoint'), inject('tableName'));

const ATTEMPTS = 50;

type Problem = { type: string; status: number; currentVersion?: number };
type Page<T> = { items: T[]; nextCursor: string | null };

/** Every referral this file changed, for the invariants at the end. */
const touched = new Set<string>();

async function freshReferral(categories: string[] = ['health']): Promise<ReportNeedResponse> {
  const response = await api.reportNeed<ReportNeedResponse>('member.amina', validReport({ categories }));
  expect(response.status).toBe(201);
  for (const referral of response.body.referrals) touched.add(referral.id);
  return response.body;
}

function transition<T = Referral>(
  username: string,
  referralId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  return api.as<T>(username, 'POST', `/v1/referrals/${referralId}/transitions`, { body, headers });
}

/** Retries a request answered 409 idempotency-key-in-use, after its Retry-After, as a client would. */
async function untilNotInUse<T>(send: () => Promise<ApiResponse<T>>): Promise<ApiResponse<T>> {
  for (let attempt = 0; ; attempt++) {
    const response = await send();
    const body = response.body as Problem;
    if (response.status !== 409 || body.type !== '/problems/idempotency-key-in-use' || attempt >= 20)
      return response;
    await new Promise((resolve) =>
      setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000),
    );
  }
}

async function history(referralId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await api.as<Page<AuditEvent>>(
      'director',
      'GET',
      `/v1/referrals/${referralId}/history?limit=100${suffix}`,
    );
    expect(page.status).toBe(200);
    events.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return events;
}

/** The history is versions 1..n without a gap, each change starting where the one before ended. */
async function expectGapFreeHistory(referralId: string): Promise<AuditEvent[]> {
  const referral = await api.as<Referral>('director', 'GET', `/v1/referrals/${referralId}`);
  expect(referral.status).toBe(200);
  const trail = await history(referralId);
  expect(trail.map((event) => event.sequence)).toEqual(
    Array.from({ length: referral.body.version }, (_, i) => i + 1),
  );
  for (let index = 1; index < trail.length; index++)
    expect(trail[index]?.fromStatus, `${referralId} #${index + 1}`).toBe(trail[index - 1]?.toStatus);
  expect(trail.at(-1)?.toStatus).toBe(referral.body.status);
  return trail;
}

const shuffled = <T>(items: readonly T[]) =>
  items
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);

/** What each status invites: 50 attempts, mixed actions and actors, one expected version. */
function attemptsFor(status: string): [string, Record<string, unknown>][] {
  const half = (a: [string, Record<string, unknown>], b: [string, Record<string, unknown>]) =>
    Array.from({ length: ATTEMPTS }, (_, index) => (index % 2 === 0 ? a : b));
  switch (status) {
    case 'routed':
      return half(
        ['staff.health', { action: 'accept' }],
        ['staff.health', { action: 'accept', note: 'mine' }],
      );
    case 'accepted':
      return half(
        ['staff.health', { action: 'start' }],
        ['staff.health', { action: 'start', note: 'on it' }],
      );
    case 'in_progress':
      return half(
        ['staff.health', { action: 'hold', holdReason: 'awaiting_beneficiary' }],
        ['staff.health', { action: 'hold', holdReason: 'awaiting_information' }],
      );
    case 'on_hold':
      return half(
        ['staff.health', { action: 'resume' }],
        ['staff.health', { action: 'resolve', outcome: 'service_provided' }],
      );
    case 'resolved':
      return half(['member.amina', { action: 'reopen' }], ['director', { action: 'close' }]);
    case 'closed':
      return half(['member.amina', { action: 'reopen' }], ['director', { action: 'reopen' }]);
    default:
      throw new Error(`no attempts planned for ${status}`);
  }
}

describe('concurrent transitions', () => {
  it(`lets exactly one of ${ATTEMPTS} win in each of 8 rounds over a lifecycle; the version counts the wins`, async () => {
    const [referral] = (await freshReferral()).referrals as [Referral];
    let { version, status } = referral;
    const winners: string[] = [];
    for (let round = 0; round < 8; round++) {
      const attempts = shuffled(attemptsFor(status));
      const responses = await Promise.all(
        attempts.map(([username, body]) =>
          transition<Referral & Problem>(username, referral.id, { ...body, expectedVersion: version }),
        ),
      );
      const won = responses.filter((response) => response.status === 200);
      const lost = responses.filter((response) => response.status !== 200);
      expect(won, `round ${round} from ${status}`).toHaveLength(1);
      for (const response of lost) {
        expect(response.status, JSON.stringify(response.body)).toBe(409);
        expect(response.body).toMatchObject({ type: '/problems/stale-version', currentVersion: version + 1 });
      }
      const winner = won[0]?.body as unknown as Referral;
      expect(winner.version).toBe(version + 1);
      version = winner.version;
      status = winner.status;
      winners.push(status);
    }
    const trail = await expectGapFreeHistory(referral.id);
    expect(trail).toHaveLength(9);
    expect(trail.slice(1).map((event) => event.toStatus)).toEqual(winners);
  }, 180_000);

  it('keeps 20 referrals apart under 400 concurrent transitions: one winner each, none lost', async () => {
    const needs = await inPool(Array.from({ length: 20 }), 4, () => freshReferral());
    const referrals = needs.map((need) => need.referrals[0] as Referral);
    const attempts = shuffled(referrals.flatMap((referral) => Array.from({ length: 20 }, () => referral)));
    const responses = await inPool(attempts, 64, async (referral) => ({
      referral,
      response: await transition(
        referral.unitId === 'health' ? 'staff.health' : 'staff.social',
        referral.id,
        {
          action: 'accept',
          expectedVersion: 1,
        },
      ),
    }));
    for (const referral of referrals) {
      const mine = responses
        .filter((entry) => entry.referral.id === referral.id)
        .map((entry) => entry.response);
      const others = JSON.stringify(mine.filter((response) => response.status !== 409).map((r) => r.body));
      expect(
        mine.filter((response) => response.status === 200),
        others,
      ).toHaveLength(1);
      expect(
        mine.filter((response) => response.status === 409),
        others,
      ).toHaveLength(19);
      const trail = await expectGapFreeHistory(referral.id);
      expect(trail.map((event) => event.action)).toEqual(['report', 'accept']);
    }
  }, 180_000);

  it('loses no leg when every leg of one need is transferred at once (one need item, many transactions)', async () => {
    const reported = await freshReferral(['health', 'education', 'social-assistance']);
    const staffOf: Record<string, string> = {
      health: 'staff.health',
      education: 'staff.education',
      'social-assistance': 'staff.social',
    };
    expect(reported.referrals.map((referral) => referral.unitId).sort()).toEqual(Object.keys(staffOf).sort());
    const attempts = shuffled(
      reported.referrals.flatMap((referral) =>
        Array.from({ length: 16 }, (_, index) => ({
          referral,
          username: index % 4 === 0 ? 'director' : (staffOf[referral.unitId] as string),
        })),
      ),
    );
    const responses = await Promise.all(
      attempts.map(async ({ referral, username }) => ({
        referral,
        response: await transition(username, referral.id, {
          action: 'transfer',
          expectedVersion: 1,
          toUnitId: 'housing',
        }),
      })),
    );
    const newLegs: string[] = [];
    for (const referral of reported.referrals) {
      const mine = responses.filter((entry) => entry.referral.id === referral.id);
      const won = mine.filter((entry) => entry.response.status === 200);
      expect(won, `${referral.unitId}: ${mine.map((entry) => entry.response.status)}`).toHaveLength(1);
      expect(
        mine.filter((entry) => entry.response.status === 409),
        JSON.stringify(
          mine.filter((entry) => entry.response.status !== 409).map((entry) => entry.response.body),
        ),
      ).toHaveLength(mine.length - 1);
      const next = won[0]?.response.body.nextReferralId as string;
      newLegs.push(next);
      touched.add(next);
    }
    const need = await api.as<Need>('member.amina', 'GET', `/v1/needs/${reported.need.id}`);
    expect(need.body.referralIds.slice(0, 3)).toEqual(reported.referrals.map((referral) => referral.id));
    expect([...need.body.referralIds.slice(3)].sort()).toEqual([...newLegs].sort());
    for (const id of newLegs) {
      const leg = await api.as<Referral>('director', 'GET', `/v1/referrals/${id}`);
      expect(leg.body).toMatchObject({
        unitId: 'housing',
        status: 'routed',
        routedBy: 'transfer',
        version: 1,
      });
    }
  }, 120_000);
});

describe('concurrent duplicates under one Idempotency-Key', () => {
  const needItems = async () => (await table.items()).filter((item) => item.kind === 'Need');
  const reportedUnder = async (key: string) =>
    (await table.items()).filter((item) => item.pk === `REPORTED#${demoUserId('member.amina')}#${key}`);

  it(`records one need for ${ATTEMPTS} concurrent reports, answers them all alike, and refuses another body`, async () => {
    const key = randomUUID();
    const before = (await needItems()).length;
    const report = validReport({ categories: ['health', 'education'] });
    const responses = await Promise.all(
      Array.from({ length: ATTEMPTS }, () =>
        untilNotInUse(() => api.reportNeed<ReportNeedResponse>('member.amina', report, key)),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(ATTEMPTS).fill(201));
    expect(new Set(responses.map((response) => response.body.need.id)).size).toBe(1);
    expect(
      responses.filter((response) => response.headers.get('idempotent-replayed') === 'false'),
    ).toHaveLength(1);
    const first = responses[0]?.body as ReportNeedResponse;
    for (const response of responses) {
      expect({ ...response.body, referrals: response.body.referrals.map(withoutElapsedTime) }).toEqual({
        ...first,
        referrals: first.referrals.map(withoutElapsedTime),
      });
    }
    for (const referral of first.referrals) touched.add(referral.id);
    expect((await needItems()).length).toBe(before + 1);
    expect(await reportedUnder(key)).toHaveLength(1);

    const other = await Promise.all(
      Array.from({ length: ATTEMPTS }, () =>
        untilNotInUse(() => api.reportNeed<Problem>('member.amina', { ...report, priority: 'urgent' }, key)),
      ),
    );
    expect(other.map((response) => response.status)).toEqual(Array(ATTEMPTS).fill(422));
    expect(new Set(other.map((response) => response.body.type))).toEqual(
      new Set(['/problems/idempotency-key-reused']),
    );
    expect((await needItems()).length).toBe(before + 1);
  }, 120_000);

  it('records one need when two bodies race for one key: only the winning body is answered 201', async () => {
    const key = randomUUID();
    const before = (await needItems()).length;
    const bodies = { a: validReport({ priority: 'routine' }), b: validReport({ priority: 'urgent' }) };
    const attempts = shuffled(
      Array.from({ length: ATTEMPTS }, (_, index): 'a' | 'b' => (index % 2 === 0 ? 'a' : 'b')),
    );
    const responses = await Promise.all(
      attempts.map(async (which) => ({
        which,
        response: await untilNotInUse(() =>
          api.reportNeed<ReportNeedResponse & Problem>('member.amina', bodies[which], key),
        ),
      })),
    );
    const created = responses.filter((entry) => entry.response.status === 201);
    const refused = responses.filter((entry) => entry.response.status !== 201);
    expect(new Set(created.map((entry) => entry.which)).size).toBe(1);
    expect(new Set(created.map((entry) => entry.response.body.need.id)).size).toBe(1);
    expect(created.length + refused.length).toBe(ATTEMPTS);
    for (const entry of refused) {
      expect(entry.response.status, JSON.stringify(entry.response.body)).toBe(422);
      expect(entry.response.body.type).toBe('/problems/idempotency-key-reused');
      expect(entry.which).not.toBe(created[0]?.which);
    }
    expect(created[0]?.response.body.need.priority).toBe(bodies[created[0]?.which ?? 'a'].priority);
    for (const referral of created[0]?.response.body.referrals ?? []) touched.add(referral.id);
    expect((await needItems()).length).toBe(before + 1);
    expect(await reportedUnder(key)).toHaveLength(1);
  }, 120_000);

  it(`replays ${ATTEMPTS} concurrent transitions under one key as one change`, async () => {
    const [referral] = (await freshReferral()).referrals as [Referral];
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: ATTEMPTS }, () =>
        untilNotInUse(() =>
          transition(
            'staff.health',
            referral.id,
            { action: 'accept', expectedVersion: 1 },
            { 'idempotency-key': key },
          ),
        ),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(ATTEMPTS).fill(200));
    expect(
      responses.filter((response) => response.headers.get('idempotent-replayed') === 'false'),
    ).toHaveLength(1);
    for (const response of responses)
      expect(withoutElapsedTime(response.body)).toEqual(withoutElapsedTime(responses[0]?.body as Referral));
    const other = await transition<Problem>(
      'staff.health',
      referral.id,
      { action: 'start', expectedVersion: 2 },
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-key-reused');
    const trail = await expectGapFreeHistory(referral.id);
    expect(trail.map((event) => event.action)).toEqual(['report', 'accept']);
  }, 120_000);
});

describe('afterwards', () => {
  it('every referral changed here has a gap-free history, and the rollups equal a rebuild', async () => {
    expect(touched.size).toBeGreaterThan(25);
    await inPool([...touched], 8, (id) => expectGapFreeHistory(id));
    await settle(api);
    const verified = await api.as<{ referrals: number; differences: unknown[] }>(
      'director',
      'POST',
      '/local/rollups/verify',
    );
    expect(verified.status).toBe(200);
    expect(verified.body.differences).toEqual([]);
    expect(verified.body.referrals).toBeGreaterThanOrEqual(touched.size);
  }, 120_000);
});
