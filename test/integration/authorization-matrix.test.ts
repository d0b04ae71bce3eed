/**
 * Every route × every caller (each demo user — both members, the staff of each unit, the
 * directorate — and no token at all) × own and foreign objects, generated from the route
 * table: a route without a row, or a row without a cell for some caller, fails the suite, so
 * a new route cannot be forgotten. The objects are a need of member.amina with one referral to
 * the health unit: member.mehmet's foreign need, the other units' foreign referral. A second
 * table names foreign objects by parameter (another unit's list).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { ROUTES, routeKey } from '../../infra/routes.js';
import { parseCsv } from '../../shared/domain/csv.js';
import type { Referral, ReportNeedResponse } from '../../shared/schemas/referral.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { settle } from '../support/events.js';

const api = new ApiClient(inject('baseUrl'));

const USERS = {
  owner: 'member.amina',
  otherMember: 'member.mehmet',
  unitStaff: 'staff.health',
  otherUnitStaff: 'staff.social',
  thirdUnitStaff: 'staff.education',
  directorate: 'director',
  /** No Authorization header. */
  anonymous: undefined,
} as const satisfies Record<string, string | undefined>;
type Who = keyof typeof USERS;

interface Fixture {
  needId: string;
  referral: Referral;
}

/** One fresh fixture per call, so that writes of one cell cannot affect another. */
async function fixture(): Promise<Fixture> {
  const reported = await api.reportNeed<ReportNeedResponse>(
    USERS.owner,
    validReport({ categories: ['health'] }),
  );
  expect(reported.status).toBe(201);
  return { needId: reported.body.need.id, referral: reported.body.referrals[0] as Referral };
}

interface Cell {
  readonly status: number;
  /** Further checks on what came back: nothing foreign may leak through a 200. */
  readonly check?: (body: unknown, fixture: Fixture) => void;
}

/** Writes back what the directorate reads, so other tests keep their SLA settings. */
async function writeSlaSettingsBack(who: Who, part: 'policies' | 'calendar') {
  const current = await api.as<Record<string, unknown> & { version: number }>(
    USERS.directorate,
    'GET',
    '/v1/settings/sla',
  );
  return api.as(USERS[who], 'PUT', `/v1/settings/sla/${part}`, {
    body: { [part]: current.body[part], expectedVersion: current.body.version },
  });
}

/** A row whose cells check the status only. */
const statusFor = (statuses: Record<Who, number>): Record<Who, Cell> =>
  Object.fromEntries(Object.entries(statuses).map(([who, status]) => [who, { status }])) as Record<Who, Cell>;

/** Routes for the directorate alone: everyone else is refused by role, and no token by the gateway. */
const DIRECTORATE_ONLY = statusFor({
  owner: 403,
  otherMember: 403,
  unitStaff: 403,
  otherUnitStaff: 403,
  thirdUnitStaff: 403,
  directorate: 200,
  anonymous: 401,
});

type Row = {
  call: (who: Who, fixture: Fixture) => Promise<{ status: number; body: unknown }>;
  expect: Record<Who, Cell>;
};

const ids = (body: unknown) =>
  ((body as { items: { id?: string; referralId?: string }[] }).items ?? []).map(
    (item) => item.id ?? item.referralId,
  );

/** The units of a page of referrals. */
const unitsOf = (body: unknown) =>
  new Set((body as { items: Referral[] }).items.map((referral) => referral.unitId));

/** One column of a CSV body. */
const csvColumn = (body: unknown, column: string) => {
  const [header = [], ...records] = parseCsv(String(body));
  return records.map((record) => record[header.indexOf(column)]);
};

