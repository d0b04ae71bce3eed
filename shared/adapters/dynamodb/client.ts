import { AsyncLocalStorage } from 'node:async_hooks';
import { type ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Environment } from '../../config/environment.js';

/** Capacity units consumed by the DynamoDB calls of one unit of work (a request). */
export interface CapacityTally {
  read: number;
  write: number;
  total: number;
  calls: number;
}

const tallies = new AsyncLocalStorage<CapacityTally>();

/** Runs `work` and counts the capacity its DynamoDB calls consumed. */
export async function withCapacityTally<T>(
  work: () => Promise<T>,
): Promise<{ result: T; capacity: CapacityTally }> {
  const capacity: CapacityTally = { read: 0, write: 0, total: 0, calls: 0 };
  const result = await tallies.run(capacity, work);
  return { result, capacity };
}

function addCapacity(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
  const tally = tallies.getStore();
  if (tally === undefined) return;
  tally.calls += 1;
  for (const entry of Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]) {
    tally.read += entry.ReadCapacityUnits ?? 0;
    tally.write += entry.WriteCapacityUnits ?? 0;
    tally.total += entry.CapacityUnits ?? 0;
  }
}

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
      addCapacity(
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
