import type { Need, ReportNeedRequest } from '../schemas/need.js';
import type { Referral } from '../schemas/referral.js';
import type { UnitAssignment } from './routing.js';

/** A referral as stored: the API representation plus who reported its need. */
export interface ReferralRecord extends Referral {
  readonly memberId: string;
}

export interface ReportedNeed {
  readonly need: Need;
  readonly referrals: ReferralRecord[];
}

/**
 * A council member's report becomes a need and one routed referral per assigned unit.
 * Each referral carries the pseudonymous case summary the unit needs to work it; contact
 * data never does.
 */
export function recordReportedNeed(args: {
  report: ReportNeedRequest;
  memberId: string;
  needId: string;
  referralIds: readonly string[];
  assignments: readonly UnitAssignment[];
  now: Date;
}): ReportedNeed {
  const { report, memberId, needId, assignments } = args;
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
  const referrals = assignments.map(
    (assignment, index): ReferralRecord => ({
      id: args.referralIds[index] as string,
      needId,
      memberId,
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
    }),
  );
  return { need, referrals };
}

/** The API representation of a stored referral: without the reporting member's id. */
export function referralView({ memberId: _memberId, ...referral }: ReferralRecord): Referral {
  return referral;
}
