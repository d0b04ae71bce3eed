/**
 * The dashboard's cost at two sizes: it reads rollup cells, never referrals, so its consumed
 * read capacity must not grow with the number of referrals (target: ratio ≤ 1.1).
 *
 * Each size gets a fresh table (no stream) in the runtime's DynamoDB Local, seeded with the
 * council and with the rollup cells of that many referrals spread over one quarter: each is built
 * by the domain (reported, then — for most — accepted, started, resolved or cancelled at later
 * times, with breaches marked on late open ones), reduced to its facts, and the sum of their
 * contributions is written with the rollup store's overwrite. The referral items themselves
 * are not written: the dashboard reads cells only. Cells of the council scope are written
 * (those the directorate's dashboard reads); units' own scopes are left out.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadCouncilSettings } from '../infra/council.js';
import { LOCAL_AWS } from '../local/dynamodb-local.js';
import { seedCouncil } from '../local/seed.js';
import { withCapacityTally } from '../shared/adapters/dynamodb/capacity.js';
import { DynamoCouncilConfigurationStore } from '../shared/adapters/dynamodb/council-configuration-store.js';
import { DynamoRollupStore } from '../shared/adapters/dynamodb/rollup-store.js';
import { DynamoSlaSettingsStore } from '../shared/adapters/dynamodb/sla-settings-store.js';
import { dashboard } from '../shared/application/dashboard.js';
import type { RollupCell } from '../shared/application/ports.js';
import type { Actor } from '../shared/domain/actor.js';
import { periodPieces } from '../shared/domain/dashboard-figures.js';
import { applyTransition, type TransitionCommand } from '../shared/domain/lifecycle.js';
import { type ReferralRecord, recordReportedNeed } from '../shared/domain/need.js';
import {
  COUNCIL_SCOPE,
  type Contribution,
  cellAddress,
  contributionOf,
  NOW_PERIOD,
  referralFacts,
  sumOf,
} from '../shared/domain/rollups.js';
import { dueSlaEvents, slaContextFor, withRaised } from '../shared/domain/sla-clock.js';
import { DEFAULT_SLA_POLICIES } from '../shared/domain/sla-policy.js';
import type { DashboardGrouping } from '../shared/schemas/dashboard.js';
import type { ReportNeedRequest } from '../shared/schemas/need.js';
import { TARGETS } from './config.js';
import { benchDocumentClient, freshTable } from './dynamodb.js';
import { printTable, ratio } from './stats.js';
import type { SummaryRow } from './summary.js';

/** Istanbul wall time as an instant. */
const ist = (local: string) => new Date(`${local}:00+03:00`);
const TIME_ZONE = 'Europe/Istanbul';
/** The quarter the referrals were routed in, and the instant the dashboard is read at. */
export const QUARTER = { from: '2026-04-01', to: '2026-06-30' } as const;
const NOW = ist('2026-07-01T10:00');
/** For contrast: a period with days at both ends (its cost follows days × groups). */
export const PARTIAL = { from: '2026-04-15', to: '2026-06-14' } as const;

const DIRECTOR: Actor = { userId: 'bench-director', username: 'bench-director', role: 'directorate' };

export interface DashboardReading {
  readonly capacity: number;
  readonly calls: number;
  readonly millis: number;
  readonly groups: number;
}

export interface DashboardMeasurement {
  readonly referrals: number;
  /** Rollup cells written (the council's). */
  readonly cells: number;
  readonly seedMillis: number;
  readonly readings: Readonly<Record<ReadingName, DashboardReading>>;
  /** What the quarter-by-district dashboard reads: cells, and counters per cell (months; NOW). */
  readonly read: { cells: number; monthFields: number; nowFields: number };
}

const READINGS = {
  'quarter unit': {
    targeted: true,
    period: QUARTER,
    groupBy: 'unit',
    label: 'by unit, 1 Apr – 30 Jun (whole months)',
  },
  'quarter district': {
    targeted: true,
    period: QUARTER,
    groupBy: 'district',
    label: 'by district, 1 Apr – 30 Jun',
  },
  'partial district': {
    targeted: false,
    period: PARTIAL,
    groupBy: 'district',
    label: '(contrast) by district, 15 Apr – 14 Jun: days at both ends',
  },
} as const satisfies Record<
  string,
  { targeted: boolean; period: { from: string; to: string }; groupBy: DashboardGrouping; label: string }
>;
type ReadingName = keyof typeof READINGS;

