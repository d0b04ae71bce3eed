/**
 * The outbox publisher: each new table item's domain events go to the bus, in stream order.
 * On the first record that fails, processing stops and that record is reported as the batch
 * item failure, so the stream retries from it and nothing after it is skipped.
 */
import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { EventPublisher } from '../application/ports.js';
import { logger } from '../observability/logger.js';
import { domainEventsOf } from './outbox.js';
import { inStreamOrder } from './stream-batch.js';

export async function publishStreamRecords(
  publisher: EventPublisher,
  records: readonly DynamoDBRecord[],
): Promise<DynamoDBBatchResponse> {
  return await inStreamOrder(
    records,
    'publishing failed; the stream will retry from this record',
    async (record) => {
      if (record.eventName !== 'INSERT') return;
      // The stream must carry new images (NEW_AND_OLD_IMAGES); without them nothing could be published.
      if (record.dynamodb?.NewImage === undefined)
        throw new Error('An INSERT stream record without its new image');
      const item = unmarshall(record.dynamodb.NewImage as Record<string, SdkAttributeValue>);
      const events = domainEventsOf(item);
      if (events.length === 0) return;
      await publisher.publish(events);
      logger.info('events published', { events: events.map((event) => event.detail.eventId) });
    },
  );
}
