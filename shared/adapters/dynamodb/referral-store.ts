import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ReferralListScope } from '../../application/authorization.js';
import type { Page, ReferralStore } from '../../application/ports.js';
import type { ReferralRecord } from '../../domain/need.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { pick } from './item.js';
import { type IndexQuery, keys, placements, queries } from './keys.js';

const REFERRAL_ATTRIBUTES = [
  'id',
  'needId',
  'memberId',
  'unitId',
  'categories',
  'status',
  'version',
  'priority',
  'district',
  'neighbourhood',
  'description',
  'beneficiary',
  'vulnerabilities',
  'cohesionRisks',
  'routedBy',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof ReferralRecord)[];

/** The stored item of a referral, placed in every index that serves it. */
export function referralItem(referral: ReferralRecord): Record<string, unknown> {
  return {
    ...keys.referral(referral.id),
    // Until SLA clocks exist, a referral is due in the order it arrived.
    ...placements.referral({ ...referral, dueAt: referral.createdAt }),
    kind: 'Referral',
    ...referral,
  };
}

export class DynamoReferralStore implements ReferralStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async referral(referralId: string): Promise<ReferralRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.referral(referralId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : pick(Item, REFERRAL_ATTRIBUTES);
  }

  async referrals(referralIds: readonly string[]): Promise<ReferralRecord[]> {
    if (referralIds.length === 0) return [];
    const found = new Map<string, ReferralRecord>();
    let requested: Record<string, unknown>[] = referralIds.map((id) => keys.referral(id));
    // BatchGet may return some keys unprocessed under load; ask again for those.
    for (let attempt = 0; requested.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      if (attempt > 5) throw new Error('DynamoDB left referrals unprocessed after retries');
      const { Responses, UnprocessedKeys } = await this.client.send(
        new BatchGetCommand({
          RequestItems: { [this.tableName]: { Keys: requested, ConsistentRead: true } },
        }),
      );
      for (const item of Responses?.[this.tableName] ?? []) {
        const referral = pick<ReferralRecord>(item, REFERRAL_ATTRIBUTES);
        found.set(referral.id, referral);
      }
      requested = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return referralIds.flatMap((id) => found.get(id) ?? []);
  }

  async list(
    scope: ReferralListScope,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ReferralRecord>> {
    const query = queryFor(scope);
    const statusFilter =
      scope.kind === 'member' && scope.status !== undefined
        ? { FilterExpression: '#status = :status', statusValue: scope.status }
        : undefined;
    const { Items, LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: query.index.name,
        KeyConditionExpression:
          query.sortKeyPrefix === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
        ...(statusFilter === undefined ? {} : { FilterExpression: statusFilter.FilterExpression }),
        ExpressionAttributeNames: {
          '#pk': query.index.partitionKey,
          ...(query.sortKeyPrefix === undefined ? {} : { '#sk': query.index.sortKey }),
          ...(statusFilter === undefined ? {} : { '#status': 'status' }),
        },
        ExpressionAttributeValues: {
          ':pk': query.partition,
          ...(query.sortKeyPrefix === undefined ? {} : { ':prefix': query.sortKeyPrefix }),
          ...(statusFilter === undefined ? {} : { ':status': statusFilter.statusValue }),
        },
        // A unit works its inbox oldest-due first; everyone else reads newest first.
        ScanIndexForward: scope.kind === 'unit',
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, query),
      }),
    );
    return {
      items: (Items ?? []).map((item) => pick<ReferralRecord>(item, REFERRAL_ATTRIBUTES)),
      nextCursor: encodeCursor(LastEvaluatedKey),
    };
  }
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