const MATRIX: Record<string, Row> = {
  'GET /v1/me': {
    call: (who) => api.as(USERS[who], 'GET', '/v1/me'),
    expect: statusFor({
      owner: 200,
      otherMember: 200,
      unitStaff: 200,
      otherUnitStaff: 200,
      thirdUnitStaff: 200,
      directorate: 200,
      anonymous: 401,
    }),
  },
  'GET /v1/catalog': {
    call: (who) => api.as(USERS[who], 'GET', '/v1/catalog'),
    expect: statusFor({
      owner: 200,
      otherMember: 200,
      unitStaff: 200,
      otherUnitStaff: 200,
      thirdUnitStaff: 200,
      directorate: 200,
      anonymous: 401,
    }),
  },
  'POST /v1/needs': {
    call: (who) =>
      api.as(USERS[who], 'POST', '/v1/needs', {
        body: validReport(),
        headers: { 'idempotency-key': randomUUID() },
      }),
    expect: statusFor({
      owner: 201,
      otherMember: 201,
      unitStaff: 403,
      otherUnitStaff: 403,
      thirdUnitStaff: 403,
      directorate: 403,
      anonymous: 401,
    }),
  },
  'GET /v1/needs/{id}': {
    call: (who, f) => api.as(USERS[who], 'GET', `/v1/needs/${f.needId}`),
    expect: statusFor({
      owner: 200,
      otherMember: 404,
      unitStaff: 404,
      otherUnitStaff: 404,
      thirdUnitStaff: 404,
      directorate: 200,
      anonymous: 401,
    }),
  },
  'GET /v1/referrals': {
    call: (who) => api.as(USERS[who], 'GET', '/v1/referrals?limit=100'),
    expect: {
      owner: { status: 200, check: (body, f) => expect(ids(body)).toContain(f.referral.id) },
      otherMember: { status: 200, check: (body, f) => expect(ids(body)).not.toContain(f.referral.id) },
      unitStaff: {
        status: 200,
        check: (body) =>
          expect(new Set((body as { items: Referral[] }).items.map((r) => r.unitId))).toEqual(
            new Set(['health']),
          ),
      },
      otherUnitStaff: { status: 200, check: (body, f) => expect(ids(body)).not.toContain(f.referral.id) },
      thirdUnitStaff: {
        status: 200,
        check: (body, f) => {
          expect(ids(body)).not.toContain(f.referral.id);
          expect(new Set((body as { items: Referral[] }).items.map((r) => r.unitId))).toEqual(
            new Set(['education']),
          );
        },
      },
      directorate: { status: 200 },
      anonymous: { status: 401 },
    },
  },
  'GET /v1/referrals/{id}': {
    call: (who, f) => api.as(USERS[who], 'GET', `/v1/referrals/${f.referral.id}`),
    expect: statusFor({
      owner: 200,
      otherMember: 404,
      unitStaff: 200,
      otherUnitStaff: 404,
      thirdUnitStaff: 404,
      directorate: 200,
      anonymous: 401,
    }),
  },
  'POST /v1/referrals/{id}/transitions': {
    // The one action each role might try first: cancel (members), accept (staff, directorate).
    call: (who, f) =>
      api.as(USERS[who], 'POST', `/v1/referrals/${f.referral.id}/transitions`, {
        body: {
          action: who === 'owner' || who === 'otherMember' ? 'cancel' : 'accept',
          expectedVersion: 1,
        },
      }),
    expect: statusFor({
      owner: 200,
      otherMember: 404,
      unitStaff: 200,
      otherUnitStaff: 404,
      thirdUnitStaff: 404,
      directorate: 403,
      anonymous: 401,
    }),
  },
  'GET /v1/referrals/{id}/history': {
    call: (who, f) => api.as(USERS[who], 'GET', `/v1/referrals/${f.referral.id}/history`),
    expect: statusFor({
      owner: 200,
      otherMember: 404,
      unitStaff: 200,
      otherUnitStaff: 404,
      thirdUnitStaff: 404,
      directorate: 200,
      anonymous: 401,
    }),
  },
  'GET /v1/alerts': {
    call: (who) => api.as(USERS[who], 'GET', '/v1/alerts?limit=5'),
    expect: DIRECTORATE_ONLY,
  },
  'POST /v1/alerts/{id}/acknowledge': {
    // A fresh flagged need's alert for the directorate; refusals come before any lookup.
    call: async (who) => {
      if (who !== 'directorate') {
        return api.as(USERS[who], 'POST', '/v1/alerts/risk-01ARZ3NDEKTSV4RRFFQ69G5FAV/acknowledge', {
          body: { note: 'seen' },
        });
      }
      const flagged = await api.reportNeed<ReportNeedResponse>(
        USERS.owner,
        validReport({ cohesionRisks: ['discrimination'] }),
      );
      await settle(api);
      return api.as(USERS[who], 'POST', `/v1/alerts/risk-${flagged.body.need.id}/acknowledge`, {
        body: { note: 'seen' },
      });
    },
    expect: DIRECTORATE_ONLY,
  },
  'GET /v1/settings/hotspot-rule': {
    call: (who) => api.as(USERS[who], 'GET', '/v1/settings/hotspot-rule'),
    expect: DIRECTORATE_ONLY,
  },
  'PUT /v1/settings/hotspot-rule': {
    // The directorate writes the default back, so other tests keep their rule.
    call: (who) =>
      api.as(USERS[who], 'PUT', '/v1/settings/hotspot-rule', { body: { threshold: 3, windowDays: 7 } }),
    expect: DIRECTORATE_ONLY,
  },
  'GET /v1/settings/sla': {
    call: (who) => api.as(USERS[who], 'GET', '/v1/settings/sla'),
    expect: DIRECTORATE_ONLY,
  },
  'PUT /v1/settings/sla/policies': {
    call: (who) => writeSlaSettingsBack(who, 'policies'),
    expect: DIRECTORATE_ONLY,
  },
  'PUT /v1/settings/sla/calendar': {
    call: (who) => writeSlaSettingsBack(who, 'calendar'),
    expect: DIRECTORATE_ONLY,
  },
  'PUT /v1/settings/sla/units/{unitId}/calendar': {
    // The directorate sets the health unit back on the council's calendar: nothing changes.
    call: async (who) => {
      const current = await api.as<{ version: number }>(USERS.directorate, 'GET', '/v1/settings/sla');
      return api.as(USERS[who], 'PUT', '/v1/settings/sla/units/health/calendar', {
        body: { calendar: null, expectedVersion: current.body.version },
      });
    },
    expect: DIRECTORATE_ONLY,
  },
  'GET /v1/reports/council': {
    call: (who) => api.as(USERS[who], 'GET', '/v1/reports/council?quarter=2026-Q4&lang=en'),
    expect: DIRECTORATE_ONLY,
  },
  'GET /v1/dashboard': {
    call: (who) => api.as(USERS[who], 'GET', '/v1/dashboard?from=2026-01-01&to=2026-12-31&groupBy=district'),
    expect: {
      owner: { status: 403 },
      otherMember: { status: 403 },
      // Unit staff get their own unit's figures, never the council's.
      unitStaff: {
        status: 200,
        check: (body) => expect(body).toMatchObject({ scope: { unitId: 'health' } }),
      },
      otherUnitStaff: {
        status: 200,
        check: (body) => expect(body).toMatchObject({ scope: { unitId: 'social-assistance' } }),
      },
      thirdUnitStaff: {
        status: 200,
        check: (body) => expect(body).toMatchObject({ scope: { unitId: 'education' } }),
      },
      directorate: {
        status: 200,
        check: (body) => expect(body).toMatchObject({ scope: {}, hotspots: expect.anything() }),
      },
      anonymous: { status: 401 },
    },
  },
  'GET /v1/dashboard/export.csv': {
    // The days around today, so that the fixture's referral (routed now) is in the period.
    call: (who) => {
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      return api.as(USERS[who], 'GET', `/v1/dashboard/export.csv?from=${day(-1)}&to=${day(1)}`);
    },
    expect: {
      owner: { status: 403 },
      otherMember: { status: 403 },
      // Unit staff get their own unit's rows, never another unit's.
      unitStaff: {
        status: 200,
        check: (body, f) => {
          expect(csvColumn(body, 'unit').every((unit) => unit === 'health')).toBe(true);
          expect(csvColumn(body, 'referral_id')).toContain(f.referral.id);
        },
      },
      otherUnitStaff: {
        status: 200,
        check: (body, f) => {
          expect(csvColumn(body, 'unit').every((unit) => unit === 'social-assistance')).toBe(true);
          expect(csvColumn(body, 'referral_id')).not.toContain(f.referral.id);
        },
      },
      thirdUnitStaff: {
        status: 200,
        check: (body, f) => {
          expect(csvColumn(body, 'unit').every((unit) => unit === 'education')).toBe(true);
          expect(csvColumn(body, 'referral_id')).not.toContain(f.referral.id);
        },
      },
      directorate: {
        status: 200,
        check: (body, f) => expect(csvColumn(body, 'referral_id')).toContain(f.referral.id),
      },
      anonymous: { status: 401 },
    },
  },
  'GET /v1/notifications': {
    call: (who) => api.as(USERS[who], 'GET', '/v1/notifications?limit=100'),
    expect: {
      owner: { status: 200, check: (body, f) => expect(ids(body)).toContain(f.referral.id) },
      otherMember: { status: 200, check: (body, f) => expect(ids(body)).not.toContain(f.referral.id) },
      unitStaff: { status: 403 },
      otherUnitStaff: { status: 403 },
      thirdUnitStaff: { status: 403 },
      directorate: { status: 403 },
      anonymous: { status: 401 },
    },
  },
};

