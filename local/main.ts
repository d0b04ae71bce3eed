/**
 * `npm start`: Jisr on one machine. DynamoDB Local (persisted under .data/ unless
 * --in-memory), the table from the CDK table design, the council's seed and demo data,
 * the local issuer, and every route of infra/routes.ts served by its real handler.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { REPO_ROOT } from '../infra/bundling.js';
import { DEFAULT_COUNCIL, loadCouncilSettings } from '../infra/council.js';
import { localContactKey } from './contact-key.js';
import { LOCAL_AWS, type RunningDynamoDb, startDynamoDbLocal } from './dynamodb-local.js';
import { type LocalEvents, startLocalEvents } from './events.js';
import { DEMO_PASSWORD, DEMO_USERS, LocalIssuer } from './issuer.js';
import { seedCouncil, seedDemoNeeds } from './seed.js';
import { createLocalServer, loadRoutes } from './server.js';
import { ensureTable } from './table.js';
import { type LocalWebApp, startLocalWebApp } from './web.js';

const { values: flags } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: process.env.JISR_IN_MEMORY === 'true' },
    'no-demo-data': { type: 'boolean', default: process.env.JISR_DEMO_DATA === 'false' },
    council: { type: 'string', default: process.env.JISR_COUNCIL ?? DEFAULT_COUNCIL },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`PORT must be 0-65535, not ${process.env.PORT}`);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = flags['in-memory']
  ? undefined
  : (process.env.JISR_DATA_DIR ?? join(REPO_ROOT, '.data', 'dynamodb'));
const cacheDir = process.env.JISR_CACHE_DIR ?? join(REPO_ROOT, '.cache');
const council = loadCouncilSettings(flags.council);
const tableName = process.env.TABLE_NAME ?? `jisr-${council.id}-local`;

// JISR_DYNAMODB_ENDPOINT: use a DynamoDB Local someone else runs (and stops, and restarts: the
// fault tests do) instead of starting one; the runtime then never stops it.
const externalEndpoint = process.env.JISR_DYNAMODB_ENDPOINT || undefined;
const dynamodb: Pick<RunningDynamoDb, 'endpoint' | 'stop'> & { process?: RunningDynamoDb['process'] } =
  externalEndpoint === undefined
    ? await startDynamoDbLocal({ cacheDir, dataDir, log })
    : { endpoint: externalEndpoint, stop: async () => undefined };
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  server?.close();
  server?.closeAllConnections();
  await events?.stop().catch(() => undefined);
  web?.dispose();
  await dynamodb.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('exit', () => dynamodb.process?.kill('SIGKILL'));
let server: ReturnType<typeof createLocalServer> | undefined;
let events: LocalEvents | undefined;
let web: LocalWebApp | undefined;

try {
  // The handlers read their configuration from the environment, exactly as in Lambda.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.secretAccessKey,
    COUNCIL_ID: council.id,
    // Contact data is sealed with a local AES key (kept beside the data), as with KMS in AWS.
    CONTACT_LOCAL_KEY: localContactKey(dataDir),
    POWERTOOLS_SERVICE_NAME: 'jisr',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  });
  const admin = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: LOCAL_AWS.region,
    credentials: LOCAL_AWS,
  });
  await ensureTable(admin, tableName);
  await seedCouncil(DynamoDBDocumentClient.from(admin), tableName, council);
  if (!flags['no-demo-data']) {
    const { productionDependencies } = await import('../shared/adapters/dependencies.js');
    await seedDemoNeeds(productionDependencies());
  }
  const issuer = await LocalIssuer.create();
  const routes = await loadRoutes();
  web = await startLocalWebApp({
    apiBaseUrl: '',
    auth: {
      kind: 'local',
      demoUsers: DEMO_USERS.map(({ username, role }) => ({ username, role })),
      demoPassword: DEMO_PASSWORD,
    },
    councilName: council.name,
    // The council's default language first: the app falls back to it.
    languages: [
      council.defaultLanguage,
      ...council.languages.filter((language) => language !== council.defaultLanguage),
    ],
    timeZone: council.timeZone,
  });
  server = createLocalServer({
    routes,
    issuer,
    log,
    web: web.serve,
    localEndpoints: async (request) => await events?.endpoints(request),
  });
  await new Promise<void>((resolve, reject) => {
    server?.once('error', reject);
    server?.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${host}:${typeof address === 'object' && address !== null ? address.port : port}`;
  // The event backbone: the publisher's EventBridge client talks to this very process.
  const alertLogFile =
    dataDir === undefined
      ? join(mkdtempSync(join(tmpdir(), 'jisr-alerts-')), 'alert-notifications.jsonl')
      : join(dataDir, 'alert-notifications.jsonl');
  Object.assign(process.env, {
    EVENT_BUS_NAME: `jisr-${council.id}-local`,
    EVENTBRIDGE_ENDPOINT: url,
    ALERT_LOG_FILE: alertLogFile,
  });
  events = await startLocalEvents({
    admin,
    dynamodbEndpoint: dynamodb.endpoint,
    tableName,
    dataDir,
    alertLogFile,
    log,
  });
  log(`Jisr (${council.name.en}) is running at ${url} — open it in a browser for the web app`);
  log(
    `DynamoDB Local: ${dynamodb.endpoint} (table ${tableName}, ${externalEndpoint !== undefined ? 'run by its owner' : dataDir === undefined ? 'in memory' : `data in ${dataDir}`})`,
  );
  log(`Demo logins (password "${DEMO_PASSWORD}"), token from POST ${url}/auth/token:`);
  for (const user of DEMO_USERS) log(`  ${user.username.padEnd(16)} ${user.description}`);
  log(
    `Events: alert notifications in ${alertLogFile}; dead letters at GET ${url}/local/dead-letters (directorate)`,
  );
  log('Press Ctrl-C to stop.');
} catch (error) {
  process.stderr.write(`Jisr could not start: ${(error as Error).message}\n`);
  await stop(1);
}
