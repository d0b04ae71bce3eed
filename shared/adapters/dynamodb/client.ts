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

/**
 * A database that does not answer fails a call in bounded time, so the caller gets a 503 (see
 * shared/http/problem.ts) inside the 10 s function timeout rather than a timed-out function:
 * refused at once when it is down; when it hangs, after 3 attempts of at most 2 s each (a call
 * takes milliseconds in DynamoDB). DynamoDB Local (an endpoint is set), far slower on a busy
 * machine, gets 8 s an attempt; DYNAMODB_REQUEST_TIMEOUT_MS sets either.
 */
export const DYNAMODB_CLIENT_LIMITS = {
  maxAttempts: 3,
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  localRequestTimeoutMs: 8_000,
} as const;

export function dynamoDbRequestTimeoutMs(
  environment: Environment,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const value = env.DYNAMODB_REQUEST_TIMEOUT_MS;
  if (value === undefined || value === '')
    return environment.dynamodbEndpoint === undefined
      ? DYNAMODB_CLIENT_LIMITS.requestTimeoutMs
      : DYNAMODB_CLIENT_LIMITS.localRequestTimeoutMs;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 100 || parsed > 60_000)
    throw new Error(`DYNAMODB_REQUEST_TIMEOUT_MS must be 100-60000 (ms), not ${value}`);
  return parsed;
}

function newClient(environment: Environment): DynamoDBClient {
  const client = new DynamoDBClient({
    region: environment.region,
    ...(environment.dynamodbEndpoint === undefined ? {} : { endpoint: environment.dynamodbEndpoint }),
    maxAttempts: DYNAMODB_CLIENT_LIMITS.maxAttempts,
    requestHandler: {
      connectionTimeout: DYNAMODB_CLIENT_LIMITS.connectionTimeoutMs,
      requestTimeout: dynamoDbRequestTimeoutMs(environment),
      throwOnRequestTimeout: true,
    },
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
