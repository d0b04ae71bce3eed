/**
 * Sustained mixed traffic, open loop: requests are sent at scheduled instants (a fixed rate,
 * evenly spaced) whether or not earlier ones have come back, and each latency is measured from
 * its scheduled instant — so queueing in the system (or in this generator) shows in the figures
 * instead of slowing the arrivals down (no coordinated omission).
 *
 * The mix: 80 % reads (a unit's inbox page, a referral, a need, the member's notifications, the
 * directorate's dashboard), 20 % writes (reporting a need; a transition — accept, then start, then
 * resolve — of a referral reported earlier).
 *
 * The rate: a ramp of short probes at rising rates until one misses (p99 ≥ the target, or any
 * error), one probe halfway between the last rate held and the first missed, then the sustained
 * run at the highest rate held. If the sustained run misses, it is run once more a step lower.
 */
import type { ReportNeedResponse } from '../shared/schemas/referral.js';
import { type ApiClient, validReport } from '../test/support/api-client.js';
import { TARGETS } from './config.js';
import { dashboardPeriod, settingUp } from './operations.js';
import { type LatencySummary, ms, printTable, summarize } from './stats.js';
import type { SummaryRow } from './summary.js';

/** A request not answered in this long counts as an error. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * Before each probe and the sustained run, the stream consumers catch up on the writes before
 * it (the rollups are the slowest of them): until the dashboard counts every referral reported
 * and every one resolved, for at most this long.
 */
const DRAIN_LIMIT_MS = 60_000;

type Kind = 'inbox' | 'referral' | 'need' | 'notifications' | 'dashboard' | 'report' | 'transition';
const MIX: Readonly<Record<Kind, { weight: number; write: boolean }>> = {
  inbox: { weight: 30, write: false },
  referral: { weight: 20, write: false },
  need: { weight: 10, write: false },
  notifications: { weight: 10, write: false },
  dashboard: { weight: 10, write: false },
  report: { weight: 10, write: true },
  transition: { weight: 10, write: true },
};

interface OpenReferral {
  readonly id: string;
  readonly version: number;
}
const NEXT_ACTION: Record<number, Record<string, unknown>> = {
  1: { action: 'accept' },
  2: { action: 'start' },
  3: { action: 'resolve', outcome: 'service_provided' },
};

export interface LoadRun {
  readonly rate: number;
  readonly seconds: number;
  readonly sent: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly latency: LatencySummary;
  readonly byKind: Readonly<Record<string, LatencySummary>>;
  /** Requests answered per second, over the run (until the last answer). */
  readonly achieved: number;
  /** How late the generator itself sent a request, at worst (ms): its own queueing. */
  readonly maxSendLag: number;
  readonly held: boolean;
}

/** The traffic: who asks for what, with the ids of what was reported so far. */
class MixedTraffic {
  private readonly tokens = new Map<string, string>();
  private readonly needs: string[] = [];
  private readonly referrals: string[] = [];
  private readonly toTransition: OpenReferral[] = [];
  private readonly period = new URLSearchParams({ ...dashboardPeriod(), groupBy: 'unit' });
  private reported = 0;
  private resolved = 0;
  private state = 0x2545f491;
  private readonly kinds = Object.entries(MIX) as [Kind, { weight: number }][];
  private readonly totalWeight = this.kinds.reduce((sum, [, { weight }]) => sum + weight, 0);

  constructor(private readonly api: ApiClient) {}

  async signIn(): Promise<void> {
    for (const username of ['member.amina', 'staff.health', 'director'])
      this.tokens.set(username, await this.api.token(username));
  }

