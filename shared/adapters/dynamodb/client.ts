import { type ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Environment } from '../../config/environment.js';
import { recordConsumedCapacity } from './capacity.js';

/** One document client per cold start; every call reports the capacity it consumed. */
export function createDocumentClient(environment: Environment): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: environment.region,
    ...(environment.dynamodbEndpoint === undefined ? {} : { endpoint: environment.dynamodbEndpoint }),
    maxAttempts: 3,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      recordConsumedCapacity(
        (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity,
      );
      return result;
    },
    { step: 'initialize', name: 'jisrConsumedCapacity' },
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
