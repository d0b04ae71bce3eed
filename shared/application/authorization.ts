/**
 * The one module that decides, from the actor alone, who may see and do what.
 * Invisible objects are reported as NotFound, so that ids cannot be probed.
 */
import type { Actor } from '../domain/actor.js';
import { NotFound, NotPermitted } from '../domain/errors.js';
import { ACTIVE_STATUSES } from '../domain/lifecycle.js';
import type { ReferralRecord } from '../domain/need.js';
import type { ReferralStatus } from '../domain/vocabulary.js';
import type { Need } from '../schemas/need.js';

export function assertMayReportNeed(actor: Actor): void {
  if (actor.role !== 'council-member') throw new NotPermitted('Only council members report needs');
}

export function assertMaySeeNeed(actor: Actor, need: Need | undefined): asserts need is Need {
  const visible =
    need !== undefined &&
    (actor.role === 'directorate' || (actor.role === 'council-member' && need.reportedBy === actor.userId));
  if (!visible) throw new NotFound('No such need');
}

export function maySeeReferral(actor: Actor, referral: ReferralRecord): boolean {
  switch (actor.role) {
    case 'directorate':
      return true;
    case 'unit-staff':
      return referral.unitId === actor.unitId;
    case 'council-member':
      return referral.memberId === actor.userId;
  }
}

export function assertMaySeeReferral(
  actor: Actor,
  referral: ReferralRecord | undefined,
): asserts referral is ReferralRecord {
  if (referral === undefined || !maySeeReferral(actor, referral)) throw new NotFound('No such referral');
}

/** Which referrals a list request may read: the scope comes from the actor, filters narrow it. */
export type ReferralListScope =
  | { readonly kind: 'unit'; readonly unitId: string; readonly status?: ReferralStatus }
  | { readonly kind: 'member'; readonly memberId: string; readonly status?: ReferralStatus }
  | { readonly kind: 'all'; readonly status?: ReferralStatus };

export function referralListScope(
  actor: Actor,
  filters: { status?: ReferralStatus | undefined; unitId?: string | undefined },
): ReferralListScope {
  const status = filters.status === undefined ? {} : { status: filters.status };
  switch (actor.role) {
    case 'directorate':
      return filters.unitId === undefined
        ? { kind: 'all', ...status }
        : { kind: 'unit', unitId: filters.unitId, ...status };
    case 'unit-staff':
      if (actor.unitId === undefined) throw new NotPermitted('Unit staff without a unit');
      if (filters.unitId !== undefined && filters.unitId !== actor.unitId) {
        throw new NotPermitted("Unit staff see their own unit's referrals only");
      }
      return { kind: 'unit', unitId: actor.unitId, ...status };
    case 'council-member':
      if (filters.unitId !== undefined) throw new NotPermitted('Council members cannot filter by unit');
      return { kind: 'member', memberId: actor.userId, ...status };
  }
}

/**
 * Only staff of the service unit holding an active referral, and only with the member's
 * recorded consent (its scope is service units: never the directorate's triage desk).
 */
export function mayReadContact(actor: Actor, referral: ReferralRecord, triageUnitId: string): boolean {
  return (
    actor.role === 'unit-staff' &&
    actor.unitId === referral.unitId &&
    referral.unitId !== triageUnitId &&
    ACTIVE_STATUSES.includes(referral.status) &&
    referral.contactShared
  );
}

export function assertMayReadNotifications(actor: Actor): void {
  if (actor.role !== 'council-member') throw new NotPermitted('Notifications are for council members');
}
