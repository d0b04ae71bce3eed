/**
 * `npm run bench`: measures Jisr side by side with its floors in one run, on this machine, and
 * ends with a summary table of every target (issue 8, part C). One module per concern:
 *   latency.ts    POST /v1/needs, a transition, an inbox page and the dashboard through the local
 *                 runtime vs. a bare DynamoDB call of the same kind behind the same HTTP hop
 *                 (floor.ts, floor-server.ts): p50/p99, throughput; interleaved
 *   alerts.ts     publish-to-alert latency through the stream, the bus and the consumer
 *   capacity.ts   DynamoDB capacity per operation
 *   sla-sweep.ts  the SLA sweep's capacity at 100 and 10,000 open referrals
 *   dashboard.ts  the dashboard's capacity at 1,000 and 50,000 referrals
 *   init-time.ts  each Lambda bundle's size and module initialization vs. a minimal handler
 *   load.ts       sustained mixed traffic, open loop, at the highest rate held (fresh runtime)
 *   summary.ts    the summary table
 * Sizes and durations: bench/config.ts (BENCH_* variables). Machines are shared and noisy: read
 * the ratios, and the load average printed with them.
 */
import './log-level.js';
import { ApiClient } from '../test/support/api-client.js';
import { startLocalRuntime } from '../test/support/local-runtime.js';
import { measurePublishToAlert } from './alerts.js';
import { measureCapacity } from './capacity.js';
import { BENCH } from './config.js';
import { dashboardSummary, measureDashboard, printDashboardTable } from './dashboard.js';
import { startFloor } from './floor.js';
import { bundleSummary, measureBundles, printBundleTable } from './init-time.js';
import { measureSideBySide, printSideBySide, sideBySideSummary } from './latency.js';
import { loadSummary, measureLoad, printLoadTables } from './load.js';
import { describeMachine, loadAverage } from './machine.js';
import { comparedOperations, RoutedReferrals } from './operations.js';
import { startBenchRuntime } from './runtime.js';
import { measureSweep, printSweepTable, sweepSummary } from './sla-sweep.js';
import { Summary } from './summary.js';
import { measureWebScreens, printWebTable, webSummary } from './web.js';

const started = performance.now();
const summary = new Summary();
const section = (title: string) =>
  process.stdout.write(
    `\n== ${title} (at ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadAverage()})\n`,
  );

process.stdout.write(`Jisr benchmark — npm run bench\n${describeMachine()}\n`);

// 1–5: one local runtime, and the floor server beside it on the same table.
const runtime = await startBenchRuntime();
try {
  const api = new ApiClient(runtime.baseUrl);
  const floor = await startFloor(runtime);
  try {
    section('Latency and throughput, side by side with the floor');
    const routed = new RoutedReferrals(api);
    await routed.prepare(BENCH.warmup + BENCH.samples + BENCH.throughputRequests + BENCH.throughputRounds);
    const sideBySide = await measureSideBySide(comparedOperations(api, floor, routed), {
      warmup: BENCH.warmup,
      samples: BENCH.samples,
      requests: BENCH.throughputRequests,
      concurrency: BENCH.concurrency,
      rounds: BENCH.throughputRounds,
    });
    printSideBySide(sideBySide, BENCH.concurrency);
    summary.add(
      'Latency and throughput vs. the floor (a bare DynamoDB call behind the same HTTP hop)',
      sideBySideSummary(sideBySide),
    );
  } finally {
    await floor.stop();
  }

  section('Publish-to-alert');
  await measurePublishToAlert(api, BENCH.alertSamples);

  section('Capacity per operation');
  await measureCapacity(runtime);

  section('SLA sweep at two backlog sizes');
  const sweeps = [
    await measureSweep(runtime.dynamodbEndpoint, 100, BENCH.sweepDue),
    await measureSweep(runtime.dynamodbEndpoint, BENCH.sweepLarge, BENCH.sweepDue),
  ] as const;
  printSweepTable(...sweeps);
  summary.add('Capacity at two data sizes (the larger vs. the smaller)', sweepSummary(...sweeps));

  section('Dashboard at two sizes of one quarter');
  const dashboards = [
    await measureDashboard(runtime.dynamodbEndpoint, 1_000),
    await measureDashboard(runtime.dynamodbEndpoint, BENCH.dashboardLarge),
  ] as const;
  printDashboardTable(...dashboards);
  summary.add('Capacity at two data sizes (the larger vs. the smaller)', dashboardSummary(...dashboards));
} finally {
  await runtime.stop();
}

// 6: bundles, with no runtime running.
section('Lambda bundles: size and module initialization');
const bundles = await measureBundles(BENCH.initRuns);
printBundleTable(bundles, BENCH.initRuns);
summary.add('Lambda bundles vs. a minimal handler (a DynamoDB client only)', bundleSummary(bundles));

// 7: sustained load, on a fresh runtime (its table holds only the council and what the load writes).
section('Sustained mixed load');
const loadRuntime = await startBenchRuntime();
try {
  const load = await measureLoad(new ApiClient(loadRuntime.baseUrl), {
    seconds: BENCH.loadSeconds,
    probeSeconds: BENCH.loadProbeSeconds,
    startRate: BENCH.loadStartRate,
    maxRate: BENCH.loadMaxRate,
  });
  printLoadTables(load);
  summary.add('Sustained mixed load (80 % reads, 20 % writes), open loop', loadSummary(load));
} finally {
  await loadRuntime.stop();
}

// 8: the web app's bytes per screen, in Chromium, against a runtime with the demo data.
section('Web app: bytes per screen');
const webRuntime = await startLocalRuntime();
try {
  const weights = await measureWebScreens(webRuntime.baseUrl, new ApiClient(webRuntime.baseUrl));
  printWebTable(weights);
  summary.add('Web app weight', webSummary(weights));
} finally {
  await webRuntime.stop();
}

section('Summary');
summary.print();
process.stdout.write(
  `\nDone in ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end: ${loadAverage()}.\n`,
);
process.exit(0);
