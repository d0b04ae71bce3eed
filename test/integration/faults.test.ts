/**
 * Faults, through the real local runtime (issue 8, part B). Each suite starts runtimes of its
 * own, so what it breaks disturbs no other test file:
 *
 * 1. DynamoDB Local killed and started again under steady traffic: 503 + Retry-After while it
 *    is away, never a 500; every report whole or absent, one need per Idempotency-Key; the
 *    same runtime serves again by itself, and its stream consumers catch up.
 * 2. Event consumers that throw: retried per their rule's policy, then dead-lettered; events in
 *    = handled + dead-lettered.
 * 3. The outbox publisher interrupted in the middle of a batch (the bus refuses, or takes the
 *    events and loses its answer): it resumes where it stopped, and every event has its effect
 *    exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../infra/rules.js';
import type { Alert } from '../../shared/schemas/alert.js';
import type { ReportNeedResponse } from '../../shared/schemas/referral.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { alertsOfNeed, busStats, type RuleStats, settle } from '../support/events.js';
import {
  crash,
  type Exchange,
  OwnDynamoDb,
  PatientApiClient,
  reportProblems,
  Traffic,
} from '../support/faults.js';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime.js';
import { tableInspector } from '../support/table.js';

const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

interface DeadLetter {
  id: string;
  rule: string;
  functionName: string;
  reason: string;
  attempts: number;
  event: { detail: { eventId?: string; needId?: string } };
}

async function deadLetters(api: ApiClient): Promise<DeadLetter[]> {
  const response = await api.as<{ items: DeadLetter[] }>('director', 'GET', '/local/dead-letters');
  expect(response.status).toBe(200);
  return response.body.items;
}

async function notificationsAbout(api: ApiClient, needId: string): Promise<number> {
  const response = await api.as<{ items: { body: string }[] }>(
    'director',
    'GET',
    '/local/alert-notifications',
  );
  expect(response.status).toBe(200);
  return response.body.items.filter((notice) => notice.body.includes(needId)).length;
}

async function verifyRollups(api: ApiClient): Promise<unknown[]> {
  const response = await api.as<{ differences: unknown[] }>('director', 'POST', '/local/rollups/verify');
  expect(response.status).toBe(200);
  return response.body.differences;
}

/** Every rule: each event it received was delivered or dead-lettered, none lost, none in flight. */
function expectEveryEventAccountedFor(stats: Record<string, RuleStats>) {
  for (const [rule, counts] of Object.entries(stats)) {
    expect(counts.lost, rule).toBe(0);
    expect(counts.received, rule).toBe(counts.delivered + counts.deadLettered);
  }
}

const OPERATIONS = ['report', 'list-referrals', 'get-need', 'transition'] as const;

