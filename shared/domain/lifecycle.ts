/**
 * The referral lifecycle as a pure state machine: which action may move a referral from
 * which status to which, who may perform it, and what it changes. No I/O here.
 *
 *   routed → accepted → in_progress ⇄ on_hold → resolved → closed
 *   side exits: rejected (back to triage), transferred (a new leg elsewhere), cancelled;
 *   reopen from resolved/closed within REOPEN_WINDOW_DAYS.
 */
import type { Actor } from './actor.js';
import type { ReferralRecord } from './need.js';
import {
  continuationTrack,
  type SlaSettingsData,
  slaContextFor,
  trackAfter,
  withSchedule,
} from './sla-clock.js';
import type { HoldReason, Outcome, ReferralAction, ReferralStatus, RejectionReason } from './vocabulary.js';

export const REOPEN_WINDOW_DAYS = 14;

/** Who may perform an action, relative to the referral. */
export type Performer = 'unit' | 'directorate' | 'reporting-member';

export interface TransitionRule {
  readonly from: readonly ReferralStatus[];
  readonly to: ReferralStatus;
  readonly by: readonly Performer[];
}

/** The table of allowed transitions. */
export const TRANSITIONS: Readonly<Record<ReferralAction, TransitionRule>> = {
  accept: { from: ['routed'], to: 'accepted', by: ['unit'] },
  start: { from: ['accepted'], to: 'in_progress', by: ['unit'] },
  hold: { from: ['in_progress'], to: 'on_hold', by: ['unit'] },
  resume: { from: ['on_hold'], to: 'in_progress', by: ['unit'] },
  resolve: { from: ['in_progress', 'on_hold'], to: 'resolved', by: ['unit'] },
  reject: { from: ['routed', 'accepted'], to: 'rejected', by: ['unit'] },
  transfer: {
    from: ['routed', 'accepted', 'in_progress', 'on_hold'],
    to: 'transferred',
    by: ['unit', 'directorate'],
  },
  route: { from: ['routed'], to: 'transferred', by: ['directorate'] },
  close: { from: ['resolved'], to: 'closed', by: ['reporting-member', 'directorate'] },
  reopen: { from: ['resolved', 'closed'], to: 'in_progress', by: ['reporting-member', 'directorate'] },
  cancel: { from: ['routed'], to: 'cancelled', by: ['reporting-member', 'directorate'] },
};

/** Statuses in which a referral still needs something from someone. */
export const OPEN_STATUSES: readonly ReferralStatus[] = [
  'routed',
  'accepted',
  'in_progress',
  'on_hold',
  'resolved',
];
/** Statuses in which the unit is working the case (and may see consented contact data). */
export const ACTIVE_STATUSES: readonly ReferralStatus[] = ['routed', 'accepted', 'in_progress', 'on_hold'];

export type TransitionCommand =
  | { action: 'accept' | 'start' | 'resume' | 'close' | 'reopen' | 'cancel'; note?: string | undefined }
  | { action: 'hold'; holdReason: HoldReason; note?: string | undefined }
  | { action: 'resolve'; outcome: Outcome; note?: string | undefined }
  | { action: 'reject'; reason: RejectionReason; note: string }
  | { action: 'transfer' | 'route'; toUnitId: string; note?: string | undefined };

/** The actor's relation to one referral: the performers they count as. */
export function performersFor(actor: Actor, referral: ReferralRecord): Performer[] {
  switch (actor.role) {
    case 'directorate':
      return ['directorate'];
    case 'unit-staff':
      return actor.unitId === referral.unitId ? ['unit'] : [];
    case 'council-member':
      return referral.memberId === actor.userId ? ['reporting-member'] : [];
  }
}

export interface LifecycleContext {
  readonly triageUnitId: string;
  readonly serviceUnitIds: ReadonlySet<string>;
  readonly now: Date;
}

/** Whether the action applies to this referral in its current status (beyond the table). */
function applies(action: ReferralAction, referral: ReferralRecord, context: LifecycleContext): boolean {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(referral.status)) return false;
  const isTriage = referral.unitId === context.triageUnitId;
  switch (action) {
    case 'route':
      return isTriage;
    case 'reject':
      // The triage desk cannot send a need back to itself: the directorate routes or cancels.
      return !isTriage;
    case 'reopen':
      return withinReopenWindow(referral, context.now);
    default:
      return true;
  }
}

export function withinReopenWindow(referral: ReferralRecord, now: Date): boolean {
  const since = referral.status === 'closed' ? referral.closedAt : referral.resolvedAt;
  if (since === undefined) return false;
  return now.getTime() - Date.parse(since) <= REOPEN_WINDOW_DAYS * 86_400_000;
}

/** Actions this actor may perform on this referral right now. */
export function allowedActions(
  actor: Actor,
  referral: ReferralRecord,
  context: LifecycleContext,
): ReferralAction[] {
  const performers = performersFor(actor, referral);
  return (Object.keys(TRANSITIONS) as ReferralAction[]).filter(
    (action) =>
      TRANSITIONS[action].by.some((performer) => performers.includes(performer)) &&
      applies(action, referral, context),
  );
}

