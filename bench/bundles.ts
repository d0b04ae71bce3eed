/**
 * Bundles every Lambda of the app (routes, stream consumers, rule and schedule targets) exactly
 * as the CDK construct does, and reports its size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BUNDLING, handlerEntry } from '../infra/bundling.js';
import { ROUTES } from '../infra/routes.js';
import { RULES, SCHEDULES, STREAM_CONSUMERS } from '../infra/rules.js';

export interface BundleSize {
  readonly functionName: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export async function bundleSizes(): Promise<BundleSize[]> {
  const out = mkdtempSync(join(tmpdir(), 'jisr-bundles-'));
  try {
    const sizes: BundleSize[] = [];
    const functionNames = [
      ...ROUTES.map((route) => route.functionName),
      ...STREAM_CONSUMERS.map((consumer) => consumer.functionName),
      ...RULES.map((rule) => rule.target.functionName),
      ...SCHEDULES.map((schedule) => schedule.target.functionName),
    ];
    for (const functionName of [...new Set(functionNames)]) {
      const result = await build({
        entryPoints: [handlerEntry(functionName)],
        bundle: true,
        platform: 'node',
        target: BUNDLING.target,
        format: BUNDLING.format,
        minify: BUNDLING.minify,
        mainFields: [...BUNDLING.mainFields],
        banner: { js: BUNDLING.banner },
        write: false,
        outfile: join(out, functionName, 'index.mjs'),
        logLevel: 'silent',
      });
      const code = result.outputFiles[0]?.contents ?? new Uint8Array();
      sizes.push({ functionName, bytes: code.byteLength, gzipBytes: gzipSync(code).byteLength });
    }
    return sizes;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
