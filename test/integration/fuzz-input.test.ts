/**
 * Property-based fuzzing of every route of infra/routes.ts through the local runtime, with
 * valid tokens of every demo user: malformed and mutated JSON, wrong types, unknown fields,
 * hostile and oversize strings (bidirectional controls, zero-width, emoji, lone surrogates,
 * NUL), injection-looking strings, bad path parameters and query strings, other methods and
 * content types, bodies around 32 KiB and around the gateway's 10 MB. Properties: never a 5xx;
 * every refusal a well-formed problem+json, with the status (and for validation the fields)
 * that the route's own schemas call for; a 2xx only to a role the route table allows, showing
 * nothing of another unit or member; and the table unchanged by every refused request.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTES as DECLARED, type RouteDefinition, routeKey } from '../../infra/routes.js';
import { DEMO_USERS, demoUserId } from '../../local/issuer.js';
import { GATEWAY_MAX_BODY_BYTES } from '../../local/server.js';
import { HOLD_REASONS, OUTCOMES, REJECTION_REASONS } from '../../shared/domain/vocabulary.js';
import { MAX_BODY_BYTES } from '../../shared/http/api-handler.js';
import type { Referral, ReportNeedResponse } from '../../shared/schemas/referral.js';
import type { SlaSettingsResponse } from '../../shared/schemas/sla.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { settle } from '../support/events.js';
import {
  FUZZ_REQUESTS,
  type FuzzRequest,
  type FuzzResponse,
  FuzzSession,
  fuzzSeed,
  pathParameterNames,
  quiesce,
} from '../support/fuzz.js';
import { batchOf, labelled, queryPairs, type RouteSeeds, routeRequest } from '../support/fuzz-arbitraries.js';
import { tableInspector } from '../support/table.js';

const ROUTES: readonly RouteDefinition[] = DECLARED;
const api = new ApiClient(inject('baseUrl'));
const table = tableInspector(inject('dynamodbEndpoint'), inject('tableName'));

/** Requests per fast-check run: one batch, sent 16 at a time. */
const BATCH = 520;

interface Fixtures {
  readonly needIds: readonly string[];
  readonly referralIds: readonly string[];
  readonly alertId: string;
  readonly sla: SlaSettingsResponse;
  readonly hotspotRule: unknown;
  /** Real cursors of several lists and callers, and cursors made from keys of other partitions. */
  readonly cursors: readonly string[];
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Valid examples each route's fuzzing starts from. A route without a row is still fuzzed (junk
 * bodies and queries, path parameters, methods), but the test below asks for its row.
 */
const SEEDS: Record<string, (f: Fixtures) => RouteSeeds> = {
  'GET /v1/me': () => ({}),
  'GET /v1/catalog': () => ({}),
  'POST /v1/needs': () => ({
    bodies: [
      validReport(),
      validReport({
        categories: ['health', 'education', 'housing'],
        priority: 'emergency',
        neighbourhood: 'Döşeme',
        vulnerabilities: ['older_person', 'chronic_illness'],
        cohesionRisks: ['hate_incident'],
        contact: { name: 'Fuzz Contact', phone: '+90 555 000 00 00' },
      }),
      validReport({ description: 'يحتاج إلى مساعدة', consent: { shareWithUnits: false } }),
    ],
  }),
  'GET /v1/needs/{id}': (f) => ({ params: { id: f.needIds } }),
  'GET /v1/referrals': (f) => ({
    queries: [
      {},
      { status: 'routed' },
      { unitId: 'health' },
      { limit: '5' },
      { status: 'accepted', unitId: 'social-assistance', limit: '100' },
      ...f.cursors.slice(0, 4).map((cursor) => ({ cursor })),
    ],
  }),
  'GET /v1/referrals/{id}': (f) => ({ params: { id: f.referralIds } }),
  'POST /v1/referrals/{id}/transitions': (f) => ({
    params: { id: f.referralIds },
    bodies: [
      { action: 'accept', expectedVersion: 1 },
      { action: 'start', expectedVersion: 2, note: 'started' },
      { action: 'hold', expectedVersion: 3, holdReason: HOLD_REASONS[0] },
      { action: 'resume', expectedVersion: 4 },
      { action: 'resolve', expectedVersion: 3, outcome: OUTCOMES[0] },
      { action: 'reject', expectedVersion: 1, reason: REJECTION_REASONS[0], note: 'not ours' },
      { action: 'transfer', expectedVersion: 1, toUnitId: 'housing' },
      { action: 'route', expectedVersion: 1, toUnitId: 'health' },
      { action: 'close', expectedVersion: 5 },
      { action: 'reopen', expectedVersion: 6 },
      { action: 'cancel', expectedVersion: 1 },
    ],
  }),
  'GET /v1/referrals/{id}/history': (f) => ({
    params: { id: f.referralIds },
    queries: [{}, { limit: '1' }, { limit: '100' }],
  }),
  'GET /v1/notifications': () => ({ queries: [{}, { limit: '10' }] }),
  'GET /v1/alerts': (f) => ({
    queries: [
      {},
      { status: 'open' },
      { type: 'cohesion-risk', district: 'seyhan' },
      { limit: '3' },
      ...f.cursors.slice(0, 2).map((cursor) => ({ cursor })),
    ],
  }),
  'POST /v1/alerts/{id}/acknowledge': (f) => ({ params: { id: [f.alertId] }, bodies: [{ note: 'seen' }] }),
  'GET /v1/settings/hotspot-rule': () => ({}),
  'PUT /v1/settings/hotspot-rule': (f) => ({ bodies: [f.hotspotRule] }),
  'GET /v1/settings/sla': () => ({}),
  'PUT /v1/settings/sla/policies': (f) => ({
    bodies: [{ policies: f.sla.policies, expectedVersion: f.sla.version }],
  }),
  'PUT /v1/settings/sla/calendar': (f) => ({
    bodies: [{ calendar: f.sla.calendar, expectedVersion: f.sla.version }],
  }),
  'PUT /v1/settings/sla/units/{unitId}/calendar': (f) => ({
    params: { unitId: ['health', 'education', 'migration-desk'] },
    bodies: [
      { calendar: null, expectedVersion: f.sla.version },
      { calendar: f.sla.calendar, expectedVersion: f.sla.version },
    ],
  }),
  'GET /v1/reports/council': () => ({
    queries: [{ quarter: '2026-Q2', lang: 'ar' }, { quarter: '2026-Q1' }],
  }),
  'GET /v1/dashboard': () => ({
    queries: [
      { from: '2026-01-01', to: '2026-03-31' },
      { from: day(-7), to: day(0), groupBy: 'district' },
    ],
  }),
  'GET /v1/dashboard/export.csv': () => ({ queries: [{ from: day(-1), to: day(1) }] }),
};

