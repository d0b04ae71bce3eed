/**
 * The dashboard through the real local runtime, checked against a plain recomputation. Some
 * 120 needs (about 200 referrals; JISR_DASHBOARD_NEEDS=250 for more) are reported over ten
 * weeks of May–July 2026 (19 May, Kurban Bayramı and its eve, 15 July around), by both members, across units, categories,
 * districts, priorities, beneficiary profiles and cohesion flags; their referrals go through
 * the lifecycle at later clock times (accepted, started, held and resumed, resolved, rejected,
 * transferred, routed from triage, cancelled, closed, reopened), and the SLA sweep runs now
 * and then. The rollups are kept by the runtime's own stream consumer.
 *
 * Then every referral is read back from the API and every figure of GET /v1/dashboard is
 * recomputed from them (test/support/dashboard-recompute.ts) — for each grouping, for the
 * directorate and for unit staff, over a period of whole months and one with partial months
 * at both ends — and compared exactly. Finally the rollups are verified, stream records are
 * delivered to the rollup consumer again, and a repair is run: none of it changes a figure.
 */

import { isDeepStrictEqual } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/dynamodb-local.js';
import { DynamoCouncilConfigurationStore } from '../../shared/adapters/dynamodb/council-configuration-store.js';
import { DynamoRollupStore } from '../../shared/adapters/dynamodb/rollup-store.js';
import { rollupStreamRecords } from '../../shared/adapters/dynamodb/rollup-stream.js';
import type { Alert } from '../../shared/schemas/alert.js';
import type { CatalogResponse } from '../../shared/schemas/catalog.js';
import {
  DASHBOARD_GROUPINGS,
  type DashboardGrouping,
  type DashboardResponse,
} from '../../shared/schemas/dashboard.js';
import type { ReportNeedRequest } from '../../shared/schemas/need.js';
import type { Referral, ReportNeedResponse } from '../../shared/schemas/referral.js';
import type { SlaSettingsResponse } from '../../shared/schemas/sla.js';
import { ApiClient } from '../support/api-client.js';
import { compareDashboard, expectedDashboard, type RecomputeInput } from '../support/dashboard-recompute.js';
import { settle } from '../support/events.js';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime.js';

const TIME_ZONE = 'Europe/Istanbul';
/** Istanbul wall time ("2026-05-26T10:00") as an ISO instant. */
const ist = (local: string) => new Date(`${local}:00+03:00`).toISOString();
/** The instant the figures are read at: the eve of 15 July (Democracy Day), a Tuesday morning. */
const NOW = '2026-07-14T10:00';
const CONCURRENCY = 8;
/**
 * Needs reported besides the hotspot clusters' 21. Each referral change costs the rollup
 * consumer a few transactions of up to ~40 cells on DynamoDB Local, and every cell written
 * comes back through the stream to both consumers: that, not the requests, sets the pace.
 */
const NEEDS = Number(process.env.JISR_DASHBOARD_NEEDS ?? 100);
/** When the SLA sweep runs (before that step's actions); it did not run after the last. */
const SWEEPS = ['2026-05-18T09:10', '2026-06-15T09:10', '2026-07-13T09:10'];

const PERIODS = [
  { name: 'whole months (May–June)', from: '2026-05-01', to: '2026-06-30' },
  { name: 'partial months at both ends', from: '2026-05-13', to: '2026-07-09' },
] as const;

let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  runtime = await startLocalRuntime({
    demoData: false,
    env: { JISR_CONTROLLABLE_CLOCK: '1', JISR_SCHEDULE_SECONDS: '0' },
  });
  api = new ApiClient(runtime.baseUrl);
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
});

// ---------------------------------------------------------------------------------------------
// What happens: a deterministic plan of reports and lifecycle actions over clock steps
// ---------------------------------------------------------------------------------------------

