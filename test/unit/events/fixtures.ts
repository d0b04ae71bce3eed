/**
 * Test data for the event backbone: a valid detail of every domain event, table items built
 * with the code's own builders, and DynamoDB stream records made from them.
 */
import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, EventBridgeEvent } from 'aws-lambda';
import { loadCouncilSettings } from '../../../infra/council.js';
import { alertItem as storedAlertItem } from '../../../shared/adapters/dynamodb/alert-store.js';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import type { AlertRecord } from '../../../shared/domain/alerts.js';
import { type ReportedNeed, recordReportedNeed } from '../../../shared/domain/need.js';
import { routeNeed } from '../../../shared/domain/routing.js';
import type { SlaEventRecord } from '../../../shared/domain/sla-events.js';
import {
  DOMAIN_EVENTS,
  type DomainEventDetail,
  type DomainEventName,
} from '../../../shared/events/domain-events.js';
import type { ReportNeedRequest } from '../../../shared/schemas/need.js';
import { AMINA, SLA_SETTINGS } from '../builders.js';
import { FIXED_NOW, SequentialUlids } from '../fakes.js';

export const NEED_ID = '01KJP7ZD300000000000000001';
export const REFERRAL_ID = '01KJP7ZD300000000000000002';
export const OTHER_REFERRAL_ID = '01KJP7ZD300000000000000003';
export const AT = '2026-03-02T09:30:00.000Z';

export const EVENT_NAMES = Object.keys(DOMAIN_EVENTS) as DomainEventName[];

/** One valid detail of every event, as the outbox would build it. */
export const VALID_DETAILS: { [N in DomainEventName]: DomainEventDetail<N> } = {
  NeedReported: {
    eventId: `need-reported:${NEED_ID}`,
    schemaVersion: 1,
    occurredAt: AT,
    needId: NEED_ID,
    categories: ['health'],
    district: 'seyhan',
    priority: 'routine',
    referralIds: [REFERRAL_ID],
    cohesionRisks: [],
  },
  ReferralRouted: {
    eventId: `referral-routed:${REFERRAL_ID}`,
    schemaVersion: 1,
    occurredAt: AT,
    referralId: REFERRAL_ID,
    needId: NEED_ID,
    unitId: 'health',
    categories: ['health'],
    priority: 'routine',
    district: 'seyhan',
    cause: 'report',
  },
  ReferralStatusChanged: {
    eventId: `referral-status-changed:${REFERRAL_ID}:2`,
    schemaVersion: 1,
    occurredAt: AT,
    referralId: REFERRAL_ID,
    needId: NEED_ID,
    unitId: 'health',
    action: 'accept',
    fromStatus: 'routed',
    toStatus: 'accepted',
    version: 2,
    actorRole: 'unit-staff',
  },
  CohesionRiskFlagged: {
    eventId: `cohesion-risk-flagged:${NEED_ID}`,
    schemaVersion: 1,
    occurredAt: AT,
    needId: NEED_ID,
    riskTypes: ['hate_incident'],
    district: 'seyhan',
    neighbourhood: 'İstasyon',
    priority: 'urgent',
  },
  CohesionHotspotDetected: {
    eventId: 'cohesion-hotspot-detected:hotspot-1',
    schemaVersion: 1,
    occurredAt: AT,
    alertId: 'hotspot-1',
    district: 'seyhan',
    neighbourhood: 'İstasyon',
    riskTypes: ['hate_incident', 'discrimination'],
    needIds: [NEED_ID, '01KJP7ZD300000000000000004', '01KJP7ZD300000000000000005'],
    flagCount: 3,
    windowDays: 7,
    firstFlaggedAt: AT,
  },
  // The health referral routed at AT (Monday 12:30 in Adana), routine: 2 business days to
  // acknowledge, 20 to resolve; warning at 75 %, escalation 2 business days after the deadline.
  SlaWarning: {
    eventId: `sla-warning:${REFERRAL_ID}:acknowledge`,
    schemaVersion: 1,
    occurredAt: '2026-03-03T14:30:00.000Z',
    referralId: REFERRAL_ID,
    needId: NEED_ID,
    unitId: 'health',
    clock: 'acknowledge',
    dueAt: '2026-03-04T09:30:00.000Z',
    priority: 'routine',
    categories: ['health'],
    district: 'seyhan',
  },
  SlaBreached: {
    eventId: `sla-breach:${REFERRAL_ID}:resolve`,
    schemaVersion: 1,
    occurredAt: '2026-03-31T14:30:00.000Z',
    referralId: REFERRAL_ID,
    needId: NEED_ID,
    unitId: 'health',
    clock: 'resolve',
    dueAt: '2026-03-31T14:30:00.000Z',
    priority: 'routine',
    categories: ['health'],
    district: 'seyhan',
  },
  SlaEscalated: {
    eventId: `sla-escalation:${REFERRAL_ID}:acknowledge`,
    schemaVersion: 1,
    occurredAt: '2026-03-06T09:30:00.000Z',
    referralId: REFERRAL_ID,
    needId: NEED_ID,
    unitId: 'health',
    clock: 'acknowledge',
    dueAt: '2026-03-04T09:30:00.000Z',
    priority: 'routine',
    categories: ['health'],
    district: 'seyhan',
  },
};

