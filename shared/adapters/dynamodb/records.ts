/**
 * How domain records become table items and back. Items carry their keys and a `kind`;
 * reading picks only the record's own attributes, so storage details never reach the API.
 */
import type { AuditRecord, NotificationRecord } from '../../domain/audit.js';
import type { ReferralRecord } from '../../domain/need.js';
import { newTrack, type SlaTrack } from '../../domain/sla-clock.js';
import type { Need } from '../../schemas/need.js';
import { pick } from './item.js';
import { keys, placements } from './keys.js';

const NEED_ATTRIBUTES = [
  'id',
  'reportedBy',
  'categories',
  'description',
  'district',
  'neighbourhood',
  'priority',
  'beneficiary',
  'vulnerabilities',
  'cohesionRisks',
  'consent',
  'hasContact',
  'referralIds',
  'createdAt',
] as const satisfies readonly (keyof Need)[];

const REFERRAL_ATTRIBUTES = [
  'id',
  'needId',
  'memberId',
  'contactShared',
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
  'previousReferralId',
  'nextReferralId',
  'outcome',
  'rejectionReason',
  'holdReason',
  'acceptedAt',
  'resolvedAt',
  'closedAt',
  'createdAt',
  'updatedAt',
  'slaTrack',
  'slaRevision',
] as const satisfies readonly (keyof ReferralRecord)[];

const AUDIT_ATTRIBUTES = [
  'referralId',
  'needId',
  'unitId',
  'sequence',
  'action',
  'fromStatus',
  'toStatus',
  'actorId',
  'actorRole',
  'actorUnitId',
  'outcome',
  'reason',
  'holdReason',
  'toUnitId',
  'relatedReferralId',
  'note',
  'at',
] as const satisfies readonly (keyof AuditRecord)[];

const NOTIFICATION_ATTRIBUTES = [
  'memberId',
  'needId',
  'referralId',
  'unitId',
  'status',
  'outcome',
  'sequence',
  'at',
] as const satisfies readonly (keyof NotificationRecord)[];

export const needItem = (need: Need) => ({
  ...keys.need(need.id),
  ...placements.needOfMember(need.reportedBy, need.createdAt, need.id),
  kind: 'Need',
  ...need,
});
export const needOf = (item: Record<string, unknown>) => pick<Need>(item, NEED_ATTRIBUTES);

/** The stored item of a referral, placed in every index that serves it. */
export const referralItem = (referral: ReferralRecord) => ({
  ...keys.referral(referral.id),
  ...placements.referral({
    ...referral,
    dueAt: referral.slaTrack.dueAt,
    nextSlaEventAt: referral.slaTrack.nextEventAt,
  }),
  kind: 'Referral',
  ...referral,
});
/**
 * The condition that a referral item is as it was read: same version (no lifecycle change)
 * and same SLA revision (no sweep write) since.
 */
export function referralUnchangedSince(before: ReferralRecord) {
  return before.slaRevision === undefined
    ? {
        ConditionExpression: 'version = :expected AND attribute_not_exists(slaRevision)',
        ExpressionAttributeValues: { ':expected': before.version },
      }
    : {
        ConditionExpression: 'version = :expected AND slaRevision = :slaRevision',
        ExpressionAttributeValues: { ':expected': before.version, ':slaRevision': before.slaRevision },
      };
}

export const referralOf = (item: Record<string, unknown>): ReferralRecord => {
  const referral = pick<ReferralRecord>(item, REFERRAL_ATTRIBUTES);
  if (referral.slaTrack !== undefined) return referral;
  // Written before SLA clocks existed (a local data folder from then): the facts of its clocks
  // are taken from what the referral says — when it was answered, resolved, passed on or
  // cancelled — so that a closed case does not start raising SLA events. The sweep's
  // reconciliation then stores its schedule.
  return { ...referral, slaTrack: legacyTrack(referral) };
};

function legacyTrack(referral: Omit<ReferralRecord, 'slaTrack'>): SlaTrack {
  const handedOver = referral.status === 'rejected' || referral.status === 'transferred';
  const cancelled = referral.status === 'cancelled';
  const respondedAt = referral.acceptedAt ?? (handedOver || cancelled ? referral.updatedAt : undefined);
  const stop =
    referral.resolvedAt !== undefined
      ? { stoppedAt: referral.resolvedAt, stoppedBy: 'resolve' as const }
      : handedOver
        ? { stoppedAt: referral.updatedAt, stoppedBy: 'handover' as const }
        : cancelled
          ? { stoppedAt: referral.updatedAt, stoppedBy: 'cancel' as const }
          : {};
  return {
    ...newTrack(referral.createdAt, referral.createdAt),
    pauses: referral.status === 'on_hold' ? [{ from: referral.updatedAt, kind: 'hold' }] : [],
    ...(respondedAt === undefined ? {} : { respondedAt }),
    ...stop,
  };
}

export const auditItem = (event: AuditRecord) => ({
  ...keys.auditEvent(event.referralId, event.sequence),
  kind: 'AuditEvent',
  ...event,
});
export const auditOf = (item: Record<string, unknown>) => pick<AuditRecord>(item, AUDIT_ATTRIBUTES);

export const notificationItem = (notification: NotificationRecord) => ({
  ...keys.notification(
    notification.memberId,
    notification.at,
    notification.referralId,
    notification.sequence,
  ),
  kind: 'Notification',
  ...notification,
});
export const notificationOf = (item: Record<string, unknown>) =>
  pick<NotificationRecord>(item, NOTIFICATION_ATTRIBUTES);
