import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SlaRaise, SlaRaiseOutcome, SlaStore } from '../../application/ports.js';
import { OPEN_STATUSES } from '../../domain/lifecycle.js';
import type { ReferralRecord } from '../../domain/need.js';
import type { SlaEventRecord } from '../../domain/sla-events.js';
import { alertItem } from './alert-store.js';
import { keys, queries } from './keys.js';
import { queryPage } from './query-page.js';
import { referralItem, referralOf, referralUnchangedSince } from './records.js';

const RECONCILE_PAGE = 100;

const slaEventItem = (event: SlaEventRecord) => ({
  ...keys.slaEvent(event.referralId, event.clock, event.threshold),
  kind: 'SlaEvent',
  ...event,
});

/** The SLA sweep's reads and writes: the due head of the SLA index, and conditional raises. */
export class DynamoSlaStore implements SlaStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async dueReferrals(now: string, limit: number): Promise<ReferralRecord[]> {
    const { index, partition, sortKeyBefore } = queries.slaDue(now);
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk AND #sk < :before',
        ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
        ExpressionAttributeValues: { ':pk': partition, ':before': sortKeyBefore },
        Limit: limit,
      }),
    );
    return (Items ?? []).map(referralOf);
  }

  async raise(change: SlaRaise): Promise<SlaRaiseOutcome> {
    const TableName = this.tableName;
    const created = (Item: Record<string, unknown>) => ({
      Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            this.referralPut(change.before, change.after),
            ...change.events.map((event) => created(slaEventItem(event))),
            ...change.alerts.map((alert) => created(alertItem(alert))),
          ],
        }),
      );
      return { kind: 'raised' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((reason) => reason?.Code);
      const existing = change.events.filter((_, index) => reasons[index + 1] === 'ConditionalCheckFailed');
      if (reasons[0] === 'ConditionalCheckFailed' || reasons.includes('TransactionConflict')) {
        return { kind: 'conflict' };
      }
      if (existing.length > 0) return { kind: 'already-raised', events: existing };
      throw error;
    }
  }

  async reschedule(before: ReferralRecord, after: ReferralRecord): Promise<'applied' | 'conflict'> {
    try {
      await this.client.send(new PutCommand(this.referralPut(before, after).Put));
      return 'applied';
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return 'conflict';
      throw error;
    }
  }

  async *referralsWithClocks(): AsyncIterable<readonly ReferralRecord[]> {
    for (const query of [queries.slaPending(), ...OPEN_STATUSES.map(queries.referralsInStatus)]) {
      let cursor: string | undefined;
      do {
        const page = await queryPage(
          this.client,
          this.tableName,
          query,
          { limit: RECONCILE_PAGE, cursor },
          {
            newestFirst: false,
          },
        );
        if (page.items.length > 0) yield page.items.map(referralOf);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    }
  }

  async appliedSettingsVersion(): Promise<number | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.slaSettingsApplied(), ConsistentRead: true }),
    );
    return Item?.version as number | undefined;
  }

  async markSettingsApplied(version: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.slaSettingsApplied(), kind: 'SlaSettingsApplied', version },
      }),
    );
  }

  /**
   * The referral replaced only if nothing was written to it since it was read; the sweep keeps
   * its version (a user's lock) and counts its own writes in slaRevision instead.
   */
  private referralPut(before: ReferralRecord, after: ReferralRecord) {
    return {
      Put: {
        TableName: this.tableName,
        Item: referralItem({ ...after, slaRevision: (before.slaRevision ?? 0) + 1 }),
        ...referralUnchangedSince(before),
      },
    };
  }
}
