/**
 * The local runtime the benchmark measures (`tsx local/main.ts`, in memory, no demo data). It
 * serves a one-page stub instead of building the web app: the bench measures the API, and a
 * web app being edited must not keep the bench from starting (bench/web.ts measures the app).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalRuntime, startLocalRuntime } from '../test/support/local-runtime.js';

export async function startBenchRuntime(): Promise<LocalRuntime> {
  const webDir = mkdtempSync(join(tmpdir(), 'jisr-bench-web-'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Jisr bench</title>');
  return await startLocalRuntime({ demoData: false, env: { JISR_WEB_DIR: webDir } });
}
