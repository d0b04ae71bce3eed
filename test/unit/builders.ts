/** Test data builders: actors, report bodies and referrals with sensible defaults. */

import { loadCouncilSettings } from '../../infra/council.js';
import type { Actor } from '../../shared/domain/actor.js';
import type { ReferralRecord } from '../../shared/domain/need.js';
import {
  newTrack,
  type SlaSettingsData,
  slaContextFor,
  withSchedule,
} from '../../shared/domain/sla-clock.js';
import { DEFAULT_SLA_POLICIES } from '../../shared/domain/sla-policy.js';
import type { ReportNeedRequest } from '../../shared/schemas/need.js';

export const AMINA: Actor = { userId: 'sub-amina', username: 'member.amina', role: 'council-member' };
export const MEHMET: Actor = { userId: 'sub-mehmet', username: 'member.mehmet', role: 'council-member' };
export const HEALTH_STAFF: Actor = {
  userId: 'sub-staff-health',
  username: 'staff.health',
  role: 'unit-staff',
  unitId: 'health',
};
export const SOCIAL_STAFF: Actor = {
  userId: 'sub-staff-social',
  username: 'staff.social',
  role: 'unit-staff',
  unitId: 'social-assistance',
};
export const DIRECTOR: Actor = { userId: 'sub-director', username: 'director', role: 'directorate' };
/** Staff of the triage unit (the migration desk), where unroutable and rejected needs go. */
export const TRIAGE_STAFF: Actor = {
  userId: 'sub-staff-triage',
  username: 'staff.triage',
  role: 'unit-staff',
  unitId: 'migration-desk',
};

/** The smallest body POST /v1/needs accepts. */
export function minimalReport(): ReportNeedRequest {
  return {
    categories: ['health'],
    description: 'Needs a paediatrician appointment',
    district: 'seyhan',
    priority: 'routine',
    beneficiary: { ageGroup: '0-4', gender: 'female', householdSize: 4, disability: false, language: 'ar' },
    consent: { shareWithUnits: true },
  };
}

/** A body with every optional field present. */
export function maximalReport(): ReportNeedRequest {
  return {
    categories: ['documentation', 'health', 'legal-aid'],
    description: 'A widow with three children lost her residence permit papers; the youngest needs insulin.',
    district: 'yuregir',
    neighbourhood: 'Dadaloğlu Mahallesi',
    priority: 'urgent',
    beneficiary: { ageGroup: '30-59', gender: 'female', householdSize: 4, disability: true, language: 'ar' },
    vulnerabilities: ['woman_headed_household', 'chronic_illness'],
    cohesionRisks: ['eviction_threat', 'service_denial'],
    consent: { shareWithUnits: true },
    contact: { name: 'Fatima Al-Hassan', phone: '+90 532 123 45 67' },
  };
}

/** The seeded SLA settings of the demo council (Adana): default policies, Istanbul 2026 calendar. */
export const SLA_SETTINGS: SlaSettingsData = (() => {
  const council = loadCouncilSettings('adana');
  return { policies: council.slaPolicies ?? DEFAULT_SLA_POLICIES, calendar: council.businessCalendar };
})();

/** A referral as stored; its SLA track is a fresh leg's unless given (scheduled with SLA_SETTINGS). */
export function referralRecord(overrides: Partial<ReferralRecord> = {}): ReferralRecord {
  const { slaTrack, ...rest } = overrides;
  const base: Omit<ReferralRecord, 'slaTrack'> = {
    id: '01KJP7ZD300000000000000002',
    needId: '01KJP7ZD300000000000000001',
    memberId: AMINA.userId,
    contactShared: false,
    unitId: 'health',
    categories: ['health'],
    status: 'routed',
    version: 1,
    priority: 'routine',
    district: 'seyhan',
    description: 'Needs a paediatrician appointment',
    beneficiary: { ageGroup: '0-4', gender: 'female', householdSize: 4, disability: false, language: 'ar' },
    vulnerabilities: [],
    cohesionRisks: [],
    routedBy: 'rule',
    createdAt: '2026-03-02T09:30:00.000Z',
    updatedAt: '2026-03-02T09:30:00.000Z',
    ...rest,
  };
  const track =
    slaTrack ??
    withSchedule(newTrack(base.createdAt, base.createdAt), base.createdAt, slaContextFor(SLA_SETTINGS, base));
  return { ...base, slaTrack: track };
}

/** What a synchronous call threw (fails the test when it threw nothing). */
export function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
