/**
 * The baseline of the bundle benchmark: a handler that only creates a DynamoDB client, bundled
 * with the same esbuild options as every Lambda of the app (bench/bundles.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const handler = async () => ({ statusCode: 200, body: typeof client.send });