describe('DynamoDB Local killed and started again under traffic', () => {
  let dir: string;
  let db: OwnDynamoDb;
  let runtime: LocalRuntime;
  let api: ApiClient;
  const traffic = () => new Traffic(new ApiClient(runtime.baseUrl), { reporters: 2 });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jisr-faults-db-'));
    db = await OwnDynamoDb.start(join(dir, 'dynamodb'));
    runtime = await startLocalRuntime({
      demoData: false,
      persistIn: join(dir, 'runtime'),
      env: { JISR_DYNAMODB_ENDPOINT: db.endpoint, JISR_SCHEDULE_SECONDS: '0' },
    });
    api = new PatientApiClient(runtime.baseUrl);
    for (const user of ['member.amina', 'staff.health', 'director']) await api.token(user);
  }, 180_000);

  afterAll(async () => {
    await runtime?.stop();
    await db?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 + Retry-After while it is away, never 500; loses and doubles nothing; serves again by itself', async () => {
    const load = traffic();
    load.start();
    try {
      // Steady: reports done, transitions made and more waiting, when the database goes.
      await load.until(
        (t) =>
          t.reports.filter((report) => report.done).length >= 4 &&
          t.transitions.some((transition) => transition.outcome !== undefined) &&
          t.transitions.filter((transition) => transition.outcome === undefined).length >= 2,
        90_000,
      );
      await db.kill();
      load.phase = 'down';
      // Longer than a stream consumer's retries last (10, at most 2 s apart) and an event target's (8).
      await pause(15_000);
      load.phase = 'restarting';
      await db.restart();
      load.phase = 'up-again';
      // Served again, by the same runtime: each kind of request sent from now on succeeds.
      await load.until(
        (t) =>
          OPERATIONS.every((operation) =>
            t.exchanges.some((e) => e.phase === 'up-again' && e.operation === operation && e.status < 300),
          ),
        120_000,
      );
      await load.drain(90_000);
    } finally {
      await load.stop();
    }
    expect(load.outstanding(), 'reports and transitions still failing after the restart').toBe(0);
    expect(runtime.process.exitCode, 'the runtime kept running').toBeNull();

    const { exchanges } = load;
    const during = (phase: string, operation?: string) =>
      exchanges.filter((e) => e.phase === phase && (operation === undefined || e.operation === operation));
    const describeAll = (list: readonly Exchange[]) =>
      JSON.stringify(list.map((e) => `${e.operation} ${e.phase} ${e.status} ${e.problemType ?? ''}`));
    // How many of each (phase, operation, status), for the messages of failed expectations.
    const tally = JSON.stringify(
      Object.entries(
        Object.groupBy(exchanges, (e) => `${e.phase} ${e.operation} ${e.status} ${e.problemType ?? ''}`),
      ).map(([key, list]) => `${key}: ${list?.length}`),
    );

    // Never a 500 (nor anything else unexpected), in any phase.
    const unexpected = exchanges.filter(
      (e) =>
        ![200, 201, 503].includes(e.status) &&
        !(
          e.status === 409 &&
          ['/problems/stale-version', '/problems/idempotency-key-in-use'].includes(e.problemType ?? '')
        ),
    );
    expect(describeAll(unexpected)).toBe('[]');

    // While the database is away, every kind of request fails fast with a 503 that says when to retry.
    for (const operation of ['report', 'list-referrals', 'transition'] as const)
      expect(during('down', operation).length, `${operation} requests while down: ${tally}`).toBeGreaterThan(
        0,
      );
    const refused = exchanges.filter((e) => e.status === 503);
    for (const e of refused) {
      expect(e.contentType).toBe('application/problem+json');
      expect(e.problemType).toBe('/problems/temporarily-unavailable');
      expect(Number(e.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    const whileDown = during('down');
    expect(describeAll(whileDown.filter((e) => e.status !== 503))).toBe('[]');
    expect(Math.max(...whileDown.map((e) => e.millis)), 'slowest answer while down (ms)').toBeLessThan(5_000);

    // It serves again without a restart of the runtime: every kind of request succeeds.
    for (const operation of OPERATIONS)
      expect(
        during('up-again', operation).filter((e) => e.status < 300).length,
        `${operation} after the restart: ${tally}`,
      ).toBeGreaterThan(0);

    // Every report whole, exactly one need per key — also for the keys retried across the outage.
    const table = tableInspector(db.endpoint, runtime.tableName);
    const items = await table.items();
    expect(reportProblems(items, load.reports)).toEqual([]);
    const accepted = items.filter((item) => item.kind === 'Referral' && item.status === 'accepted');
    expect(accepted.map((item) => item.id).sort()).toEqual(load.transitions.map((t) => t.referralId).sort());

    // The stream consumers survived the outage and caught up: rollups match the referrals...
    await settle(api);
    expect(await verifyRollups(api)).toEqual([]);
    const letters = await deadLetters(api);
    expect(letters.filter((letter) => letter.rule === 'table-stream')).toEqual([]);
    // ...and whatever the alert consumers could not take while the database was away was
    // retried per policy and kept; replayed now, every flagged need has its one alert.
    for (const letter of letters) {
      const replayed = await api.as<{ delivered: boolean }>(
        'director',
        'POST',
        `/local/dead-letters/${letter.id}/replay`,
      );
      expect(replayed.body.delivered).toBe(true);
    }
    await settle(api);
    expectEveryEventAccountedFor(await busStats(api));
    const flagged = load.reports.filter((report) => report.body.cohesionRisks !== undefined);
    expect(flagged.length).toBeGreaterThan(0);
    for (const report of flagged) {
      const needId = report.answeredNeedIds[0] as string;
      expect((await alertsOfNeed(api, needId)).map((alert) => alert.id)).toEqual([`risk-${needId}`]);
      expect(await notificationsAbout(api, needId)).toBeGreaterThanOrEqual(1);
    }
    table.client.destroy();
  }, 300_000);
});

const ruleNamed = (name: string) => RULES.find((rule) => rule.name === name) as (typeof RULES)[number];
const RAISE_RULE = 'cohesion-risk-raises-alert';
const NOTIFY_RULE = 'alerts-notify-directorate';

/** Reports flagged needs, each in a place of its own (no hotspot), at once; their ids. */
async function flaggedNeeds(api: ApiClient, count: number, tag: string): Promise<string[]> {
  const responses = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      api.reportNeed<ReportNeedResponse>(
        'member.mehmet',
        validReport({
          district: 'ceyhan',
          neighbourhood: `${tag} Mahallesi ${index} ${Date.now()}`,
          cohesionRisks: ['inter_community_tension'],
          ...(index % 2 === 0 ? { categories: ['health', 'education'] } : {}),
        }),
      ),
    ),
  );
  for (const response of responses) expect(response.status).toBe(201);
  return responses.map((response) => response.body.need.id);
}

