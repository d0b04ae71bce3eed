/**
 * `npm run bench`: measures Jisr side by side with a floor in one run, on this machine.
 *  1. POST /v1/needs through the local runtime vs. a bare PutItem behind the same kind of
 *     HTTP hop: latency percentiles (sequential, interleaved) and throughput (concurrent).
 *  2. DynamoDB capacity consumed by each operation (ReturnConsumedCapacity).
 *  3. The SLA sweep's capacity at two backlog sizes with the same number of referrals due.
 *  4. Each Lambda bundle's size.
 *  5. The dashboard's capacity at 1,000 and at 50,000 referrals (bench/dashboard.ts).
 * Machines are shared and noisy: read the ratios, not the absolute numbers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/bundling.js';
import { ROUTES, type RouteDefinition } from '../infra/routes.js';
import { lambdaContext } from '../local/api-gateway-event.js';
import { LOCAL_AWS } from '../local/dynamodb-local.js';
import type { ReportNeedResponse } from '../shared/schemas/referral.js';
import { ApiClient, validReport } from '../test/support/api-client.js';
import { startLocalRuntime } from '../test/support/local-runtime.js';
import { bundleSizes } from './bundles.js';
import { measureDashboard, printDashboardTable } from './dashboard.js';
import { eventFor } from './events.js';
import { measureSweep, type SweepMeasurement } from './sla-sweep.js';
import { ms, printTable, ratio, summarize } from './stats.js';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const THROUGHPUT_REQUESTS = Number(process.env.BENCH_THROUGHPUT_REQUESTS ?? 400);
const ALERT_SAMPLES = Number(process.env.BENCH_ALERT_SAMPLES ?? 30);
const SWEEP_SIZES = [100, Number(process.env.BENCH_SWEEP_LARGE ?? 10_000)] as const;
const SWEEP_DUE = Number(process.env.BENCH_SWEEP_DUE ?? 20);
const DASHBOARD_SIZES = [1_000, Number(process.env.BENCH_DASHBOARD_LARGE ?? 50_000)] as const;

async function startFloor(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bench/floor-server.ts'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
  });
  return { url, child };
}

async function timed(call: () => Promise<{ status: number }>, expected: number): Promise<number> {
  const started = performance.now();
  const { status } = await call();
  const elapsed = performance.now() - started;
  if (status !== expected) throw new Error(`expected ${expected}, got ${status}`);
  return elapsed;
}

async function throughput(
  call: () => Promise<unknown>,
  requests: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        await call();
      }
    }),
  );
  return requests / ((performance.now() - started) / 1000);
}

const runtime = await startLocalRuntime({ demoData: false });
const floor = await startFloor({
  DYNAMODB_ENDPOINT: runtime.dynamodbEndpoint,
  TABLE_NAME: runtime.tableName,
});
try {
  const api = new ApiClient(runtime.baseUrl);
  const report = validReport({ categories: ['health', 'disability'] });
  const floorItem = { kind: 'Floor', ...report };
  const floorCall = async () => {
    const response = await fetch(floor.url, { method: 'POST', body: JSON.stringify(floorItem) });
    await response.arrayBuffer();
    return { status: response.status };
  };
  const reportCall = async () => ({ status: (await api.reportNeed('member.amina', report)).status });
  // Each accept needs a referral still routed: made beforehand, outside the timing.
  const routedReferrals: string[] = [];
  const prepareReferrals = async (count: number) => {
    for (let index = 0; index < count; index++) {
      const response = await api.reportNeed<ReportNeedResponse>('member.amina', validReport());
      routedReferrals.push(response.body.referrals[0]?.id ?? '');
    }
  };
  const acceptCall = async () => {
    const id = routedReferrals.pop();
    if (id === undefined) throw new Error('no routed referral left');
    const response = await api.as('staff.health', 'POST', `/v1/referrals/${id}/transitions`, {
      body: { action: 'accept', expectedVersion: 1 },
    });
    return { status: response.status };
  };
  const operations = [
    { name: 'POST /v1/needs (2 units)', call: reportCall, expected: 201 },
    { name: 'POST .../transitions (accept)', call: acceptCall, expected: 200 },
  ];

  process.stdout.write(
    `Jisr benchmark — ${SAMPLES} interleaved samples after ${WARMUP} warm-up, Node ${process.version}\n`,
  );
  await prepareReferrals(WARMUP + SAMPLES + THROUGHPUT_REQUESTS);
  for (let index = 0; index < WARMUP; index++) {
    await timed(floorCall, 201);
    for (const operation of operations) await timed(operation.call, operation.expected);
  }
  const floorLatencies: number[] = [];
  const latencies = operations.map(() => [] as number[]);
  for (let index = 0; index < SAMPLES; index++) {
    floorLatencies.push(await timed(floorCall, 201));
    for (const [position, operation] of operations.entries()) {
      latencies[position]?.push(await timed(operation.call, operation.expected));
    }
  }
  const floorThroughput = await throughput(floorCall, THROUGHPUT_REQUESTS, CONCURRENCY);
  const floorSummary = summarize(floorLatencies);
  const latencyRows: string[][] = [
    [
      'floor: bare PutItem behind HTTP',
      ms(floorSummary.p50),
      ms(floorSummary.p90),
      ms(floorSummary.p99),
      ms(floorSummary.mean),
      floorThroughput.toFixed(0),
    ],
  ];
  for (const [position, operation] of operations.entries()) {
    const summary = summarize(latencies[position] ?? []);
    const rate = await throughput(operation.call, THROUGHPUT_REQUESTS, CONCURRENCY);
    latencyRows.push(
      [operation.name, ms(summary.p50), ms(summary.p90), ms(summary.p99), ms(summary.mean), rate.toFixed(0)],
      [
        '  ratio to the floor',
        ratio(summary.p50 / floorSummary.p50),
        ratio(summary.p90 / floorSummary.p90),
        ratio(summary.p99 / floorSummary.p99),
        ratio(summary.mean / floorSummary.mean),
        ratio(rate / floorThroughput),
      ],
    );
  }
  printTable(
    `Latency and throughput over loopback (ms; throughput in requests/s at concurrency ${CONCURRENCY})`,
    ['operation', 'p50', 'p90', 'p99', 'mean', 'req/s'],
    latencyRows,
  );

  // Publish-to-alert: a flagged need's report, until its alert is listed (stream → publisher →
  // bus → consumer → table), polled every 10 ms.
  const alertLatencies: number[] = [];
  for (let index = 0; index < ALERT_SAMPLES; index++) {
    const started = performance.now();
    const flagged = await api.reportNeed<ReportNeedResponse>(
      'member.mehmet',
      validReport({ cohesionRisks: ['misinformation'], neighbourhood: `Bench ${index}` }),
    );
    const alertId = `risk-${flagged.body.need.id}`;
    for (;;) {
      const page = await api.as<{ items: { id: string }[] }>('director', 'GET', '/v1/alerts?limit=5');
      if (page.body.items.some((alert) => alert.id === alertId)) break;
      if (performance.now() - started > 30_000) throw new Error(`no alert for ${alertId} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    alertLatencies.push(performance.now() - started);
  }
  const alertSummary = summarize(alertLatencies);
  printTable(
    `Event publish-to-alert latency (ms; ${ALERT_SAMPLES} flagged needs, one at a time; the local stream is polled every 100 ms)`,
    ['path', 'p50', 'p90', 'p99', 'mean'],
    [
      [
        'POST /v1/needs → stream → bus → alert listed',
        ms(alertSummary.p50),
        ms(alertSummary.p90),
        ms(alertSummary.p99),
        ms(alertSummary.mean),
      ],
    ],
  );

  // Capacity: call the same handlers in-process against the same table and count what
  // DynamoDB reports as consumed for each operation.
  Object.assign(process.env, {
    TABLE_NAME: runtime.tableName,
    DYNAMODB_ENDPOINT: runtime.dynamodbEndpoint,
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    CONTACT_LOCAL_KEY: randomBytes(32).toString('base64'),
  });
  const { withCapacityTally } = await import('../shared/adapters/dynamodb/capacity.js');
  const { createDocumentClient } = await import('../shared/adapters/dynamodb/client.js');
  const { readEnvironment } = await import('../shared/config/environment.js');
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const routeOf = (functionName: string) =>
    ROUTES.find((route) => route.functionName === functionName) as RouteDefinition;
  const invoke = async (functionName: string, options: Parameters<typeof eventFor>[1]) => {
    const module = (await import(`../functions/${functionName}/handler.ts`)) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    return await withCapacityTally(() =>
      module.handler(eventFor(routeOf(functionName), options), lambdaContext(functionName, randomUUID())),
    );
  };
  const rows: string[][] = [];
  const row = (operation: string, capacity: { read: number; write: number; total: number; calls: number }) =>
    rows.push([
      operation,
      capacity.total.toFixed(1),
      capacity.read.toFixed(1),
      capacity.write.toFixed(1),
      String(capacity.calls),
    ]);

  const floorClient = createDocumentClient(readEnvironment());
  row(
    'floor: bare PutItem',
    (
      await withCapacityTally(() =>
        floorClient.send(
          new PutCommand({
            TableName: runtime.tableName,
            Item: { pk: `FLOOR#${randomUUID()}`, sk: 'FLOOR', ...floorItem },
          }),
        ),
      )
    ).capacity,
  );
  const needBody = { body: report, headers: { 'idempotency-key': randomUUID() } };
  const cold = await invoke('report-need', { username: 'member.amina', ...needBody });
  row('POST /v1/needs, 2 units (cold: reads council config)', cold.capacity);
  const warm = await invoke('report-need', {
    username: 'member.amina',
    body: report,
    headers: { 'idempotency-key': randomUUID() },
  });
  row('POST /v1/needs, 2 units (warm)', warm.capacity);
  const oneUnit = await invoke('report-need', {
    username: 'member.amina',
    body: validReport(),
    headers: { 'idempotency-key': randomUUID() },
  });
  row('POST /v1/needs, 1 unit (warm)', oneUnit.capacity);
  row(
    'POST /v1/needs, retry (replay)',
    (await invoke('report-need', { username: 'member.amina', ...needBody })).capacity,
  );
  const reported = JSON.parse(cold.result.body) as ReportNeedResponse;
  const needId = reported.need.id;
  const referralId = reported.referrals[0]?.id ?? '';
  row(
    'GET /v1/needs/{id}',
    (await invoke('get-need', { username: 'member.amina', pathParameters: { id: needId } })).capacity,
  );
  row(
    'GET /v1/referrals/{id}',
    (await invoke('get-referral', { username: 'staff.health', pathParameters: { id: referralId } })).capacity,
  );
  row(
    'GET /v1/referrals (unit inbox, 25)',
    (await invoke('list-referrals', { username: 'staff.health', query: { limit: '25' } })).capacity,
  );
  row(
    'GET /v1/referrals (directorate, 25)',
    (await invoke('list-referrals', { username: 'director', query: { limit: '25' } })).capacity,
  );
  const accepted = await invoke('transition-referral', {
    username: 'staff.health',
    pathParameters: { id: referralId },
    body: { action: 'accept', expectedVersion: 1 },
  });
  row('POST .../transitions (accept)', accepted.capacity);
  row(
    'POST .../transitions (start, with Idempotency-Key)',
    (
      await invoke('transition-referral', {
        username: 'staff.health',
        pathParameters: { id: referralId },
        body: { action: 'start', expectedVersion: 2 },
        headers: { 'idempotency-key': randomUUID() },
      })
    ).capacity,
  );
  row(
    'GET /v1/referrals/{id}/history',
    (await invoke('get-referral-history', { username: 'director', pathParameters: { id: referralId } }))
      .capacity,
  );
  row(
    'GET /v1/notifications (25)',
    (await invoke('list-notifications', { username: 'member.amina', query: { limit: '25' } })).capacity,
  );
  const withContact = JSON.parse(
    (
      await invoke('report-need', {
        username: 'member.amina',
        body: validReport({ contact: { name: 'Bench Person', phone: '+90 555 000 00 00' } }),
        headers: { 'idempotency-key': randomUUID() },
      })
    ).result.body,
  ) as ReportNeedResponse;
  row(
    'GET /v1/referrals/{id} with contact (sealed read, audited)',
    (
      await invoke('get-referral', {
        username: 'staff.health',
        pathParameters: { id: withContact.referrals[0]?.id ?? '' },
      })
    ).capacity,
  );
  row('GET /v1/catalog (warm)', (await invoke('get-catalog', { username: 'member.amina' })).capacity);
  row('GET /v1/me', (await invoke('get-me', { username: 'member.amina' })).capacity);
  printTable(
    'DynamoDB capacity consumed per operation (units, as DynamoDB Local reports them)',
    ['operation', 'total', 'read', 'write', 'calls'],
    rows,
  );
  process.stdout.write(
    'Note: DynamoDB Local reports a TransactWriteItems call per table and index touched, not per item\n' +
      '(1 to 4 items all report the same units), so the transactional rows are not what AWS would bill;\n' +
      'AWS bills 2 write units per KB per item and per index the item lands in.\n' +
      '"calls" counts every round trip, refused conditional writes included (DynamoDB reports no units for those).\n',
  );

  // The SLA sweep at two backlog sizes with the same number due (fresh tables, fixed clock).
  const due = SWEEP_DUE;
  const [small, large] = [
    await measureSweep(runtime.dynamodbEndpoint, SWEEP_SIZES[0], due),
    await measureSweep(runtime.dynamodbEndpoint, SWEEP_SIZES[1], due),
  ];
  const sweepRow = (label: string, pick: (m: SweepMeasurement) => { capacity: number; calls: number }) => {
    const [a, b] = [pick(small), pick(large)];
    return [
      label,
      `${a.capacity.toFixed(1)} (${a.calls})`,
      `${b.capacity.toFixed(1)} (${b.calls})`,
      a.capacity === 0 ? (b.capacity === 0 ? ratio(1) : 'n/a') : ratio(b.capacity / a.capacity),
    ];
  };
  printTable(
    `SLA sweep: capacity units (calls) with ${small.open} and ${large.open} open referrals, ${due} of them due (target: ratio ≤ 1.1)`,
    ['run', `${small.open} open`, `${large.open} open`, 'ratio'],
    [
      sweepRow(
        `sweep raising ${large.sweep.report.raised.warning + large.sweep.report.raised.breach + large.sweep.report.raised.escalation} events for ${due} due referrals`,
        (m) => m.sweep,
      ),
      sweepRow('sweep with nothing due (every 5 minutes, mostly)', (m) => m.idle),
      sweepRow(
        'reconciliation after a settings change (reads every open referral; expected to grow)',
        (m) => m.reconciliation,
      ),
    ],
  );
  process.stdout.write(
    `Sweep wall time: ${ms(small.sweep.millis)} ms at ${small.open} open, ${ms(large.sweep.millis)} ms at ${large.open} open.\n`,
  );

  // The dashboard at two sizes of one quarter (fresh tables of rollup cells, fixed clock).
  printDashboardTable(
    await measureDashboard(runtime.dynamodbEndpoint, DASHBOARD_SIZES[0]),
    await measureDashboard(runtime.dynamodbEndpoint, DASHBOARD_SIZES[1]),
  );

  const sizes = await bundleSizes();
  printTable(
    'Lambda bundles (esbuild, minified ESM, AWS SDK included — as the CDK construct builds them)',
    ['function', 'bytes', 'gzip bytes'],
    sizes.map((size) => [size.functionName, String(size.bytes), String(size.gzipBytes)]),
  );
} finally {
  floor.child.kill('SIGTERM');
  await runtime.stop();
}
process.exit(0);
