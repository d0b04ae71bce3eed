/**
 * Bundles every Lambda of the app (routes, stream consumers, rule and schedule targets) exactly
 * as the CDK construct does (infra/bundling.ts), and the minimal handler they are compared to
 * (bench/minimal-handler.ts): files on disk, for their size and their module initialization.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BUNDLING, handlerEntry, REPO_ROOT } from '../infra/bundling.js';
import { ROUTES } from '../infra/routes.js';
import { RULES, SCHEDULES, STREAM_CONSUMERS } from '../infra/rules.js';

export interface Bundle {
  readonly functionName: string;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** The name the minimal handler's bundle goes by. */
export const MINIMAL = 'minimal (DynamoDB client only)';

export function functionNames(): string[] {
  return [
    ...new Set([
      ...ROUTES.map((route) => route.functionName),
      ...STREAM_CONSUMERS.map((consumer) => consumer.functionName),
      ...RULES.map((rule) => rule.target.functionName),
      ...SCHEDULES.map((schedule) => schedule.target.functionName),
    ]),
  ];
}

async function bundle(functionName: string, entry: string, outDir: string): Promise<Bundle> {
  const file = join(outDir, functionName.replace(/\W+/g, '-'), 'index.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: BUNDLING.target,
    format: BUNDLING.format,
    minify: BUNDLING.minify,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    outfile: file,
    write: true,
    logLevel: 'silent',
  });
  const code = readFileSync(file);
  return { functionName, file, bytes: code.byteLength, gzipBytes: gzipSync(code).byteLength };
}

/** The minimal handler's bundle first, then every function's, written under `outDir`. */
export async function buildBundles(outDir: string): Promise<{ minimal: Bundle; functions: Bundle[] }> {
  const minimal = await bundle(MINIMAL, join(REPO_ROOT, 'bench', 'minimal-handler.ts'), outDir);
  const functions: Bundle[] = [];
  for (const functionName of functionNames()) {
    functions.push(await bundle(functionName, handlerEntry(functionName), outDir));
  }
  return { minimal, functions };
}
