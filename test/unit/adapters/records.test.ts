/** How domain records become table items and back: keys and kind added, storage details dropped. */
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import {
  auditItem,
  auditOf,
  needItem,
  needOf,
  notificationItem,
  notificationOf,
  referralItem,
  referralOf,
} from '../../../shared/adapters/dynamodb/records.js';
import type { AuditRecord, NotificationRecord } from '../../../shared/domain/audit.js';
import { recordReportedNeed } from '../../../shared/domain/need.js';
import { AMINA, HEALTH_STAFF, maximalReport, referralRecord, SLA_SETTINGS } from '../builders.js';

const STORAGE_ATTRIBUTES = [
  'pk',
  'sk',
  'kind',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'gsi5pk',
  'gsi5sk',
];

const reported = recordReportedNeed({
  report: maximalReport(),
  actor: AMINA,
  needId: '01KJP7ZD300000000000000001',
  referralIds: ['01KJP7ZD300000000000000002'],
  assignments: [{ unitId: 'health', categories: ['health'], routedBy: 'rule' }],
  now: new Date('2026-03-02T09:30:00.000Z'),
  sla: SLA_SETTINGS,
});

const fullReferral = referralRecord({
  contactShared: true,
  neighbourhood: 'Dadaloğlu Mahallesi',
  status: 'closed',
  version: 6,
  previousReferralId: '01KJP7ZD300000000000000005',
  outcome: 'service_provided',
  acceptedAt: '2026-03-02T10:00:00.000Z',
  resolvedAt: '2026-03-03T10:00:00.000Z',
  closedAt: '2026-03-04T10:00:00.000Z',
});

const auditEvent: AuditRecord = {
  referralId: '01KJP7ZD300000000000000002',
  needId: '01KJP7ZD300000000000000001',
  unitId: 'health',
  sequence: 3,
  action: 'resolve',
  fromStatus: 'in_progress',
  toStatus: 'resolved',
  actorId: HEALTH_STAFF.userId,
  actorRole: 'unit-staff',
  actorUnitId: 'health',
  outcome: 'service_provided',
  note: 'Appointment on Monday',
  at: '2026-03-03T10:00:00.000Z',
};

const notification: NotificationRecord = {
  memberId: AMINA.userId,
  needId: '01KJP7ZD300000000000000001',
  referralId: '01KJP7ZD300000000000000002',
  unitId: 'health',
  status: 'resolved',
  outcome: 'service_provided',
  sequence: 3,
  at: '2026-03-03T10:00:00.000Z',
};

describe('table items', () => {
  it.each([
    {
      label: 'a need',
      record: reported.need,
      item: needItem(reported.need),
      read: needOf,
      key: keys.need(reported.need.id),
      kind: 'Need',
    },
    {
      label: 'a referral with many optional attributes',
      record: fullReferral,
      item: referralItem(fullReferral),
      read: referralOf,
      key: keys.referral('01KJP7ZD300000000000000002'),
      kind: 'Referral',
    },
    {
      label: 'an audit event',
      record: auditEvent,
      item: auditItem(auditEvent),
      read: auditOf,
      key: keys.auditEvent(auditEvent.referralId, auditEvent.sequence),
      kind: 'AuditEvent',
    },
    {
      label: 'a notification',
      record: notification,
      item: notificationItem(notification),
      read: notificationOf,
      key: keys.notification(
        notification.memberId,
        notification.at,
        notification.referralId,
        notification.sequence,
      ),
      kind: 'Notification',
    },
  ])(
    'store $label under its key with its kind, and read back exactly the record',
    ({ record, item, read, key, kind }) => {
      const readBack = (read as (item: Record<string, unknown>) => unknown)(item);

      expect(item).toMatchObject({ ...key, kind });
      expect(readBack).toEqual(record);
      expect(Object.keys(readBack as object).some((name) => STORAGE_ATTRIBUTES.includes(name))).toBe(false);
    },
  );

  it('read only the record attributes, whatever else an item carries', () => {
    const item = { ...referralItem(referralRecord()), expiresAt: 1, sealed: 'x', somethingNew: true };

    const readBack = referralOf(item);

    expect(readBack).toEqual(referralRecord());
  });

  it('keep the internal referral facts (memberId, contactShared, slaTrack) in the stored referral', () => {
    const record = referralRecord({ contactShared: true });
    const item = referralItem(record);

    expect(referralOf(item)).toMatchObject({
      memberId: AMINA.userId,
      contactShared: true,
      slaTrack: record.slaTrack,
    });
  });

  it('read a referral stored before SLA clocks existed with clocks started at its routing', () => {
    const { slaTrack: _slaTrack, ...item } = referralItem(referralRecord());

    const readBack = referralOf(item);

    expect(readBack.slaTrack).toEqual({
      needReportedAt: readBack.createdAt,
      earlierPauses: [],
      pauses: [],
      raised: {},
      dueAt: readBack.createdAt,
    });
  });
});
