import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../shared/adapters/dynamodb/cursor.js';
import { queries } from '../../../shared/adapters/dynamodb/keys.js';
import { ValidationFailed } from '../../../shared/domain/errors.js';
import { thrownBy } from '../builders.js';

/** A last evaluated key of the health unit's inbox (index gsi1). */
const healthInboxKey = {
  pk: 'REFERRAL#01KJP7ZD300000000000000002',
  sk: 'REFERRAL',
  gsi1pk: 'UNIT#health',
  gsi1sk: 'routed#2026-03-02T09:30:00.000Z#01KJP7ZD300000000000000002',
};
const memberKey = {
  pk: 'REFERRAL#01KJP7ZD300000000000000002',
  sk: 'REFERRAL',
  gsi2pk: 'MEMBER#sub-amina',
  gsi2sk: 'REFERRAL#2026-03-02T09:30:00.000Z#01KJP7ZD300000000000000002',
};
const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('paging cursors', () => {
  it.each([
    { label: "a unit's inbox", key: healthInboxKey, query: queries.unitInbox('health') },
    {
      label: "a unit's inbox in one status",
      key: healthInboxKey,
      query: queries.unitInbox('health', 'routed'),
    },
    { label: "a member's referrals", key: memberKey, query: queries.referralsOfMember('sub-amina') },
    {
      label: 'all referrals',
      key: { pk: 'REFERRAL#1', sk: 'REFERRAL', gsi4pk: 'REFERRAL', gsi4sk: '2026-03-02T09:30:00.000Z#1' },
      query: queries.allReferrals(),
    },
    {
      label: 'referrals in one status',
      key: {
        pk: 'REFERRAL#1',
        sk: 'REFERRAL',
        gsi5pk: 'REFERRAL#accepted',
        gsi5sk: '2026-03-02T09:30:00.000Z#1',
      },
      query: queries.referralsInStatus('accepted'),
    },
  ])('round-trips the last key of $label', ({ key, query }) => {
    const cursor = encodeCursor(key);

    const decoded = decodeCursor(cursor ?? undefined, query);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decoded).toEqual(key);
  });

  it('has no cursor after the last page and no start key without a cursor', () => {
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, queries.unitInbox('health'))).toBeUndefined();
  });

  it.each([
    { label: "another unit's inbox", cursor: encode(healthInboxKey), query: queries.unitInbox('education') },
    {
      label: "another member's list",
      cursor: encode(memberKey),
      query: queries.referralsOfMember('sub-mehmet'),
    },
    { label: 'another index', cursor: encode(healthInboxKey), query: queries.referralsOfMember('sub-amina') },
    {
      label: 'another status',
      cursor: encode(healthInboxKey),
      query: queries.unitInbox('health', 'accepted'),
    },
    {
      label: "a member's needs rather than referrals",
      cursor: encode({ ...memberKey, gsi2sk: 'NEED#2026-03-02T09:30:00.000Z#01KJP7ZD300000000000000001' }),
      query: queries.referralsOfMember('sub-amina'),
    },
    { label: 'a garbage string', cursor: 'not a cursor!', query: queries.unitInbox('health') },
    {
      label: 'base64 of text that is not JSON',
      cursor: Buffer.from('hello').toString('base64url'),
      query: queries.allReferrals(),
    },
    { label: 'JSON null', cursor: encode(null), query: queries.allReferrals() },
    { label: 'a JSON array', cursor: encode(['pk', 'sk']), query: queries.allReferrals() },
    { label: 'a JSON string', cursor: encode('REFERRAL'), query: queries.allReferrals() },
    {
      label: 'an extra attribute',
      cursor: encode({ ...healthInboxKey, memberId: 'x' }),
      query: queries.unitInbox('health'),
    },
    {
      label: 'a missing attribute',
      cursor: encode({ pk: healthInboxKey.pk, gsi1pk: 'UNIT#health', gsi1sk: healthInboxKey.gsi1sk }),
      query: queries.unitInbox('health'),
    },
    {
      label: 'a number value',
      cursor: encode({ ...healthInboxKey, sk: 1 }),
      query: queries.unitInbox('health'),
    },
    {
      label: 'an empty value',
      cursor: encode({ ...healthInboxKey, sk: '' }),
      query: queries.unitInbox('health'),
    },
    {
      label: 'an oversize value',
      cursor: encode({ ...healthInboxKey, sk: 'x'.repeat(1025) }),
      query: queries.unitInbox('health'),
    },
    {
      label: 'a nested value',
      cursor: encode({ ...healthInboxKey, sk: { S: 'REFERRAL' } }),
      query: queries.unitInbox('health'),
    },
  ])('refuses a cursor of $label, naming the field cursor', ({ cursor, query }) => {
    const error = thrownBy(() => decodeCursor(cursor, query));

    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).issues.map((issue) => issue.field)).toEqual(['cursor']);
  });
});
