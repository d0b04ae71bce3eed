/**
 * Each Lambda bundle's size and module initialization time, side by side with the minimal
 * handler's (a DynamoDB client only; same esbuild options). Initialization: the bundle imported
 * in a fresh Node process (`node -e`, performance.now() around `await import(file)`), with the
 * environment a Lambda of the app gets; several processes per bundle, round-robin over all the
 * bundles so noise hits each alike; the median is reported.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Bundle, buildBundles } from './bundles.js';
import { TARGETS } from './config.js';
import { ms, printTable, ratio, summarize } from './stats.js';
import type { SummaryRow } from './summary.js';

export interface BundleMeasurement extends Bundle {
  /** Median module initialization, ms. */
  readonly initMillis: number;
}

/** What the CDK stack gives a function (placeholders for the ARNs and names); no endpoint override. */
const LAMBDA_ENVIRONMENT: Record<string, string> = {
  TABLE_NAME: 'jisr-bench',
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'jisr',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  CONTACT_KEY_ARN: 'arn:aws:kms:eu-central-1:000000000000:key/00000000-0000-0000-0000-000000000000',
  EVENT_BUS_NAME: 'jisr-bench',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-central-1:000000000000:jisr-bench-alerts',
};

const IMPORT_SCRIPT = [
  'const started = performance.now();',
  'await import(process.env.BENCH_IMPORT_URL);',
  'process.stdout.write(String(performance.now() - started));',
  'process.exit(0);',
].join('');

async function initOnce(file: string): Promise<number> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', IMPORT_SCRIPT], {
    // A clean environment: nothing of tsx's (NODE_OPTIONS) or of the runtime's.
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENVIRONMENT, BENCH_IMPORT_URL: pathToFileURL(file).href },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const millis = Number(output);
  if (code !== 0 || !Number.isFinite(millis))
    throw new Error(`importing ${file} failed (${code}):\n${errors}`);
  return millis;
}

export async function measureBundles(runs: number): Promise<{
  minimal: BundleMeasurement;
  functions: BundleMeasurement[];
}> {
  const outDir = mkdtempSync(join(tmpdir(), 'jisr-bundles-'));
  try {
    const { minimal, functions } = await buildBundles(outDir);
    const all = [minimal, ...functions];
    const samples = all.map(() => [] as number[]);
    for (let run = 0; run < Math.max(1, runs); run++) {
      for (const [position, bundle] of all.entries()) samples[position]?.push(await initOnce(bundle.file));
    }
    const [measuredMinimal, ...measured] = all.map((bundle, position) => ({
      ...bundle,
      initMillis: summarize(samples[position] ?? []).p50,
    })) as [BundleMeasurement, ...BundleMeasurement[]];
    return { minimal: measuredMinimal, functions: measured };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const within = (value: number, baseline: number) => value <= TARGETS.bundleRatio * baseline;
const yesNo = (met: boolean) => (met ? 'yes' : 'NO');

export function printBundleTable(
  result: { minimal: BundleMeasurement; functions: readonly BundleMeasurement[] },
  runs: number,
): void {
  const { minimal } = result;
  printTable(
    `Lambda bundles (esbuild, minified ESM, AWS SDK included — as the CDK construct builds them) and module initialization (median of ${runs} fresh Node processes; target: both ≤ ${TARGETS.bundleRatio}× the minimal handler's)`,
    ['function', 'bytes', 'gzip bytes', 'size ratio', 'init ms', 'init ratio', 'size met', 'init met'],
    [minimal, ...result.functions].map((bundle) => [
      bundle.functionName,
      String(bundle.bytes),
      String(bundle.gzipBytes),
      ratio(bundle.bytes / minimal.bytes),
      ms(bundle.initMillis),
      ratio(bundle.initMillis / minimal.initMillis),
      bundle === minimal ? '' : yesNo(within(bundle.bytes, minimal.bytes)),
      bundle === minimal ? '' : yesNo(within(bundle.initMillis, minimal.initMillis)),
    ]),
  );
}

/** One row per function for its initialization, and one for the sizes (the worst, and how many meet). */
export function bundleSummary(result: {
  minimal: BundleMeasurement;
  functions: readonly BundleMeasurement[];
}): SummaryRow[] {
  const { minimal, functions } = result;
  const largest = [...functions].sort((a, b) => b.bytes - a.bytes)[0] as BundleMeasurement;
  const sizeMet = functions.filter((bundle) => within(bundle.bytes, minimal.bytes)).length;
  return [
    ...functions.map((bundle) => ({
      item: `${bundle.functionName}: module init (ms)`,
      ours: ms(bundle.initMillis),
      floor: ms(minimal.initMillis),
      ratio: bundle.initMillis / minimal.initMillis,
      target: `≤ ${TARGETS.bundleRatio}×`,
      met: within(bundle.initMillis, minimal.initMillis),
    })),
    {
      item: `bundle size, largest (${largest.functionName}); ${sizeMet} of ${functions.length} within target`,
      ours: `${(largest.bytes / 1024).toFixed(0)} KiB`,
      floor: `${(minimal.bytes / 1024).toFixed(0)} KiB`,
      ratio: largest.bytes / minimal.bytes,
      target: `≤ ${TARGETS.bundleRatio}× each`,
      met: sizeMet === functions.length,
    },
  ];
}