/** A small seeded generator, so that every run plays the same story. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const weighted = <T extends string>(weights: Readonly<Record<T, number>>): T => {
    const entries = Object.entries(weights) as [T, number][];
    let roll = next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1]?.[0] as T;
  };
  return { next, between, pick, weighted };
}

/** Clock steps (Istanbul wall time): two a working day, some Saturdays, holidays and around midnight. */
function clockSteps(): string[] {
  const steps: string[] = [];
  for (let day = Date.UTC(2026, 4, 4); day <= Date.UTC(2026, 6, 13); day += 86_400_000) {
    const date = new Date(day).toISOString().slice(0, 10);
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0) continue;
    if (weekday === 6) {
      if (new Date(day).getUTCDate() % 2 === 0) steps.push(`${date}T11:00`);
      continue;
    }
    steps.push(`${date}T09:10`, `${date}T15:40`);
  }
  steps.push(
    '2026-05-12T23:50', // the partial period starts on 13 May, local time
    '2026-05-13T00:10',
    '2026-05-26T12:50', // the eve of Kurban Bayramı: work stops at 13:00
    '2026-05-26T16:00',
    '2026-05-28T10:00', // Kurban Bayramı
    '2026-05-31T23:58',
    '2026-06-01T00:30', // 31 May in UTC, 1 June in Istanbul
    '2026-06-10T23:50',
    '2026-06-30T23:55',
    '2026-07-01T00:05',
    '2026-07-09T23:50', // the partial period ends on 9 July
    '2026-07-10T00:10',
  );
  return steps.sort();
}

const STAFF: Readonly<Record<string, string>> = {
  health: 'staff.health',
  'social-assistance': 'staff.social',
  education: 'staff.education',
};
const TRIAGE = 'migration-desk';
const SERVICE_UNITS = [
  'health',
  'education',
  'social-assistance',
  'legal-aid',
  'housing',
  'employment',
  'psychosocial',
  'language-courses',
] as const;
const MEMBERS = ['member.amina', 'member.mehmet'] as const;

interface Leg {
  readonly id: string;
  readonly unitId: string;
  readonly member: string;
  readonly depth: number;
  status: string;
  version: number;
  holds: number;
  reopened: boolean;
  readonly rng: ReturnType<typeof random>;
}

type Action =
  | { action: 'accept' | 'start' | 'resume' | 'close' | 'reopen' | 'cancel' }
  | { action: 'hold'; holdReason: string }
  | { action: 'resolve'; outcome: string }
  | { action: 'reject'; reason: string; note: string }
  | { action: 'transfer' | 'route'; toUnitId: string };

interface Planned {
  readonly leg: Leg;
  readonly body: Action;
  readonly by: string;
}

function reportOf(index: number, rng: ReturnType<typeof random>): ReportNeedRequest {
  const count = rng.weighted({ one: 60, two: 30, three: 10 });
  const categories = new Set<string>();
  while (categories.size < { one: 1, two: 2, three: 3 }[count]) {
    categories.add(
      rng.weighted({
        health: 20,
        education: 12,
        'social-assistance': 14,
        'legal-aid': 8,
        housing: 8,
        employment: 6,
        psychosocial: 6,
        'language-courses': 5,
        documentation: 5,
        protection: 4,
        disability: 6,
        other: 6,
      }),
    );
  }
  const flagged = rng.next() < 0.12;
  return {
    categories: [...categories],
    description: `Need ${index}: يحتاج إلى دعم — needs support`,
    district: rng.weighted({
      seyhan: 30,
      yuregir: 25,
      cukurova: 15,
      saricam: 10,
      ceyhan: 8,
      kozan: 5,
      imamoglu: 1,
      karatas: 1,
      pozanti: 1,
      feke: 1,
    }),
    neighbourhood: `Mahalle ${rng.between(1, 60)}`,
    priority: rng.weighted({ routine: 40, priority: 35, urgent: 15, emergency: 10 }),
    beneficiary: {
      ageGroup: rng.pick(['0-4', '5-11', '12-17', '18-29', '30-59', '60+'] as const),
      gender: rng.weighted({ female: 45, male: 45, other: 4, undisclosed: 6 }),
      householdSize: rng.between(1, 8),
      disability: rng.next() < 0.15,
      language: rng.weighted({ ar: 50, tr: 15, ku: 12, fa: 8, en: 5, other: 10 }),
    },
    ...(flagged
      ? {
          cohesionRisks: [
            rng.pick([
              'inter_community_tension',
              'discrimination',
              'hate_incident',
              'eviction_threat',
              'misinformation',
              'service_denial',
            ] as const),
          ],
        }
      : {}),
    consent: { shareWithUnits: rng.next() < 0.7 },
  };
}

