/**
 * The transactional outbox: which events each kind of table item stands for, built from items
 * made by the code's own builders, and never with personal data in them.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { loadCouncilSettings } from '../../../infra/council.js';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import {
  auditItem,
  needItem,
  notificationItem,
  referralItem,
} from '../../../shared/adapters/dynamodb/records.js';
import { councilSeedItems } from '../../../shared/adapters/dynamodb/seed.js';
import {
  type CohesionFlag,
  DEFAULT_HOTSPOT_RULE,
  hotspotAlert,
  riskAlert,
} from '../../../shared/domain/alerts.js';
import { creationAudit, notificationOf, transitionAudit } from '../../../shared/domain/audit.js';
import {
  applyTransition,
  continuationLeg,
  type TransitionCommand,
} from '../../../shared/domain/lifecycle.js';
import type { ReferralRecord } from '../../../shared/domain/need.js';
import { dueSlaEvents, SLA_CLOCKS, SLA_THRESHOLDS, slaContextFor } from '../../../shared/domain/sla-clock.js';
import { slaAlert, slaEventRecords } from '../../../shared/domain/sla-events.js';
import type { ReferralStatus } from '../../../shared/domain/vocabulary.js';
import type { DomainEvent } from '../../../shared/events/domain-events.js';
import { domainEventsOf } from '../../../shared/events/outbox.js';
import {
  AMINA,
  DIRECTOR,
  HEALTH_STAFF,
  maximalReport,
  minimalReport,
  referralRecord,
  SLA_SETTINGS,
  TRIAGE_STAFF,
} from '../builders.js';
import { alertItem, OTHER_REFERRAL_ID, reported, slaEventItem, streamRecord } from './fixtures.js';

const LATER = new Date('2026-03-03T11:00:00.000Z');
const names = (events: readonly DomainEvent[]) => events.map((event) => event.name);

function flag(needId: string, flaggedAt: string, overrides: Partial<CohesionFlag> = {}): CohesionFlag {
  return {
    needId,
    riskTypes: ['hate_incident'],
    district: 'seyhan',
    neighbourhood: 'İstasyon',
    flaggedAt,
    ...overrides,
  };
}

const FLAGS = [
  flag('01KJP7ZD300000000000000011', '2026-03-01T08:00:00.000Z'),
  flag('01KJP7ZD300000000000000012', '2026-03-02T08:00:00.000Z', { riskTypes: ['discrimination'] }),
  flag('01KJP7ZD300000000000000013', '2026-03-03T08:00:00.000Z'),
];

describe('domainEventsOf: a Need item', () => {
  it('stands for NeedReported alone when the need has no cohesion risks', () => {
    const { need } = reported(minimalReport());

    const events = domainEventsOf(needItem(need));

    expect(events).toEqual([
      {
        name: 'NeedReported',
        source: 'jisr.needs',
        detail: {
          eventId: `need-reported:${need.id}`,
          schemaVersion: 1,
          occurredAt: need.createdAt,
          needId: need.id,
          categories: ['health'],
          district: 'seyhan',
          priority: 'routine',
          referralIds: need.referralIds,
          cohesionRisks: [],
        },
      },
    ]);
  });

  it('stands for NeedReported and CohesionRiskFlagged when the need has risks', () => {
    const { need } = reported(maximalReport());

    const events = domainEventsOf(needItem(need));

    expect(names(events)).toEqual(['NeedReported', 'CohesionRiskFlagged']);
    expect(events[0]?.detail).toMatchObject({
      cohesionRisks: ['eviction_threat', 'service_denial'],
      referralIds: need.referralIds,
    });
    expect(events[1]).toEqual({
      name: 'CohesionRiskFlagged',
      source: 'jisr.needs',
      detail: {
        eventId: `cohesion-risk-flagged:${need.id}`,
        schemaVersion: 1,
        occurredAt: need.createdAt,
        needId: need.id,
        riskTypes: ['eviction_threat', 'service_denial'],
        district: 'yuregir',
        neighbourhood: 'Dadaloğlu Mahallesi',
        priority: 'urgent',
      },
    });
  });

  it('leaves the neighbourhood out of CohesionRiskFlagged when the need has none', () => {
    const { need } = reported({ ...minimalReport(), cohesionRisks: ['misinformation'] });

    const [, flagged] = domainEventsOf(needItem(need));

    expect(flagged?.name).toBe('CohesionRiskFlagged');
    expect(Object.keys(flagged?.detail ?? {})).not.toContain('neighbourhood');
  });
});

describe('domainEventsOf: a Referral item', () => {
  it('stands for ReferralRouted of a reported need, without a previous leg', () => {
    const referral = referralRecord();

    const events = domainEventsOf(referralItem(referral));

    expect(events).toEqual([
      {
        name: 'ReferralRouted',
        source: 'jisr.referrals',
        detail: {
          eventId: `referral-routed:${referral.id}`,
          schemaVersion: 1,
          occurredAt: referral.createdAt,
          referralId: referral.id,
          needId: referral.needId,
          unitId: 'health',
          categories: ['health'],
          priority: 'routine',
          district: 'seyhan',
          cause: 'report',
        },
      },
    ]);
  });

  it.each([
    { routedBy: 'rule', cause: 'report' },
    { routedBy: 'triage', cause: 'report' },
  ] as const)('gives cause $cause to a first leg routed by $routedBy', ({ routedBy, cause }) => {
    const referral = referralRecord({
      routedBy,
      unitId: routedBy === 'triage' ? 'migration-desk' : 'health',
    });

    const [event] = domainEventsOf(referralItem(referral));

    expect(event?.detail).toMatchObject({ cause });
    expect(Object.keys(event?.detail ?? {})).not.toContain('previousReferralId');
  });

  it.each([
    {
      routedBy: 'transfer',
      cause: 'transfer',
      command: { action: 'transfer', toUnitId: 'social-assistance' } as TransitionCommand,
      from: referralRecord(),
      toUnitId: 'social-assistance',
    },
    {
      routedBy: 'directorate',
      cause: 'route',
      command: { action: 'route', toUnitId: 'health' } as TransitionCommand,
      from: referralRecord({ unitId: 'migration-desk', routedBy: 'triage' }),
      toUnitId: 'health',
    },
    {
      routedBy: 'rejection',
      cause: 'reject',
      command: {
        action: 'reject',
        reason: 'not_our_service',
        note: 'Not a health matter',
      } as TransitionCommand,
      from: referralRecord(),
      toUnitId: 'migration-desk',
    },
  ])(
    'gives cause $cause to a leg routed by $routedBy, naming the previous leg',
    ({ routedBy, cause, command, from, toUnitId }) => {
      const leg = continuationLeg(from, command, {
        id: OTHER_REFERRAL_ID,
        unitId: toUnitId,
        now: LATER,
        sla: SLA_SETTINGS,
      });

      const [event, ...rest] = domainEventsOf(referralItem(leg));

      expect(leg.routedBy).toBe(routedBy);
      expect(rest).toEqual([]);
      expect(event?.detail).toMatchObject({
        eventId: `referral-routed:${OTHER_REFERRAL_ID}`,
        referralId: OTHER_REFERRAL_ID,
        unitId: toUnitId,
        cause,
        previousReferralId: from.id,
        occurredAt: LATER.toISOString(),
      });
    },
  );
});

describe('domainEventsOf: an AuditEvent item', () => {
  it('stands for nothing when it records a referral being created by a report (sequence 1)', () => {
    const { audit } = reported(maximalReport());

    const events = audit.flatMap((event) => domainEventsOf(auditItem(event)));

    expect(audit.length).toBeGreaterThan(0);
    expect(events).toEqual([]);
  });

  it('stands for nothing when it records a new leg being created by a transfer (sequence 1)', () => {
    const previous = referralRecord();
    const command: TransitionCommand = { action: 'transfer', toUnitId: 'housing' };
    const leg = continuationLeg(previous, command, {
      id: OTHER_REFERRAL_ID,
      unitId: 'housing',
      now: LATER,
      sla: SLA_SETTINGS,
    });

    const events = domainEventsOf(
      auditItem(creationAudit(leg, HEALTH_STAFF, { action: 'transfer', relatedReferralId: previous.id })),
    );

    expect(events).toEqual([]);
  });

  const transitions: {
    label: string;
    before: ReferralRecord;
    command: TransitionCommand;
    to: ReferralStatus;
    actor: typeof HEALTH_STAFF;
  }[] = [
    {
      label: 'accept',
      before: referralRecord(),
      command: { action: 'accept' },
      to: 'accepted',
      actor: HEALTH_STAFF,
    },
    {
      label: 'start',
      before: referralRecord({ status: 'accepted', version: 2 }),
      command: { action: 'start' },
      to: 'in_progress',
      actor: HEALTH_STAFF,
    },
    {
      label: 'hold',
      before: referralRecord({ status: 'in_progress', version: 3 }),
      command: {
        action: 'hold',
        holdReason: 'awaiting_beneficiary',
        note: 'Call Fatima on +90 532 123 45 67',
      },
      to: 'on_hold',
      actor: HEALTH_STAFF,
    },
    {
      label: 'resolve',
      before: referralRecord({ status: 'in_progress', version: 4 }),
      command: { action: 'resolve', outcome: 'service_provided' },
      to: 'resolved',
      actor: HEALTH_STAFF,
    },
    {
      label: 'reject',
      before: referralRecord(),
      command: { action: 'reject', reason: 'not_our_service', note: 'Not a health matter' },
      to: 'rejected',
      actor: HEALTH_STAFF,
    },
    {
      label: 'transfer (by the directorate)',
      before: referralRecord({ status: 'accepted', version: 2 }),
      command: { action: 'transfer', toUnitId: 'housing' },
      to: 'transferred',
      actor: DIRECTOR,
    },
    {
      label: 'route (from triage)',
      before: referralRecord({ unitId: 'migration-desk', routedBy: 'triage' }),
      command: { action: 'route', toUnitId: 'health' },
      to: 'transferred',
      actor: DIRECTOR,
    },
    {
      label: 'close (by the reporting member)',
      before: referralRecord({ status: 'resolved', version: 5, resolvedAt: '2026-03-03T09:00:00.000Z' }),
      command: { action: 'close' },
      to: 'closed',
      actor: AMINA,
    },
    {
      label: 'cancel (by the reporting member)',
      before: referralRecord(),
      command: { action: 'cancel' },
      to: 'cancelled',
      actor: AMINA,
    },
  ];

  it.each(transitions)('stands for ReferralStatusChanged after $label', ({ before, command, to, actor }) => {
    const after = applyTransition(before, command, to, {
      now: LATER,
      nextReferralId: undefined,
      sla: SLA_SETTINGS,
    });
    const audit = transitionAudit(before, after, actor, command);

    const events = domainEventsOf(auditItem(audit));

    expect(events).toEqual([
      {
        name: 'ReferralStatusChanged',
        source: 'jisr.referrals',
        detail: {
          eventId: `referral-status-changed:${before.id}:${after.version}`,
          schemaVersion: 1,
          occurredAt: LATER.toISOString(),
          referralId: before.id,
          needId: before.needId,
          unitId: before.unitId,
          action: command.action,
          fromStatus: before.status,
          toStatus: to,
          version: before.version + 1,
          actorRole: actor.role,
        },
      },
    ]);
  });

  it('names the unit that held the referral, not the one it went to', () => {
    const before = referralRecord({ unitId: 'migration-desk', routedBy: 'triage' });
    const command: TransitionCommand = { action: 'route', toUnitId: 'legal-aid' };
    const after = applyTransition(before, command, 'transferred', {
      now: LATER,
      nextReferralId: OTHER_REFERRAL_ID,
      sla: SLA_SETTINGS,
    });

    const [event] = domainEventsOf(auditItem(transitionAudit(before, after, TRIAGE_STAFF, command)));

    expect(event?.detail).toMatchObject({ unitId: 'migration-desk', version: 2 });
  });
});

describe('domainEventsOf: an Alert item', () => {
  it('stands for CohesionHotspotDetected when it is a hotspot', () => {
    const hotspot = hotspotAlert(FLAGS, DEFAULT_HOTSPOT_RULE, '2026-03-03T08:00:05.000Z', 'hotspot-01');
    if (hotspot === undefined) throw new Error('three flags make a hotspot');

    const events = domainEventsOf(alertItem(hotspot));

    expect(events).toEqual([
      {
        name: 'CohesionHotspotDetected',
        source: 'jisr.cohesion',
        detail: {
          eventId: 'cohesion-hotspot-detected:hotspot-01',
          schemaVersion: 1,
          occurredAt: '2026-03-03T08:00:05.000Z',
          alertId: 'hotspot-01',
          district: 'seyhan',
          neighbourhood: 'İstasyon',
          riskTypes: ['hate_incident', 'discrimination'],
          needIds: FLAGS.map((flagged) => flagged.needId),
          flagCount: 3,
          windowDays: 7,
          firstFlaggedAt: '2026-03-01T08:00:00.000Z',
        },
      },
    ]);
  });

  it('leaves the neighbourhood out of a district-wide hotspot', () => {
    const districtWide = FLAGS.map(({ neighbourhood: _neighbourhood, ...rest }) => rest);
    const hotspot = hotspotAlert(
      districtWide,
      DEFAULT_HOTSPOT_RULE,
      '2026-03-03T08:00:05.000Z',
      'hotspot-02',
    );
    if (hotspot === undefined) throw new Error('three flags make a hotspot');

    const [event] = domainEventsOf(alertItem(hotspot));

    expect(Object.keys(event?.detail ?? {})).not.toContain('neighbourhood');
  });

  it('stands for nothing when it is a risk alert (CohesionRiskFlagged was already published)', () => {
    const alert = riskAlert(FLAGS[0] as CohesionFlag, '2026-03-01T08:00:01.000Z');

    expect(domainEventsOf(alertItem(alert))).toEqual([]);
  });
});

describe('domainEventsOf: an SlaEvent item', () => {
  // A routine health referral left alone until long after every threshold of both clocks fell due.
  const late = referralRecord();
  const context = slaContextFor(SLA_SETTINGS, late);
  const RAISED_AT = '2026-05-04T06:00:00.000Z';
  const records = slaEventRecords(
    late,
    dueSlaEvents(late.slaTrack, late.createdAt, context, new Date(RAISED_AT)),
    context,
    RAISED_AT,
  );
  const EVENT_NAME = { warning: 'SlaWarning', breach: 'SlaBreached', escalation: 'SlaEscalated' } as const;
  const cases = SLA_THRESHOLDS.flatMap((threshold) =>
    SLA_CLOCKS.map((clock) => ({ threshold, clock, name: EVENT_NAME[threshold] })),
  );

  it('has an SLA event of every threshold of both clocks to publish', () => {
    expect(records.map((record) => `${record.clock}-${record.threshold}`).sort()).toEqual(
      cases.map(({ clock, threshold }) => `${clock}-${threshold}`).sort(),
    );
  });

  it.each(cases)(
    'stands for $name of the $clock $threshold, with event id sla-<threshold>:<referral>:<clock>',
    ({ threshold, clock }) => {
      const record = records.find((found) => found.threshold === threshold && found.clock === clock);
      if (record === undefined) throw new Error(`the ${clock} ${threshold} fell due`);

      const events = domainEventsOf(slaEventItem(record));

      expect(events).toEqual([
        {
          name: EVENT_NAME[threshold],
          source: 'jisr.sla',
          detail: {
            eventId: `sla-${threshold}:${late.id}:${clock}`,
            schemaVersion: 1,
            occurredAt: record.at,
            referralId: late.id,
            needId: late.needId,
            unitId: 'health',
            clock,
            dueAt: record.dueAt,
            priority: 'routine',
            categories: ['health'],
            district: 'seyhan',
          },
        },
      ]);
    },
  );

  it('dates each event when its threshold fell due, not when the sweep raised it', () => {
    const byKey = Object.fromEntries(
      records.map(slaEventItem).flatMap((item) => {
        const [event] = domainEventsOf(item);
        return event === undefined ? [] : [[`${item.clock}-${item.threshold}`, event.detail]];
      }),
    );

    // Routed Monday 2 March 12:30 in Adana; 2 business days to acknowledge, 20 to resolve.
    expect(byKey['acknowledge-warning']).toMatchObject({
      occurredAt: '2026-03-03T14:30:00.000Z',
      dueAt: '2026-03-04T09:30:00.000Z',
    });
    expect(byKey['acknowledge-breach']).toMatchObject({
      occurredAt: '2026-03-04T09:30:00.000Z',
      dueAt: '2026-03-04T09:30:00.000Z',
    });
    expect(byKey['acknowledge-escalation']).toMatchObject({
      occurredAt: '2026-03-06T09:30:00.000Z',
      dueAt: '2026-03-04T09:30:00.000Z',
    });
    expect(byKey['resolve-breach']).toMatchObject({
      occurredAt: '2026-03-31T14:30:00.000Z',
      dueAt: '2026-03-31T14:30:00.000Z',
    });
    expect(JSON.stringify(byKey)).not.toContain(RAISED_AT);
  });

  it('gives the same events once the item has crossed the stream', () => {
    const items = records.map(slaEventItem);

    const direct = items.flatMap(domainEventsOf);
    const afterStream = items.flatMap((item) => domainEventsOf(unmarshall(streamRecordImage(item))));

    expect(afterStream).toEqual(direct);
    expect(new Set(direct.map((event) => event.detail.eventId)).size).toBe(records.length);
  });

  it.each(records.filter((record) => record.threshold !== 'warning'))(
    'stands for nothing when it is the alert of a $clock $threshold (the SLA event is published)',
    (record) => {
      const alert = slaAlert(record);
      if (alert === undefined) throw new Error('breaches and escalations raise alerts');

      expect(domainEventsOf(alertItem(alert))).toEqual([]);
    },
  );
});

describe('domainEventsOf: every other kind of item', () => {
  const referral = referralRecord({ contactShared: true });
  const settings = loadCouncilSettings('adana');
  const [catalog, routingRules, slaSettings] = councilSeedItems(settings);
  const otherItems: { kind: string; item: Record<string, unknown> }[] = [
    {
      kind: 'Reported (report-need idempotency)',
      item: {
        ...keys.idempotency(AMINA.userId, 'key-1'),
        kind: 'Reported',
        memberId: AMINA.userId,
        key: 'key-1',
        requestHash: 'a'.repeat(64),
        needId: referral.needId,
        createdAt: referral.createdAt,
        expiresAt: 1_772_500_000,
      },
    },
    {
      kind: 'Powertools idempotency record (no kind)',
      item: {
        pk: keys.idempotencyPartition('notify-directorate'),
        sk: 'b'.repeat(32),
        status: 'COMPLETED',
        expiration: 1_772_500_000,
        data: '{"notified":true}',
      },
    },
    {
      kind: 'NeedContact',
      item: {
        ...keys.needContact(referral.needId),
        kind: 'NeedContact',
        needId: referral.needId,
        sealed: 'c2VhbGVk',
        expiresAt: 1_800_000_000,
      },
    },
    { kind: 'Notification', item: notificationItem(notificationOf(referral)) },
    {
      kind: 'ContactRead',
      item: {
        ...keys.contactRead(referral.id, referral.createdAt, 'read-1'),
        kind: 'ContactRead',
        id: 'read-1',
        referralId: referral.id,
        needId: referral.needId,
        actorId: HEALTH_STAFF.userId,
        actorRole: 'unit-staff',
        actorUnitId: 'health',
        at: referral.createdAt,
      },
    },
    {
      kind: 'CohesionFlag',
      item: {
        ...keys.cohesionFlag('seyhan#istasyon', FLAGS[0]?.flaggedAt ?? '', FLAGS[0]?.needId ?? ''),
        kind: 'CohesionFlag',
        ...FLAGS[0],
      },
    },
    {
      kind: 'HotspotState',
      item: {
        ...keys.hotspotState('seyhan#istasyon'),
        kind: 'HotspotState',
        alertId: 'hotspot-01',
        activeUntil: '2026-03-10T08:00:05.000Z',
      },
    },
    { kind: 'Catalog', item: catalog as Record<string, unknown> },
    { kind: 'RoutingRules', item: routingRules as Record<string, unknown> },
    { kind: 'SlaSettings', item: slaSettings as Record<string, unknown> },
    {
      kind: 'SlaSettingsApplied',
      item: { ...keys.slaSettingsApplied(), kind: 'SlaSettingsApplied', version: 2 },
    },
    { kind: 'an unknown kind', item: { pk: 'X', sk: 'Y', kind: 'Something' } },
  ];

  it.each(otherItems)('stands for nothing: $kind', ({ item }) => {
    expect(domainEventsOf(item)).toEqual([]);
  });
});

describe('domainEventsOf: no personal data, stable ids', () => {
  const NAME = 'Fatima Al-Hassan';
  const PHONE = '+90 532 123 45 67';
  const DESCRIPTION = `${NAME} (${PHONE}) lost her residence permit; the youngest needs insulin.`;

  /** Every item the report-need transaction writes, as the stream would carry them. */
  function reportItems() {
    const report = { ...maximalReport(), description: DESCRIPTION, contact: { name: NAME, phone: PHONE } };
    const { need, referrals, audit, notifications } = reported(report);
    return [
      needItem(need),
      ...referrals.map(referralItem),
      ...audit.map(auditItem),
      ...notifications.map(notificationItem),
      // What a careless writer might put in the contact item: the outbox must ignore it all the same.
      { ...keys.needContact(need.id), kind: 'NeedContact', needId: need.id, name: NAME, phone: PHONE },
    ];
  }

  it('publishes neither the description, nor the contact, nor the beneficiary profile, nor who acted', () => {
    const items = reportItems();
    const [first] = reported(maximalReport()).referrals;
    if (first === undefined) throw new Error('the report has referrals');
    const rejectCommand: TransitionCommand = { action: 'reject', reason: 'other', note: `Spoke to ${NAME}` };
    const after = applyTransition(first, rejectCommand, 'rejected', {
      now: LATER,
      nextReferralId: OTHER_REFERRAL_ID,
      sla: SLA_SETTINGS,
    });
    items.push(auditItem(transitionAudit(first, after, HEALTH_STAFF, rejectCommand)));

    const events = items.flatMap((item) => domainEventsOf(unmarshall(streamRecordImage(item))));
    const json = JSON.stringify(events);

    expect(names(events)).toEqual([
      'NeedReported',
      'CohesionRiskFlagged',
      'ReferralRouted',
      'ReferralRouted',
      'ReferralStatusChanged',
    ]);
    for (const forbidden of [
      DESCRIPTION,
      'residence permit',
      NAME,
      'Fatima',
      PHONE,
      'beneficiary',
      'ageGroup',
      'householdSize',
      'gender',
      'vulnerabilities',
      'woman_headed_household',
      'chronic_illness',
      'consent',
      'hasContact',
      'reportedBy',
      'memberId',
      AMINA.userId,
      HEALTH_STAFF.userId,
      'actorId',
      'note',
      'Spoke to',
    ]) {
      expect(json).not.toContain(forbidden);
    }
  });

  it('derives event ids from what happened: the same item gives the same ids, every id is distinct', () => {
    const items = reportItems();

    const first = items.flatMap(domainEventsOf).map((event) => event.detail.eventId);
    const again = reportItems()
      .flatMap(domainEventsOf)
      .map((event) => event.detail.eventId);
    const afterStream = items
      .flatMap((item) => domainEventsOf(unmarshall(streamRecordImage(item))))
      .map((event) => event.detail.eventId);

    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual(first);
    expect(afterStream).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });
});

/** The NewImage of an INSERT record of the item: what the publisher unmarshalls. */
function streamRecordImage(item: Record<string, unknown>) {
  const image = streamRecord('INSERT', item, '1').dynamodb?.NewImage;
  if (image === undefined) throw new Error('an INSERT record has a new image');
  return image as Parameters<typeof unmarshall>[0];
}
