/** Direct reads of the local table, for tests that check what was (not) written. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_AWS } from '../../local/dynamodb-local.js';

export function tableInspector(endpoint: string, tableName: string) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: LOCAL_AWS.region, credentials: LOCAL_AWS }),
  );
  /** Every item of the table (a test-only Scan). */
  const items = async (): Promise<Record<string, unknown>[]> => {
    const all: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }),
      );
      all.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return all;
  };
  return { client, items, count: async () => (await items()).length };
}
