/**
 * The SLA sweep's cost at two sizes of backlog with the same number of referrals due: it
 * reads the due head of the SLA index only, so its consumed capacity must not grow with the
 * number of open referrals (target: ratio ≤ 1.1). Also shown: the one-off reconciliation after
 * a settings change, which does read every open referral (its cost is expected to grow).
 *
 * Each size gets a fresh table in the runtime's DynamoDB Local, seeded with referral items
 * built by the domain (recordReportedNeed) and written directly, and a fixed clock.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadCouncilSettings } from '../infra/council.js';
import { LOCAL_AWS } from '../local/dynamodb-local.js';
import { seedCouncil } from '../local/seed.js';
import { withCapacityTally } from '../shared/adapters/dynamodb/capacity.js';
import { referralItem } from '../shared/adapters/dynamodb/records.js';
import { DynamoReferralStore } from '../shared/adapters/dynamodb/referral-store.js';
import { DynamoSlaSettingsStore } from '../shared/adapters/dynamodb/sla-settings-store.js';
import { DynamoSlaStore } from '../shared/adapters/dynamodb/sla-store.js';
import { type SweepReport, sweepSla } from '../shared/application/sla-sweep.js';
import { type ReferralRecord, recordReportedNeed } from '../shared/domain/need.js';
import { DEFAULT_SLA_POLICIES } from '../shared/domain/sla-policy.js';
import { TARGETS } from './config.js';
import { benchDocumentClient, freshTable } from './dynamodb.js';
import { ms, printTable, ratio } from './stats.js';
import type { SummaryRow } from './summary.js';

/** Istanbul wall time as an instant. */
const ist = (local: string) => new Date(`${local}:00+03:00`);
/** The sweep runs at this instant. */
const SWEEP_AT = ist('2026-06-01T12:00');

export interface SweepMeasurement {
  readonly open: number;
  readonly due: number;
  readonly sweep: { capacity: number; calls: number; millis: number; report: SweepReport };
  readonly idle: { capacity: number; calls: number };
  readonly reconciliation: { capacity: number; calls: number; millis: number };
}

function referralsRoutedAt(at: Date, count: number, prefix: string): ReferralRecord[] {
  const council = loadCouncilSettings('adana');
  const sla = { policies: council.slaPolicies ?? DEFAULT_SLA_POLICIES, calendar: council.businessCalendar };
  const referrals: ReferralRecord[] = [];
  for (let index = 0; index < count; index++) {
    const id = `${prefix}${String(index).padStart(26 - prefix.length, '0')}`;
    const {
      referrals: [referral],
    } = recordReportedNeed({
      report: {
        categories: ['health'],
        description: 'benchmark referral',
        district: 'seyhan',
        priority: 'priority',
        beneficiary: {
          ageGroup: '30-59',
          gender: 'female',
          householdSize: 3,
          disability: false,
          language: 'ar',
        },
        consent: { shareWithUnits: false },
      },
      actor: { userId: 'bench-member', username: 'bench', role: 'council-member' },
      needId: id.replace(/^./, 'N'),
      referralIds: [id],
      assignments: [{ unitId: 'health', categories: ['health'], routedBy: 'rule' }],
      now: at,
      sla,
    });
    referrals.push(referral as ReferralRecord);
  }
  return referrals;
}