const seedsOf = (route: RouteDefinition): RouteSeeds => SEEDS[routeKey(route)]?.(fixtures) ?? {};

const USERNAMES = DEMO_USERS.map((user) => user.username);
const tokens = new Map<string, string>();

/** The callers of a request: mostly a role the route allows, sometimes anyone. */
function caller(route: RouteDefinition) {
  const allowed = DEMO_USERS.filter((user) => (route.roles as readonly string[]).includes(user.role));
  const as = (username: string) => ({ header: `Bearer ${tokens.get(username)}`, name: username });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...allowed.map((user) => as(user.username))) },
    { weight: 1, arbitrary: fc.constantFrom(...USERNAMES.map(as)) },
  );
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/** What a 2xx may show: a role the route allows; a unit's staff only their unit; a member only their need. */
function visibilityDefects(request: FuzzRequest, response: FuzzResponse): string[] {
  if (!isSuccess(response.status) || request.caller === undefined) return [];
  const user = DEMO_USERS.find((candidate) => candidate.username === request.caller);
  const route = ROUTES.find(
    (candidate) => routeKey(candidate) === `${request.method} ${routePathOf(request)}`,
  );
  if (user === undefined || route === undefined) return [];
  const defects: string[] = [];
  if (!(route.roles as readonly string[]).includes(user.role))
    defects.push(`${response.status} to ${user.role}, whom the route table does not allow`);
  if (!(response.headers['content-type'] ?? '').startsWith('application/json')) return defects;
  const body = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
  const referrals = (
    route.path === '/v1/referrals'
      ? (body.items as Referral[])
      : route.path === '/v1/referrals/{id}'
        ? [body]
        : []
  ) as Referral[];
  if (user.role === 'unit-staff') {
    for (const referral of referrals)
      if (referral.unitId !== user.unitId)
        defects.push(`${user.username} was shown a referral of ${referral.unitId}`);
  }
  if (
    route.path === '/v1/needs/{id}' &&
    user.role === 'council-member' &&
    body.reportedBy !== demoUserId(user.username)
  )
    defects.push(`${user.username} was shown another member's need`);
  if (route.path === '/v1/needs' && request.body !== undefined && Buffer.isBuffer(request.body)) {
    // What was accepted is what was stored: hostile text survives the round trip unchanged.
    const sent = JSON.parse(request.body.toString('utf8')) as { description: string; categories: string[] };
    const need = (body as unknown as ReportNeedResponse).need;
    if (need.description !== sent.description.trim() || !isDeepStrictEqual(need.categories, sent.categories))
      defects.push(`the need came back as ${JSON.stringify(need.description).slice(0, 80)}`);
  }
  return defects;
}

