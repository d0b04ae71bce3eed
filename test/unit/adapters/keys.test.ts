import { describe, expect, it } from 'vitest';
import { keys, placements, queries, tableQueries } from '../../../shared/adapters/dynamodb/keys.js';
import { referralItem } from '../../../shared/adapters/dynamodb/records.js';
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
  nextSlaEventAt: '2026-03-03T07:30:00.000Z' as string | undefined,
};
/** The same referral once no SLA event can fall due any more. */
const settled = { ...referral, nextSlaEventAt: undefined };

/** The indexes whose both key attributes a placement fills. */
const indexesFilledBy = (attributes: Record<string, string>) =>
  ALL_INDEXES.filter((index) => index.partitionKey in attributes && index.sortKey in attributes).map(
    (index) => index.name,
  );

describe('index placements', () => {
  it.each([
    { label: "a member's need", attributes: placements.needOfMember('sub-amina', referral.createdAt, 'N1') },
    { label: 'a referral', attributes: placements.referral(referral) },
    { label: 'a referral with no SLA event to come', attributes: placements.referral(settled) },
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
        TABLE_DESIGN.indexes.slaDue.name,
        TABLE_DESIGN.indexes.timeline.name,
        TABLE_DESIGN.indexes.statusTimeline.name,
      ],
    },
    {
      label: 'a referral with no SLA event to come',
      attributes: placements.referral(settled),
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
    { label: 'referrals with an SLA event to come', query: queries.slaPending() },
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

  it('keeps a referral with no SLA event to come out of the SLA index', () => {
    const attributes = placements.referral(settled);
    const query = queries.slaPending();

    expect(attributes[query.index.partitionKey]).toBeUndefined();
    expect(attributes[query.index.sortKey]).toBeUndefined();
  });

  it('sorts the SLA index by the time of the next SLA event, then id', () => {
    const attributes = placements.referral(referral);

    expect(attributes[TABLE_DESIGN.indexes.slaDue.sortKey]).toBe(`${referral.nextSlaEventAt}#${referral.id}`);
  });

  it.each([
    { label: 'long before', now: '2026-03-04T00:00:00.000Z', due: true },
    { label: 'at the very instant', now: '2026-03-03T07:30:00.000Z', due: true },
    { label: 'a millisecond before', now: '2026-03-03T07:29:59.999Z', due: false },
    { label: 'a day before', now: '2026-03-02T07:30:00.000Z', due: false },
  ])(
    'finds a referral in the due head of the SLA index when its next event fell due $label now',
    ({ now, due }) => {
      const attributes = placements.referral(referral);
      const query = queries.slaDue(now);

      expect(attributes[query.index.partitionKey]).toBe(query.partition);
      expect((attributes[query.index.sortKey] as string) < query.sortKeyBefore).toBe(due);
    },
  );

  it('orders the due head of the SLA index earliest first, whatever the ids', () => {
    const sortKey = (nextSlaEventAt: string, id: string) =>
      placements.referral({ ...referral, id, nextSlaEventAt })[TABLE_DESIGN.indexes.slaDue.sortKey] as string;
    const ordered = [
      sortKey('2026-03-02T10:00:00.000Z', '01KJP7ZD300000000000000009'),
      sortKey('2026-03-02T10:00:00.001Z', '01KJP7ZD300000000000000001'),
      sortKey('2026-03-02T11:00:00.000Z', '01KJP7ZD300000000000000002'),
      sortKey('2026-03-02T11:00:00.000Z', '01KJP7ZD300000000000000003'),
    ];

    expect([...ordered].sort()).toEqual(ordered);
  });
});

describe('item keys', () => {
  it.each([
    { label: 'need', key: keys.need('N1') },
    { label: 'need contact', key: keys.needContact('N1') },
    { label: 'referral', key: keys.referral('R1') },
    { label: 'idempotency', key: keys.idempotency('sub-amina', 'k-1') },
    { label: 'audit event', key: keys.auditEvent('R1', 1) },
    { label: 'contact read', key: keys.contactRead('R1', '2026-03-02T09:30:00.000Z', 'X1') },
    { label: 'notification', key: keys.notification('sub-amina', '2026-03-02T09:30:00.000Z', 'R1', 1) },
    { label: 'catalog', key: keys.catalog() },
    { label: 'routing rules', key: keys.routingRules() },
    { label: 'SLA settings', key: keys.slaSettings() },
    { label: 'SLA settings applied', key: keys.slaSettingsApplied() },
    { label: 'SLA event', key: keys.slaEvent('R1', 'acknowledge', 'warning') },
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

  it('records "reported under this key" in a partition of its own', () => {
    expect(keys.idempotency('sub-amina', 'k-1')).toEqual({ pk: 'REPORTED#sub-amina#k-1', sk: 'REPORTED' });
  });

  it.each([['report-need'], ['transition-referral']])(
    'gives Powertools idempotency records of %s a partition no other item uses',
    (functionName) => {
      const partition = keys.idempotencyPartition(functionName);
      const others = [
        keys.need('N1').pk,
        keys.referral('R1').pk,
        keys.idempotency('sub-amina', 'k-1').pk,
        keys.notification('sub-amina', '2026-03-02T09:30:00.000Z', 'R1', 1).pk,
        keys.catalog().pk,
      ];

      expect(partition).toBe(`IDEMPOTENCY#${functionName}`);
      expect(others.some((pk) => pk.startsWith('IDEMPOTENCY#'))).toBe(false);
    },
  );

  it('gives each function its own idempotency partition', () => {
    expect(keys.idempotencyPartition('report-need')).not.toBe(
      keys.idempotencyPartition('transition-referral'),
    );
  });
});

describe("a referral's audit trail and contact reads", () => {
  const startsWith = (key: { pk: string; sk: string }, query: { partition: string; sortKeyPrefix: string }) =>
    key.pk === query.partition && key.sk.startsWith(query.sortKeyPrefix);

  it('puts audit events under their referral, where the history query finds them', () => {
    const query = tableQueries.history('R1');

    expect(startsWith(keys.auditEvent('R1', 1), query)).toBe(true);
    expect(startsWith(keys.auditEvent('R1', 999_999), query)).toBe(true);
    expect(startsWith(keys.auditEvent('R2', 1), query)).toBe(false);
  });

  it('keeps the referral itself and its contact reads out of the history query', () => {
    const query = tableQueries.history('R1');

    expect(startsWith(keys.referral('R1'), query)).toBe(false);
    expect(startsWith(keys.contactRead('R1', '2026-03-02T09:30:00.000Z', 'X1'), query)).toBe(false);
    expect(keys.contactRead('R1', '2026-03-02T09:30:00.000Z', 'X1').pk).toBe(keys.referral('R1').pk);
  });

  it('sorts audit events by sequence, also across digit counts', () => {
    const sequences = [1, 2, 9, 10, 11, 99, 100, 12_345];

    const sortKeys = sequences.map((sequence) => keys.auditEvent('R1', sequence).sk);

    expect([...sortKeys].sort()).toEqual(sortKeys);
    expect(new Set(sortKeys).size).toBe(sequences.length);
  });

  it('keeps every contact read: two reads at the same instant get two items', () => {
    const at = '2026-03-02T09:30:00.000Z';

    expect(keys.contactRead('R1', at, 'X1')).not.toEqual(keys.contactRead('R1', at, 'X2'));
  });
});

describe("a member's notifications", () => {
  const at = (minute: number) => `2026-03-02T09:${String(minute).padStart(2, '0')}:00.000Z`;

  it('puts them under the member, where the notifications query finds them, and nowhere else', () => {
    const query = tableQueries.notifications('sub-amina');
    const key = keys.notification('sub-amina', at(1), 'R1', 1);
    const mehmets = keys.notification('sub-mehmet', at(1), 'R1', 1);

    expect(key.pk).toBe(query.partition);
    expect(key.sk.startsWith(query.sortKeyPrefix)).toBe(true);
    expect(mehmets.pk).not.toBe(query.partition);
  });

  it('sorts them by time first, then referral and sequence', () => {
    const ordered = [
      keys.notification('sub-amina', at(1), 'R2', 3),
      keys.notification('sub-amina', at(2), 'R1', 1),
      keys.notification('sub-amina', at(2), 'R1', 2),
      keys.notification('sub-amina', at(2), 'R2', 1),
      keys.notification('sub-amina', at(10), 'R1', 10),
    ].map((key) => key.sk);

    expect([...ordered].sort()).toEqual(ordered);
  });

  it('gives the two notifications of one change (the leg that ends and the leg that starts) two items', () => {
    expect(keys.notification('sub-amina', at(1), 'R1', 4)).not.toEqual(
      keys.notification('sub-amina', at(1), 'R2', 1),
    );
  });

  it('stores a referral with its key and every placement', () => {
    const record = referralRecord();

    const item = referralItem(record);

    expect(item).toMatchObject(keys.referral(record.id));
    expect(item).toMatchObject(
      placements.referral({
        ...record,
        dueAt: record.slaTrack.dueAt,
        nextSlaEventAt: record.slaTrack.nextEventAt,
      }),
    );
    expect(Object.keys(item).filter((name) => declaredIndexAttributes.has(name))).toHaveLength(10);
  });

  it("places a referral in its unit's inbox by its SLA deadline, not by when it arrived", () => {
    const record = referralRecord();

    const item = referralItem(record);

    expect(record.slaTrack.dueAt > record.createdAt).toBe(true);
    expect(item).toHaveProperty(
      TABLE_DESIGN.indexes.unitInbox.sortKey,
      `routed#${record.slaTrack.dueAt}#${record.id}`,
    );
    expect(item).toHaveProperty(
      TABLE_DESIGN.indexes.slaDue.sortKey,
      `${record.slaTrack.nextEventAt}#${record.id}`,
    );
  });

  it('stores a referral whose SLA events are all behind it outside the SLA index', () => {
    const { nextEventAt: _nextEventAt, ...track } = referralRecord().slaTrack;
    const record = referralRecord({ status: 'closed', slaTrack: track });

    const item = referralItem(record);

    expect(item).not.toHaveProperty(TABLE_DESIGN.indexes.slaDue.partitionKey);
    expect(item).not.toHaveProperty(TABLE_DESIGN.indexes.slaDue.sortKey);
    expect(Object.keys(item).filter((name) => declaredIndexAttributes.has(name))).toHaveLength(8);
  });
});
