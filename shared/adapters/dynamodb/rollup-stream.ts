/**
 * The rollups' stream consumer: each referral item written (and each hotspot alert) brings
 * its subject's rollups in line with its facts. Records are handled in stream order; on the
 * first that fails, processing stops and that record is reported (batch item failure), so the
 * stream retries from it. Handling a record twice changes nothing (see application/rollups).
 */
import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { Dependencies } from '../../application/ports.js';
import { factsOfAlert, updateRollups } from '../../application/rollups.js';
import { referralFacts } from '../../domain/rollups.js';
import { logger } from '../../observability/logger.js';
import { alertOf } from './alert-store.js';
import { referralOf } from './records.js';

export async function rollupStreamRecords(
  deps: Pick<Dependencies, 'rollups' | 'councilConfiguration'>,
  records: readonly DynamoDBRecord[],
): Promise<DynamoDBBatchResponse> {
  for (const record of records) {
    try {
      const image = record.dynamodb?.NewImage;
      if (record.eventName === 'REMOVE' || image === undefined) continue;
      const item = unmarshall(image as Record<string, SdkAttributeValue>);
      if (item.kind !== 'Referral' && !(item.kind === 'Alert' && item.type === 'cohesion-hotspot')) continue;
      const { council } = await deps.councilConfiguration.load();
      if (item.kind === 'Referral') {
        const referral = referralOf(item);
        await updateRollups(
          deps,
          { kind: 'referral', id: referral.id },
          referralFacts(referral, council.timeZone),
          record.dynamodb?.SequenceNumber,
        );
      } else {
        const alert = alertOf(item);
        await updateRollups(
          deps,
          { kind: 'alert', id: alert.id },
          factsOfAlert(alert, council.timeZone),
          record.dynamodb?.SequenceNumber,
        );
      }
    } catch (error) {
      logger.error('rollup update failed; the stream will retry from this record', {
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error: (error as Error).message,
      });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}
