/**
 * Starts the real local runtime (`tsx local/main.ts`) as a child process, in memory and on
 * a free port, and reads its URLs from what it prints: tests and the benchmark go through
 * exactly what `npm start` runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/bundling.js';

export interface LocalRuntime {
  readonly baseUrl: string;
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  readonly process: ChildProcess;
  /** Everything the runtime printed so far (stdout and stderr), for tests that read its logs. */
  output(): string;
  stop(): Promise<void>;
}

export async function startLocalRuntime(
  options: {
    demoData?: boolean;
    env?: Record<string, string>;
    /** Persist the database in this folder instead of memory. */
    persistIn?: string;
  } = {},
): Promise<LocalRuntime> {
  const storage = options.persistIn === undefined ? ['--in-memory'] : [];
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'local/main.ts', ...storage],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: '0',
        JISR_DEMO_DATA: options.demoData === false ? 'false' : 'true',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        ...(options.persistIn === undefined ? {} : { JISR_DATA_DIR: options.persistIn }),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<{ baseUrl: string; dynamodbEndpoint: string; tableName: string }>(
    (resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`local runtime did not start in time:\n${output}`)),
        120_000,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const base = /is running at (http:\/\/\S+)/.exec(output);
        const ddb = /DynamoDB Local: (http:\/\/\S+) \(table (\S+),/.exec(output);
        if (base?.[1] !== undefined && ddb?.[1] !== undefined && ddb[2] !== undefined) {
          clearTimeout(timer);
          resolve({ baseUrl: base[1], dynamodbEndpoint: ddb[1], tableName: ddb[2] });
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`local runtime exited with ${code}:\n${output}`));
      });
    },
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    return { ...(await ready), process: child, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