/** A hotspot: three flagged needs in one neighbourhood within a few days. */
function clusterReport(cluster: number, member: number): ReportNeedRequest {
  return {
    categories: [cluster % 2 === 0 ? 'housing' : 'social-assistance'],
    description: `Cluster ${cluster}, report ${member}`,
    district: cluster % 3 === 0 ? 'yuregir' : 'seyhan',
    neighbourhood: `Küme ${cluster}`,
    priority: 'priority',
    beneficiary: { ageGroup: '30-59', gender: 'female', householdSize: 4, disability: false, language: 'ar' },
    cohesionRisks: ['inter_community_tension'],
    consent: { shareWithUnits: false },
  };
}

/** Runs the tasks with at most `limit` at a time. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit = CONCURRENCY): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await (tasks[index] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

async function setClock(local: string): Promise<void> {
  const response = await api.as('director', 'PUT', '/local/clock', { body: { now: ist(local) } });
  expect(response.status).toBe(200);
}

async function sweep(): Promise<number> {
  const response = await api.as<{ result: { raised: Record<string, number> } }>(
    'director',
    'POST',
    '/local/schedules/sla-sweep/run',
  );
  expect(response.status).toBe(200);
  return Object.values(response.body.result.raised).reduce((sum, n) => sum + n, 0);
}

/**
 * Waits until the hotspot of a neighbourhood is listed. Its consumer stamps it with the clock
 * it reads when it runs: without this, a busy stream would have it raised days later.
 */