/** A small seeded generator: both sizes draw from the same distributions. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const weighted = <T extends string>(weights: Readonly<Record<T, number>>): T => {
    const entries = Object.entries(weights) as [T, number][];
    let roll = next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1]?.[0] as T;
  };
  return { next, weighted };
}

const CATEGORY_WEIGHTS = {
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
} as const;

const HOUR = 3_600_000;

/** The referrals' facts, one referral at a time (a generator: 50,000 need not be held at once). */
function* referralContributions(count: number): Generator<Contribution> {
  const council = loadCouncilSettings('adana');
  const sla = { policies: council.slaPolicies ?? DEFAULT_SLA_POLICIES, calendar: council.businessCalendar };
  const unitOf = new Map(council.routingRules.map((rule) => [rule.category, rule.unitId]));
  const rng = random(count);
  const quarterStart = ist('2026-04-01T00:00').getTime();
  const quarterMillis = ist('2026-07-01T00:00').getTime() - quarterStart;
  for (let index = 0; index < count; index++) {
    const category = rng.weighted(CATEGORY_WEIGHTS);
    const unitId = unitOf.get(category) ?? council.catalog.triageUnitId;
    // Reports come in working hours mostly, some in the evening and at weekends.
    const day = Math.floor(rng.next() * (quarterMillis / (24 * HOUR)));
    const hour = rng.next() < 0.85 ? 8.5 + rng.next() * 9 : rng.next() * 24;
    const routedAt = new Date(quarterStart + day * 24 * HOUR + hour * HOUR);
    const report: ReportNeedRequest = {
      categories: [category],
      description: 'benchmark referral',
      district: rng.weighted({
        seyhan: 30,
        yuregir: 25,
        cukurova: 15,
        saricam: 10,
        ceyhan: 8,
        kozan: 5,
        imamoglu: 2,
        karatas: 2,
        karaisali: 1,
        pozanti: 1,
        yumurtalik: 1,
        tufanbeyli: 1,
        feke: 1,
        saimbeyli: 1,
        aladag: 1,
      }),
      priority: rng.weighted({ routine: 40, priority: 35, urgent: 15, emergency: 10 }),
      beneficiary: {
        ageGroup: rng.weighted({ '0-4': 15, '5-11': 20, '12-17': 15, '18-29': 20, '30-59': 25, '60+': 5 }),
        gender: rng.weighted({ female: 45, male: 45, other: 4, undisclosed: 6 }),
        householdSize: 1 + Math.floor(rng.next() * 8),
        disability: rng.next() < 0.15,
        language: rng.weighted({ ar: 50, tr: 15, ku: 12, fa: 8, en: 5, other: 10 }),
      },
      ...(rng.next() < 0.1 ? { cohesionRisks: ['discrimination' as const] } : {}),
      consent: { shareWithUnits: false },
    };
    const id = `R${String(index).padStart(25, '0')}`;
    const {
      referrals: [routed],
    } = recordReportedNeed({
      report,
      actor: { userId: 'bench-member', username: 'bench', role: 'council-member' },
      needId: id.replace(/^./, 'N'),
      referralIds: [id],
      assignments: [{ unitId, categories: [category], routedBy: unitOf.has(category) ? 'rule' : 'triage' }],
      now: routedAt,
      sla,
    });
    let referral = routed as ReferralRecord;
    // Its life so far: most are accepted, started and resolved; some cancelled; the rest open.
    let at = routedAt.getTime();
    const step = (
      action: 'accept' | 'start' | 'resolve' | 'cancel',
      to: ReferralRecord['status'],
      afterHours: number,
    ) => {
      at += afterHours * HOUR;
      if (at >= NOW.getTime()) return false;
      const command: TransitionCommand =
        action === 'resolve' ? { action, outcome: 'service_provided' } : { action };
      referral = applyTransition(referral, command, to, { now: new Date(at), sla });
      return true;
    };
    const roll = rng.next();
    if (roll < 0.05) step('cancel', 'cancelled', rng.next() * 48);
    else if (roll > 0.12 && step('accept', 'accepted', rng.next() ** 2 * 96)) {
      if (rng.next() < 0.9 && step('start', 'in_progress', rng.next() * 24) && rng.next() < 0.85)
        step('resolve', 'resolved', rng.next() ** 1.5 * 24 * 40);
    }
    // The sweep has marked the breaches of those still open and late.
    const context = slaContextFor(sla, referral);
    const due = dueSlaEvents(referral.slaTrack, referral.createdAt, context, NOW);
    if (due.length > 0) {
      referral = { ...referral, slaTrack: withRaised(referral.slaTrack, due, referral.createdAt, context) };
    }
    yield contributionOf(referralFacts(referral, TIME_ZONE));
  }
}

/** Only the council's cells: what the directorate's dashboard reads. */
function* councilOnly(contributions: Iterable<Contribution>): Generator<Contribution> {
  for (const contribution of contributions) {
    yield new Map([...contribution].filter(([key]) => cellAddress(key).scope === COUNCIL_SCOPE));
  }
}

