/**
 * DynamoDB Local, AWS's own emulator (a Java jar), fetched once from the npm registry as
 * the tarball of amplify-dynamodb-simulator (only its emulator/ folder is kept) and run as
 * a child process that stops with us.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export const EMULATOR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
/** The registry's published integrity of that tarball: a changed package is refused. */
const EMULATOR_INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

/** Credentials and region DynamoDB Local is always addressed with (it keys databases by them). */
export const LOCAL_AWS = { region: 'eu-central-1', accessKeyId: 'local', secretAccessKey: 'local' } as const;

export function emulatorDir(cacheDir: string): string {
  return join(cacheDir, 'dynamodb-local', EMULATOR_PACKAGE.replace(/[@/]/g, '_'));
}

/** Returns the folder holding DynamoDBLocal.jar, fetching it first if needed. */
export function ensureEmulator(cacheDir: string, log: (line: string) => void = () => {}): string {
  const dir = emulatorDir(cacheDir);
  if (existsSync(join(dir, 'DynamoDBLocal.jar'))) return dir;
  log(`Fetching DynamoDB Local (${EMULATOR_PACKAGE}) into ${dir} ...`);
  const work = mkdtempSync(join(tmpdir(), 'jisr-ddb-'));
  try {
    const npm = process.env.npm_execpath;
    const [command, args] = npm?.endsWith('.js')
      ? [process.execPath, [npm, 'pack', EMULATOR_PACKAGE, '--pack-destination', work, '--silent']]
      : ['npm', ['pack', EMULATOR_PACKAGE, '--pack-destination', work, '--silent']];
    const tarball = execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n').pop() ?? '';
    const file = join(work, tarball);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
    if (integrity !== EMULATOR_INTEGRITY)
      throw new Error(`${tarball} has integrity ${integrity}, not the pinned one`);
    execFileSync('tar', ['-xzf', file, '-C', work, 'package/emulator']);
    mkdirSync(join(dir, '..'), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, 'package', 'emulator'), dir);
    return dir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      'Java (17 or newer) is needed to run DynamoDB Local, and `java` was not found on the PATH.\n' +
        'On Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless',
    );
  }
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(),
      );
    });
  });
}

export interface RunningDynamoDb {
  readonly endpoint: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function startDynamoDbLocal(options: {
  cacheDir: string;
  /** Folder to persist the database in; undefined runs in memory. */
  dataDir: string | undefined;
  port?: number;
  log?: (line: string) => void;
  /** How long to wait for it to answer (default 30 s; a busy machine may need more). */
  readyWithinMs?: number;
}): Promise<RunningDynamoDb> {
  assertJavaAvailable();
  const dir = ensureEmulator(options.cacheDir, options.log);
  const port = options.port ?? (await freePort());
  const storage = options.dataDir === undefined ? ['-inMemory'] : ['-dbPath', options.dataDir];
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      ...storage,
      '-sharedDb',
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    // Its working folder is the emulator's, where it leaves a metadata file of its own.
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS.region, credentials: LOCAL_AWS });
  const deadline = Date.now() + (options.readyWithinMs ?? 30_000);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early:\n${output}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not start: ${(error as Error).message}\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, process: child, stop };
}
