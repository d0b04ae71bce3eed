/**
 * Latency and throughput of each operation side by side with its floor, interleaved so that
 * the machine's noise hits both alike:
 *  - latency: sequential requests, ours and the floor's alternating (which goes first alternates);
 *  - throughput: closed-loop bursts at a fixed concurrency, in rounds, ours and the floor's
 *    alternating round by round; requests per second over the time of each side's bursts.
 */
import { TARGETS } from './config.js';
import type { Call, ComparedOperation } from './operations.js';
import { type LatencySummary, ms, printTable, ratio, summarize } from './stats.js';
import type { SummaryRow } from './summary.js';

export interface SideBySide {
  readonly operation: ComparedOperation;
  readonly ours: { latency: LatencySummary; throughput: number };
  readonly floor: { latency: LatencySummary; throughput: number };
}

async function timed(call: Call): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

/** Runs `requests` calls at `concurrency`; returns the elapsed milliseconds. */
async function burst(call: Call, requests: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, requests) }, async () => {
      while (next < requests) {
        next += 1;
        await call();
      }
    }),
  );
  return performance.now() - started;
}

export async function measureSideBySide(
  operations: readonly ComparedOperation[],
  options: { warmup: number; samples: number; requests: number; concurrency: number; rounds: number },
): Promise<SideBySide[]> {
  for (let index = 0; index < options.warmup; index++) {
    for (const operation of operations) {
      await operation.floor();
      await operation.ours();
    }
  }
  const latencies = operations.map(() => ({ ours: [] as number[], floor: [] as number[] }));
  for (let index = 0; index < options.samples; index++) {
    for (const [position, operation] of operations.entries()) {
      const samples = latencies[position] as { ours: number[]; floor: number[] };
      if (index % 2 === 0) {
        samples.floor.push(await timed(operation.floor));
        samples.ours.push(await timed(operation.ours));
      } else {
        samples.ours.push(await timed(operation.ours));
        samples.floor.push(await timed(operation.floor));
      }
    }
  }
  const rounds = Math.max(1, options.rounds);
  const perRound = Math.max(1, Math.round(options.requests / rounds));
  const elapsed = operations.map(() => ({ ours: 0, floor: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [position, operation] of operations.entries()) {
      const time = elapsed[position] as { ours: number; floor: number };
      const floorFirst = round % 2 === 0;
      if (floorFirst) time.floor += await burst(operation.floor, perRound, options.concurrency);
      time.ours += await burst(operation.ours, perRound, options.concurrency);
      if (!floorFirst) time.floor += await burst(operation.floor, perRound, options.concurrency);
    }
  }
  const total = perRound * rounds;
  return operations.map((operation, position) => {
    const samples = latencies[position] as { ours: number[]; floor: number[] };
    const time = elapsed[position] as { ours: number; floor: number };
    return {
      operation,
      ours: { latency: summarize(samples.ours), throughput: total / (time.ours / 1000) },
      floor: { latency: summarize(samples.floor), throughput: total / (time.floor / 1000) },
    };
  });
}

export function printSideBySide(results: readonly SideBySide[], concurrency: number): void {
  const rows: string[][] = [];
  for (const { operation, ours, floor } of results) {
    const line = (label: string, side: SideBySide['ours']) => [
      label,
      ms(side.latency.p50),
      ms(side.latency.p90),
      ms(side.latency.p99),
      ms(side.latency.mean),
      side.throughput.toFixed(0),
    ];
    rows.push(line(`floor: bare ${operation.floorName} behind HTTP`, floor), line(operation.name, ours), [
      '  ratio to the floor',
      ratio(ours.latency.p50 / floor.latency.p50),
      ratio(ours.latency.p90 / floor.latency.p90),
      ratio(ours.latency.p99 / floor.latency.p99),
      ratio(ours.latency.mean / floor.latency.mean),
      ratio(ours.throughput / floor.throughput),
    ]);
  }
  const samples = results[0]?.ours.latency.samples ?? 0;
  printTable(
    `Latency and throughput over loopback, side by side with the floor (ms; ${samples} interleaved sequential samples each; throughput in requests/s at concurrency ${concurrency}, interleaved rounds)`,
    ['operation', 'p50', 'p90', 'p99', 'mean', 'req/s'],
    rows,
  );
}

export function sideBySideSummary(results: readonly SideBySide[]): SummaryRow[] {
  return results.flatMap(({ operation, ours, floor }) => [
    {
      item: `${operation.name}: p50 (ms)`,
      ours: ms(ours.latency.p50),
      floor: ms(floor.latency.p50),
      ratio: ours.latency.p50 / floor.latency.p50,
    },
    {
      item: `${operation.name}: p99 (ms)`,
      ours: ms(ours.latency.p99),
      floor: ms(floor.latency.p99),
      ratio: ours.latency.p99 / floor.latency.p99,
      target: `≤ ${TARGETS.p99Ratio}×`,
      met: ours.latency.p99 <= TARGETS.p99Ratio * floor.latency.p99,
    },
    {
      item: `${operation.name}: throughput (req/s)`,
      ours: ours.throughput.toFixed(0),
      floor: floor.throughput.toFixed(0),
      ratio: ours.throughput / floor.throughput,
      target: `≥ ${TARGETS.throughputRatio}×`,
      met: ours.throughput >= TARGETS.throughputRatio * floor.throughput,
    },
  ]);
}
