import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge/event-publisher.js';
import { publishStreamRecords } from '../../shared/events/publish-stream-records.js';
import { logger } from '../../shared/observability/logger.js';

const publisher = EventBridgePublisher.fromEnvironment();

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: DynamoDBStreamEvent) => await publishStreamRecords(publisher, event.Records));