export type TransitionDecision =
  /** The actor may never perform this action on this referral. */
  | { readonly kind: 'forbidden'; readonly reason: string }
  /** Not from the referral's current status (or outside a window). */
  | { readonly kind: 'not-allowed-now'; readonly allowed: ReferralAction[] }
  /** A field of the command is wrong for this referral (e.g. an unknown unit). */
  | { readonly kind: 'invalid'; readonly field: string; readonly message: string }
  | { readonly kind: 'allowed'; readonly to: ReferralStatus; readonly newLegUnitId?: string };

/** Decides whether the command may move the referral, without the version check (done by the caller). */
export function decideTransition(
  actor: Actor,
  referral: ReferralRecord,
  command: TransitionCommand,
  context: LifecycleContext,
): TransitionDecision {
  const rule = TRANSITIONS[command.action];
  const performers = performersFor(actor, referral);
  if (!rule.by.some((performer) => performers.includes(performer))) {
    return { kind: 'forbidden', reason: `${actor.role} may not ${command.action} this referral` };
  }
  if (!applies(command.action, referral, context)) {
    return { kind: 'not-allowed-now', allowed: allowedActions(actor, referral, context) };
  }
  if (command.action === 'transfer' || command.action === 'route') {
    if (!context.serviceUnitIds.has(command.toUnitId)) {
      return { kind: 'invalid', field: 'toUnitId', message: `"${command.toUnitId}" is not a service unit` };
    }
    if (command.toUnitId === referral.unitId) {
      return { kind: 'invalid', field: 'toUnitId', message: 'is the unit that holds the referral already' };
    }
    return { kind: 'allowed', to: rule.to, newLegUnitId: command.toUnitId };
  }
  if (command.action === 'reject')
    return { kind: 'allowed', to: rule.to, newLegUnitId: context.triageUnitId };
  return { kind: 'allowed', to: rule.to };
}

/** The referral after an allowed transition: status, version, timestamps and reasons. */
export function applyTransition(
  referral: ReferralRecord,
  command: TransitionCommand,
  to: ReferralStatus,
  change: { now: Date; nextReferralId?: string | undefined; sla: SlaSettingsData },
): ReferralRecord {
  const at = change.now.toISOString();
  const { holdReason: _holdReason, ...withoutHold } = referral;
  const slaTrack = withSchedule(
    trackAfter(referral.slaTrack, command.action, at),
    referral.createdAt,
    slaContextFor(change.sla, referral),
  );
  const next: ReferralRecord = {
    ...(command.action === 'hold' ? referral : withoutHold),
    status: to,
    version: referral.version + 1,
    updatedAt: at,
    slaTrack,
  };
  switch (command.action) {
    case 'accept':
      return { ...next, acceptedAt: at };
    case 'hold':
      return { ...next, holdReason: command.holdReason };
    case 'resolve':
      return { ...next, outcome: command.outcome, resolvedAt: at };
    case 'close':
      return { ...next, closedAt: at };
    case 'reopen': {
      const { outcome: _outcome, resolvedAt: _resolvedAt, closedAt: _closedAt, ...reopened } = next;
      return reopened;
    }
    case 'reject':
      return { ...next, rejectionReason: command.reason, nextReferralId: change.nextReferralId };
    case 'transfer':
    case 'route':
      return { ...next, nextReferralId: change.nextReferralId };
    default:
      return next;
  }
}

/** The new leg a transfer, route or rejection creates: same need, same case summary, another unit. */
export function continuationLeg(
  previous: ReferralRecord,
  command: TransitionCommand,
  leg: { id: string; unitId: string; now: Date; sla: SlaSettingsData },
): ReferralRecord {
  const at = leg.now.toISOString();
  // The need's end-to-end clock runs on: the new leg keeps the report time and the pauses so far.
  const handedOver = trackAfter(previous.slaTrack, command.action, at);
  const track = continuationTrack(handedOver, previous.createdAt, slaContextFor(leg.sla, previous), at);
  const {
    outcome: _outcome,
    rejectionReason: _rejectionReason,
    holdReason: _holdReason,
    acceptedAt: _acceptedAt,
    resolvedAt: _resolvedAt,
    closedAt: _closedAt,
    nextReferralId: _nextReferralId,
    ...summary
  } = previous;
  return {
    ...summary,
    id: leg.id,
    unitId: leg.unitId,
    status: 'routed',
    version: 1,
    routedBy:
      command.action === 'reject' ? 'rejection' : command.action === 'route' ? 'directorate' : 'transfer',
    previousReferralId: previous.id,
    createdAt: at,
    updatedAt: at,
    // The new leg's clocks run on the calendar of the unit that now holds it.
    slaTrack: withSchedule(track, at, slaContextFor(leg.sla, { ...previous, unitId: leg.unitId })),
  };
}