/** A fixture shared by the cells that cannot write to it (no token, or a read). */
let shared: Promise<Fixture> | undefined;
const sharedFixture = () => {
  shared ??= fixture();
  return shared;
};

const PROBLEM_TYPES: Record<number, string> = {
  401: '/problems/not-authenticated',
  403: '/problems/not-permitted',
  404: '/problems/not-found',
};

/**
 * Foreign objects named by a parameter rather than by the fixture's id: a unit's list asked
 * for by the staff of another unit, and by members (who may not filter by unit).
 */
const BY_PARAMETER: Record<string, { path: string; expect: Record<Who, Cell> }> = {
  "another unit's referral list": {
    path: '/v1/referrals?unitId=health&limit=100',
    expect: {
      owner: { status: 403 },
      otherMember: { status: 403 },
      unitStaff: { status: 200, check: (body) => expect(unitsOf(body)).toEqual(new Set(['health'])) },
      otherUnitStaff: { status: 403 },
      thirdUnitStaff: { status: 403 },
      directorate: { status: 200, check: (body) => expect(unitsOf(body)).toEqual(new Set(['health'])) },
      anonymous: { status: 401 },
    },
  },
  "the triage unit's referral list": {
    path: '/v1/referrals?unitId=migration-desk&limit=100',
    expect: statusFor({
      owner: 403,
      otherMember: 403,
      unitStaff: 403,
      otherUnitStaff: 403,
      thirdUnitStaff: 403,
      directorate: 200,
      anonymous: 401,
    }),
  },
};

