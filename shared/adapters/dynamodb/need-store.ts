import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactRecord, IdempotencyRecord, NeedStore, RecordOutcome } from '../../application/ports.js';
import type { ReportedNeed } from '../../domain/need.js';
import type { Need } from '../../schemas/need.js';
import { pick } from './item.js';
import { keys, placements } from './keys.js';
import { referralItem } from './referral-store.js';

const NEED_ATTRIBUTES = [
  'id',
  'reportedBy',
  'categories',
  'description',
  'district',
  'neighbourhood',
  'priority',
  'beneficiary',
  'vulnerabilities',
  'cohesionRisks',
  'consent',
  'hasContact',
  'referralIds',
  'createdAt',
] as const satisfies readonly (keyof Need)[];

export class DynamoNeedStore implements NeedStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordReportedNeed(
    reported: ReportedNeed,
    contact: ContactRecord | undefined,
    idempotency: IdempotencyRecord,
  ): Promise<RecordOutcome> {
    const { need, referrals } = reported;
    const isNew = { ConditionExpression: 'attribute_not_exists(pk)' };
    const idempotencyPut = {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.idempotency(idempotency.memberId, idempotency.key),
          kind: 'Idempotency',
          ...idempotency,
        },
        ...isNew,
      },
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            idempotencyPut,
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.need(need.id),
                  ...placements.needOfMember(need.reportedBy, need.createdAt, need.id),
                  kind: 'Need',
                  ...need,
                },
                ...isNew,
              },
            },
            ...referrals.map((referral) => ({
              Put: { TableName: this.tableName, Item: referralItem(referral), ...isNew },
            })),
            ...(contact === undefined
              ? []
              : [
                  {
                    Put: {
                      TableName: this.tableName,
                      Item: { ...keys.needContact(contact.needId), kind: 'NeedContact', ...contact },
                      ...isNew,
                    },
                  },
                ]),
          ],
        }),
      );
      return { outcome: 'recorded' };
    } catch (error) {
      // The idempotency record is the first item: its failed condition means "already reported",
      // a conflict on it means a duplicate is being written right now. Either way, look it up.
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
    return Item === undefined ? undefined : pick(Item, NEED_ATTRIBUTES);
  }
}
