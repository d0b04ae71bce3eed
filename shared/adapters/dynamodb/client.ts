import { type ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Environment } from '../../config/environment.js';
import { recordConsumedCapacity } from './capacity.js';

export interface DynamoClients {
  /** The plain client (Powertools idempotency takes this one). */
  readonly client: DynamoDBClient;
  readonly document: DynamoDBDocumentClient;
}

let clients: DynamoClients | undefined;

/** One pair of clients per cold start, shared by every adapter; every call reports its capacity. */
export function createDynamoClients(environment: Environment): DynamoClients {
  clients ??= (() => {
    const client = newClient(environment);
    return {
      client,
      document: DynamoDBDocumentClient.from(client, {
        marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
      }),
    };
  })();
  return clients;
}

/** A document client of its own (the benchmark's floor uses one). */
export function createDocumentClient(environment: Environment): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(newClient(environment), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

function newClient(environment: Environment): DynamoDBClient {
  const client = new DynamoDBClient({
    region: environment.region,
    ...(environment.dynamodbEndpoint === undefined ? {} : { endpoint: environment.dynamodbEndpoint }),
    maxAttempts: 3,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      try {
        const result = await next(args);
        recordConsumedCapacity(
          (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity,
        );
        return result;
      } catch (error) {
        // A refused call (e.g. a failed condition) still costs a round trip; DynamoDB does not
        // report its capacity, so it is counted as a call without units.
        recordConsumedCapacity(undefined);
        throw error;
      }
    },
    { step: 'initialize', name: 'jisrConsumedCapacity' },
  );
  return client;
}
