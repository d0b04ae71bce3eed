import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ReferralListScope } from '../../application/authorization.js';
import type {
  ContactReadRecord,
  Page,
  PageRequest,
  ReferralChange,
  ReferralOutline,
  ReferralStore,
} from '../../application/ports.js';
import type { AuditRecord } from '../../domain/audit.js';
import type { ReferralRecord } from '../../domain/need.js';
import { newTrack } from '../../domain/sla-clock.js';
import { pick } from './item.js';
import { type IndexQuery, keys, queries, TABLE_KEY, tableQueries } from './keys.js';
import { queryPage } from './query-page.js';
import {
  auditItem,
  auditOf,
  notificationItem,
  referralItem,
  referralOf,
  referralUnchangedSince,
} from './records.js';

export class DynamoReferralStore implements ReferralStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async referral(referralId: string): Promise<ReferralRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.referral(referralId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : referralOf(Item);
  }

  async referrals(referralIds: readonly string[]): Promise<ReferralRecord[]> {
    if (referralIds.length === 0) return [];
    const found = new Map<string, ReferralRecord>();
    let requested: Record<string, unknown>[] = referralIds.map((id) => keys.referral(id));
    // BatchGet may return some keys unprocessed under load; ask again for those.
    for (let attempt = 0; requested.length > 0; attempt++) {
      if (attempt > 5) throw new Error('DynamoDB left referrals unprocessed after retries');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const { Responses, UnprocessedKeys } = await this.client.send(
        new BatchGetCommand({
          RequestItems: { [this.tableName]: { Keys: requested, ConsistentRead: true } },
        }),
      );
      for (const item of Responses?.[this.tableName] ?? []) {
        const referral = referralOf(item);
        found.set(referral.id, referral);
      }
      requested = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return referralIds.flatMap((id) => found.get(id) ?? []);
  }

  async list(scope: ReferralListScope, page: PageRequest): Promise<Page<ReferralRecord>> {
    const { items, nextCursor } = await queryPage(this.client, this.tableName, queryFor(scope), page, {
      // A unit works its inbox oldest-due first; everyone else reads newest first.
      newestFirst: scope.kind !== 'unit',
      // A member's own referrals are few: their status filter is applied after the read.
      filters:
        scope.kind === 'member' && scope.status !== undefined
          ? [{ attribute: 'status', equals: scope.status }]
          : [],
    });
    return { items: items.map(referralOf), nextCursor };
  }

  /**
   * One transaction: the referral replaced only if still at the expected version, the new leg
   * (if any) created and appended to its need, audit events and notifications added, and the
   * contact's expiry moved. Nothing is written if any part fails.
   */
  async applyChange(change: ReferralChange): Promise<'applied' | 'conflict'> {
    const items = this.changeItems(change);
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'applied';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((reason) => reason?.Code);
      // The referral moved on (its version condition, first) or another change is being
      // written to one of these items right now: either way, the caller's view is stale.
      if (reasons[0] === 'ConditionalCheckFailed' || reasons.includes('TransactionConflict'))
        return 'conflict';
      // The contact expired and TTL deleted it between our read and this write: nothing to move.
      if (change.contactExpiresAt !== undefined && reasons[items.length - 1] === 'ConditionalCheckFailed') {
        return await this.applyChange({ ...change, contactExpiresAt: undefined });
      }
      throw error;
    }
  }

  /**
   * One transaction: the referral replaced only if still at the expected version, the new leg
   * (if any) created and appended to its need, audit events and notifications added, and the
   * contact's expiry moved (last, so a failure there can be told apart). All or nothing.
   */
  private changeItems(change: ReferralChange) {
    const TableName = this.tableName;
    const put = (Item: Record<string, unknown>) => ({
      Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    return [
      {
        Put: {
          TableName,
          Item: referralItem(change.after),
          ...referralUnchangedSince(change.before),
        },
      },
      ...(change.newLeg === undefined
        ? []
        : [
            put(referralItem(change.newLeg)),
            {
              Update: {
                TableName,
                Key: keys.need(change.newLeg.needId),
                UpdateExpression: 'SET referralIds = list_append(referralIds, :leg)',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':leg': [change.newLeg.id] },
              },
            },
          ]),
      ...change.audit.map((event) => put(auditItem(event))),
      ...change.notifications.map((notification) => put(notificationItem(notification))),
      ...(change.contactExpiresAt === undefined
        ? []
        : [
            {
              Update: {
                TableName,
                Key: keys.needContact(change.after.needId),
                UpdateExpression: 'SET expiresAt = :expiresAt',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':expiresAt': change.contactExpiresAt },
              },
            },
          ]),
    ];
  }

  async history(referralId: string, page: PageRequest): Promise<Page<AuditRecord>> {
    const query = { index: TABLE_KEY, ...tableQueries.history(referralId) };
    const { items, nextCursor } = await queryPage(this.client, this.tableName, query, page, {
      newestFirst: false,
    });
    return { items: items.map(auditOf), nextCursor };
  }

  async recordContactRead(record: ContactReadRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.contactRead(record.referralId, record.at, record.id),
          kind: 'ContactRead',
          ...record,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /**
   * A key range of the referral timeline (gsi4), page after page until `limit`; for one unit
   * a filter, so the read (and its cost) is still the period's referrals of every unit. Only
   * the outline's attributes are fetched: free text and profiles never leave the table.
   */
  async routedBetween(
    range: { readonly from: string; readonly to: string },
    options: { readonly unitId?: string | undefined; readonly limit: number },
  ): Promise<ReferralOutline[]> {
    const { index, partition, sortKeyBetween } = queries.referralsRoutedBetween(range.from, range.to);
    const projected = Object.fromEntries(OUTLINE_ATTRIBUTES.map((name, position) => [`#a${position}`, name]));
    const found: ReferralOutline[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items, LastEvaluatedKey } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.name,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ProjectionExpression: Object.keys(projected).join(', '),
          ...(options.unitId === undefined ? {} : { FilterExpression: '#unit = :unit' }),
          ExpressionAttributeNames: {
            '#pk': index.partitionKey,
            '#sk': index.sortKey,
            ...projected,
            ...(options.unitId === undefined ? {} : { '#unit': 'unitId' }),
          },
          ExpressionAttributeValues: {
            ':pk': partition,
            ':from': sortKeyBetween[0],
            ':to': sortKeyBetween[1],
            ...(options.unitId === undefined ? {} : { ':unit': options.unitId }),
          },
          // Without a filter, every item read is kept: read no more than needed.
          ...(options.unitId === undefined ? { Limit: options.limit - found.length } : {}),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of Items ?? []) found.push(outlineOf(item));
      startKey = LastEvaluatedKey;
    } while (startKey !== undefined && found.length < options.limit);
    return found.slice(0, options.limit);
  }
}

/** The attributes of a referral outline; the Record makes the compiler check none is missing. */
const OUTLINE_ATTRIBUTES = Object.keys({
  id: true,
  needId: true,
  unitId: true,
  categories: true,
  district: true,
  priority: true,
  status: true,
  routedBy: true,
  createdAt: true,
  acceptedAt: true,
  resolvedAt: true,
  closedAt: true,
  slaTrack: true,
} satisfies Record<keyof ReferralOutline, true>);

function outlineOf(item: Record<string, unknown>): ReferralOutline {
  const outline = pick<ReferralOutline>(item, OUTLINE_ATTRIBUTES);
  // Written before SLA clocks existed (as referralOf): its clocks start at its routing.
  return outline.slaTrack !== undefined
    ? outline
    : { ...outline, slaTrack: { ...newTrack(outline.createdAt, outline.createdAt) } };
}

function queryFor(scope: ReferralListScope): IndexQuery {
  switch (scope.kind) {
    case 'unit':
      return queries.unitInbox(scope.unitId, scope.status);
    case 'member':
      return queries.referralsOfMember(scope.memberId);
    case 'all':
      return scope.status === undefined ? queries.allReferrals() : queries.referralsInStatus(scope.status);
  }
}