/** The route template a request reached (the fuzz never changes a path's shape when it succeeds). */
function routePathOf(request: FuzzRequest): string {
  const pathname = new URL(request.path, 'http://localhost').pathname;
  const found = ROUTES.find(
    (route) =>
      route.method === request.method &&
      new RegExp(`^${route.path.replace(/\{[a-zA-Z]+\}/g, '[^/]+')}$`).test(pathname),
  );
  return found?.path ?? pathname;
}

let fixtures: Fixtures;

async function prepare(): Promise<Fixtures> {
  for (const username of USERNAMES) tokens.set(username, await api.token(username));
  const a = await api.reportNeed<ReportNeedResponse>(
    'member.amina',
    validReport({
      categories: ['health', 'social-assistance'],
      cohesionRisks: ['discrimination'],
      contact: { name: 'Fuzz Fixture', phone: '+90 555 123 45 67' },
    }),
  );
  const b = await api.reportNeed<ReportNeedResponse>(
    'member.mehmet',
    validReport({ categories: ['education'] }),
  );
  expect([a.status, b.status]).toEqual([201, 201]);
  await settle(api);
  const sla = await api.as<SlaSettingsResponse>('director', 'GET', '/v1/settings/sla');
  const hotspotRule = await api.as('director', 'GET', '/v1/settings/hotspot-rule');
  const cursors: string[] = [];
  for (const [username, path] of [
    ['director', '/v1/referrals?limit=1'],
    ['staff.health', '/v1/referrals?limit=1'],
    ['member.amina', '/v1/referrals?limit=1'],
    ['director', '/v1/alerts?limit=1'],
    ['member.amina', '/v1/notifications?limit=1'],
  ] as const) {
    const page = await api.as<{ nextCursor: string | null }>(username, 'GET', path);
    if (page.body.nextCursor !== null) cursors.push(page.body.nextCursor);
  }
  // Keys of other partitions, in the shape of a cursor of each index: they must never widen a read.
  const items = (await table.items()).filter((item) => typeof item.gsi1pk === 'string').slice(0, 3);
  for (const item of items) {
    for (const index of ['gsi1', 'gsi2', 'gsi4', 'gsi5']) {
      if (item[`${index}pk`] === undefined) continue;
      const key = {
        pk: item.pk,
        sk: item.sk,
        [`${index}pk`]: item[`${index}pk`],
        [`${index}sk`]: item[`${index}sk`],
      };
      cursors.push(Buffer.from(JSON.stringify(key)).toString('base64url'));
    }
  }
  return {
    needIds: [a.body.need.id, b.body.need.id],
    referralIds: [...a.body.referrals, ...b.body.referrals].map((referral) => referral.id),
    alertId: `risk-${a.body.need.id}`,
    sla: sla.body,
    hotspotRule: hotspotRule.body,
    cursors,
  };
}

/** Puts back the settings an accepted fuzzed write may have changed, so later tests find them as they were. */
async function restoreSettings(initial: Fixtures): Promise<void> {
  const current = async () => (await api.as<SlaSettingsResponse>('director', 'GET', '/v1/settings/sla')).body;
  let now = await current();
  const put = async (path: string, body: Record<string, unknown>) => {
    const response = await api.as('director', 'PUT', path, {
      body: { ...body, expectedVersion: now.version },
    });
    expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
    now = await current();
  };
  if (!isDeepStrictEqual(now.policies, initial.sla.policies))
    await put('/v1/settings/sla/policies', { policies: initial.sla.policies });
  if (!isDeepStrictEqual(now.calendar, initial.sla.calendar))
    await put('/v1/settings/sla/calendar', { calendar: initial.sla.calendar });
  for (const unitId of new Set([
    ...Object.keys(now.unitCalendars),
    ...Object.keys(initial.sla.unitCalendars),
  ])) {
    if (!isDeepStrictEqual(now.unitCalendars[unitId], initial.sla.unitCalendars[unitId]))
      await put(`/v1/settings/sla/units/${unitId}/calendar`, {
        calendar: initial.sla.unitCalendars[unitId] ?? null,
      });
  }
  const rule = await api.as('director', 'GET', '/v1/settings/hotspot-rule');
  if (!isDeepStrictEqual(rule.body, initial.hotspotRule))
    expect(
      (await api.as('director', 'PUT', '/v1/settings/hotspot-rule', { body: initial.hotspotRule })).status,
    ).toBe(200);
  await quiesce(api, { sweep: true });
}

