/**
 * DynamoDB capacity each operation consumes (ReturnConsumedCapacity, counted per request by a
 * client middleware): the same handlers called in-process against the runtime's table.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ROUTES, type RouteDefinition } from '../infra/routes.js';
import { lambdaContext } from '../local/api-gateway-event.js';
import { LOCAL_AWS } from '../local/dynamodb-local.js';
import type { ReportNeedResponse } from '../shared/schemas/referral.js';
import { validReport } from '../test/support/api-client.js';
import { eventFor } from './events.js';
import { dashboardPeriod } from './operations.js';
import { printTable } from './stats.js';

interface Capacity {
  read: number;
  write: number;
  total: number;
  calls: number;
}

export async function measureCapacity(runtime: {
  dynamodbEndpoint: string;
  tableName: string;
}): Promise<void> {
  Object.assign(process.env, {
    TABLE_NAME: runtime.tableName,
    DYNAMODB_ENDPOINT: runtime.dynamodbEndpoint,
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    CONTACT_LOCAL_KEY: randomBytes(32).toString('base64'),
  });
  const { withCapacityTally } = await import('../shared/adapters/dynamodb/capacity.js');
  const { createDocumentClient } = await import('../shared/adapters/dynamodb/client.js');
  const { readEnvironment } = await import('../shared/config/environment.js');
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const routeOf = (functionName: string) =>
    ROUTES.find((route) => route.functionName === functionName) as RouteDefinition;
  const invoke = async (functionName: string, options: Parameters<typeof eventFor>[1]) => {
    const module = (await import(`../functions/${functionName}/handler.ts`)) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    return await withCapacityTally(() =>
      module.handler(eventFor(routeOf(functionName), options), lambdaContext(functionName, randomUUID())),
    );
  };
  const rows: string[][] = [];
  const row = (operation: string, capacity: Capacity) =>
    rows.push([
      operation,
      capacity.total.toFixed(1),
      capacity.read.toFixed(1),
      capacity.write.toFixed(1),
      String(capacity.calls),
    ]);

  const report = validReport({ categories: ['health', 'disability'] });
  const floorClient = createDocumentClient(readEnvironment());
  row(
    'floor: bare PutItem',
    (
      await withCapacityTally(() =>
        floorClient.send(
          new PutCommand({
            TableName: runtime.tableName,
            Item: { pk: `FLOOR#${randomUUID()}`, sk: 'FLOOR', kind: 'Floor', ...report },
          }),
        ),
      )
    ).capacity,
  );
  const needBody = { body: report, headers: { 'idempotency-key': randomUUID() } };
  const cold = await invoke('report-need', { username: 'member.amina', ...needBody });
  row('POST /v1/needs, 2 units (cold: reads council config)', cold.capacity);
  const warm = await invoke('report-need', {
    username: 'member.amina',
    body: report,
    headers: { 'idempotency-key': randomUUID() },
  });
  row('POST /v1/needs, 2 units (warm)', warm.capacity);
  const oneUnit = await invoke('report-need', {
    username: 'member.amina',
    body: validReport(),
    headers: { 'idempotency-key': randomUUID() },
  });
  row('POST /v1/needs, 1 unit (warm)', oneUnit.capacity);
  row(
    'POST /v1/needs, retry (replay)',
    (await invoke('report-need', { username: 'member.amina', ...needBody })).capacity,
  );
  const reported = JSON.parse(cold.result.body) as ReportNeedResponse;
  const needId = reported.need.id;
  const referralId = reported.referrals[0]?.id ?? '';
  row(
    'GET /v1/needs/{id}',
    (await invoke('get-need', { username: 'member.amina', pathParameters: { id: needId } })).capacity,
  );
  row(
    'GET /v1/referrals/{id}',
    (await invoke('get-referral', { username: 'staff.health', pathParameters: { id: referralId } })).capacity,
  );
  row(
    'GET /v1/referrals (unit inbox, 25)',
    (await invoke('list-referrals', { username: 'staff.health', query: { limit: '25' } })).capacity,
  );
  row(
    'GET /v1/referrals (directorate, 25)',
    (await invoke('list-referrals', { username: 'director', query: { limit: '25' } })).capacity,
  );
  const accepted = await invoke('transition-referral', {
    username: 'staff.health',
    pathParameters: { id: referralId },
    body: { action: 'accept', expectedVersion: 1 },
  });
  row('POST .../transitions (accept)', accepted.capacity);
  row(
    'POST .../transitions (start, with Idempotency-Key)',
    (
      await invoke('transition-referral', {
        username: 'staff.health',
        pathParameters: { id: referralId },
        body: { action: 'start', expectedVersion: 2 },
        headers: { 'idempotency-key': randomUUID() },
      })
    ).capacity,
  );
  row(
    'GET /v1/referrals/{id}/history',
    (await invoke('get-referral-history', { username: 'director', pathParameters: { id: referralId } }))
      .capacity,
  );
  row(
    'GET /v1/notifications (25)',
    (await invoke('list-notifications', { username: 'member.amina', query: { limit: '25' } })).capacity,
  );
  const withContact = JSON.parse(
    (
      await invoke('report-need', {
        username: 'member.amina',
        body: validReport({ contact: { name: 'Bench Person', phone: '+90 555 000 00 00' } }),
        headers: { 'idempotency-key': randomUUID() },
      })
    ).result.body,
  ) as ReportNeedResponse;
  row(
    'GET /v1/referrals/{id} with contact (sealed read, audited)',
    (
      await invoke('get-referral', {
        username: 'staff.health',
        pathParameters: { id: withContact.referrals[0]?.id ?? '' },
      })
    ).capacity,
  );
  const period = dashboardPeriod();
  const dashboardCall = { username: 'director', query: { ...period, groupBy: 'unit' } };
  await invoke('get-dashboard', dashboardCall); // cold: loads the council's settings
  row(
    `GET /v1/dashboard (directorate, by unit, ${period.from} – ${period.to}; warm)`,
    (await invoke('get-dashboard', dashboardCall)).capacity,
  );
  row('GET /v1/catalog (warm)', (await invoke('get-catalog', { username: 'member.amina' })).capacity);
  row('GET /v1/me', (await invoke('get-me', { username: 'member.amina' })).capacity);
  printTable(
    'DynamoDB capacity consumed per operation (units, as DynamoDB Local reports them)',
    ['operation', 'total', 'read', 'write', 'calls'],
    rows,
  );
  process.stdout.write(
    'Note: DynamoDB Local reports a TransactWriteItems call per table and index touched, not per item\n' +
      '(1 to 4 items all report the same units), so the transactional rows are not what AWS would bill;\n' +
      'AWS bills 2 write units per KB per item and per index the item lands in.\n' +
      '"calls" counts every round trip, refused conditional writes included (DynamoDB reports no units for those).\n',
  );
}
