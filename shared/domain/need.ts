import type { Need, ReportNeedRequest } from '../schemas/need.js';
import type { Referral } from '../schemas/referral.js';
import type { Actor } from './actor.js';
import { type AuditRecord, creationAudit, type NotificationRecord, notificationOf } from './audit.js';
import type { UnitAssignment } from './routing.js';
import {
  newTrack,
  type SlaSettingsData,
  type SlaTrack,
  slaContextFor,
  slaView,
  withSchedule,
} from './sla-clock.js';

/** A referral as stored: the API representation (never with contact data) plus internal facts. */
export interface ReferralRecord extends Omit<Referral, 'contact' | 'sla'> {
  /** Who reported the need (pseudonymous user id). */
  readonly memberId: string;
  /** The need has contact data and consent to share it with the unit holding this referral. */
  readonly contactShared: boolean;
  /** The facts of the leg's SLA clocks (the API's `sla` is computed from them). */
  readonly slaTrack: SlaTrack;
  /**
   * Counts the SLA sweep's writes, which keep `version` (a user's optimistic lock): a lifecycle
   * write checks it too, so it never overwrites what a sweep wrote after it read.
   */
  readonly slaRevision?: number;
}

export interface ReportedNeed {
  readonly need: Need;
  readonly referrals: ReferralRecord[];
  readonly audit: AuditRecord[];
  readonly notifications: NotificationRecord[];
}

/**
 * A council member's report becomes a need and one routed referral per assigned unit.
 * Each referral carries the pseudonymous case summary the unit needs to work it; contact
 * data never does.
 */
export function recordReportedNeed(args: {
  report: ReportNeedRequest;
  actor: Actor;
  needId: string;
  referralIds: readonly string[];
  assignments: readonly UnitAssignment[];
  now: Date;
  sla: SlaSettingsData;
}): ReportedNeed {
  const { report, actor, needId, assignments } = args;
  const memberId = actor.userId;
  if (args.referralIds.length !== assignments.length) {
    throw new Error('one referral id is needed per unit assignment');
  }
  const createdAt = args.now.toISOString();
  const need: Need = {
    id: needId,
    reportedBy: memberId,
    categories: [...report.categories],
    description: report.description,
    district: report.district,
    ...(report.neighbourhood === undefined ? {} : { neighbourhood: report.neighbourhood }),
    priority: report.priority,
    beneficiary: { ...report.beneficiary },
    vulnerabilities: [...(report.vulnerabilities ?? [])],
    cohesionRisks: [...(report.cohesionRisks ?? [])],
    consent: {
      shareWithUnits: report.consent.shareWithUnits,
      givenBy: memberId,
      givenAt: createdAt,
      scope: 'service-units',
    },
    hasContact: report.contact !== undefined,
    referralIds: [...args.referralIds],
    createdAt,
  };
  const referrals = assignments.map((assignment, index): ReferralRecord => {
    const routed: Omit<ReferralRecord, 'slaTrack'> = {
      id: args.referralIds[index] as string,
      needId,
      memberId,
      contactShared: need.hasContact && need.consent.shareWithUnits,
      unitId: assignment.unitId,
      categories: assignment.categories,
      status: 'routed',
      version: 1,
      priority: need.priority,
      district: need.district,
      ...(need.neighbourhood === undefined ? {} : { neighbourhood: need.neighbourhood }),
      description: need.description,
      beneficiary: need.beneficiary,
      vulnerabilities: need.vulnerabilities,
      cohesionRisks: need.cohesionRisks,
      routedBy: assignment.routedBy,
      createdAt,
      updatedAt: createdAt,
    };
    const track = withSchedule(newTrack(createdAt, createdAt), createdAt, slaContextFor(args.sla, routed));
    return { ...routed, slaTrack: track };
  });
  return {
    need,
    referrals,
    audit: referrals.map((referral) => creationAudit(referral, actor, { action: 'report' })),
    notifications: referrals.map(notificationOf),
  };
}

/** The API representation of a stored referral: without the internal facts, with its SLA state now. */
export function referralView(
  {
    memberId: _memberId,
    contactShared: _contactShared,
    slaTrack,
    slaRevision: _slaRevision,
    ...referral
  }: ReferralRecord,
  sla: SlaSettingsData,
  now: Date,
): Referral {
  return { ...referral, sla: slaView(slaTrack, referral.createdAt, slaContextFor(sla, referral), now) };
}