async function published(api: ApiClient): Promise<Record<string, number>> {
  const response = await api.as<{ events: Record<string, number> }>(
    'director',
    'GET',
    '/local/events/published',
  );
  expect(response.status).toBe(200);
  return response.body.events;
}

/** The events the outbox owes for these needs: NeedReported, CohesionRiskFlagged, ReferralRouted per leg. */
async function owedEvents(api: ApiClient, needIds: readonly string[]): Promise<string[]> {
  const owed: string[] = [];
  for (const needId of needIds) {
    const need = await api.as<{ referrals: { id: string }[] }>('director', 'GET', `/v1/needs/${needId}`);
    expect(need.status).toBe(200);
    owed.push(`need-reported:${needId}`, `cohesion-risk-flagged:${needId}`);
    for (const referral of need.body.referrals) owed.push(`referral-routed:${referral.id}`);
  }
  return owed;
}

/** Each flagged need has exactly one alert and exactly one notification to the directorate. */
async function expectOneAlertAndOneNotificationEach(api: ApiClient, needIds: readonly string[]) {
  for (const needId of needIds) {
    const alerts: Alert[] = await alertsOfNeed(api, needId);
    expect(alerts.map((alert) => alert.id)).toEqual([`risk-${needId}`]);
    expect(await notificationsAbout(api, needId), `notifications about ${needId}`).toBe(1);
  }
}

