/**
 * The local runtime itself, as `npm start` runs it: data persists across restarts, Ctrl-C
 * stops DynamoDB Local too, and a missing Java is explained.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/bundling.js';
import type { ReportNeedResponse } from '../../shared/schemas/referral.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { startLocalRuntime } from '../support/local-runtime.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jisr-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

describe('local runtime', () => {
  it('keeps its data in the data folder across a restart', async () => {
    const first = await startLocalRuntime({ persistIn: dataDir, demoData: false });
    let needId: string;
    try {
      const reported = await new ApiClient(first.baseUrl).reportNeed<ReportNeedResponse>(
        'member.amina',
        validReport(),
      );
      expect(reported.status).toBe(201);
      needId = reported.body.need.id;
    } finally {
      await first.stop();
    }
    const second = await startLocalRuntime({ persistIn: dataDir, demoData: false });
    try {
      const read = await new ApiClient(second.baseUrl).as('member.amina', 'GET', `/v1/needs/${needId}`);
      expect(read.status).toBe(200);
    } finally {
      await second.stop();
    }
    // Two starts of the runtime and of DynamoDB Local (Java): about 15 s on an idle machine.
  }, 120_000);

  it('stops DynamoDB Local with itself on Ctrl-C (SIGINT)', async () => {
    const runtime = await startLocalRuntime({ demoData: false });
    expect(await reachable(runtime.dynamodbEndpoint)).toBe(true);
    const exited = new Promise<number | null>((resolve) =>
      runtime.process.once('exit', (code) => resolve(code)),
    );
    runtime.process.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await reachable(runtime.dynamodbEndpoint)).toBe(false);
    expect(await reachable(runtime.baseUrl)).toBe(false);
  }, 60_000);

  it('explains that Java is needed when it is missing', () => {
    const result = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'local/main.ts', '--in-memory'],
      {
        cwd: REPO_ROOT,
        // Only node's own folder on the PATH: no java.
        env: { ...process.env, PATH: dirname(process.execPath), PORT: '0' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Java (17 or newer) is needed to run DynamoDB Local');
    expect(result.stderr).toContain('openjdk-17-jre-headless');
  });
});
