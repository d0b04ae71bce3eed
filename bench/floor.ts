/**
 * Starts the floor server (bench/floor-server.ts) in its own process and calls it: each call is
 * the bare DynamoDB call an operation of ours is compared to, behind the same kind of HTTP hop.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/bundling.js';

export interface Floor {
  readonly url: string;
  /** POST /put: a bare PutItem of `item`. */
  put(item: unknown): Promise<number>;
  /** POST /update: a bare UpdateItem (status, version). */
  update(status: string): Promise<number>;
  /** GET /query: a bare Query of one partition (see floor-server.ts for the parameters). */
  query(parameters: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

export async function startFloor(env: { dynamodbEndpoint: string; tableName: string }): Promise<Floor> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bench/floor-server.ts'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, DYNAMODB_ENDPOINT: env.dynamodbEndpoint, TABLE_NAME: env.tableName },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await response.arrayBuffer();
    return response.status;
  };
  return {
    url,
    put: (item) => call('POST', '/put', item),
    update: (status) => call('POST', '/update', { status }),
    query: (parameters) => call('GET', `/query?${new URLSearchParams(parameters)}`),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