describe('event consumers that throw', () => {
  const raiseRetries = ruleNamed(RAISE_RULE).retryPolicy.maximumRetryAttempts;
  const notifyRetries = ruleNamed(NOTIFY_RULE).retryPolicy.maximumRetryAttempts;
  let runtime: LocalRuntime;
  let api: ApiClient;

  beforeAll(async () => {
    runtime = await startLocalRuntime({
      demoData: false,
      env: {
        JISR_SCHEDULE_SECONDS: '0',
        JISR_LOCAL_FAULTS: JSON.stringify({
          // Fails every try but the last its policy allows: delivered at the very end.
          'raise-cohesion-alert': { failTimes: raiseRetries },
          // Fails one more time than its policy allows: dead-lettered.
          'notify-directorate': { failTimes: notifyRetries + 1 },
        }),
      },
    });
    api = new PatientApiClient(runtime.baseUrl);
  }, 180_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('are retried exactly per their rule’s policy, then dead-lettered; events in = handled + dead-lettered, and replays add up', async () => {
    const needIds = await flaggedNeeds(api, 3, 'Hata');
    await settle(api);

    const flaggedIn = Object.keys(await published(api)).filter((id) =>
      id.startsWith('cohesion-risk-flagged:'),
    );
    expect(flaggedIn.sort()).toEqual(needIds.map((id) => `cohesion-risk-flagged:${id}`).sort());
    const stats = await busStats(api);
    expect(stats[RAISE_RULE]).toMatchObject({
      received: needIds.length,
      delivered: needIds.length,
      retried: needIds.length * raiseRetries,
      deadLettered: 0,
      lost: 0,
    });
    expect(stats[NOTIFY_RULE]).toMatchObject({
      received: needIds.length,
      delivered: 0,
      retried: needIds.length * notifyRetries,
      deadLettered: needIds.length,
      lost: 0,
    });
    expectEveryEventAccountedFor(stats);

    const letters = await deadLetters(api);
    expect(letters.map((letter) => letter.event.detail.eventId).sort()).toEqual(flaggedIn.sort());
    for (const letter of letters)
      expect(letter).toMatchObject({
        rule: NOTIFY_RULE,
        functionName: 'notify-directorate',
        reason: 'retries-exhausted',
        attempts: notifyRetries + 1,
      });
    for (const needId of needIds) {
      expect((await alertsOfNeed(api, needId)).map((alert) => alert.id)).toEqual([`risk-${needId}`]);
      expect(await notificationsAbout(api, needId)).toBe(0);
    }

    // Replayed once the consumer works again: each delivered once, the store empty, the sums still add up.
    for (const letter of letters) {
      const replayed = await api.as<{ delivered: boolean }>(
        'director',
        'POST',
        `/local/dead-letters/${letter.id}/replay`,
      );
      expect(replayed.body.delivered).toBe(true);
    }
    await settle(api);
    expect(await deadLetters(api)).toEqual([]);
    const after = await busStats(api);
    expect(after[NOTIFY_RULE]).toMatchObject({
      received: 2 * needIds.length,
      replayed: needIds.length,
      delivered: needIds.length,
      deadLettered: needIds.length,
    });
    expectEveryEventAccountedFor(after);
    await expectOneAlertAndOneNotificationEach(api, needIds);
  }, 120_000);
});

describe('the outbox publisher interrupted in the middle of a batch', () => {
  const NEEDS = 8;

  it('resumes from the record the bus refused: nothing lost, nothing before it published again', async () => {
    const runtime = await startLocalRuntime({
      demoData: false,
      env: {
        JISR_SCHEDULE_SECONDS: '0',
        // About a third of the way into the burst's events, the bus refuses three calls in a row.
        JISR_LOCAL_PUT_EVENTS_FAULT: JSON.stringify({ afterEntries: 10, failCalls: 3, mode: 'refuse' }),
      },
    });
    try {
      const api = new PatientApiClient(runtime.baseUrl);
      const needIds = await flaggedNeeds(api, NEEDS, 'Kesinti');
      await settle(api);

      expect(runtime.output().match(/injected fault: PutEvents refused/g)).toHaveLength(3);
      expect(runtime.output()).toMatch(/stream poller: publish-events failed/);
      const counts = await published(api);
      const owed = await owedEvents(api, needIds);
      for (const eventId of owed) expect(counts[eventId], eventId).toBeGreaterThanOrEqual(1);
      expect(Object.keys(counts).sort()).toEqual([...owed].sort());
      // The only event published twice, if any, is one the refused call took before the cut
      // (the record is retried whole); everything before that record was published once.
      const twice = Object.entries(counts).filter(([, count]) => count > 1);
      expect(twice.length).toBeLessThanOrEqual(1);
      for (const [eventId, count] of twice) {
        expect(eventId).toMatch(/^need-reported:/);
        expect(count).toBe(2);
      }
      // What the bus refused reached no consumer: each flagged event arrived once.
      const stats = await busStats(api);
      expect(stats[RAISE_RULE]).toMatchObject({ received: NEEDS, delivered: NEEDS, deadLettered: 0 });
      expect(stats[NOTIFY_RULE]).toMatchObject({ received: NEEDS, delivered: NEEDS, deadLettered: 0 });
      expect(await deadLetters(api)).toEqual([]);
      await expectOneAlertAndOneNotificationEach(api, needIds);
    } finally {
      await runtime.stop();
    }
  }, 180_000);

  it('publishes again what the bus took but could not confirm; the consumers act on each event once', async () => {
    const runtime = await startLocalRuntime({
      demoData: false,
      env: {
        JISR_SCHEDULE_SECONDS: '0',
        // The first four calls are taken, and their answers lost: the SDK retries, then the stream.
        JISR_LOCAL_PUT_EVENTS_FAULT: JSON.stringify({ afterEntries: 0, failCalls: 4, mode: 'lose-response' }),
      },
    });
    try {
      const api = new PatientApiClient(runtime.baseUrl);
      const needIds = await flaggedNeeds(api, NEEDS, 'Yanıt');
      await settle(api);

      expect(runtime.output().match(/injected fault: PutEvents took/g)).toHaveLength(4);
      const counts = await published(api);
      const owed = await owedEvents(api, needIds);
      for (const eventId of owed) expect(counts[eventId], eventId).toBeGreaterThanOrEqual(1);
      expect(Object.keys(counts).sort()).toEqual([...owed].sort());
      // The first record's events went out five times (3 SDK attempts, then the stream's retry: 2 more).
      expect(Math.max(...Object.values(counts))).toBe(5);
      const stats = await busStats(api);
      expect(stats[RAISE_RULE]?.received).toBeGreaterThan(NEEDS);
      expectEveryEventAccountedFor(stats);
      expect(await deadLetters(api)).toEqual([]);
      // Consumers deduplicate on eventId: one alert, one notification per flagged need.
      await expectOneAlertAndOneNotificationEach(api, needIds);
    } finally {
      await runtime.stop();
    }
  }, 180_000);
});

describe('the runtime killed in the middle of a batch and started again on its data', () => {
  const NEEDS = 8;
  let dir: string;
  let db: OwnDynamoDb;
  const runtimes: LocalRuntime[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jisr-faults-crash-'));
    db = await OwnDynamoDb.start(join(dir, 'dynamodb'));
  }, 180_000);

  afterAll(async () => {
    for (const runtime of runtimes) await runtime.stop();
    await db?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const runtime = await startLocalRuntime({
      demoData: false,
      persistIn: join(dir, 'runtime'),
      env: {
        JISR_DYNAMODB_ENDPOINT: db.endpoint,
        JISR_SCHEDULE_SECONDS: '0',
        // A slow consumer (≥ 0.75 s an event): events wait in the bus's queue, where the crash finds them.
        JISR_LOCAL_FAULTS: JSON.stringify({ 'raise-cohesion-alert': { failTimes: 4 } }),
      },
    });
    runtimes.push(runtime);
    return runtime;
  };

  it('loses no event the publisher had put on the bus, and resumes the stream where it stopped', async () => {
    const first = await start();
    const before = new PatientApiClient(first.baseUrl);
    const needIds = await flaggedNeeds(before, NEEDS, 'Çökme');
    // Killed (SIGKILL: no orderly stop) once the publisher has put every flagged event on the
    // bus and moved its checkpoint past them, while the consumer is still working through them.
    const deadline = Date.now() + 120_000;
    while (
      Object.keys(await published(before)).filter((id) => id.startsWith('cohesion-risk-flagged:')).length <
      NEEDS
    ) {
      if (Date.now() > deadline) throw new Error('the publisher did not publish the flagged needs');
      await pause(20);
    }
    await pause(500);
    const raised = (await busStats(before))[RAISE_RULE]?.delivered ?? 0;
    expect(raised, 'alerts raised before the crash (the test needs some still queued)').toBeLessThan(
      NEEDS - 1,
    );
    await crash(first);

    const second = await start();
    const api = new PatientApiClient(second.baseUrl);
    await settle(api);
    // What a consumer could not finish before the crash was retried, and kept if still failing.
    for (const letter of await deadLetters(api)) {
      const replayed = await api.as<{ delivered: boolean }>(
        'director',
        'POST',
        `/local/dead-letters/${letter.id}/replay`,
      );
      expect(replayed.body.delivered).toBe(true);
    }
    await settle(api);
    for (const needId of needIds) {
      expect((await alertsOfNeed(api, needId)).map((alert) => alert.id)).toEqual([`risk-${needId}`]);
      // At least once: a crash between the notification and the record of it sends it again.
      expect(await notificationsAbout(api, needId), `notifications about ${needId}`).toBeGreaterThanOrEqual(
        1,
      );
    }
    expect(await verifyRollups(api)).toEqual([]);
  }, 300_000);
});
