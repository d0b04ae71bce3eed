/**
 * The canary: a distinctive name and phone number are planted in a report, then every flow
 * runs; they must appear in exactly one place — the response to the holding unit's staff,
 * whose read is audited — and never in logs, events, audit entries, notifications, lists,
 * anything the directorate reads, or the table in plain text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral, ReportNeedResponse } from '../../shared/schemas/referral.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { settle } from '../support/events.js';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime.js';
import { tableInspector } from '../support/table.js';

const CANARY_NAME = 'Qanarya Xylophon-93517';
const CANARY_PHONE = '+90 555 935 17 17';
const leaks = (text: string) =>
  text.includes('Xylophon-93517') || text.includes('935 17 17') || text.includes('93517');

let runtime: LocalRuntime;
beforeAll(async () => {
  // Its own runtime, logging everything handlers log (DEBUG), so the logs can be searched.
  // Every event is also kept whole in the dead-letter store (both consumers always fail), so
  // what travels on the bus can be searched too.
  runtime = await startLocalRuntime({
    demoData: false,
    env: {
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      JISR_LOCAL_FAULTS: JSON.stringify({ 'raise-cohesion-alert': 'always', 'notify-directorate': 'always' }),
    },
  });
});
afterAll(async () => {
  await runtime.stop();
});

describe('personal data canary', () => {
  it('reaches only the holding unit, audited, and nothing else', async () => {
    const api = new ApiClient(runtime.baseUrl);
    const seen: string[] = [];
    const record = (body: unknown) => seen.push(JSON.stringify(body));

    const reported = await api.reportNeed<ReportNeedResponse>(
      'member.amina',
      validReport({
        categories: ['health', 'housing'],
        cohesionRisks: ['eviction_threat'],
        contact: { name: CANARY_NAME, phone: CANARY_PHONE },
      }),
    );
    expect(reported.status).toBe(201);
    record(reported.body);
    const [health, housing] = reported.body.referrals as [Referral, Referral];

    // The only sanctioned read: staff of the unit holding the active referral.
    const staffRead = await api.as<Referral>('staff.health', 'GET', `/v1/referrals/${health.id}`);
    expect(staffRead.body.contact).toEqual({ name: CANARY_NAME, phone: CANARY_PHONE });

    // Everything else anyone can read.
    const step = async (username: string, body: Record<string, unknown>, referral: Referral) => {
      const response = await api.as<Referral>(username, 'POST', `/v1/referrals/${referral.id}/transitions`, {
        body,
      });
      expect(response.status).toBe(200);
      record(response.body);
    };
    await step('staff.health', { action: 'accept', expectedVersion: 1 }, health);
    await step('staff.health', { action: 'start', expectedVersion: 2 }, health);
    await step(
      'staff.health',
      { action: 'resolve', expectedVersion: 3, outcome: 'service_provided' },
      health,
    );
    await step('member.amina', { action: 'close', expectedVersion: 4 }, health);
    await step('director', { action: 'transfer', expectedVersion: 1, toUnitId: 'employment' }, housing);
    for (const [username, path] of [
      ['member.amina', `/v1/needs/${reported.body.need.id}`],
      ['member.amina', '/v1/referrals?limit=100'],
      ['member.amina', `/v1/referrals/${health.id}`],
      ['member.amina', `/v1/referrals/${health.id}/history`],
      ['member.amina', '/v1/notifications?limit=100'],
      ['staff.health', '/v1/referrals?limit=100'],
      ['staff.health', `/v1/referrals/${health.id}`],
      ['staff.health', `/v1/referrals/${health.id}/history`],
      ['director', `/v1/needs/${reported.body.need.id}`],
      ['director', '/v1/referrals?limit=100'],
      ['director', '/v1/referrals?unitId=health&limit=100'],
      ['director', `/v1/referrals/${health.id}`],
      ['director', `/v1/referrals/${health.id}/history`],
      ['director', `/v1/referrals/${housing.id}/history`],
    ] as const) {
      const response = await api.as(username, 'GET', path);
      expect(response.status, `${username} ${path}`).toBe(200);
      record(response.body);
    }

    await settle(api);
    const letters = await api.as<{ items: { event: { 'detail-type': string } }[] }>(
      'director',
      'GET',
      '/local/dead-letters',
    );
    expect(letters.body.items.map((letter) => letter.event['detail-type'])).toEqual([
      'CohesionRiskFlagged',
      'CohesionRiskFlagged',
    ]);
    record(letters.body);
    record((await api.as('director', 'GET', '/local/alert-notifications')).body);
    for (const [index, body] of seen.entries()) {
      expect(leaks(body), `response ${index}: ${body.slice(0, 200)}`).toBe(false);
    }
    expect(leaks(runtime.output()), 'the runtime logs').toBe(false);
    expect(runtime.output()).toContain('request completed'); // the logs were really captured

    const table = tableInspector(runtime.dynamodbEndpoint, runtime.tableName);
    const items = await table.items();
    expect(items.filter((item) => leaks(JSON.stringify(item)))).toEqual([]);
    const reads = items.filter((item) => item.kind === 'ContactRead');
    expect(reads).toEqual([
      expect.objectContaining({ referralId: health.id, actorRole: 'unit-staff', actorUnitId: 'health' }),
    ]);
  });
});
