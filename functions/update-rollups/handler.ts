import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { rollupStreamRecords } from '../../shared/adapters/dynamodb/rollup-stream.js';
import { logger } from '../../shared/observability/logger.js';

const deps = productionDependencies();

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: DynamoDBStreamEvent) => await rollupStreamRecords(deps, event.Records));
