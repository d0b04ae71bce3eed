/**
 * The four operations measured side by side with their floor, each a real request through the
 * local runtime, paired with the bare DynamoDB call of the same kind behind the floor's HTTP hop:
 *   POST /v1/needs                     vs PutItem
 *   POST /v1/referrals/{id}/transitions (accept) vs UpdateItem
 *   GET /v1/referrals (a unit's inbox page of 25)  vs Query of the inbox index, Limit 25
 *   GET /v1/dashboard (directorate, by unit, ~3 months) vs Query of the by-unit rollup cells' months
 */
import type { ReportNeedResponse } from '../shared/schemas/referral.js';
import type { ApiClient } from '../test/support/api-client.js';
import { validReport } from '../test/support/api-client.js';
import type { Floor } from './floor.js';

/** One call; it throws unless the response has the expected status. */
export type Call = () => Promise<void>;

export interface ComparedOperation {
  readonly name: string;
  readonly floorName: string;
  readonly ours: Call;
  readonly floor: Call;
}

export const expectStatus =
  (expected: number, call: () => Promise<number>): Call =>
  async () => {
    const status = await call();
    if (status !== expected) throw new Error(`expected ${expected}, got ${status}`);
  };

/** A dashboard period: the first day of the month two months ago, until today (UTC days). */
export function dashboardPeriod(now = new Date()): { from: string; to: string } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
  return { from: from.toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
}

/**
 * Setting up (not measuring): a request refused with 503 or timed out (DynamoDB Local slow to
 * answer on a busy machine, just after it started) is tried again, a few times.
 */
export async function settingUp<T extends { status: number }>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const response = await request().catch((error: unknown) => {
      if (attempt === 5) throw error;
      return undefined;
    });
    if (response !== undefined && (response.status !== 503 || attempt === 5)) return response;
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}

/** Routed referrals of the health unit, made beforehand (outside any timing) for accepts. */
export class RoutedReferrals {
  private readonly ids: string[] = [];

  constructor(private readonly api: ApiClient) {}

  async prepare(count: number, concurrency = 4): Promise<void> {
    let left = count;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left > 0) {
          left -= 1;
          const response = await settingUp(() =>
            this.api.reportNeed<ReportNeedResponse>('member.amina', validReport()),
          );
          if (response.status !== 201) throw new Error(`preparing referrals: ${response.status}`);
          this.ids.push(response.body.referrals[0]?.id ?? '');
        }
      }),
    );
  }

  take(): string {
    const id = this.ids.pop();
    if (id === undefined) throw new Error('no routed referral left: prepare more');
    return id;
  }
}

export function comparedOperations(
  api: ApiClient,
  floor: Floor,
  routed: RoutedReferrals,
): ComparedOperation[] {
  const report = validReport({ categories: ['health', 'disability'] });
  const period = dashboardPeriod();
  const dashboardQuery = new URLSearchParams({ ...period, groupBy: 'unit' });
  return [
    {
      name: 'POST /v1/needs (2 units)',
      floorName: 'PutItem',
      ours: expectStatus(201, async () => (await api.reportNeed('member.amina', report)).status),
      floor: expectStatus(201, () => floor.put({ kind: 'Floor', ...report })),
    },
    {
      name: 'POST /v1/referrals/{id}/transitions (accept)',
      floorName: 'UpdateItem',
      ours: expectStatus(200, async () => {
        const id = routed.take();
        const response = await api.as('staff.health', 'POST', `/v1/referrals/${id}/transitions`, {
          body: { action: 'accept', expectedVersion: 1 },
        });
        return response.status;
      }),
      floor: expectStatus(200, () => floor.update('accepted')),
    },
    {
      name: 'GET /v1/referrals (unit inbox, 25)',
      floorName: 'Query, 25 items',
      ours: expectStatus(
        200,
        async () => (await api.as('staff.health', 'GET', '/v1/referrals?limit=25')).status,
      ),
      floor: expectStatus(200, () => floor.query({ index: 'gsi1', pk: 'UNIT#health', limit: '25' })),
    },
    {
      name: 'GET /v1/dashboard (directorate, by unit)',
      floorName: 'Query of rollup cells',
      ours: expectStatus(
        200,
        async () => (await api.as('director', 'GET', `/v1/dashboard?${dashboardQuery}`)).status,
      ),
      floor: expectStatus(200, () =>
        floor.query({
          pk: 'ROLLUP#ALL#unit',
          from: `M${period.from.slice(0, 7)}#`,
          to: `M${period.to.slice(0, 7)}#\uffff`,
        }),
      ),
    },
  ];
}
