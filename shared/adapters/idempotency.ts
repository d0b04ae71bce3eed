/**
 * Retries with the same Idempotency-Key get the first answer: Powertools idempotency with its
 * DynamoDB persistence layer, in the single table (pk IDEMPOTENCY#<function>, sk the key's
 * hash, TTL on expiresAt). Only the use case is wrapped, not the HTTP response: a request
 * refused for bad input, or one that failed, leaves no record, so the client can fix it and
 * retry with the same key.
 */
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { readEnvironment } from '../config/environment.js';
import { Conflict, Unprocessable } from '../domain/errors.js';
import { createDynamoClients } from './dynamodb/client.js';
import { keys } from './dynamodb/keys.js';
import { TABLE_DESIGN } from './dynamodb/table-design.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** How long a duplicate waits for the first request with its key to finish. */
const IN_PROGRESS_WAITS_MS = [50, 100, 200, 400, 800, 1600];

export interface IdempotentCommand {
  /** Who the key belongs to: keys are scoped to the caller. */
  readonly scope: string;
  readonly key: string;
  /** What must be the same for a retry to be a retry (the request body, the target id). */
  readonly payload: unknown;
}

export type Replayable<R> = R & { readonly replayed: boolean };

export function idempotent<C extends IdempotentCommand, R extends Record<string, unknown>>(
  functionName: string,
  run: (command: C) => Promise<R>,
): (command: C, context: Context) => Promise<Replayable<R>> {
  const environment = readEnvironment();
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: environment.tableName,
    keyAttr: TABLE_DESIGN.partitionKey,
    sortKeyAttr: TABLE_DESIGN.sortKey,
    staticPkValue: keys.idempotencyPartition(functionName),
    expiryAttr: TABLE_DESIGN.timeToLiveAttribute,
    awsSdkV3Client: createDynamoClients(environment).client,
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[scope, key]',
    payloadValidationJmesPath: 'payload',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    responseHook: (response) => ({ ...(response as Record<string, unknown>), replayed: true }),
  });
  // `replayed` is false for a first answer, unless the use case itself found an earlier one.
  const once = makeIdempotent(async (command: C) => ({ replayed: false, ...(await run(command)) }), {
    persistenceStore,
    config,
  });
  return async (command, context) => {
    config.registerLambdaContext(context);
    for (const wait of [...IN_PROGRESS_WAITS_MS, undefined]) {
      try {
        return (await once(command)) as Replayable<R>;
      } catch (error) {
        if (error instanceof IdempotencyValidationError) {
          throw new Unprocessable(
            'This Idempotency-Key was already used for a different request; use a new key for a new request',
            'idempotency-key-reused',
          );
        }
        if (!(error instanceof IdempotencyAlreadyInProgressError) || wait === undefined) {
          if (error instanceof IdempotencyAlreadyInProgressError) {
            throw new Conflict(
              'A request with this Idempotency-Key is still being processed; retry shortly',
              'idempotency-key-in-use',
              {},
              1,
            );
          }
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    throw new Error('unreachable');
  };
}