/** Every route at least once as every user with its seeds, and the body routes at the size limits. */
function edgeRequests(): FuzzRequest[] {
  const requests: FuzzRequest[] = [];
  for (const route of ROUTES) {
    const seeds = seedsOf(route);
    let index = 0;
    const path = route.path.replace(
      /\{[a-zA-Z]+\}/g,
      () => seeds.params?.[pathParameterNames(route)[index++] as string]?.[0] ?? '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    );
    const query =
      seeds.queries?.[0] === undefined ? '' : `?${new URLSearchParams(queryPairs(seeds.queries[0]))}`;
    const body =
      route.request?.body === undefined ? undefined : Buffer.from(JSON.stringify(seeds.bodies?.[0] ?? {}));
    for (const username of USERNAMES) {
      requests.push(
        labelled({
          label: `${route.method} ${path}${query} as ${username} [seed]`,
          caller: username,
          method: route.method,
          path: `${path}${query}`,
          headers: {
            authorization: `Bearer ${tokens.get(username)}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            'idempotency-key': `fuzz-edge-${routeKey(route).replace(/[^a-z0-9]/gi, '-')}-${username}`,
          },
          ...(body === undefined ? {} : { body }),
        }),
      );
    }
    if (route.request?.body === undefined) continue;
    const allowed = DEMO_USERS.find((user) =>
      (route.roles as readonly string[]).includes(user.role),
    )?.username;
    for (const size of [
      MAX_BODY_BYTES,
      MAX_BODY_BYTES + 1,
      GATEWAY_MAX_BODY_BYTES - 1,
      GATEWAY_MAX_BODY_BYTES,
      GATEWAY_MAX_BODY_BYTES + 1,
    ]) {
      requests.push(
        labelled({
          label: `${route.method} ${path} as ${allowed} [${size} bytes]`,
          caller: allowed as string,
          method: route.method,
          path,
          headers: {
            authorization: `Bearer ${tokens.get(allowed as string)}`,
            'content-type': 'application/json',
            'idempotency-key': `fuzz-size-${size}`,
          },
          body: { filler: size },
        }),
      );
    }
  }
  return requests;
}

describe('fuzzing every route with valid tokens', () => {
  let session: FuzzSession;

  beforeAll(async () => {
    fixtures = await prepare();
    session = new FuzzSession({
      baseUrl: inject('baseUrl'),
      api,
      table,
      tableName: inject('tableName'),
      authenticated: true,
      inspect: visibilityDefects,
    });
  });

  afterAll(async () => {
    session?.close();
    if (fixtures !== undefined) await restoreSettings(fixtures);
  });

  it('has seeds for every route that takes a body, a query or path parameters', () => {
    const missing = ROUTES.filter(
      (route) =>
        SEEDS[routeKey(route)] === undefined &&
        (route.request?.body !== undefined || route.request?.query !== undefined || route.path.includes('{')),
    ).map(routeKey);
    expect(missing).toEqual([]);
  });

  it(`answers ${FUZZ_REQUESTS.input} hostile requests without a 5xx, with well-formed problems, writing nothing when refusing`, async () => {
    const started = Date.now();
    await session.begin();
    const edge = edgeRequests();
    const request = fc.oneof(
      ...ROUTES.map((route) =>
        routeRequest(route, seedsOf(route), {
          authorization: caller(route),
          cursors: fixtures.cursors,
          mutate: true,
        }),
      ),
    );
    const runs = Math.ceil((FUZZ_REQUESTS.input - edge.length) / BATCH) + 1;
    await fc.assert(
      fc.asyncProperty(
        fc.array(request, { minLength: BATCH, maxLength: BATCH }).map(batchOf),
        async (batch) => {
          const defects = await session.run(batch.requests);
          if (defects.length > 0)
            throw new Error(`${defects.length} defects:\n${defects.slice(0, 15).join('\n')}`);
        },
      ),
      { numRuns: runs, examples: [[batchOf(edge)]], endOnFailure: true, seed: fuzzSeed() },
    );
    expect((await session.flush()).slice(0, 15)).toEqual([]);
    const { stats } = session;
    console.log(
      `fuzz-input: ${stats.sent} requests in ${Math.round((Date.now() - started) / 1000)} s ` +
        `(sending ${Math.round(stats.sendingMs / 1000)} s, table ${Math.round(stats.tableMs / 1000)} s); ` +
        `${stats.comparedWithTable} in batches whose table was compared (unchanged), ${stats.succeeded} answered 2xx ` +
        `(${stats.acceptedWrites} accepted writes, not compared); statuses ${JSON.stringify(stats.byStatus)}`,
    );
    expect(stats.sent).toBeGreaterThanOrEqual(FUZZ_REQUESTS.input);
    // Every route was reached, not just declared.
    expect(ROUTES.map(routeKey).filter((key) => (stats.byRoute[key] ?? 0) < 50)).toEqual([]);
    // Most requests are refused ones whose batches were compared with the table.
    expect(stats.comparedWithTable).toBeGreaterThan(stats.sent * 0.75);
  }, 420_000);
});
