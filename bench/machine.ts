/** What the benchmark ran on: printed first, so every run's figures carry their machine. */
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/bundling.js';
import { EMULATOR_PACKAGE, emulatorDir } from '../local/dynamodb-local.js';

const run = (command: string, args: string[], cwd?: string) => {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      cwd,
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch {
    return 'unknown';
  }
};

export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}

export function describeMachine(): string {
  const dir = emulatorDir(process.env.JISR_CACHE_DIR ?? join(REPO_ROOT, '.cache'));
  const dynamodbLocal = run(
    'java',
    [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-jar', 'DynamoDBLocal.jar', '-version'],
    dir,
  );
  return [
    `nproc: ${run('nproc', [])} (Node sees ${availableParallelism()})`,
    'free -g:',
    ...run('free', ['-g'])
      .split('\n')
      .map((line) => `  ${line}`),
    `uname -a: ${run('uname', ['-a'])}`,
    `Node: ${process.version}`,
    `DynamoDB Local: ${dynamodbLocal} (from ${EMULATOR_PACKAGE}; one instance per runtime, in memory, on this same machine)`,
    `Java: ${spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr?.split('\n')[0] ?? 'unknown'}`,
    `load average (1, 5, 15 min) at the start: ${loadAverage()}`,
  ].join('\n');
}
