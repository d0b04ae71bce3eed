/**
 * How every Lambda is bundled: one definition for the CDK construct and for the benchmark
 * that reports bundle sizes. Everything is bundled (the AWS SDK included) so the versions
 * that run are the ones pinned in package-lock.json.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const handlerEntry = (functionName: string) =>
  join(REPO_ROOT, 'functions', functionName, 'handler.ts');

export const BUNDLING = {
  target: 'node24',
  format: 'esm',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  /** Some CommonJS dependencies call require(); give ESM bundles a require of their own. */
  banner:
    "import { createRequire as __jisrCreateRequire } from 'node:module';const require = __jisrCreateRequire(import.meta.url);",
} as const;
