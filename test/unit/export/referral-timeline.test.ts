/**
 * The export's read in the DynamoDB adapter (document client simulated by aws-sdk-client-mock):
 * a key range of the referral timeline, only the outline's attributes, the unit as a filter,
 * page after page up to the limit.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { placements, queries } from '../../../shared/adapters/dynamodb/keys.js';
import { referralItem } from '../../../shared/adapters/dynamodb/records.js';
import { DynamoReferralStore } from '../../../shared/adapters/dynamodb/referral-store.js';
import { TABLE_DESIGN } from '../../../shared/adapters/dynamodb/table-design.js';
import { referralRecord } from '../builders.js';

const ddb = mockClient(DynamoDBDocumentClient);
const store = new DynamoReferralStore(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })),
  'jisr-test',
);
const RANGE = { from: '2026-05-31T21:00:00.000Z', to: '2026-06-01T21:00:00.000Z' };

const item = (index: number, unitId = 'health') =>
  referralItem(
    referralRecord({
      id: `01KJP7ZD30${String(index).padStart(16, '0')}`,
      unitId,
      createdAt: '2026-06-01T06:00:00.000Z',
      neighbourhood: 'CANARY-NEIGHBOURHOOD',
      description: 'CANARY-DESCRIPTION',
      contactShared: true,
    }),
  );

const queryInputs = () =>
  ddb.commandCalls(QueryCommand).map((call) => call.args[0].input as QueryCommandInput);

beforeEach(() => {
  ddb.reset();
});

afterAll(() => {
  ddb.restore();
});

describe('the referral timeline range', () => {
  it('holds a referral exactly when it was routed at or after `from` and before `to`', () => {
    const [low, high] = queries.referralsRoutedBetween(RANGE.from, RANGE.to).sortKeyBetween;
    const sortKey = (createdAt: string) =>
      placements.referral({
        id: '01KJP7ZD300000000000000002',
        unitId: 'health',
        memberId: 'sub-amina',
        status: 'routed',
        createdAt,
        dueAt: createdAt,
        nextSlaEventAt: undefined,
      })[TABLE_DESIGN.indexes.timeline.sortKey] as string;
    const inRange = (createdAt: string) => low <= sortKey(createdAt) && sortKey(createdAt) <= high;
    expect(inRange('2026-05-31T20:59:59.999Z')).toBe(false);
    expect(inRange('2026-05-31T21:00:00.000Z')).toBe(true);
    expect(inRange('2026-06-01T20:59:59.999Z')).toBe(true);
    expect(inRange('2026-06-01T21:00:00.000Z')).toBe(false);
  });
});

describe('DynamoReferralStore.routedBetween', () => {
  it('queries the timeline index by key range, fetching the outline’s attributes only', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(1)] });
    const found = await store.routedBetween(RANGE, { limit: 10_001 });
    const [input] = queryInputs();
    expect(input).toMatchObject({
      TableName: 'jisr-test',
      IndexName: 'gsi4',
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': 'REFERRAL',
        ':from': `${RANGE.from}#`,
        ':to': `${RANGE.to}#`,
      },
      Limit: 10_001,
    });
    expect(input?.FilterExpression).toBeUndefined();
    const names = input?.ExpressionAttributeNames ?? {};
    const projected = (input?.ProjectionExpression ?? '').split(', ').map((name) => names[name]);
    expect(projected.sort()).toEqual(
      [
        'acceptedAt',
        'categories',
        'closedAt',
        'createdAt',
        'district',
        'id',
        'needId',
        'priority',
        'resolvedAt',
        'routedBy',
        'slaTrack',
        'status',
        'unitId',
      ].sort(),
    );
    // Even an item with more attributes (as this simulation returns) yields an outline only.
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found)).not.toContain('CANARY');
    expect(Object.keys(found[0] ?? {})).not.toContain('memberId');
    expect(Object.keys(found[0] ?? {})).not.toContain('beneficiary');
  });

  it('filters one unit and reads on, page after page, until it has the limit', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [item(1)],
        LastEvaluatedKey: { pk: 'a', sk: 'a', gsi4pk: 'REFERRAL', gsi4sk: 'a' },
      })
      .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: 'b', sk: 'b', gsi4pk: 'REFERRAL', gsi4sk: 'b' } })
      .resolvesOnce({
        Items: [item(2), item(3)],
        LastEvaluatedKey: { pk: 'c', sk: 'c', gsi4pk: 'REFERRAL', gsi4sk: 'c' },
      })
      .resolves({ Items: [item(4)] });
    const found = await store.routedBetween(RANGE, { unitId: 'health', limit: 2 });
    expect(found.map((outline) => outline.id)).toEqual([item(1).id, item(2).id]);
    const inputs = queryInputs();
    expect(inputs).toHaveLength(3);
    expect(inputs[0]).toMatchObject({
      FilterExpression: '#unit = :unit',
      ExpressionAttributeNames: { '#unit': 'unitId' },
      ExpressionAttributeValues: { ':unit': 'health' },
    });
    // With a filter, DynamoDB's Limit would count items read, not kept: no Limit.
    expect(inputs[0]?.Limit).toBeUndefined();
    expect(inputs[1]?.ExclusiveStartKey).toEqual({ pk: 'a', sk: 'a', gsi4pk: 'REFERRAL', gsi4sk: 'a' });
    expect(inputs[2]?.ExclusiveStartKey).toEqual({ pk: 'b', sk: 'b', gsi4pk: 'REFERRAL', gsi4sk: 'b' });
  });

  it('reads every page of the period when it holds fewer than the limit', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [item(1)],
        LastEvaluatedKey: { pk: 'a', sk: 'a', gsi4pk: 'REFERRAL', gsi4sk: 'a' },
      })
      .resolves({ Items: [item(2)] });
    const found = await store.routedBetween(RANGE, { limit: 10 });
    expect(found).toHaveLength(2);
    expect(queryInputs().map((input) => input.Limit)).toEqual([10, 9]);
  });

  it('gives a referral stored before SLA clocks existed a fresh track', async () => {
    const { slaTrack: _slaTrack, ...legacy } = item(1);
    ddb.on(QueryCommand).resolves({ Items: [legacy] });
    const [outline] = await store.routedBetween(RANGE, { limit: 10 });
    expect(outline?.slaTrack).toMatchObject({ needReportedAt: legacy.createdAt, pauses: [], raised: {} });
  });
});
