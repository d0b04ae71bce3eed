/** Audit events and member notifications: the records every change of a referral leaves. */
import type { Actor } from './actor.js';
import type { TransitionCommand } from './lifecycle.js';
import type { ReferralRecord } from './need.js';
import type { HoldReason, Outcome, ReferralAction, ReferralStatus, RejectionReason } from './vocabulary.js';

export interface AuditRecord {
  readonly referralId: string;
  readonly needId: string;
  /** The unit holding the referral when this happened. */
  readonly unitId: string;
  /** The referral version this change produced: 1 at creation, then +1 per change, gap-free. */
  readonly sequence: number;
  readonly action: ReferralAction | 'report';
  readonly fromStatus: ReferralStatus | null;
  readonly toStatus: ReferralStatus;
  readonly actorId: string;
  readonly actorRole: Actor['role'];
  readonly actorUnitId?: string;
  readonly outcome?: Outcome;
  readonly reason?: RejectionReason;
  readonly holdReason?: HoldReason;
  readonly toUnitId?: string;
  readonly relatedReferralId?: string;
  readonly note?: string;
  readonly at: string;
}

/** A status change the reporting member is told about. */
export interface NotificationRecord {
  readonly memberId: string;
  readonly needId: string;
  readonly referralId: string;
  readonly unitId: string;
  readonly status: ReferralStatus;
  readonly outcome?: Outcome;
  readonly sequence: number;
  readonly at: string;
}

const actorFields = (actor: Actor) => ({
  actorId: actor.userId,
  actorRole: actor.role,
  ...(actor.unitId === undefined ? {} : { actorUnitId: actor.unitId }),
});

export function creationAudit(
  referral: ReferralRecord,
  actor: Actor,
  cause: { action: ReferralAction | 'report'; relatedReferralId?: string; note?: string | undefined },
): AuditRecord {
  return {
    referralId: referral.id,
    needId: referral.needId,
    unitId: referral.unitId,
    sequence: referral.version,
    action: cause.action,
    fromStatus: null,
    toStatus: referral.status,
    ...actorFields(actor),
    ...(cause.relatedReferralId === undefined ? {} : { relatedReferralId: cause.relatedReferralId }),
    ...(cause.note === undefined ? {} : { note: cause.note }),
    at: referral.createdAt,
  };
}

export function transitionAudit(
  before: ReferralRecord,
  after: ReferralRecord,
  actor: Actor,
  command: TransitionCommand,
): AuditRecord {
  return {
    referralId: after.id,
    needId: after.needId,
    unitId: before.unitId,
    sequence: after.version,
    action: command.action,
    fromStatus: before.status,
    toStatus: after.status,
    ...actorFields(actor),
    ...('outcome' in command ? { outcome: command.outcome } : {}),
    ...('reason' in command ? { reason: command.reason } : {}),
    ...('holdReason' in command ? { holdReason: command.holdReason } : {}),
    ...('toUnitId' in command ? { toUnitId: command.toUnitId } : {}),
    ...(after.nextReferralId === undefined || after.nextReferralId === before.nextReferralId
      ? {}
      : { relatedReferralId: after.nextReferralId }),
    ...(command.note === undefined ? {} : { note: command.note }),
    at: after.updatedAt,
  };
}

export function notificationOf(referral: ReferralRecord): NotificationRecord {
  return {
    memberId: referral.memberId,
    needId: referral.needId,
    referralId: referral.id,
    unitId: referral.unitId,
    status: referral.status,
    ...(referral.outcome === undefined ? {} : { outcome: referral.outcome }),
    sequence: referral.version,
    at: referral.updatedAt,
  };
}
