/**
 * The floor the benchmark compares against: the same kind of HTTP hop (a Node HTTP server
 * on loopback, its own process) doing one bare PutItem to the same DynamoDB Local, with no
 * auth, validation, routing or transaction. Run by bench/run.ts; prints its URL.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_AWS } from '../local/dynamodb-local.js';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const tableName = process.env.TABLE_NAME;
if (endpoint === undefined || tableName === undefined)
  throw new Error('DYNAMODB_ENDPOINT and TABLE_NAME are required');
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint, region: LOCAL_AWS.region, credentials: LOCAL_AWS }),
);

const server = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  const id = randomUUID();
  await client.send(
    new PutCommand({ TableName: tableName, Item: { pk: `FLOOR#${id}`, sk: 'FLOOR', ...body } }),
  );
  const payload = JSON.stringify({ id });
  response.writeHead(201, {
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