describe('authorization matrix', () => {
  it('has a row for every route of the route table, with a cell for every caller', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(ROUTES.map(routeKey).sort());
    for (const [key, row] of [...Object.entries(MATRIX), ...Object.entries(BY_PARAMETER)])
      expect(Object.keys(row.expect).sort(), key).toEqual(Object.keys(USERS).sort());
  });

  const check = (response: { status: number; body: unknown }, cell: Cell, f: Fixture) => {
    expect(response.status, JSON.stringify(response.body)).toBe(cell.status);
    if (cell.status >= 400) {
      expect(response.body).toMatchObject({ status: cell.status });
      const type = PROBLEM_TYPES[cell.status];
      if (type !== undefined) expect((response.body as { type: string }).type).toBe(type);
    }
    cell.check?.(response.body, f);
  };

  const cells = ROUTES.flatMap((route) =>
    (Object.keys(USERS) as Who[]).map((who) => [routeKey(route), who] as const),
  );
  it.each(cells)('%s as %s', async (key, who) => {
    const row = MATRIX[key];
    if (row === undefined) throw new Error(`no matrix row for ${key}`);
    const f = who === 'anonymous' ? await sharedFixture() : await fixture();
    check(await row.call(who, f), row.expect[who], f);
  });

  const byParameter = Object.keys(BY_PARAMETER).flatMap((name) =>
    (Object.keys(USERS) as Who[]).map((who) => [name, who] as const),
  );
  it.each(byParameter)('%s as %s', async (name, who) => {
    const row = BY_PARAMETER[name] as (typeof BY_PARAMETER)[string];
    const f = await sharedFixture();
    check(await api.as(USERS[who], 'GET', row.path), row.expect[who], f);
  });
});