  /** Reports `count` needs first (the referrals later transitions act on, and ids to read). */
  async prepare(count: number, concurrency = 4): Promise<void> {
    let left = count;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left > 0) {
          left -= 1;
          const { status } = await settingUp(async () => ({ status: await this.report() }));
          if (status !== 201) throw new Error(`preparing the load: POST /v1/needs answered ${status}`);
        }
      }),
    );
  }

  /** Waits until the rollups count what was written (see DRAIN_LIMIT_MS); returns the ms waited. */
  async drain(): Promise<number> {
    const started = performance.now();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const query = new URLSearchParams({ from: day(-1), to: day(1), groupBy: 'unit' });
    type Figure = { value: number | null };
    const counted = (figure: Figure | undefined, expected: number) =>
      figure?.value === expected || (figure?.value === null && expected < 5);
    while (performance.now() - started < DRAIN_LIMIT_MS) {
      const { status, text } = await this.send('director', 'GET', `/v1/dashboard?${query}`);
      if (status === 200) {
        const { period } = (JSON.parse(text) as { totals: { period: { opened: Figure; resolved: Figure } } })
          .totals;
        if (counted(period.opened, this.reported) && counted(period.resolved, this.resolved)) break;
      }
      await sleep(500);
    }
    return performance.now() - started;
  }

  /** The next request's kind, from a seeded generator (the same sequence every run). */
  pick(): Kind {
    this.state = (this.state * 1_103_515_245 + 12_345) >>> 0;
    let roll = (this.state / 4_294_967_296) * this.totalWeight;
    for (const [kind, { weight }] of this.kinds) {
      roll -= weight;
      if (roll < 0) return kind;
    }
    return 'inbox';
  }

  private any(list: readonly string[]): string | undefined {
    return list[Math.floor(Math.random() * list.length)];
  }

  private async send(username: string, method: string, path: string, body?: unknown, headers = {}) {
    const response = await fetch(new URL(path, this.api.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${this.tokens.get(username) ?? ''}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: response.status, text: await response.text() };
  }

  private async report(): Promise<number> {
    const { status, text } = await this.send('member.amina', 'POST', '/v1/needs', validReport(), {
      'idempotency-key': crypto.randomUUID(),
    });
    if (status === 201) {
      const body = JSON.parse(text) as ReportNeedResponse;
      this.needs.push(body.need.id);
      for (const referral of body.referrals) {
        this.reported += 1;
        this.referrals.push(referral.id);
        this.toTransition.push({ id: referral.id, version: 1 });
      }
    }
    return status;
  }

  /** Runs one request of `kind`; returns whether it got the answer it should. */
  async run(kind: Kind): Promise<{ ok: boolean; detail: string }> {
    const expect = (status: number, expected: number) => ({
      ok: status === expected,
      detail: `${kind}: ${status}`,
    });
    switch (kind) {
      case 'inbox':
        return expect((await this.send('staff.health', 'GET', '/v1/referrals?limit=25')).status, 200);
      case 'referral':
        return expect(
          (await this.send('staff.health', 'GET', `/v1/referrals/${this.any(this.referrals)}`)).status,
          200,
        );
      case 'need':
        return expect(
          (await this.send('member.amina', 'GET', `/v1/needs/${this.any(this.needs)}`)).status,
          200,
        );
      case 'notifications':
        return expect((await this.send('member.amina', 'GET', '/v1/notifications?limit=25')).status, 200);
      case 'dashboard':
        return expect((await this.send('director', 'GET', `/v1/dashboard?${this.period}`)).status, 200);
      case 'report':
        return expect(await this.report(), 201);
      case 'transition': {
        const referral = this.toTransition.shift();
        if (referral === undefined) return expect(await this.report(), 201);
        const { status } = await this.send(
          'staff.health',
          'POST',
          `/v1/referrals/${referral.id}/transitions`,
          {
            ...NEXT_ACTION[referral.version],
            expectedVersion: referral.version,
          },
        );
        if (status === 200 && referral.version < 3)
          this.toTransition.push({ id: referral.id, version: referral.version + 1 });
        if (status === 200 && referral.version === 3) this.resolved += 1;
        return expect(status, 200);
      }
    }
  }
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, millis)));

/** `rate` requests per second for `seconds`, open loop. */
async function openLoop(traffic: MixedTraffic, rate: number, seconds: number): Promise<LoadRun> {
  const interval = 1000 / rate;
  const count = Math.max(1, Math.round(rate * seconds));
  const start = performance.now() + 20;
  const latencies: number[] = [];
  const byKind = new Map<Kind, number[]>();
  const errorSamples: string[] = [];
  let errors = 0;
  let maxSendLag = 0;
  let lastAnswer = start;
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    const scheduled = start + index * interval;
    const now = performance.now();
    if (scheduled > now) await sleep(scheduled - now);
    maxSendLag = Math.max(maxSendLag, performance.now() - scheduled);
    const kind = traffic.pick();
    inFlight.push(
      traffic
        .run(kind)
        .catch((error: unknown) => ({ ok: false, detail: `${kind}: ${(error as Error).message}` }))
        .then(({ ok, detail }) => {
          const answered = performance.now();
          lastAnswer = Math.max(lastAnswer, answered);
          latencies.push(answered - scheduled);
          const list = byKind.get(kind) ?? [];
          list.push(answered - scheduled);
          byKind.set(kind, list);
          if (!ok) {
            errors += 1;
            if (errorSamples.length < 5) errorSamples.push(detail);
          }
        }),
    );
  }
  await Promise.all(inFlight);
  const latency = summarize(latencies);
  return {
    rate,
    seconds,
    sent: count,
    errors,
    errorSamples,
    latency,
    byKind: Object.fromEntries([...byKind].map(([kind, list]) => [kind, summarize(list)])),
    achieved: count / ((lastAnswer - start) / 1000),
    maxSendLag,
    held: errors === 0 && latency.p99 < TARGETS.loadP99Millis,
  };
}

export interface LoadResult {
  readonly probes: readonly LoadRun[];
  /** The sustained runs: one, or two if the first missed and the next lower rate was run. */
  readonly sustained: readonly LoadRun[];
}

