import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import type { Referral, ReportNeedResponse } from '../../shared/schemas/referral.js';
import type { AuditEvent, Notification } from '../../shared/schemas/transition.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { tableInspector } from '../support/table.js';

const api = new ApiClient(inject('baseUrl'));
const table = tableInspector(inject('dynamodbEndpoint'), inject('tableName'));

type Problem = {
  type: string;
  status: number;
  detail: string;
  errors?: { field: string }[];
  currentVersion?: number;
  currentStatus?: string;
  allowedActions?: string[];
};
type Page<T> = { items: T[]; nextCursor: string | null };

/** A fresh need routed to one unit; returns its referral. */
async function freshReferral(
  overrides: Parameters<typeof validReport>[0] = {},
  member = 'member.amina',
): Promise<Referral> {
  const response = await api.reportNeed<ReportNeedResponse>(
    member,
    validReport({ categories: ['health'], ...overrides }),
  );
  expect(response.status).toBe(201);
  return response.body.referrals[0] as Referral;
}

function transition<T = Referral>(
  username: string,
  referral: { id: string },
  body: Record<string, unknown>,
  headers = {},
) {
  return api.as<T>(username, 'POST', `/v1/referrals/${referral.id}/transitions`, { body, headers });
}

async function history(username: string, referral: { id: string }): Promise<AuditEvent[]> {
  const response = await api.as<Page<AuditEvent>>(username, 'GET', `/v1/referrals/${referral.id}/history`);
  expect(response.status).toBe(200);
  return response.body.items;
}

