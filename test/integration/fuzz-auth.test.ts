/**
 * Property-based fuzzing of the token check on every route of infra/routes.ts: requests that
 * would be accepted with a good token (seed paths, queries and bodies), sent with a bad one —
 * none, other schemes, garbage, genuine tokens with forged claims (the directorate's group,
 * another unit, another user, expired, no expiry) under their old signature, the same claims
 * signed by another key or by a key the token carries, `alg: none`, HS256 keyed with the
 * issuer's public key, mangled signatures. Properties: every answer 401 not-authenticated
 * (413 for a body over the gateway's 10 MB, refused before the token is read), a well-formed
 * problem, and the table unchanged.
 */
import fc from 'fast-check';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTES as DECLARED, type RouteDefinition, routeKey } from '../../infra/routes.js';
import { DEMO_USERS } from '../../local/issuer.js';
import { GATEWAY_MAX_BODY_BYTES } from '../../local/server.js';
import type { ReportNeedResponse } from '../../shared/schemas/referral.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { FUZZ_REQUESTS, type FuzzRequest, FuzzSession, fuzzSeed } from '../support/fuzz.js';
import { batchOf, labelled, type RouteSeeds, routeRequest } from '../support/fuzz-arbitraries.js';
import { badAuthorization, badAuthorizations, type TokenMaterial } from '../support/fuzz-tokens.js';
import { tableInspector } from '../support/table.js';

const ROUTES: readonly RouteDefinition[] = DECLARED;
const api = new ApiClient(inject('baseUrl'));
const table = tableInspector(inject('dynamodbEndpoint'), inject('tableName'));

const BATCH = 800;

/** Path parameters and bodies that a good token would get through: only the token is wrong. */
function seedsFor(route: RouteDefinition, ids: { needId: string; referralId: string }): RouteSeeds {
  const params: Record<string, string[]> = {
    id: [
      route.path.startsWith('/v1/needs')
        ? ids.needId
        : route.path.startsWith('/v1/alerts')
          ? `risk-${ids.needId}`
          : ids.referralId,
    ],
    unitId: ['health'],
  };
  const bodies: Record<string, unknown> = {
    'POST /v1/needs': validReport(),
    'POST /v1/referrals/{id}/transitions': { action: 'accept', expectedVersion: 1 },
    'POST /v1/alerts/{id}/acknowledge': { note: 'seen' },
    'PUT /v1/settings/hotspot-rule': { threshold: 2, windowDays: 90 },
    'PUT /v1/settings/sla/units/{unitId}/calendar': { calendar: null, expectedVersion: 1 },
  };
  return { params, bodies: [bodies[routeKey(route)] ?? {}], queries: [{}] };
}

describe('fuzzing every route with bad tokens', () => {
  let session: FuzzSession;
  let material: TokenMaterial;
  let ids: { needId: string; referralId: string };

  beforeAll(async () => {
    const reported = await api.reportNeed<ReportNeedResponse>(
      'member.amina',
      validReport({ cohesionRisks: ['discrimination'] }),
    );
    expect(reported.status).toBe(201);
    ids = { needId: reported.body.need.id, referralId: reported.body.referrals[0]?.id as string };
    const genuine = await Promise.all(DEMO_USERS.map((user) => api.token(user.username)));
    const jwks = await api.request<{ keys: JWK[] }>('GET', '/.well-known/jwks.json');
    material = await badAuthorizations(genuine, jwks.body);
    session = new FuzzSession({
      baseUrl: inject('baseUrl'),
      api,
      table,
      tableName: inject('tableName'),
      authenticated: false,
    });
  });

  afterAll(() => session?.close());

  it(`answers ${FUZZ_REQUESTS.auth} requests with bad tokens 401, writing nothing`, async () => {
    const started = Date.now();
    await session.begin();
    // Every prepared header at least once, round the routes; and a body over 10 MB on each body route.
    const edge: FuzzRequest[] = material.headers.map((authorization, index) => {
      const route = ROUTES[index % ROUTES.length] as RouteDefinition;
      return fc.sample(
        routeRequest(route, seedsFor(route, ids), {
          authorization: fc.constant(authorization),
          cursors: [],
          mutate: false,
        }),
        { numRuns: 1, seed: index },
      )[0] as FuzzRequest;
    });
    for (const route of ROUTES.filter((candidate) => candidate.request?.body !== undefined)) {
      edge.push(
        labelled({
          label: `${route.method} ${route.path} with no token [${GATEWAY_MAX_BODY_BYTES + 1} bytes]`,
          method: route.method,
          path: route.path.replace(/\{[a-zA-Z]+\}/g, ids.referralId),
          headers: { 'content-type': 'application/json' },
          body: { filler: GATEWAY_MAX_BODY_BYTES + 1 },
        }),
      );
    }
    const request = fc.oneof(
      ...ROUTES.map((route) =>
        routeRequest(route, seedsFor(route, ids), {
          authorization: badAuthorization(material),
          cursors: [],
          mutate: false,
        }),
      ),
    );
    const runs = Math.ceil(Math.max(0, FUZZ_REQUESTS.auth - edge.length) / BATCH) + 1;
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
    expect(await session.flush()).toEqual([]);
    const { stats } = session;
    console.log(
      `fuzz-auth: ${stats.sent} requests (${material.headers.length} prepared headers) in ${Math.round(
        (Date.now() - started) / 1000,
      )} s (sending ${Math.round(stats.sendingMs / 1000)} s, table ${Math.round(stats.tableMs / 1000)} s); ` +
        `statuses ${JSON.stringify(stats.byStatus)}`,
    );
    expect(stats.sent).toBeGreaterThanOrEqual(FUZZ_REQUESTS.auth);
    expect(stats.succeeded).toBe(0);
    expect(stats.comparedWithTable).toBe(stats.sent);
    expect(ROUTES.map(routeKey).filter((key) => (stats.byRoute[key] ?? 0) < 50)).toEqual([]);
  }, 300_000);
});
