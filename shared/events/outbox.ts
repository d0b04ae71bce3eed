/**
 * The transactional outbox: the events a new table item stands for. The publisher reads new
 * items from the table's stream and publishes what this returns, so a write and its event
 * cannot disagree. Pure: item in, events out.
 */
import type { AuditRecord } from '../domain/audit.js';
import type { ReferralRecord } from '../domain/need.js';
import type { SlaEventRecord } from '../domain/sla-events.js';
import type { ReferralAction } from '../domain/vocabulary.js';
import type { Alert } from '../schemas/alert.js';
import type { Need } from '../schemas/need.js';
import { type DomainEvent, type DomainEventName, domainEvent } from './domain-events.js';

/** How long a hotspot window is, for the event; the alert item carries it. */
type HotspotAlertItem = Alert & { windowDays: number; flagCount: number; firstFlaggedAt: string };

const CAUSE_OF: Record<ReferralRecord['routedBy'], 'report' | ReferralAction> = {
  rule: 'report',
  triage: 'report',
  transfer: 'transfer',
  directorate: 'route',
  rejection: 'reject',
};

export function domainEventsOf(item: Record<string, unknown>): DomainEvent[] {
  switch (item.kind) {
    case 'Need':
      return needEvents(item as unknown as Need);
    case 'Referral': {
      const referral = item as unknown as ReferralRecord;
      // A referral item is inserted once, when its leg opens; later changes are modifications.
      return [
        domainEvent('ReferralRouted', {
          eventId: `referral-routed:${referral.id}`,
          schemaVersion: 1,
          occurredAt: referral.createdAt,
          referralId: referral.id,
          needId: referral.needId,
          unitId: referral.unitId,
          categories: referral.categories,
          priority: referral.priority,
          district: referral.district,
          cause: CAUSE_OF[referral.routedBy],
          ...(referral.previousReferralId === undefined
            ? {}
            : { previousReferralId: referral.previousReferralId }),
        }),
      ];
    }
    case 'AuditEvent': {
      const event = item as unknown as AuditRecord;
      if (event.fromStatus === null || event.action === 'report') return [];
      return [
        domainEvent('ReferralStatusChanged', {
          eventId: `referral-status-changed:${event.referralId}:${event.sequence}`,
          schemaVersion: 1,
          occurredAt: event.at,
          referralId: event.referralId,
          needId: event.needId,
          unitId: event.unitId,
          action: event.action,
          fromStatus: event.fromStatus,
          toStatus: event.toStatus,
          version: event.sequence,
          actorRole: event.actorRole,
        }),
      ];
    }
    case 'Alert': {
      const alert = item as unknown as HotspotAlertItem;
      if (alert.type !== 'cohesion-hotspot') return [];
      return [
        domainEvent('CohesionHotspotDetected', {
          eventId: `cohesion-hotspot-detected:${alert.id}`,
          schemaVersion: 1,
          occurredAt: alert.raisedAt,
          alertId: alert.id,
          district: alert.district,
          ...(alert.neighbourhood === undefined ? {} : { neighbourhood: alert.neighbourhood }),
          riskTypes: alert.riskTypes,
          needIds: alert.needIds,
          flagCount: alert.flagCount,
          windowDays: alert.windowDays,
          firstFlaggedAt: alert.firstFlaggedAt,
        }),
      ];
    }
    case 'SlaEvent': {
      const event = item as unknown as SlaEventRecord;
      return [
        domainEvent(SLA_EVENT_NAMES[event.threshold], {
          eventId: `sla-${event.threshold}:${event.referralId}:${event.clock}`,
          schemaVersion: 1,
          occurredAt: event.at,
          referralId: event.referralId,
          needId: event.needId,
          unitId: event.unitId,
          clock: event.clock,
          dueAt: event.dueAt,
          priority: event.priority,
          categories: [...event.categories],
          district: event.district,
        }),
      ];
    }
    default:
      return [];
  }
}

const SLA_EVENT_NAMES = {
  warning: 'SlaWarning',
  breach: 'SlaBreached',
  escalation: 'SlaEscalated',
} as const satisfies Record<SlaEventRecord['threshold'], DomainEventName>;

function needEvents(need: Need): DomainEvent[] {
  const reported = domainEvent('NeedReported', {
    eventId: `need-reported:${need.id}`,
    schemaVersion: 1,
    occurredAt: need.createdAt,
    needId: need.id,
    categories: need.categories,
    district: need.district,
    priority: need.priority,
    referralIds: need.referralIds,
    cohesionRisks: need.cohesionRisks,
  });
  if (need.cohesionRisks.length === 0) return [reported];
  return [
    reported,
    domainEvent('CohesionRiskFlagged', {
      eventId: `cohesion-risk-flagged:${need.id}`,
      schemaVersion: 1,
      occurredAt: need.createdAt,
      needId: need.id,
      riskTypes: need.cohesionRisks,
      district: need.district,
      ...(need.neighbourhood === undefined ? {} : { neighbourhood: need.neighbourhood }),
      priority: need.priority,
    }),
  ];
}