/** A copy of a valid detail, as a plain record a test may bend out of shape. */
export function validDetail(name: DomainEventName): Record<string, unknown> {
  return structuredClone(VALID_DETAILS[name]) as Record<string, unknown>;
}

const settings = loadCouncilSettings('adana');

/** A report recorded as report-need records it: routed by the council's rules, ids from a counter. */
export function reported(report: ReportNeedRequest, now: Date = FIXED_NOW): ReportedNeed {
  const ids = new SequentialUlids(now);
  const assignments = routeNeed(report, settings.routingRules, settings.catalog.triageUnitId);
  return recordReportedNeed({
    report,
    actor: AMINA,
    needId: ids.next(),
    referralIds: assignments.map(() => ids.next()),
    assignments,
    now,
    sla: SLA_SETTINGS,
  });
}

/** The SLA event item as the DynamoDB SLA store writes it (its builder is private to the adapter). */
export function slaEventItem(event: SlaEventRecord): Record<string, unknown> {
  return { ...keys.slaEvent(event.referralId, event.clock, event.threshold), kind: 'SlaEvent', ...event };
}

/** The alert item as the DynamoDB alert store (and the SLA store) writes it. */
export function alertItem(alert: AlertRecord): Record<string, unknown> {
  return storedAlertItem(alert);
}

type StreamEventName = NonNullable<DynamoDBRecord['eventName']>;

/** The image of an item as DynamoDB Streams carries it (the document client drops undefined). */
function image(
  item: Record<string, unknown>,
): NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']> {
  const marshalled: Record<string, SdkAttributeValue> = marshall(item, { removeUndefinedValues: true });
  return marshalled as unknown as NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
}

/** A stream record (NEW_AND_OLD_IMAGES) for an item inserted, modified or removed. */
export function streamRecord(
  eventName: StreamEventName,
  item: Record<string, unknown>,
  sequenceNumber: string,
): DynamoDBRecord {
  const keyOnly = { pk: item.pk, sk: item.sk };
  return {
    eventID: `event-${sequenceNumber}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-central-1',
    eventSourceARN: 'arn:aws:dynamodb:eu-central-1:000000000000:table/jisr/stream/2026-03-02T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: Date.parse(AT) / 1000,
      Keys: image(keyOnly),
      ...(eventName === 'REMOVE' ? {} : { NewImage: image(item) }),
      ...(eventName === 'INSERT' ? {} : { OldImage: image(item) }),
      SequenceNumber: sequenceNumber,
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** An EventBridge event as the bus delivers it to a target. */
export function bridgeEvent(detailType: string, detail: unknown, source = 'jisr.needs') {
  const event: EventBridgeEvent<string, unknown> = {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': detailType,
    source,
    account: '000000000000',
    time: AT.replace('.000', ''),
    region: 'eu-central-1',
    resources: [],
    detail,
  };
  return event;
}
