/**
 * The bench's own tables (fresh ones for the sweep and the dashboard) and the document client it
 * uses on them: the app's client, with its capacity tally, but with long request timeouts —
 * seeding 50,000 referrals' cells or reading every open referral on a busy shared machine may
 * take DynamoDB Local longer than a function's limits allow, and the bench measures capacity
 * there, not time. Only this client gets them: the runtime keeps its own.
 */
import { CreateTableCommand, type DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { LOCAL_AWS } from '../local/dynamodb-local.js';
import { createTableInput } from '../local/table.js';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.js';

const BENCH_REQUEST_TIMEOUT_MS = '60000';

export function benchDocumentClient(tableName: string, dynamodbEndpoint: string) {
  const previous = process.env.DYNAMODB_REQUEST_TIMEOUT_MS;
  process.env.DYNAMODB_REQUEST_TIMEOUT_MS = BENCH_REQUEST_TIMEOUT_MS;
  try {
    return createDocumentClient({
      tableName,
      region: LOCAL_AWS.region,
      dynamodbEndpoint,
      contactKeyArn: undefined,
      contactLocalKey: undefined,
    });
  } finally {
    if (previous === undefined) delete process.env.DYNAMODB_REQUEST_TIMEOUT_MS;
    else process.env.DYNAMODB_REQUEST_TIMEOUT_MS = previous;
  }
}

/**
 * A fresh table of the app's design, without a stream: DynamoDB Local's writes slow down with
 * every stream record it keeps (seeding 10,000 referrals into a table with a stream takes it
 * minutes), and nothing here consumes one.
 */
export async function freshTable(admin: DynamoDBClient, tableName: string): Promise<void> {
  const { StreamSpecification: _noStream, ...definition } = createTableInput(tableName);
  await admin.send(new CreateTableCommand(definition));
  await waitUntilTableExists({ client: admin, maxWaitTime: 60 }, { TableName: tableName });
}