/** A fresh table with the rollup cells of `count` referrals, and the dashboard read from it. */
export async function measureDashboard(
  dynamodbEndpoint: string,
  count: number,
): Promise<DashboardMeasurement> {
  const tableName = `jisr-bench-dashboard-${count}-${Date.now()}`;
  const admin = new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    region: LOCAL_AWS.region,
    credentials: LOCAL_AWS,
  });
  await freshTable(admin, tableName);
  const client = benchDocumentClient(tableName, dynamodbEndpoint);
  await seedCouncil(client, tableName, loadCouncilSettings('adana'));
  const rollups = new DynamoRollupStore(client, tableName);

  const seedStart = performance.now();
  const total = sumOf(councilOnly(referralContributions(count)));
  const cells: RollupCell[] = [...total].map(([key, fields]) => ({
    address: cellAddress(key),
    fields: Object.fromEntries(fields),
  }));
  await rollups.overwriteCells(cells);
  const seedMillis = performance.now() - seedStart;

  const deps = {
    rollups,
    slaSettings: new DynamoSlaSettingsStore(client, tableName),
    councilConfiguration: new DynamoCouncilConfigurationStore(client, tableName),
    clock: { now: () => new Date(NOW) },
  };
  const read = async (period: { from: string; to: string }, groupBy: DashboardGrouping) => {
    const start = performance.now();
    const { result, capacity } = await withCapacityTally(() =>
      dashboard(deps, DIRECTOR, { ...period, groupBy }),
    );
    return {
      capacity: capacity.total,
      calls: capacity.calls,
      millis: performance.now() - start,
      groups: result.groups.length,
    };
  };
  // Warm: the council's configuration and SLA settings are cached as in a warm Lambda.
  await read(QUARTER, 'unit');
  const readings = {} as Record<ReadingName, DashboardReading>;
  for (const [name, reading] of Object.entries(READINGS) as [ReadingName, (typeof READINGS)[ReadingName]][]) {
    readings[name] = await read(reading.period, reading.groupBy);
  }
  const pieces = periodPieces(QUARTER.from, QUARTER.to);
  const readCells = [
    ...(await rollups.cells(COUNCIL_SCOPE, 'all', pieces, true)),
    ...(await rollups.cells(COUNCIL_SCOPE, 'district', pieces, true)),
  ];
  const fieldsPerCell = (list: RollupCell[]) =>
    list.reduce((sum, cell) => sum + Object.keys(cell.fields).length, 0) / Math.max(1, list.length);
  admin.destroy();
  return {
    referrals: count,
    cells: cells.length,
    seedMillis,
    readings,
    read: {
      cells: readCells.length,
      monthFields: fieldsPerCell(readCells.filter((cell) => cell.address.period !== NOW_PERIOD)),
      nowFields: fieldsPerCell(readCells.filter((cell) => cell.address.period === NOW_PERIOD)),
    },
  };
}

/** The table `npm run bench` prints. */
export function printDashboardTable(small: DashboardMeasurement, large: DashboardMeasurement): void {
  const cell = (reading: DashboardReading) => `${reading.capacity.toFixed(1)} (${reading.calls})`;
  printTable(
    `Dashboard (directorate): capacity units (calls) with ${small.referrals} and ${large.referrals} referrals in one quarter (target: ratio ≤ 1.1)`,
    ['dashboard', `${small.referrals} referrals`, `${large.referrals} referrals`, 'ratio'],
    (Object.keys(READINGS) as ReadingName[]).map((name) => {
      const [a, b] = [small.readings[name], large.readings[name]];
      return [READINGS[name].label, cell(a), cell(b), ratio(b.capacity / a.capacity)];
    }),
  );
  const fields = (m: DashboardMeasurement) =>
    `${m.read.cells} cells, ${m.read.monthFields.toFixed(0)} counters per month cell and ${m.read.nowFields.toFixed(0)} per NOW cell`;
  process.stdout.write(
    `Note: only rollup cells are written (the dashboard reads nothing else; the referral items are not\n` +
      `written at all): ${small.cells} and ${large.cells} council cells, seeded in ${(small.seedMillis / 1000).toFixed(1)} s and ${(large.seedMillis / 1000).toFixed(1)} s.\n` +
      `Warm reads (council settings cached). The quarter by district reads ${fields(small)} at ${small.referrals},\n` +
      `${fields(large)} at ${large.referrals}: NOW cells keep a counter per routing day (aging)\n` +
      `and per deadline day of the open referrals, so they grow with the spread of those days, not with the count.\n`,
  );
}

/** The summary rows: the quarter's dashboards (the contrast period has no target). */
export function dashboardSummary(small: DashboardMeasurement, large: DashboardMeasurement): SummaryRow[] {
  return (Object.keys(READINGS) as ReadingName[])
    .filter((name) => READINGS[name].targeted)
    .map((name) => {
      const [a, b] = [small.readings[name].capacity, large.readings[name].capacity];
      return {
        item: `Dashboard ${READINGS[name].label}: capacity units`,
        ours: `${b.toFixed(1)} at ${large.referrals}`,
        floor: `${a.toFixed(1)} at ${small.referrals}`,
        ratio: b / a,
        target: `≤ ${TARGETS.capacityRatio}×`,
        met: b / a <= TARGETS.capacityRatio,
      };
    });
}
