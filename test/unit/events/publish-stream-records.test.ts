/**
 * The outbox publisher over DynamoDB stream records: only new items publish, in stream order,
 * and the first failure stops the batch and names its record, so the stream retries from there.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  auditItem,
  needItem,
  notificationItem,
  referralItem,
} from '../../../shared/adapters/dynamodb/records.js';
import type { EventPublisher } from '../../../shared/application/ports.js';
import type { DomainEvent } from '../../../shared/events/domain-events.js';
import { domainEventsOf } from '../../../shared/events/outbox.js';
import { publishStreamRecords } from '../../../shared/events/publish-stream-records.js';
import { logger } from '../../../shared/observability/logger.js';
import { maximalReport, minimalReport, referralRecord } from '../builders.js';
import { reported, streamRecord } from './fixtures.js';

/** Records every publish call; fails the calls whose (1-based) number is in `failing`. */
class RecordingPublisher implements EventPublisher {
  readonly calls: DomainEvent[][] = [];
  constructor(private readonly failing: ReadonlySet<number> = new Set()) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    this.calls.push([...events]);
    if (this.failing.has(this.calls.length)) throw new Error(`bus unavailable on call ${this.calls.length}`);
  }
}

/** Stream sequence numbers: numeric strings of 21 digits or more. */
const sequence = (index: number) => `49600000000000000${String(index).padStart(5, '0')}`;

/** Four items, each standing for at least one event, in the order the transaction wrote them. */
function publishingItems(): Record<string, unknown>[] {
  const first = reported(maximalReport());
  const second = reported(minimalReport(), new Date('2026-03-02T10:00:00.000Z'));
  return [needItem(first.need), ...first.referrals.map(referralItem), needItem(second.need)].slice(0, 4);
}

const inserts = (items: readonly Record<string, unknown>[]): DynamoDBRecord[] =>
  items.map((item, index) => streamRecord('INSERT', item, sequence(index + 1)));

describe('publishStreamRecords', () => {
  let logged: MockInstance[] = [];
  beforeEach(() => {
    logged = [
      vi.spyOn(logger, 'info').mockImplementation(() => {}),
      vi.spyOn(logger, 'error').mockImplementation(() => {}),
    ];
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('publishes the events of every inserted item, one call per record, in stream order', async () => {
    const items = publishingItems();
    const publisher = new RecordingPublisher();

    const response = await publishStreamRecords(publisher, inserts(items));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(publisher.calls).toEqual(items.map((item) => domainEventsOf(item)));
    expect(publisher.calls.map((call) => call.map((event) => event.name))).toEqual([
      ['NeedReported', 'CohesionRiskFlagged'],
      ['ReferralRouted'],
      ['ReferralRouted'],
      ['NeedReported'],
    ]);
  });

  it.each(['MODIFY', 'REMOVE'] as const)('publishes nothing for a %s record', async (eventName) => {
    const publisher = new RecordingPublisher();
    const records = publishingItems().map((item, index) =>
      streamRecord(eventName, item, sequence(index + 1)),
    );

    const response = await publishStreamRecords(publisher, records);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(publisher.calls).toEqual([]);
  });

  it('publishes only the INSERTs of a mixed batch, keeping their order', async () => {
    const [need, referral, , later] = publishingItems() as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    const publisher = new RecordingPublisher();
    const records = [
      streamRecord('INSERT', need, sequence(1)),
      streamRecord('MODIFY', referral, sequence(2)),
      streamRecord('REMOVE', need, sequence(3)),
      streamRecord('INSERT', later, sequence(4)),
    ];

    await publishStreamRecords(publisher, records);

    expect(publisher.calls).toEqual([domainEventsOf(need), domainEventsOf(later)]);
  });

  it('does not call the publisher for an inserted item that stands for no event', async () => {
    const { notifications, audit } = reported(minimalReport());
    const publisher = new RecordingPublisher();
    const records = inserts([
      ...notifications.map(notificationItem),
      ...audit.map(auditItem),
      { pk: 'X', sk: 'Y', kind: 'Something' },
    ]);

    const response = await publishStreamRecords(publisher, records);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(publisher.calls).toEqual([]);
  });

  it('answers an empty batch with no failures', async () => {
    const publisher = new RecordingPublisher();

    expect(await publishStreamRecords(publisher, [])).toEqual({ batchItemFailures: [] });
    expect(publisher.calls).toEqual([]);
  });

  it('stops at the record whose publishing fails and names exactly that record', async () => {
    const items = publishingItems();
    const records = inserts(items);
    const publisher = new RecordingPublisher(new Set([3]));

    const response = await publishStreamRecords(publisher, records);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequence(3) }] });
    expect(publisher.calls).toHaveLength(3);
    expect(publisher.calls).toEqual(items.slice(0, 3).map((item) => domainEventsOf(item)));
  });

  it('names the first record when publishing fails there, attempting nothing after it', async () => {
    const records = inserts(publishingItems());
    const publisher = new RecordingPublisher(new Set([1]));

    const response = await publishStreamRecords(publisher, records);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequence(1) }]);
    expect(publisher.calls).toHaveLength(1);
  });

  it('counts only the records that publish: a failure after skipped records names the failing one', async () => {
    const [need, referral] = publishingItems() as [Record<string, unknown>, Record<string, unknown>];
    const { notifications } = reported(minimalReport());
    const records = [
      streamRecord('INSERT', need, sequence(1)),
      streamRecord('MODIFY', need, sequence(2)),
      ...notifications.map((notification, index) =>
        streamRecord('INSERT', notificationItem(notification), sequence(3 + index)),
      ),
      streamRecord('INSERT', referral, sequence(9)),
      streamRecord('INSERT', referral, sequence(10)),
    ];
    const publisher = new RecordingPublisher(new Set([2]));

    const response = await publishStreamRecords(publisher, records);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequence(9) }]);
    expect(publisher.calls).toHaveLength(2);
  });

  it('reports an item whose events are invalid as the failure (a bug fails loudly, nothing is skipped)', async () => {
    const broken = referralItem(referralRecord({ routedBy: 'somehow' as never }));
    const [need] = publishingItems() as [Record<string, unknown>];
    const publisher = new RecordingPublisher();
    const records = [
      streamRecord('INSERT', need, sequence(1)),
      streamRecord('INSERT', broken, sequence(2)),
      streamRecord('INSERT', need, sequence(3)),
    ];

    const response = await publishStreamRecords(publisher, records);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequence(2) }]);
    expect(publisher.calls).toHaveLength(1);
  });

  it('logs event ids and the failing sequence number, never what an item holds', async () => {
    const report = { ...maximalReport(), contact: { name: 'Fatima Al-Hassan', phone: '+90 532 123 45 67' } };
    const { need, referrals } = reported(report);
    const records = inserts([needItem(need), ...referrals.map(referralItem)]);
    const publisher = new RecordingPublisher(new Set([2]));

    await publishStreamRecords(publisher, records);

    const lines = JSON.stringify(logged.flatMap((spy) => spy.mock.calls));
    expect(lines).toContain(`need-reported:${need.id}`);
    expect(lines).toContain(sequence(2));
    for (const forbidden of [report.description, 'Fatima', '+90 532', 'beneficiary', 'ageGroup']) {
      expect(lines).not.toContain(forbidden);
    }
  });
});
