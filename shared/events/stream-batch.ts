/**
 * How every stream consumer walks a batch: records in stream order; on the first that fails,
 * processing stops and that record is reported as the batch item failure, so the stream
 * retries from it and nothing after it is skipped.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { logger } from '../observability/logger.js';

export async function inStreamOrder(
  records: readonly DynamoDBRecord[],
  failureMessage: string,
  handle: (record: DynamoDBRecord) => Promise<void>,
): Promise<DynamoDBBatchResponse> {
  for (const record of records) {
    try {
      await handle(record);
    } catch (error) {
      logger.error(failureMessage, {
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error: (error as Error).message,
      });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}
