import type { Actor } from '../domain/actor.js';
import { creationAudit, notificationOf, transitionAudit } from '../domain/audit.js';
import {
  Conflict,
  NotPermitted,
  TemporarilyUnavailable,
  Unprocessable,
  ValidationFailed,
} from '../domain/errors.js';
import {
  applyTransition,
  continuationLeg,
  decideTransition,
  OPEN_STATUSES,
  type TransitionCommand,
} from '../domain/lifecycle.js';
import { type ReferralRecord, referralView } from '../domain/need.js';
import type { Referral } from '../schemas/referral.js';
import type { TransitionRequest } from '../schemas/transition.js';
import { assertMaySeeReferral } from './authorization.js';
import type { Dependencies } from './ports.js';

/**
 * Moves a referral one step through its lifecycle. The checks run in this order: may the
 * caller see it (404), may they ever do this to it (403), is their version current (409),
 * does the action apply now (422), are its fields right for this referral (400). The change,
 * its audit event, the member's notification and any new leg are written in one transaction.
 */
export async function transitionReferral(
  deps: Dependencies,
  actor: Actor,
  referralId: string,
  request: TransitionRequest,
): Promise<Referral> {
  // Only the SLA sweep wrote in between (marks, schedule; never the version): do it again on
  // what is there now, without bothering the caller, who is still current.
  for (let attempt = 1; attempt < SWEEP_RACE_ATTEMPTS; attempt++) {
    const done = await attemptTransition(deps, actor, referralId, request);
    if (done !== 'sweep-wrote-in-between') return done;
  }
  const done = await attemptTransition(deps, actor, referralId, request);
  if (done === 'sweep-wrote-in-between') {
    throw new TemporarilyUnavailable('The referral is being updated by the SLA sweep; try again in a moment');
  }
  return done;
}

/** How often a change that raced only the SLA sweep is tried again. */
const SWEEP_RACE_ATTEMPTS = 3;

async function attemptTransition(
  deps: Dependencies,
  actor: Actor,
  referralId: string,
  request: TransitionRequest,
): Promise<Referral | 'sweep-wrote-in-between'> {
  // The SLA settings are read fresh: the schedule written with the change must follow them.
  const [referral, { catalog }, sla] = await Promise.all([
    deps.referrals.referral(referralId),
    deps.councilConfiguration.load(),
    deps.slaSettings.load({ fresh: true }),
  ]);
  assertMaySeeReferral(actor, referral);
  const now = deps.clock.now();
  const { expectedVersion, ...command } = request as TransitionRequest & TransitionCommand;
  const decision = decideTransition(actor, referral, command, {
    triageUnitId: catalog.triageUnitId,
    serviceUnitIds: new Set(catalog.units.map((unit) => unit.id).filter((id) => id !== catalog.triageUnitId)),
    now,
  });
  if (decision.kind === 'forbidden') throw new NotPermitted(`You may not ${command.action} this referral`);
  if (referral.version !== expectedVersion) throw staleVersion(referral);
  if (decision.kind === 'not-allowed-now') {
    throw new Unprocessable(
      `A referral that is ${referral.status} cannot be ${command.action}ed now` +
        (decision.allowed.length === 0
          ? '; you can take no action on it'
          : `; you can: ${decision.allowed.join(', ')}`),
      'transition-not-allowed',
      { currentStatus: referral.status, allowedActions: decision.allowed },
    );
  }
  if (decision.kind === 'invalid')
    throw new ValidationFailed([{ field: decision.field, message: decision.message }]);

  const newLeg =
    decision.newLegUnitId === undefined
      ? undefined
      : continuationLeg(referral, command, { id: deps.ids.next(), unitId: decision.newLegUnitId, now, sla });
  const after = applyTransition(referral, command, decision.to, { now, nextReferralId: newLeg?.id, sla });
  const outcome = await deps.referrals.applyChange({
    before: referral,
    after,
    newLeg,
    audit: [
      transitionAudit(referral, after, actor, command),
      ...(newLeg === undefined
        ? []
        : [
            creationAudit(newLeg, actor, {
              action: command.action,
              relatedReferralId: referral.id,
              note: command.note,
            }),
          ]),
    ],
    notifications: [notificationOf(after), ...(newLeg === undefined ? [] : [notificationOf(newLeg)])],
    contactExpiresAt: await contactExpiry(deps, command.action, after, now),
  });
  if (outcome === 'conflict') {
    const current = await deps.referrals.referral(referralId);
    if (current !== undefined && current.version === referral.version) return 'sweep-wrote-in-between';
    throw staleVersion(current ?? referral);
  }
  return referralView(after, sla, now);
}

function staleVersion(current: ReferralRecord): Conflict {
  return new Conflict(
    `The referral changed since you read it: it is now version ${current.version} (${current.status}); reload and try again`,
    'stale-version',
    { currentVersion: current.version, currentStatus: current.status },
  );
}

/**
 * Personal data outlives its purpose by a fixed time only: when this change leaves the need
 * with no open referral, its contact expires N days from now; a reopened need gets the cap again.
 */
async function contactExpiry(
  deps: Dependencies,
  action: TransitionCommand['action'],
  after: ReferralRecord,
  now: Date,
): Promise<number | undefined> {
  const closing = after.status === 'closed' || after.status === 'cancelled';
  if (!closing && action !== 'reopen') return undefined;
  const need = await deps.needs.need(after.needId);
  // A contact already expired (and deleted by TTL) has no expiry left to move.
  if (need === undefined || !need.hasContact || (await deps.needs.sealedContact(need.id)) === undefined) {
    return undefined;
  }
  const seconds = Math.floor(now.getTime() / 1000);
  if (action === 'reopen') return seconds + deps.settings.contactMaxRetentionDays * 86_400;
  const others = await deps.referrals.referrals(need.referralIds.filter((id) => id !== after.id));
  if (others.some((other) => OPEN_STATUSES.includes(other.status))) return undefined;
  return seconds + deps.settings.contactRetentionDaysAfterClose * 86_400;
}
