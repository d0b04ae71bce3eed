/**
 * What the unit holding a referral may do from each status: the unit's rows of the lifecycle
 * table (`TRANSITIONS` in shared/domain/lifecycle.ts, which the app cannot import — it brings
 * the SLA clock and zod with it). The referral view does not list allowed actions, so the page
 * derives them here; test/browser/staff.test.ts checks this table against the real one. The
 * API stays the judge: a 422 names the actions that apply.
 */
import type { ReferralStatus } from '../../../../shared/domain/vocabulary.js';

export const UNIT_ACTIONS = ['accept', 'start', 'hold', 'resume', 'resolve', 'reject', 'transfer'] as const;
export type UnitAction = (typeof UNIT_ACTIONS)[number];

export const UNIT_ACTION_FROM: Readonly<Record<UnitAction, readonly ReferralStatus[]>> = {
  accept: ['routed'],
  start: ['accepted'],
  hold: ['in_progress'],
  resume: ['on_hold'],
  resolve: ['in_progress', 'on_hold'],
  reject: ['routed', 'accepted'],
  transfer: ['routed', 'accepted', 'in_progress', 'on_hold'],
};

/** The actions a unit's staff may take on a referral their unit holds, in its current status. */
export function unitActionsFor(
  referral: { status: ReferralStatus; unitId: string },
  staffUnitId: string | undefined,
  triageUnitId: string,
): UnitAction[] {
  if (staffUnitId === undefined || staffUnitId !== referral.unitId) return [];
  return UNIT_ACTIONS.filter(
    (action) =>
      UNIT_ACTION_FROM[action].includes(referral.status) &&
      // The triage desk cannot send a need back to itself.
      !(action === 'reject' && referral.unitId === triageUnitId),
  );
}
