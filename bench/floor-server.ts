/**
 * The floor the benchmark compares against: the same kind of HTTP hop (a Node HTTP server on
 * loopback, its own process) making one bare DynamoDB call to the same DynamoDB Local, with no
 * auth, validation, routing or transaction — one per kind of operation:
 *   POST /put      PutItem of the JSON body (as POST /v1/needs writes)
 *   POST /update   UpdateItem of a status and a version (as a transition does)
 *   GET  /query    Query of one partition, of the table or of an index (an inbox page, the
 *                  dashboard's cells): ?pk=…[&index=gsi1][&from=…&to=…][&limit=25]
 * Run by bench/floor.ts; prints its URL.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { LOCAL_AWS } from '../local/dynamodb-local.js';
import { TABLE_DESIGN } from '../shared/adapters/dynamodb/table-design.js';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const tableName = process.env.TABLE_NAME;
if (endpoint === undefined || tableName === undefined)
  throw new Error('DYNAMODB_ENDPOINT and TABLE_NAME are required');
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint, region: LOCAL_AWS.region, credentials: LOCAL_AWS }),
);
/** Updates cycle over this many items (created by the first round of updates). */
const UPDATED_ITEMS = 1_000;
let updates = 0;

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? {} : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as never);
}

function queryInput(search: URLSearchParams): QueryCommandInput {
  const indexName = search.get('index') ?? undefined;
  const index = Object.values(TABLE_DESIGN.indexes).find((candidate) => candidate.name === indexName);
  const [pkName, skName] = index === undefined ? ['pk', 'sk'] : [index.partitionKey, index.sortKey];
  const [from, to] = [search.get('from'), search.get('to')];
  const between = from !== null && to !== null;
  return {
    TableName: tableName,
    ...(index === undefined ? {} : { IndexName: index.name }),
    KeyConditionExpression: `#pk = :pk${between ? ' AND #sk BETWEEN :from AND :to' : ''}`,
    ExpressionAttributeNames: { '#pk': pkName, ...(between ? { '#sk': skName } : {}) },
    ExpressionAttributeValues: { ':pk': search.get('pk'), ...(between ? { ':from': from, ':to': to } : {}) },
    ...(search.has('limit') ? { Limit: Number(search.get('limit')) } : {}),
  };
}

async function handle(request: IncomingMessage): Promise<{ status: number; payload: unknown }> {
  const url = new URL(request.url ?? '/', 'http://floor');
  const body = await bodyOf(request);
  if (request.method === 'POST' && url.pathname === '/put') {
    const id = randomUUID();
    await client.send(
      new PutCommand({ TableName: tableName, Item: { pk: `FLOOR#${id}`, sk: 'FLOOR', ...body } }),
    );
    return { status: 201, payload: { id } };
  }
  if (request.method === 'POST' && url.pathname === '/update') {
    updates += 1;
    const { Attributes } = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `FLOOR#UPDATE#${updates % UPDATED_ITEMS}`, sk: 'FLOOR' },
        UpdateExpression: 'SET #status = :status, #updatedAt = :at ADD #version :one',
        ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt', '#version': 'version' },
        ExpressionAttributeValues: {
          ':status': body.status ?? 'accepted',
          ':at': new Date().toISOString(),
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { status: 200, payload: Attributes };
  }
  if (request.method === 'GET' && url.pathname === '/query') {
    const { Items } = await client.send(new QueryCommand(queryInput(url.searchParams)));
    return { status: 200, payload: { items: Items ?? [] } };
  }
  return { status: 404, payload: { error: 'no such floor operation' } };
}

const server = createServer(async (request, response) => {
  let result: { status: number; payload: unknown };
  try {
    result = await handle(request);
  } catch (error) {
    result = { status: 500, payload: { error: (error as Error).message } };
  }
  const payload = JSON.stringify(result.payload);
  response.writeHead(result.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  response.end(payload);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `floor listening at http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`,
  );
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