async function writeAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  referrals: readonly ReferralRecord[],
) {
  for (let start = 0; start < referrals.length; start += 25) {
    let requests = referrals
      .slice(start, start + 25)
      .map((referral) => ({ PutRequest: { Item: referralItem(referral) } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}

/** A table with `open` open referrals, `due` of them with SLA events due at SWEEP_AT. */
export async function measureSweep(
  dynamodbEndpoint: string,
  open: number,
  due: number,
): Promise<SweepMeasurement> {
  const tableName = `jisr-bench-sweep-${open}-${Date.now()}`;
  const admin = new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    region: LOCAL_AWS.region,
    credentials: LOCAL_AWS,
  });
  await freshTable(admin, tableName);
  const client = benchDocumentClient(tableName, dynamodbEndpoint);
  await seedCouncil(client, tableName, loadCouncilSettings('adana'));
  // Due: routed the week before, their acknowledgement long overdue. Not due: routed at 11:00,
  // their first SLA event (the acknowledgement warning) comes at 15:00 that day.
  await writeAll(client, tableName, [
    ...referralsRoutedAt(ist('2026-05-25T09:00'), due, 'D'),
    ...referralsRoutedAt(ist('2026-06-01T11:00'), open - due, 'Q'),
  ]);
  const sla = new DynamoSlaStore(client, tableName);
  const settings = new DynamoSlaSettingsStore(client, tableName);
  const deps = {
    sla,
    slaSettings: settings,
    referrals: new DynamoReferralStore(client, tableName),
    clock: { now: () => new Date(SWEEP_AT) },
  };

  // Reconciliation (first run after a settings change; here: the first run ever) reads every open referral.
  const reconcileStart = performance.now();
  const reconciling = await withCapacityTally(async () => {
    for await (const _page of sla.referralsWithClocks()) {
      // read only: what reconciliation reads when nothing needs moving
    }
  });
  const reconcileMillis = performance.now() - reconcileStart;
  await sla.markSettingsApplied((await settings.load({ fresh: true })).version);

  const start = performance.now();
  const swept = await withCapacityTally(() => sweepSla(deps));
  const millis = performance.now() - start;
  const idle = await withCapacityTally(() => sweepSla(deps));
  admin.destroy();
  return {
    open,
    due,
    sweep: { capacity: swept.capacity.total, calls: swept.capacity.calls, millis, report: swept.result },
    idle: { capacity: idle.capacity.total, calls: idle.capacity.calls },
    reconciliation: {
      capacity: reconciling.capacity.total,
      calls: reconciling.capacity.calls,
      millis: reconcileMillis,
    },
  };
}

const ratioOf = (small: number, large: number) =>
  small === 0 ? (large === 0 ? 1 : Number.POSITIVE_INFINITY) : large / small;

/** The table `npm run bench` prints. */
export function printSweepTable(small: SweepMeasurement, large: SweepMeasurement): void {
  const row = (label: string, pick: (m: SweepMeasurement) => { capacity: number; calls: number }) => {
    const [a, b] = [pick(small), pick(large)];
    return [
      label,
      `${a.capacity.toFixed(1)} (${a.calls})`,
      `${b.capacity.toFixed(1)} (${b.calls})`,
      ratio(ratioOf(a.capacity, b.capacity)),
    ];
  };
  const raised = large.sweep.report.raised;
  printTable(
    `SLA sweep: capacity units (calls) with ${small.open} and ${large.open} open referrals, ${large.due} of them due (target: ratio ≤ ${TARGETS.capacityRatio})`,
    ['run', `${small.open} open`, `${large.open} open`, 'ratio'],
    [
      row(
        `sweep raising ${raised.warning + raised.breach + raised.escalation} events for ${large.due} due referrals`,
        (m) => m.sweep,
      ),
      row('sweep with nothing due (every 5 minutes, mostly)', (m) => m.idle),
      row(
        'reconciliation after a settings change (reads every open referral; expected to grow)',
        (m) => m.reconciliation,
      ),
    ],
  );
  process.stdout.write(
    `Sweep wall time: ${ms(small.sweep.millis)} ms at ${small.open} open, ${ms(large.sweep.millis)} ms at ${large.open} open.\n`,
  );
}

export function sweepSummary(small: SweepMeasurement, large: SweepMeasurement): SummaryRow[] {
  const row = (item: string, a: number, b: number): SummaryRow => ({
    item,
    ours: `${b.toFixed(1)} at ${large.open}`,
    floor: `${a.toFixed(1)} at ${small.open}`,
    ratio: ratioOf(a, b),
    target: `≤ ${TARGETS.capacityRatio}×`,
    met: ratioOf(a, b) <= TARGETS.capacityRatio,
  });
  return [
    row(`SLA sweep raising ${large.due} due: capacity units`, small.sweep.capacity, large.sweep.capacity),
    row('SLA sweep, nothing due: capacity units', small.idle.capacity, large.idle.capacity),
  ];
}