export async function measureLoad(
  api: ApiClient,
  options: { seconds: number; probeSeconds: number; startRate: number; maxRate: number },
): Promise<LoadResult> {
  const traffic = new MixedTraffic(api);
  await traffic.signIn();
  await traffic.prepare(200);
  const probes: LoadRun[] = [];
  const drained = async () => {
    const waited = await traffic.drain();
    return waited >= DRAIN_LIMIT_MS
      ? `rollups still behind after ${waited / 1000} s`
      : `drained in ${(waited / 1000).toFixed(1)} s`;
  };
  const probe = async (rate: number) => {
    const before = await drained();
    const run = await openLoop(traffic, rate, options.probeSeconds);
    probes.push(run);
    process.stdout.write(
      `  probe ${rate} req/s (${before}): p99 ${ms(run.latency.p99)} ms, ${run.errors} errors — ${run.held ? 'held' : 'missed'}\n`,
    );
    return run.held;
  };
  // Rising rates (×1.5) until one misses; if the first already misses, halving rates until one holds.
  const held: number[] = [];
  let missed: number | undefined;
  for (let rate = options.startRate; rate <= options.maxRate; rate = Math.round(rate * 1.5)) {
    if (await probe(rate)) held.push(rate);
    else {
      missed = rate;
      break;
    }
  }
  for (
    let rate = Math.floor(options.startRate / 2);
    held.length === 0 && rate >= 1;
    rate = Math.floor(rate / 2)
  ) {
    if (await probe(rate)) held.push(rate);
    else missed = rate;
  }
  const best = held[held.length - 1];
  let found = best ?? 1;
  if (best !== undefined && missed !== undefined && missed > best) {
    const middle = Math.round((best + missed) / 2);
    if (middle > best && middle < missed && (await probe(middle))) found = middle;
  }
  process.stdout.write(`  sustained at ${found} req/s (${await drained()})\n`);
  const sustained = [await openLoop(traffic, found, options.seconds)];
  const lower = [...held].reverse().find((rate) => rate < found);
  if (!sustained[0]?.held && lower !== undefined) {
    process.stdout.write(`  sustained at ${lower} req/s, a step lower (${await drained()})\n`);
    sustained.push(await openLoop(traffic, lower, options.seconds));
  }
  return { probes, sustained };
}

export function printLoadTables(result: LoadResult): void {
  const line = (label: string, run: LoadRun) => [
    label,
    String(run.rate),
    `${run.seconds}`,
    String(run.sent),
    run.achieved.toFixed(1),
    ms(run.latency.p50),
    ms(run.latency.p99),
    ms(run.latency.mean),
    String(run.errors),
    ms(run.maxSendLag),
    run.held ? 'yes' : 'no',
  ];
  printTable(
    `Sustained mixed load, open loop (80 % reads, 20 % writes; latency from the scheduled send, ms; held: p99 < ${TARGETS.loadP99Millis} ms and no errors)`,
    ['run', 'req/s', 's', 'sent', 'answered/s', 'p50', 'p99', 'mean', 'errors', 'send lag', 'held'],
    [
      ...result.probes.map((run, index) => line(`ramp probe ${index + 1}`, run)),
      ...result.sustained.map((run, index) =>
        line(index === 0 ? 'SUSTAINED' : 'SUSTAINED (a step lower)', run),
      ),
    ],
  );
  const last = result.sustained[result.sustained.length - 1];
  if (last !== undefined) {
    printTable(
      `Sustained run at ${last.rate} req/s, by request kind (ms, from the scheduled send)`,
      ['request', 'share', 'count', 'p50', 'p99', 'max'],
      Object.entries(MIX).map(([kind, { weight, write }]) => {
        const summary = last.byKind[kind];
        return [
          `${kind}${write ? ' (write)' : ''}`,
          `${weight} %`,
          String(summary?.samples ?? 0),
          ms(summary?.p50 ?? Number.NaN),
          ms(summary?.p99 ?? Number.NaN),
          ms(summary?.max ?? Number.NaN),
        ];
      }),
    );
  }
  for (const run of [...result.probes, ...result.sustained]) {
    if (run.errorSamples.length > 0)
      process.stdout.write(`Errors at ${run.rate} req/s (first few): ${run.errorSamples.join('; ')}\n`);
  }
}

export function loadSummary(result: LoadResult): SummaryRow[] {
  const heldRun = [...result.sustained].reverse().find((run) => run.held);
  const shown = heldRun ?? result.sustained[result.sustained.length - 1];
  if (shown === undefined) return [];
  return [
    {
      item: `Mixed load: highest rate held for ${shown.seconds} s (req/s, open loop)`,
      ours: heldRun === undefined ? `none (ran at ${shown.rate})` : String(heldRun.rate),
      floor: '',
    },
    {
      item: `Mixed load at ${shown.rate} req/s for ${shown.seconds} s: p50 / p99 (ms)`,
      ours: `${ms(shown.latency.p50)} / ${ms(shown.latency.p99)}`,
      floor: '',
      target: `p99 < ${TARGETS.loadP99Millis}`,
      met: shown.latency.p99 < TARGETS.loadP99Millis,
    },
    {
      item: `Mixed load at ${shown.rate} req/s for ${shown.seconds} s: errors`,
      ours: `${shown.errors} of ${shown.sent}`,
      floor: '',
      target: '0',
      met: shown.errors === 0,
    },
  ];
}
