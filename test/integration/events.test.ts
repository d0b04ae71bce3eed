import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RULES } from '../../infra/rules.js';
import type { Alert } from '../../shared/schemas/alert.js';
import type { ReportNeedResponse } from '../../shared/schemas/referral.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { alertsOfNeed, busStats, settle } from '../support/events.js';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime.js';

const api = new ApiClient(inject('baseUrl'));

type Problem = { type: string; status: number; errors?: { field: string }[] };

async function flaggedNeed(client: ApiClient, neighbourhood: string, risks: string[] = ['discrimination']) {
  const reported = await client.reportNeed<ReportNeedResponse>(
    'member.mehmet',
    validReport({ district: 'ceyhan', neighbourhood, cohesionRisks: risks as never }),
  );
  expect(reported.status).toBe(201);
  return reported.body.need.id;
}

const placeName = () => `Test Mahallesi ${randomUUID().slice(0, 8)}`;

describe('cohesion-risk alerts', () => {
  it('raises exactly one alert for a flagged need, and tells the directorate once', async () => {
    const needId = await flaggedNeed(api, placeName(), ['hate_incident', 'discrimination']);
    await settle(api);
    const alerts = await alertsOfNeed(api, needId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      id: `risk-${needId}`,
      type: 'cohesion-risk',
      status: 'open',
      riskTypes: ['hate_incident', 'discrimination'],
      district: 'ceyhan',
      version: 1,
    });
    const notices = await api.as<{ items: { body: string }[] }>(
      'director',
      'GET',
      '/local/alert-notifications',
    );
    expect(notices.body.items.filter((notice) => notice.body.includes(needId))).toHaveLength(1);
  });

  it('raises one hotspot when three flags meet in one neighbourhood, not one per flag', async () => {
    const place = placeName();
    const needIds = [
      await flaggedNeed(api, place),
      await flaggedNeed(api, place.toLocaleUpperCase('tr')),
      await flaggedNeed(api, ` ${place} `, ['eviction_threat']),
    ];
    await settle(api);
    const hotspots = (await alertsOfNeed(api, needIds[0] as string)).filter(
      (alert) => alert.type === 'cohesion-hotspot',
    );
    expect(hotspots).toHaveLength(1);
    expect(hotspots[0]?.needIds).toEqual(needIds);
    expect(hotspots[0]?.riskTypes).toEqual(['discrimination', 'eviction_threat']);

    // A fourth flag in the same window is covered by the live hotspot.
    const fourth = await flaggedNeed(api, place);
    await settle(api);
    expect((await alertsOfNeed(api, fourth)).map((alert) => alert.type)).toEqual(['cohesion-risk']);
    const stillOne = (await alertsOfNeed(api, needIds[0] as string)).filter(
      (alert) => alert.type === 'cohesion-hotspot',
    );
    expect(stillOne).toHaveLength(1);

    const notices = await api.as<{ items: { subject: string; body: string }[] }>(
      'director',
      'GET',
      '/local/alert-notifications',
    );
    expect(
      notices.body.items.filter(
        (notice) => notice.subject.includes('hotspot') && notice.body.includes(needIds[0] as string),
      ),
    ).toHaveLength(1);
  });

  it('lets the directorate filter and acknowledge alerts, once', async () => {
    const needId = await flaggedNeed(api, placeName());
    await settle(api);
    const [alert] = (await alertsOfNeed(api, needId)) as [Alert];
    const open = await api.as<{ items: Alert[] }>(
      'director',
      'GET',
      '/v1/alerts?status=open&district=ceyhan&type=cohesion-risk&limit=100',
    );
    expect(open.body.items.map((item) => item.id)).toContain(alert.id);
    for (const item of open.body.items)
      expect(item).toMatchObject({ status: 'open', district: 'ceyhan', type: 'cohesion-risk' });

    const missingNote = await api.as<Problem>('director', 'POST', `/v1/alerts/${alert.id}/acknowledge`, {
      body: {},
    });
    expect(missingNote.status).toBe(400);
    expect(missingNote.body.errors?.map((error) => error.field)).toEqual(['note']);
    const acknowledged = await api.as<Alert>('director', 'POST', `/v1/alerts/${alert.id}/acknowledge`, {
      body: { note: 'Muhtar contacted; mediation visit on Thursday' },
    });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({
      status: 'acknowledged',
      version: 2,
      acknowledgementNote: 'Muhtar contacted; mediation visit on Thursday',
    });
    const again = await api.as<Problem>('director', 'POST', `/v1/alerts/${alert.id}/acknowledge`, {
      body: { note: 'again' },
    });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/alert-already-acknowledged');
    const acknowledgedList = await api.as<{ items: Alert[] }>(
      'director',
      'GET',
      '/v1/alerts?status=acknowledged&limit=100',
    );
    expect(acknowledgedList.body.items.map((item) => item.id)).toContain(alert.id);
    const openList = await api.as<{ items: Alert[] }>('director', 'GET', '/v1/alerts?status=open&limit=100');
    expect(openList.body.items.map((item) => item.id)).not.toContain(alert.id);
    expect(
      (
        await api.as('director', 'POST', '/v1/alerts/risk-01ARZ3NDEKTSV4RRFFQ69G5FAV/acknowledge', {
          body: { note: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it.each(['member.amina', 'staff.health'])('is the directorate’s alone: %s gets 403', async (username) => {
    expect((await api.as(username, 'GET', '/v1/alerts')).status).toBe(403);
    expect((await api.as(username, 'GET', '/local/dead-letters')).status).toBe(403);
  });
});

describe('the hotspot rule', () => {
  it('is the directorate’s to read and change; a lower threshold raises hotspots sooner', async () => {
    const rule = await api.as<{ threshold: number; windowDays: number }>(
      'director',
      'GET',
      '/v1/settings/hotspot-rule',
    );
    expect(rule.body).toEqual({ threshold: 3, windowDays: 7 });
    try {
      const changed = await api.as('director', 'PUT', '/v1/settings/hotspot-rule', {
        body: { threshold: 2, windowDays: 7 },
      });
      expect(changed.status).toBe(200);
      const place = placeName();
      const first = await flaggedNeed(api, place);
      await flaggedNeed(api, place);
      await settle(api);
      expect((await alertsOfNeed(api, first)).map((alert) => alert.type).sort()).toEqual([
        'cohesion-hotspot',
        'cohesion-risk',
      ]);
    } finally {
      await api.as('director', 'PUT', '/v1/settings/hotspot-rule', { body: { threshold: 3, windowDays: 7 } });
    }
    const bad = await api.as<Problem>('director', 'PUT', '/v1/settings/hotspot-rule', {
      body: { threshold: 1, windowDays: 7 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((error) => error.field)).toEqual(['threshold']);
    expect(
      (
        await api.as('staff.health', 'PUT', '/v1/settings/hotspot-rule', {
          body: { threshold: 3, windowDays: 7 },
        })
      ).status,
    ).toBe(403);
  });
});

describe('local rules', () => {
  it('are the rules of infra/rules.ts — the same the Events stack deploys (test/infra/suites/events.ts)', async () => {
    const response = await api.as<{ rules: unknown }>('director', 'GET', '/local/events/rules');
    expect(response.status).toBe(200);
    expect(response.body.rules).toEqual(JSON.parse(JSON.stringify(RULES)));
  });
});

describe('delivery under failing consumers', () => {
  let faulty: LocalRuntime;
  let client: ApiClient;
  beforeAll(async () => {
    faulty = await startLocalRuntime({
      demoData: false,
      env: {
        JISR_LOCAL_FAULTS: JSON.stringify({
          'raise-cohesion-alert': { failTimes: 2 },
          // Fails its 9 deliveries (1 + 8 retries), so it is dead-lettered; a replay then succeeds.
          'notify-directorate': { failTimes: 9 },
        }),
      },
    });
    client = new ApiClient(faulty.baseUrl);
  });
  afterAll(async () => {
    await faulty.stop();
  });

  it('retries a consumer that fails twice, losing and duplicating nothing; dead-letters one that keeps failing, event intact, and replays it', async () => {
    const needId = await flaggedNeed(client, placeName(), ['misinformation']);
    await settle(client);

    // Failed twice, then succeeded: one alert, nothing dead-lettered for that rule.
    expect((await alertsOfNeed(client, needId)).map((alert) => alert.id)).toEqual([`risk-${needId}`]);
    const stats = await busStats(client);
    expect(stats['cohesion-risk-raises-alert']).toMatchObject({
      received: 1,
      delivered: 1,
      retried: 2,
      deadLettered: 0,
    });

    // Failing every delivery: retried to the end of its policy, then kept whole in the dead-letter store.
    expect(stats['alerts-notify-directorate']).toMatchObject({
      received: 1,
      delivered: 0,
      deadLettered: 1,
    });
    for (const rule of Object.values(stats)) expect(rule.received).toBe(rule.delivered + rule.deadLettered);
    const letters = await client.as<{
      items: { rule: string; functionName: string; event: Record<string, unknown>; attempts: number }[];
    }>('director', 'GET', '/local/dead-letters');
    expect(letters.body.items).toHaveLength(1);
    const [letter] = letters.body.items;
    expect(letter).toMatchObject({
      rule: 'alerts-notify-directorate',
      functionName: 'notify-directorate',
      attempts: 9,
      event: {
        source: 'jisr.needs',
        'detail-type': 'CohesionRiskFlagged',
        detail: {
          eventId: `cohesion-risk-flagged:${needId}`,
          needId,
          riskTypes: ['misinformation'],
          schemaVersion: 1,
        },
      },
    });
    const notices = await client.as<{ items: unknown[] }>('director', 'GET', '/local/alert-notifications');
    expect(notices.body.items).toEqual([]);

    // The directorate replays the dead letter once the consumer works again: delivered once, letter gone.
    const letterId = (letters.body.items[0] as unknown as { id: string }).id;
    const replayed = await client.as<{ delivered: boolean }>(
      'director',
      'POST',
      `/local/dead-letters/${letterId}/replay`,
    );
    expect(replayed.status).toBe(200);
    expect(replayed.body.delivered).toBe(true);
    expect(
      (await client.as<{ items: unknown[] }>('director', 'GET', '/local/dead-letters')).body.items,
    ).toEqual([]);
    const after = await client.as<{ items: { body: string }[] }>(
      'director',
      'GET',
      '/local/alert-notifications',
    );
    expect(after.body.items.filter((notice) => notice.body.includes(needId))).toHaveLength(1);
    expect((await busStats(client))['alerts-notify-directorate']).toMatchObject({ replayed: 1 });
  });
});
