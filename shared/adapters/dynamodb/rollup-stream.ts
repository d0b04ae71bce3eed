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
import type { AlertRecord } from '../../domain/alerts.js';
import { referralFacts } from '../../domain/rollups.js';
import { inStreamOrder } from '../../events/stream-batch.js';
import { alertOf } from './alert-store.js';
import { referralOf } from './records.js';

export async function rollupStreamRecords(
  deps: Pick<Dependencies, 'rollups' | 'councilConfiguration'>,
  records: readonly DynamoDBRecord[],
): Promise<DynamoDBBatchResponse> {
  return await inStreamOrder(
    records,
    'rollup update failed; the stream will retry from this record',
    async (record) => {
      const image = record.dynamodb?.NewImage;
      if (record.eventName === 'REMOVE' || image === undefined) return;
      const item = unmarshall(image as Record<string, SdkAttributeValue>);
      if (item.kind !== 'Referral' && !(item.kind === 'Alert' && item.type === 'cohesion-hotspot')) return;
      const { council } = await deps.councilConfiguration.load();
      const referral = item.kind === 'Referral' ? referralOf(item) : undefined;
      const alert = referral === undefined ? alertOf(item) : undefined;
      await updateRollups(
        deps,
        referral === undefined
          ? { kind: 'alert', id: (alert as AlertRecord).id }
          : { kind: 'referral', id: referral.id },
        referral === undefined
          ? factsOfAlert(alert as AlertRecord, council.timeZone)
          : referralFacts(referral, council.timeZone),
        record.dynamodb?.SequenceNumber,
      );
    },
  );
}
