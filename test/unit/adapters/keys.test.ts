import { describe, expect, it } from 'vitest';
import { keys, placements, queries } from '../../../shared/adapters/dynamodb/keys.js';
import { referralItem } from '../../../shared/adapters/dynamodb/referral-store.js';
import { ALL_INDEXES, TABLE_DESIGN } from '../../../shared/adapters/dynamodb/table-design.js';
import { REFERRAL_STATUSES } from '../../../shared/domain/vocabulary.js';
import { referralRecord } from '../builders.js';

const declaredIndexAttributes = new Set(ALL_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey]));
const referral = {
  id: '01KJP7ZD300000000000000002',
  unitId: 'health',
  memberId: 'sub-amina',
  status: 'routed' as const,
  createdAt: '2026-03-02T09:30:00.000Z',
  dueAt: '2026-03-03T09:30:00.000Z',
};

/** The indexes whose both key attributes a placement fills. */
const indexesFilledBy = (attributes: Record<string, string>) =>
  ALL_INDEXES.filter((index) => index.partitionKey in attributes && index.sortKey in attributes).map(
    (index) => index.name,
  );

describe('index placements', () => {
  it.each([
    { label: "a member's need", attributes: placements.needOfMember('sub-amina', referral.createdAt, 'N1') },
    { label: 'a referral', attributes: placements.referral(referral) },
  ])('fill only index attributes declared in table-design.ts, in key pairs ($label)', ({ attributes }) => {
    const names = Object.keys(attributes);

    expect(names.every((name) => declaredIndexAttributes.has(name))).toBe(true);
    expect(indexesFilledBy(attributes)).toHaveLength(names.length / 2);
    expect(Object.values(attributes).every((value) => value.length > 0)).toBe(true);
  });

  it.each([
    {
      label: "a member's need",
      attributes: placements.needOfMember('sub-amina', referral.createdAt, 'N1'),
      indexes: [TABLE_DESIGN.indexes.memberItems.name],
    },
    {
      label: 'a referral',
      attributes: placements.referral(referral),
      indexes: [
        TABLE_DESIGN.indexes.unitInbox.name,
        TABLE_DESIGN.indexes.memberItems.name,
        TABLE_DESIGN.indexes.timeline.name,
        TABLE_DESIGN.indexes.statusTimeline.name,
      ],
    },
  ])('place $label in exactly the indexes that serve it', ({ attributes, indexes }) => {
    expect(indexesFilledBy(attributes).sort()).toEqual([...indexes].sort());
  });

  it.each([
    { label: "its unit's inbox", query: queries.unitInbox('health') },
    { label: "its unit's inbox in its status", query: queries.unitInbox('health', 'routed') },
    { label: "its member's referrals", query: queries.referralsOfMember('sub-amina') },
    { label: 'all referrals', query: queries.allReferrals() },
    { label: 'referrals in its status', query: queries.referralsInStatus('routed') },
  ])('put a referral where the query for $label finds it', ({ query }) => {
    const attributes = placements.referral(referral);

    expect(attributes[query.index.partitionKey]).toBe(query.partition);
    expect(attributes[query.index.sortKey]?.startsWith(query.sortKeyPrefix ?? '')).toBe(true);
  });

  it.each([
    { label: "another unit's inbox", query: queries.unitInbox('education') },
    { label: 'its unit inbox in another status', query: queries.unitInbox('health', 'accepted') },
    { label: "another member's referrals", query: queries.referralsOfMember('sub-mehmet') },
    { label: 'referrals in another status', query: queries.referralsInStatus('accepted') },
  ])('keep a referral out of $label', ({ query }) => {
    const attributes = placements.referral(referral);

    const found =
      attributes[query.index.partitionKey] === query.partition &&
      attributes[query.index.sortKey]?.startsWith(query.sortKeyPrefix ?? '');

    expect(found).toBe(false);
  });

  it("keeps a member's needs out of the query for the member's referrals", () => {
    const attributes = placements.needOfMember('sub-amina', referral.createdAt, 'N1');
    const query = queries.referralsOfMember('sub-amina');

    expect(attributes[query.index.partitionKey]).toBe(query.partition);
    expect(attributes[query.index.sortKey]?.startsWith(query.sortKeyPrefix)).toBe(false);
  });

  it.each(REFERRAL_STATUSES)('sorts a unit inbox by status first, then due time (%s)', (status) => {
    const attributes = placements.referral({ ...referral, status });

    expect(attributes[TABLE_DESIGN.indexes.unitInbox.sortKey]).toBe(
      `${status}#${referral.dueAt}#${referral.id}`,
    );
  });
});

describe('item keys', () => {
  it.each([
    { label: 'need', key: keys.need('N1') },
    { label: 'need contact', key: keys.needContact('N1') },
    { label: 'referral', key: keys.referral('R1') },
    { label: 'idempotency', key: keys.idempotency('sub-amina', 'k-1') },
    { label: 'catalog', key: keys.catalog() },
    { label: 'routing rules', key: keys.routingRules() },
  ])('names exactly the table key attributes ($label)', ({ key }) => {
    expect(Object.keys(key).sort()).toEqual([TABLE_DESIGN.partitionKey, TABLE_DESIGN.sortKey].sort());
  });

  it('keeps the contact beside its need but in its own item', () => {
    expect(keys.needContact('N1').pk).toBe(keys.need('N1').pk);
    expect(keys.needContact('N1').sk).not.toBe(keys.need('N1').sk);
  });

  it('scopes idempotency keys to the member who sent them', () => {
    expect(keys.idempotency('sub-amina', 'k-1')).not.toEqual(keys.idempotency('sub-mehmet', 'k-1'));
  });

  it('stores a referral with its key and every placement', () => {
    const record = referralRecord();

    const item = referralItem(record);

    expect(item).toMatchObject(keys.referral(record.id));
    expect(item).toMatchObject(placements.referral({ ...record, dueAt: record.createdAt }));
    expect(Object.keys(item).filter((name) => declaredIndexAttributes.has(name))).toHaveLength(8);
  });
});