describe('POST /v1/referrals/{id}/transitions', () => {
  it('walks a referral from routed to closed, each step audited in order, the member told in their language', async () => {
    const referral = await freshReferral();
    const steps: [string, Record<string, unknown>, string][] = [
      ['staff.health', { action: 'accept' }, 'accepted'],
      ['staff.health', { action: 'start' }, 'in_progress'],
      [
        'staff.health',
        { action: 'hold', holdReason: 'awaiting_beneficiary', note: 'internal: called twice' },
        'on_hold',
      ],
      ['staff.health', { action: 'resume' }, 'in_progress'],
      [
        'staff.health',
        { action: 'resolve', outcome: 'service_provided', note: 'internal: seen by Dr. K' },
        'resolved',
      ],
      ['member.amina', { action: 'close' }, 'closed'],
    ];
    let version = referral.version;
    for (const [username, body, status] of steps) {
      const response = await transition(username, referral, { ...body, expectedVersion: version });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ id: referral.id, status, version: version + 1 });
      version += 1;
    }
    const closed = (await api.as<Referral>('director', 'GET', `/v1/referrals/${referral.id}`)).body;
    expect(closed).toMatchObject({ status: 'closed', outcome: 'service_provided', version: 7 });
    expect(closed.acceptedAt).toBeDefined();
    expect(closed.resolvedAt).toBeDefined();
    expect(closed.closedAt).toBeDefined();

    const trail = await history('director', referral);
    expect(trail.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(trail.map((event) => event.action)).toEqual([
      'report',
      'accept',
      'start',
      'hold',
      'resume',
      'resolve',
      'close',
    ]);
    expect(trail.map((event) => event.toStatus)).toEqual(['routed', ...steps.map(([, , status]) => status)]);
    expect(trail[5]).toMatchObject({
      fromStatus: 'in_progress',
      outcome: 'service_provided',
      note: 'internal: seen by Dr. K',
    });
    expect(trail[3]).toMatchObject({
      holdReason: 'awaiting_beneficiary',
      actorRole: 'unit-staff',
      actorUnitId: 'health',
    });

    // The member sees status and outcome, never the unit's notes.
    const memberTrail = await history('member.amina', referral);
    expect(memberTrail.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(JSON.stringify(memberTrail)).not.toContain('internal:');

    for (const [language, script] of [
      ['ar', /وحدة الصحة/],
      ['tr', /Sağlık Birimi/],
      ['en', /Health unit/],
    ] as const) {
      const notifications = await api.as<Page<Notification>>(
        'member.amina',
        'GET',
        '/v1/notifications?limit=100',
        {
          headers: { 'accept-language': language },
        },
      );
      expect(notifications.status).toBe(200);
      const mine = notifications.body.items.filter((item) => item.referralId === referral.id);
      expect(mine.map((item) => item.status)).toEqual([
        'closed',
        'resolved',
        'in_progress',
        'on_hold',
        'in_progress',
        'accepted',
        'routed',
      ]);
      for (const item of mine) {
        expect(item.language).toBe(language);
        expect(item.message).toMatch(script);
      }
      expect(JSON.stringify(mine)).not.toContain('internal:');
    }
  });

  it('sends a rejected need back to triage, where the directorate routes it to another unit', async () => {
    const referral = await freshReferral();
    const rejected = await transition('staff.health', referral, {
      action: 'reject',
      expectedVersion: 1,
      reason: 'not_our_service',
      note: 'this is a housing matter',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'not_our_service' });
    const triageLegId = rejected.body.nextReferralId as string;
    const triage = await api.as<Page<Referral>>(
      'director',
      'GET',
      '/v1/referrals?unitId=migration-desk&status=routed&limit=100',
    );
    const triageLeg = triage.body.items.find((item) => item.id === triageLegId) as Referral;
    expect(triageLeg).toMatchObject({
      needId: referral.needId,
      routedBy: 'rejection',
      previousReferralId: referral.id,
    });

    const routed = await transition('director', triageLeg, {
      action: 'route',
      expectedVersion: 1,
      toUnitId: 'housing',
    });
    expect(routed.status).toBe(200);
    expect(routed.body.status).toBe('transferred');
    const housingLeg = await api.as<Referral>(
      'staff.health',
      'GET',
      `/v1/referrals/${routed.body.nextReferralId}`,
    );
    expect(housingLeg.status).toBe(404);
    const need = await api.as<{ referralIds: string[] }>(
      'member.amina',
      'GET',
      `/v1/needs/${referral.needId}`,
    );
    expect(need.body.referralIds).toEqual([referral.id, triageLegId, routed.body.nextReferralId]);
    const newLegHistory = await history('director', { id: routed.body.nextReferralId as string });
    expect(newLegHistory).toEqual([
      expect.objectContaining({
        sequence: 1,
        action: 'route',
        toStatus: 'routed',
        relatedReferralId: triageLegId,
      }),
    ]);
  });

  it('transfers a referral to another unit as a linked new leg; staff of the first unit no longer see the new one', async () => {
    const referral = await freshReferral();
    await transition('staff.health', referral, { action: 'accept', expectedVersion: 1 });
    const moved = await transition('staff.health', referral, {
      action: 'transfer',
      expectedVersion: 2,
      toUnitId: 'social-assistance',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe('transferred');
    const leg = await api.as<Referral>('staff.social', 'GET', `/v1/referrals/${moved.body.nextReferralId}`);
    expect(leg.status).toBe(200);
    expect(leg.body).toMatchObject({
      status: 'routed',
      unitId: 'social-assistance',
      routedBy: 'transfer',
      previousReferralId: referral.id,
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['to the unit that holds it', { toUnitId: 'health' }, 'toUnitId'],
    ['to an unknown unit', { toUnitId: 'astrology' }, 'toUnitId'],
    ['to the triage desk', { toUnitId: 'migration-desk' }, 'toUnitId'],
  ])('refuses a transfer %s (400 naming the field)', async (_, body, field) => {
    const referral = await freshReferral();
    const response = await transition<Problem>('staff.health', referral, {
      action: 'transfer',
      expectedVersion: 1,
      ...body,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((error) => error.field)).toEqual([field]);
  });

  it('lets the member cancel before acceptance, and explains (422) what is allowed after', async () => {
    const early = await freshReferral();
    expect(
      (await transition('member.amina', early, { action: 'cancel', expectedVersion: 1 })).body,
    ).toMatchObject({
      status: 'cancelled',
    });
    const late = await freshReferral();
    await transition('staff.health', late, { action: 'accept', expectedVersion: 1 });
    const refused = await transition<Problem>('member.amina', late, { action: 'cancel', expectedVersion: 2 });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      type: '/problems/transition-not-allowed',
      currentStatus: 'accepted',
      allowedActions: [],
    });
    const staffView = await transition<Problem>('staff.health', late, {
      action: 'accept',
      expectedVersion: 2,
    });
    expect(staffView.status).toBe(422);
    expect(staffView.body.allowedActions).toEqual(['start', 'reject', 'transfer']);
  });

  it('reopens within the window', async () => {
    const referral = await freshReferral();
    let version = 1;
    for (const body of [
      { action: 'accept' },
      { action: 'start' },
      { action: 'resolve', outcome: 'unreachable' },
    ]) {
      expect((await transition('staff.health', referral, { ...body, expectedVersion: version })).status).toBe(
        200,
      );
      version += 1;
    }
    const reopened = await transition('member.amina', referral, {
      action: 'reopen',
      expectedVersion: version,
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('in_progress');
    expect(reopened.body.outcome).toBeUndefined();
  });

  it('answers a stale expectedVersion with 409 and the current version', async () => {
    const referral = await freshReferral();
    await transition('staff.health', referral, { action: 'accept', expectedVersion: 1 });
    const stale = await transition<Problem>('staff.health', referral, {
      action: 'start',
      expectedVersion: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(stale.body).toMatchObject({
      type: '/problems/stale-version',
      currentVersion: 2,
      currentStatus: 'accepted',
    });
  });

  it('distinguishes who may not see (404) from who may see but not act (403)', async () => {
    const referral = await freshReferral();
    expect(
      (await transition('staff.social', referral, { action: 'accept', expectedVersion: 1 })).status,
    ).toBe(404);
    expect(
      (await transition('member.mehmet', referral, { action: 'cancel', expectedVersion: 1 })).status,
    ).toBe(404);
    expect(
      (await transition('member.amina', referral, { action: 'accept', expectedVersion: 1 })).status,
    ).toBe(403);
    expect((await transition('director', referral, { action: 'accept', expectedVersion: 1 })).status).toBe(
      403,
    );
    expect((await transition('staff.health', referral, { action: 'close', expectedVersion: 1 })).status).toBe(
      403,
    );
    expect((await api.as('director', 'GET', `/v1/referrals/${referral.id}`)).body).toMatchObject({
      version: 1,
    });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an unknown action', { action: 'fly', expectedVersion: 1 }, ['action']],
    ['no expectedVersion', { action: 'accept' }, ['expectedVersion']],
    ['a resolve without outcome', { action: 'resolve', expectedVersion: 1 }, ['outcome']],
    ['a reject without note', { action: 'reject', expectedVersion: 1, reason: 'duplicate' }, ['note']],
    [
      'a hold with an unknown reason',
      { action: 'hold', expectedVersion: 1, holdReason: 'lunch' },
      ['holdReason'],
    ],
    ['an unknown field', { action: 'accept', expectedVersion: 1, priority: 'urgent' }, ['priority']],
    ['a 1001-character note', { action: 'accept', expectedVersion: 1, note: 'n'.repeat(1001) }, ['note']],
  ])('refuses %s with 400 naming the field, changing nothing', async (_, body, fields) => {
    const referral = await freshReferral();
    const response = await transition<Problem>('staff.health', referral, body);
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((error) => error.field)).toEqual(fields);
    expect((await history('director', referral)).map((event) => event.sequence)).toEqual([1]);
  });

  it('lets exactly one of 50 concurrent transitions with the same expectedVersion win; the history has no gap', async () => {
    const referral = await freshReferral();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        transition('staff.health', referral, { action: 'accept', expectedVersion: 1 }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    expect((await history('director', referral)).map((event) => event.sequence)).toEqual([1, 2]);
  });

  it('replays a transition retried with the same Idempotency-Key, and refuses the key for another body', async () => {
    const referral = await freshReferral();
    const key = randomUUID();
    const first = await transition(
      'staff.health',
      referral,
      { action: 'accept', expectedVersion: 1 },
      { 'idempotency-key': key },
    );
    const retry = await transition(
      'staff.health',
      referral,
      { action: 'accept', expectedVersion: 1 },
      { 'idempotency-key': key },
    );
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const other = await transition<Problem>(
      'staff.health',
      referral,
      { action: 'start', expectedVersion: 2 },
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-key-reused');
    expect((await history('director', referral)).map((event) => event.sequence)).toEqual([1, 2]);
  });
});

describe('contact data', () => {
  const contact = { name: 'Leyla Contact-4411', phone: '+90 555 444 11 00' };

  it('is shown only to staff of the holding unit, with consent, while the referral is active; each read is audited', async () => {
    const referral = await freshReferral({ contact });
    const reads = async () =>
      (await table.items()).filter((item) => item.kind === 'ContactRead' && item.referralId === referral.id);
    const staffView = await api.as<Referral>('staff.health', 'GET', `/v1/referrals/${referral.id}`);
    expect(staffView.body.contact).toEqual(contact);
    expect(await reads()).toHaveLength(1);
    for (const username of ['member.amina', 'director']) {
      const view = await api.as<Referral>(username, 'GET', `/v1/referrals/${referral.id}`);
      expect(view.status).toBe(200);
      expect(JSON.stringify(view.body)).not.toContain('Contact-4411');
    }
    const list = await api.as('staff.health', 'GET', '/v1/referrals?limit=100');
    expect(JSON.stringify(list.body)).not.toContain('Contact-4411');
    expect(await reads()).toHaveLength(1);

    let version = 1;
    for (const body of [
      { action: 'accept' },
      { action: 'start' },
      { action: 'resolve', outcome: 'service_provided' },
    ]) {
      await transition('staff.health', referral, { ...body, expectedVersion: version });
      version += 1;
    }
    const afterResolve = await api.as<Referral>('staff.health', 'GET', `/v1/referrals/${referral.id}`);
    expect(afterResolve.body.contact).toBeUndefined();
  });

  it('is never shown without consent', async () => {
    const referral = await freshReferral({ contact, consent: { shareWithUnits: false } });
    const view = await api.as<Referral>('staff.health', 'GET', `/v1/referrals/${referral.id}`);
    expect(view.body.contact).toBeUndefined();
  });

  it('expires 30 days after its need is closed', async () => {
    const referral = await freshReferral({ contact });
    let version = 1;
    for (const [username, body] of [
      ['staff.health', { action: 'accept' }],
      ['staff.health', { action: 'start' }],
      ['staff.health', { action: 'resolve', outcome: 'service_provided' }],
      ['member.amina', { action: 'close' }],
    ] as const) {
      expect((await transition(username, referral, { ...body, expectedVersion: version })).status).toBe(200);
      version += 1;
    }
    const item = (await table.items()).find(
      (candidate) => candidate.pk === `NEED#${referral.needId}` && candidate.sk === 'CONTACT',
    );
    const expected = Date.now() / 1000 + 30 * 86_400;
    expect(Math.abs((item?.expiresAt as number) - expected)).toBeLessThan(600);
  });
});
