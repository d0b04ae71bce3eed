import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactRecord, IdempotencyRecord, NeedStore, RecordOutcome } from '../../application/ports.js';
import type { ReportedNeed } from '../../domain/need.js';
import type { Need } from '../../schemas/need.js';
import { keys } from './keys.js';
import { auditItem, needItem, needOf, notificationItem, referralItem } from './records.js';

const isNew = { ConditionExpression: 'attribute_not_exists(pk)' } as const;

export class DynamoNeedStore implements NeedStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * One transaction: the "reported under this key" record first, then the need, its referrals,
   * their first audit events and notifications, and the sealed contact.
   */
  async recordReportedNeed(
    reported: ReportedNeed,
    contact: ContactRecord | undefined,
    idempotency: IdempotencyRecord,
  ): Promise<RecordOutcome> {
    const put = (Item: Record<string, unknown>) => ({ Put: { TableName: this.tableName, Item, ...isNew } });
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            put({
              ...keys.idempotency(idempotency.memberId, idempotency.key),
              kind: 'Reported',
              ...idempotency,
            }),
            put(needItem(reported.need)),
            ...reported.referrals.map((referral) => put(referralItem(referral))),
            ...reported.audit.map((event) => put(auditItem(event))),
            ...reported.notifications.map((notification) => put(notificationItem(notification))),
            ...(contact === undefined
              ? []
              : [put({ ...keys.needContact(contact.needId), kind: 'NeedContact', ...contact })]),
          ],
        }),
      );
      return { outcome: 'recorded' };
    } catch (error) {
      // The first item's failed condition means "already reported under this key"; a conflict
      // on it means a duplicate is being written right now. Either way, the caller looks it up.
      if (error instanceof TransactionCanceledException) {
        const reason = error.CancellationReasons?.[0]?.Code;
        if (reason === 'ConditionalCheckFailed' || reason === 'TransactionConflict')
          return { outcome: 'duplicate' };
      }
      throw error;
    }
  }

  async idempotencyRecord(memberId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.idempotency(memberId, key),
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return undefined;
    return {
      memberId: Item.memberId,
      key: Item.key,
      requestHash: Item.requestHash,
      needId: Item.needId,
      createdAt: Item.createdAt,
      expiresAt: Item.expiresAt,
    };
  }

  async need(needId: string): Promise<Need | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.need(needId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : needOf(Item);
  }

  async sealedContact(needId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.needContact(needId),
        ConsistentRead: true,
        ProjectionExpression: 'sealed, expiresAt',
      }),
    );
    // TTL deletion lags expiry by up to days: an expired item is treated as gone.
    if (Item === undefined || (typeof Item.expiresAt === 'number' && Item.expiresAt * 1000 < Date.now())) {
      return undefined;
    }
    return typeof Item.sealed === 'string' ? Item.sealed : undefined;
  }
}