async function hotspotRaised(neighbourhood: string): Promise<void> {
  const started = performance.now();
  for (;;) {
    const page = await api.as<{ items: Alert[] }>(
      'director',
      'GET',
      '/v1/alerts?type=cohesion-hotspot&limit=100',
    );
    if (page.body.items.some((alert) => alert.neighbourhood === neighbourhood)) return;
    if (performance.now() - started > 60_000) throw new Error(`no hotspot in ${neighbourhood} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function allPages<T>(username: string, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await api.as<{ items: T[]; nextCursor: string | null }>(username, 'GET', `${path}${suffix}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return items;
}

interface Story {
  readonly needs: number;
  readonly transitions: Record<string, number>;
  readonly sweeps: number;
  readonly raised: number;
  /** Stream iterators taken just before the last sweep. */
  readonly beforeLastSweep: { streamArn: string; iterators: string[] };
  /** Playing the story, and then waiting for the stream consumers. */
  readonly seconds: number;
  readonly settleSeconds: number;
}

/** Plays the whole story through the API. */
async function playStory(): Promise<Story> {
  const steps = clockSteps();
  const plan = new Map<number, Planned[]>();
  const reports = new Map<number, { member: string; report: ReportNeedRequest; seed: number }[]>();
  const transitions: Record<string, number> = {};
  const later = (step: number, planned: Planned) => {
    if (step >= steps.length) return;
    plan.set(step, [...(plan.get(step) ?? []), planned]);
  };

  // Reports: NEEDS needs spread over the steps (more later on), and hotspot clusters.
  const main = random(2026);
  for (let index = 0; index < NEEDS; index++) {
    const share = main.next() ** 0.85;
    const step = Math.min(steps.length - 2, Math.floor(share * (steps.length - 1)));
    const seed = 1000 + index;
    const list = reports.get(step) ?? [];
    list.push({ member: MEMBERS[index % 2] as string, report: reportOf(index, random(seed)), seed });
    reports.set(step, list);
  }
  const clusterDays = [
    '2026-05-05',
    '2026-05-12',
    '2026-05-21',
    '2026-06-03',
    '2026-06-09',
    '2026-06-16',
    '2026-07-02',
  ];
  /** The steps that complete a cluster: its hotspot is raised before the clock moves on. */
  const hotspotAt = new Map<number, string>();
  clusterDays.forEach((day, cluster) => {
    for (let member = 0; member < 3; member++) {
      // The three reports on three consecutive steps from the first of that day.
      const first = steps.findIndex((step) => step.startsWith(day));
      const list = reports.get(first + member) ?? [];
      list.push({
        member: MEMBERS[member % 2] as string,
        report: clusterReport(cluster, member),
        seed: 500 + cluster * 3 + member,
      });
      reports.set(first + member, list);
      if (member === 2) hotspotAt.set(first + member, `Küme ${cluster}`);
    }
  });

  /** What a leg does next, from its current status, planned at a later step. */
  const decide = (leg: Leg, step: number) => {
    const { rng } = leg;
    const roll = rng.next();
    const staff = STAFF[leg.unitId];
    const otherUnit = () => rng.pick(SERVICE_UNITS.filter((unit) => unit !== leg.unitId));
    const staffedUnit = () => rng.pick(Object.keys(STAFF).filter((unit) => unit !== leg.unitId));
    const canPassOn = leg.depth < 2;
    switch (leg.status) {
      case 'routed':
        if (leg.unitId === TRIAGE) {
          if (roll < 0.7)
            later(step + rng.between(1, 6), {
              leg,
              by: 'director',
              body: { action: 'route', toUnitId: canPassOn ? otherUnit() : staffedUnit() },
            });
          else if (roll < 0.82)
            later(step + rng.between(1, 4), { leg, by: 'director', body: { action: 'cancel' } });
        } else if (staff !== undefined) {
          if (roll < 0.08) return;
          if (roll < 0.14)
            later(step + rng.between(1, 3), { leg, by: leg.member, body: { action: 'cancel' } });
          else if (roll < 0.2 && canPassOn)
            later(step + rng.between(1, 4), {
              leg,
              by: staff,
              body: {
                action: 'reject',
                reason: rng.pick(['not_our_service', 'outside_area', 'insufficient_information', 'other']),
                note: 'Not for us',
              },
            });
          else if (roll < 0.25 && canPassOn)
            later(step + rng.between(1, 5), {
              leg,
              by: staff,
              body: { action: 'transfer', toUnitId: otherUnit() },
            });
          else
            later(step + 1 + Math.floor(rng.next() ** 2 * 14), {
              leg,
              by: staff,
              body: { action: 'accept' },
            });
        } else if (roll < 0.2 && canPassOn) {
          later(step + rng.between(1, 8), {
            leg,
            by: 'director',
            body: { action: 'transfer', toUnitId: staffedUnit() },
          });
        } else if (roll < 0.35) {
          later(step + rng.between(1, 5), {
            leg,
            by: rng.next() < 0.5 ? leg.member : 'director',
            body: { action: 'cancel' },
          });
        }
        return;
      case 'accepted':
        if (roll < 0.12 || staff === undefined) return;
        if (roll < 0.17 && canPassOn)
          later(step + rng.between(1, 4), {
            leg,
            by: staff,
            body: { action: 'transfer', toUnitId: otherUnit() },
          });
        else later(step + rng.between(0, 3), { leg, by: staff, body: { action: 'start' } });
        return;
      case 'in_progress':
        if (staff === undefined) return;
        if (roll < 0.2 && leg.holds < 2)
          later(step + rng.between(1, 5), {
            leg,
            by: staff,
            body: {
              action: 'hold',
              holdReason: rng.pick(['awaiting_information', 'awaiting_beneficiary', 'awaiting_other_agency']),
            },
          });
        else if (roll < 0.3 && !leg.reopened) return;
        else
          later(step + 1 + Math.floor(rng.next() ** 1.5 * 30), {
            leg,
            by: staff,
            body: {
              action: 'resolve',
              outcome: rng.pick([
                'service_provided',
                'partially_provided',
                'not_eligible',
                'no_capacity',
                'unreachable',
              ]),
            },
          });
        return;
      case 'on_hold':
        if (staff === undefined || roll < 0.25) return;
        if (roll < 0.55)
          later(step + rng.between(1, 8), {
            leg,
            by: staff,
            body: { action: 'resolve', outcome: 'service_provided' },
          });
        else later(step + rng.between(1, 8), { leg, by: staff, body: { action: 'resume' } });
        return;
      case 'resolved':
        if (roll < 0.25) later(step + rng.between(1, 6), { leg, by: leg.member, body: { action: 'close' } });
        else if (roll < 0.35 && !leg.reopened)
          later(step + rng.between(1, 5), { leg, by: 'director', body: { action: 'reopen' } });
        return;
      default:
        return;
    }
  };

  const newLeg = (referral: Referral, member: string, depth: number, seed: number): Leg => ({
    id: referral.id,
    unitId: referral.unitId,
    member,
    depth,
    status: referral.status,
    version: referral.version,
    holds: 0,
    reopened: false,
    rng: random(seed),
  });

  const perform = async (planned: Planned, step: number): Promise<void> => {
    const { leg, body, by } = planned;
    const response = await api.as<Referral>(by, 'POST', `/v1/referrals/${leg.id}/transitions`, {
      body: { ...body, expectedVersion: leg.version },
    });
    expect(
      response.status,
      `${by} ${body.action} ${leg.id} (${leg.status}): ${JSON.stringify(response.body)}`,
    ).toBe(200);
    transitions[body.action] = (transitions[body.action] ?? 0) + 1;
    leg.status = response.body.status;
    leg.version = response.body.version;
    if (body.action === 'hold') leg.holds++;
    if (body.action === 'reopen') leg.reopened = true;
    const next = response.body.nextReferralId;
    if (next !== undefined) {
      const created = await api.as<Referral>('director', 'GET', `/v1/referrals/${next}`);
      expect(created.status).toBe(200);
      const continued = newLeg(created.body, leg.member, leg.depth + 1, leg.rng.between(1, 1e9));
      decide(continued, step);
    }
    // A start may follow an accept at once (delay 0): play it now.
    const before = plan.get(step)?.length ?? 0;
    decide(leg, step);
    const due = plan.get(step) ?? [];
    if (due.length > before) {
      const chained = due.splice(before);
      for (const item of chained) await perform(item, step);
    }
  };

  const started = performance.now();
  let sweeps = 0;
  let raised = 0;
  let needs = 0;
  let beforeLastSweep: Story['beforeLastSweep'] = { streamArn: '', iterators: [] };
  for (const [index, local] of steps.entries()) {
    await setClock(local);
    if (local === SWEEPS[SWEEPS.length - 1]) {
      // Where the stream stands before the last sweep: the referrals it marks are read again later.
      const reader = new StreamReader(runtime.dynamodbEndpoint, runtime.tableName);
      beforeLastSweep = await reader.iterators('LATEST');
      reader.destroy();
    }
    if (SWEEPS.includes(local)) {
      raised += await sweep();
      sweeps++;
    }
    const dueNow = plan.get(index) ?? [];
    plan.delete(index);
    const reported = reports.get(index) ?? [];
    const tasks: (() => Promise<void>)[] = [
      ...reported.map(({ member, report, seed }) => async () => {
        const response = await api.reportNeed<ReportNeedResponse>(
          member,
          report,
          `dashboard-${seed}-${local}`,
        );
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        needs++;
        response.body.referrals.forEach((referral, position) => {
          decide(newLeg(referral, member, 0, seed * 10 + position), index);
        });
      }),
      ...dueNow.map((planned) => () => perform(planned, index)),
    ];
    await pool(tasks);
    const neighbourhood = hotspotAt.get(index);
    if (neighbourhood !== undefined) await hotspotRaised(neighbourhood);
  }
  await setClock(NOW);
  const seeded = performance.now();
  // The rollup consumer is far behind by now: waiting for it takes most of this file's time.
  await settle(api);
  const timings = { seconds: (seeded - started) / 1000, settleSeconds: (performance.now() - seeded) / 1000 };
  return { needs, transitions, sweeps, raised, beforeLastSweep, ...timings };
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

let story: Story;
let input: RecomputeInput;

async function readInput(): Promise<RecomputeInput> {
  const [referrals, alerts, settings, catalog] = await Promise.all([
    allPages<Referral>('director', '/v1/referrals?limit=100'),
    allPages<Alert>('director', '/v1/alerts?type=cohesion-hotspot&limit=100'),
    api.as<SlaSettingsResponse>('director', 'GET', '/v1/settings/sla'),
    api.as<CatalogResponse>('director', 'GET', '/v1/catalog'),
  ]);
  return {
    referrals,
    hotspots: alerts,
    now: new Date(ist(NOW)),
    timeZone: TIME_ZONE,
    calendar: settings.body.calendar,
    unitCalendars: settings.body.unitCalendars,
    labels: catalog.body,
  };
}

async function dashboardOf(
  username: string,
  query: { from: string; to: string; groupBy: DashboardGrouping },
) {
  const response = await api.as<DashboardResponse>(
    username,
    'GET',
    `/v1/dashboard?from=${query.from}&to=${query.to}&groupBy=${query.groupBy}`,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** Every dashboard the checks read, keyed by who, period and grouping. */
async function everyDashboard(): Promise<Map<string, DashboardResponse>> {
  const requests: { key: string; username: string; from: string; to: string; groupBy: DashboardGrouping }[] =
    [];
  for (const username of ['director', 'staff.health', 'staff.social']) {
    for (const period of PERIODS) {
      for (const groupBy of DASHBOARD_GROUPINGS) {
        requests.push({
          key: `${username} ${period.from}..${period.to} ${groupBy}`,
          username,
          ...period,
          groupBy,
        });
      }
    }
  }
  const responses = await pool(requests.map((request) => () => dashboardOf(request.username, request)));
  return new Map(requests.map((request, index) => [request.key, responses[index] as DashboardResponse]));
}

const UNIT_OF: Readonly<Record<string, string | undefined>> = {
  director: undefined,
  'staff.health': 'health',
  'staff.social': 'social-assistance',
};

function checkAll(dashboards: Map<string, DashboardResponse>): string[] {
  const problems: string[] = [];
  for (const [key, actual] of dashboards) {
    const [username, range, groupBy] = key.split(' ') as [string, string, DashboardGrouping];
    const [from, to] = range.split('..') as [string, string];
    const unitId = UNIT_OF[username];
    const expected = expectedDashboard(input, {
      from,
      to,
      groupBy,
      ...(unitId === undefined ? {} : { unitId }),
    });
    for (const problem of compareDashboard(expected, actual)) problems.push(`${key} ${problem}`);
  }
  return problems;
}

let dashboards: Map<string, DashboardResponse>;

describe('the dashboard, recomputed from the referrals themselves', () => {
  beforeAll(async () => {
    const started = performance.now();
    story = await playStory();
    input = await readInput();
    dashboards = await everyDashboard();
    console.info(
      `dashboard story: ${story.needs} needs, ${input.referrals.length} referrals, ` +
        `${Object.values(story.transitions).reduce((sum, n) => sum + n, 0)} transitions ${JSON.stringify(story.transitions)}, ` +
        `${story.sweeps} sweeps raising ${story.raised} events, ${input.hotspots.length} hotspots; ` +
        `played in ${story.seconds.toFixed(1)} s, consumers settled ${story.settleSeconds.toFixed(1)} s later, ` +
        `read back and recomputed in ${((performance.now() - started) / 1000 - story.seconds - story.settleSeconds).toFixed(1)} s`,
    );
  }, 600_000);

  it('the story covers what the figures distinguish', () => {
    const { referrals } = input;
    const count = (predicate: (referral: Referral) => boolean) => referrals.filter(predicate).length;
    expect(story.needs).toBe(NEEDS + 21);
    for (const status of [
      'routed',
      'accepted',
      'in_progress',
      'on_hold',
      'resolved',
      'closed',
      'rejected',
      'transferred',
      'cancelled',
    ]) {
      expect(
        count((referral) => referral.status === status),
        status,
      ).toBeGreaterThan(0);
    }
    expect(count((referral) => referral.sla.resolve.stage === 'met')).toBeGreaterThanOrEqual(5);
    expect(
      count(
        (referral) =>
          referral.sla.resolve.stoppedAt !== undefined && referral.sla.resolve.stage === 'breached',
      ),
    ).toBeGreaterThanOrEqual(5);
    expect(
      count((referral) => referral.sla.events.some((event) => event.threshold === 'breach')),
    ).toBeGreaterThanOrEqual(5);
    expect(count((referral) => referral.cohesionRisks.length > 0)).toBeGreaterThanOrEqual(5);
    expect(input.hotspots.length).toBeGreaterThanOrEqual(5);
    expect(new Set(referrals.map((referral) => referral.unitId)).size).toBeGreaterThanOrEqual(8);
    // Some referrals were routed late in the evening, on the day before in UTC.
    expect(
      count(
        (referral) =>
          referral.createdAt.slice(0, 10) !==
          new Date(Date.parse(referral.createdAt) + 3 * 3_600_000).toISOString().slice(0, 10),
      ),
    ).toBeGreaterThan(0);
  });

  it('every figure of every grouping, for the directorate and for unit staff, over both periods', () => {
    expect(dashboards.size).toBe(3 * PERIODS.length * DASHBOARD_GROUPINGS.length);
    // Both suppressed and shown figures are compared: the data has both.
    const figures = JSON.stringify([...dashboards.values()]);
    expect(figures).toContain('"suppressed":true');
    expect(figures).toContain('"suppressed":false');
    // Each kind of figure is shown (not suppressed) somewhere, so that each is really compared.
    const council = dashboards.get(`director ${PERIODS[0].from}..${PERIODS[0].to} unit`) as DashboardResponse;
    const { period, now } = council.totals;
    for (const shown of [
      period.opened,
      period.resolved,
      period.withinSlaPercent,
      period.timeToAcknowledge.median,
      period.timeToAcknowledge.p90,
      period.timeToResolve.median,
      period.timeToResolve.p90,
      period.cohesionFlags,
      now?.open,
      now?.breached,
      now?.dueWithinOneBusinessDay,
      council.hotspots,
    ]) {
      expect(shown?.suppressed).toBe(false);
    }
    expect(
      Object.values(now?.aging ?? {}).filter((figure) => !figure.suppressed).length,
    ).toBeGreaterThanOrEqual(3);
    expect(checkAll(dashboards)).toEqual([]);
  });

  it('a count from fewer than 5 referrals is suppressed, never 0', () => {
    for (const response of dashboards.values()) {
      for (const group of [response.totals, ...response.groups]) {
        const counts = [
          group.period.opened,
          group.period.resolved,
          group.period.cohesionFlags,
          ...(group.now === undefined
            ? []
            : [
                group.now.open,
                group.now.breached,
                group.now.dueWithinOneBusinessDay,
                ...Object.values(group.now.aging),
              ]),
        ];
        for (const figure of counts) {
          if (figure.suppressed) expect(figure.value).toBeNull();
          else expect(figure.value).toBeGreaterThanOrEqual(5);
        }
      }
    }
  });

  it('council members see no dashboard', async () => {
    const response = await api.as(
      'member.amina',
      'GET',
      `/v1/dashboard?from=${PERIODS[0].from}&to=${PERIODS[0].to}`,
    );
    expect(response.status).toBe(403);
  });

  it('the rollups agree with the referrals (verify)', async () => {
    const verified = await api.as<{ referrals: number; differences: unknown[] }>(
      'director',
      'POST',
      '/local/rollups/verify',
    );
    expect(verified.status).toBe(200);
    expect(verified.body.referrals).toBe(input.referrals.length);
    expect(verified.body.differences).toEqual([]);
  });

  it('stream records delivered to the rollup consumer again change nothing', async () => {
    const reader = new StreamReader(runtime.dynamodbEndpoint, runtime.tableName);
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: runtime.dynamodbEndpoint,
        region: LOCAL_AWS.region,
        credentials: LOCAL_AWS,
      }),
      { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
    );
    try {
      const deps = {
        rollups: new DynamoRollupStore(client, runtime.tableName),
        councilConfiguration: new DynamoCouncilConfigurationStore(client, runtime.tableName),
      };
      // A record is the latest of its subject when its image is the item as it is now.
      const isLatest = async ({
        record,
        item,
      }: {
        record: DynamoDBRecord;
        item: Record<string, unknown>;
      }) => {
        const key = unmarshall(record.dynamodb?.Keys as never);
        const { Item } = await client.send(
          new GetCommand({ TableName: runtime.tableName, Key: key, ConsistentRead: true }),
        );
        return isDeepStrictEqual(Item, item);
      };
      const partition = async (records: ReturnType<typeof rollupRecords>) => {
        const latest = await Promise.all(records.map(isLatest));
        return {
          latest: records.filter((_, index) => latest[index]),
          older: records.filter((_, index) => !latest[index]),
        };
      };
      // Written by the last sweep and since: mostly referrals as they are now (a retried batch).
      const recent = await partition(rollupRecords(await reader.read(story.beforeLastSweep, 3000)));
      // Written in the first days: referrals that changed many times since (a late redelivery).
      const early = await partition(
        rollupRecords(await reader.read(await reader.iterators('TRIM_HORIZON'), 3000)),
      );
      expect(recent.latest.length).toBeGreaterThanOrEqual(25);
      expect(early.older.length).toBeGreaterThanOrEqual(25);
      const latest = recent.latest;
      const stale = early.older;
      const oldest = [...early.latest, ...early.older].sort((a, b) =>
        BigInt(a.record.dynamodb?.SequenceNumber ?? 0) < BigInt(b.record.dynamodb?.SequenceNumber ?? 0)
          ? -1
          : 1,
      );
      for (const batch of [latest.slice(-25), stale.slice(0, 25), oldest.slice(0, 25)]) {
        const records = batch.map(({ record }) => record);
        expect(await rollupStreamRecords(deps, records)).toEqual({ batchItemFailures: [] });
      }
    } finally {
      reader.destroy();
      client.destroy();
    }
    const verified = await api.as<{ differences: unknown[] }>('director', 'POST', '/local/rollups/verify');
    expect(verified.body.differences).toEqual([]);
    const again = await everyDashboard();
    for (const [key, response] of again) expect(response, key).toEqual(dashboards.get(key));
  });

  it('a repair finds nothing to change, and the figures stay the same', async () => {
    const repaired = await api.as<{ differences: unknown[]; repaired: boolean }>(
      'director',
      'POST',
      '/local/rollups/repair',
    );
    expect(repaired.status).toBe(200);
    expect(repaired.body).toMatchObject({ differences: [], repaired: false });
    const verified = await api.as<{ differences: unknown[] }>('director', 'POST', '/local/rollups/verify');
    expect(verified.body.differences).toEqual([]);
    const again = await everyDashboard();
    for (const [key, response] of again) expect(response, key).toEqual(dashboards.get(key));
  });
});

/** Reads the table's stream from the test, as Lambda would deliver its records. */
class StreamReader {
  private readonly admin: DynamoDBClient;
  private readonly streams: DynamoDBStreamsClient;

  constructor(
    endpoint: string,
    private readonly tableName: string,
  ) {
    const config = { endpoint, region: LOCAL_AWS.region, credentials: LOCAL_AWS };
    this.admin = new DynamoDBClient(config);
    this.streams = new DynamoDBStreamsClient(config);
  }

  /** An iterator per shard, from the oldest record or from the next one written. */
  async iterators(type: 'TRIM_HORIZON' | 'LATEST'): Promise<{ streamArn: string; iterators: string[] }> {
    const { Table } = await this.admin.send(new DescribeTableCommand({ TableName: this.tableName }));
    const streamArn = Table?.LatestStreamArn as string;
    const { StreamDescription } = await this.streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn }),
    );
    const iterators: string[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      const { ShardIterator } = await this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: type,
        }),
      );
      if (ShardIterator !== undefined) iterators.push(ShardIterator);
    }
    return { streamArn, iterators };
  }

  /** Up to `max` records from the iterators on (each shard until it has no more), oldest first. */
  async read(from: { streamArn: string; iterators: string[] }, max: number): Promise<DynamoDBRecord[]> {
    const records: StreamRecord[] = [];
    for (const start of from.iterators) {
      let iterator: string | undefined = start;
      while (iterator !== undefined && records.length < max) {
        const page: GetRecordsCommandOutput = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
        );
        if ((page.Records ?? []).length === 0) break;
        records.push(...(page.Records ?? []));
        iterator = page.NextShardIterator;
      }
    }
    const sequence = (record: StreamRecord) => BigInt(record.dynamodb?.SequenceNumber ?? 0);
    return records
      .sort((a, b) => (sequence(a) < sequence(b) ? -1 : sequence(a) > sequence(b) ? 1 : 0))
      .slice(0, max)
      .map((record) => lambdaRecord(record, from.streamArn));
  }

  destroy(): void {
    this.admin.destroy();
    this.streams.destroy();
  }
}

/** A stream record as Lambda delivers it. */
function lambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_AWS.region,
    eventSourceARN: streamArn,
    dynamodb: {
      Keys: record.dynamodb?.Keys,
      NewImage: record.dynamodb?.NewImage,
      OldImage: record.dynamodb?.OldImage,
      SequenceNumber: record.dynamodb?.SequenceNumber,
      SizeBytes: record.dynamodb?.SizeBytes,
      StreamViewType: record.dynamodb?.StreamViewType,
    },
  } as DynamoDBRecord;
}

/** The records the rollup consumer acts on: referrals and hotspot alerts. */
function rollupRecords(
  records: readonly DynamoDBRecord[],
): { record: DynamoDBRecord; item: Record<string, unknown> }[] {
  return records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName === 'REMOVE' || image === undefined) return [];
    const item = unmarshall(image as never);
    return item.kind === 'Referral' || (item.kind === 'Alert' && item.type === 'cohesion-hotspot')
      ? [{ record, item }]
      : [];
  });
}
