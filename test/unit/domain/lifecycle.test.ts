/**
 * The referral lifecycle, tested exhaustively: every action × every status × every relation of
 * the performer to the referral, for a referral held by a service unit and one held by the
 * triage desk. The expectations come from the tables below, written by hand from the issue
 * (not derived from TRANSITIONS), so that a change to the code's table shows up here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../shared/domain/actor.js';
import {
  applyTransition,
  continuationLeg,
  decideTransition,
  type LifecycleContext,
  type TransitionCommand,
  type TransitionDecision,
} from '../../../shared/domain/lifecycle.js';
import type { ReferralRecord } from '../../../shared/domain/need.js';
import { clockDeadline, slaContextFor } from '../../../shared/domain/sla-clock.js';
import {
  HOLD_REASONS,
  OUTCOMES,
  REFERRAL_ACTIONS,
  REFERRAL_STATUSES,
  REJECTION_REASONS,
  type ReferralAction,
  type ReferralStatus,
} from '../../../shared/domain/vocabulary.js';
import {
  AMINA,
  DIRECTOR,
  HEALTH_STAFF,
  MEHMET,
  referralRecord,
  SLA_SETTINGS,
  SOCIAL_STAFF,
  TRIAGE_STAFF,
} from '../builders.js';

const NOW = new Date('2026-03-20T12:00:00.000Z');
const DAY_MS = 86_400_000;
const TRIAGE = 'migration-desk';
const SERVICE_UNITS = ['health', 'education', 'social-assistance', 'legal-aid', 'housing'];

const context = (now: Date = NOW): LifecycleContext => ({
  triageUnitId: TRIAGE,
  // As the application builds it: the catalog's units without the triage desk.
  serviceUnitIds: new Set(SERVICE_UNITS),
  now,
});

type Relation = 'own unit' | 'other unit' | 'directorate' | 'reporting member' | 'other member';
const RELATIONS: readonly Relation[] = [
  'own unit',
  'other unit',
  'directorate',
  'reporting member',
  'other member',
];

/** The status each action leads to, as the issue describes it. */
const TARGET: Record<ReferralAction, ReferralStatus> = {
  accept: 'accepted',
  start: 'in_progress',
  hold: 'on_hold',
  resume: 'in_progress',
  resolve: 'resolved',
  reject: 'rejected',
  transfer: 'transferred',
  route: 'transferred',
  close: 'closed',
  reopen: 'in_progress',
  cancel: 'cancelled',
};

/** What each relation may ever do to a referral, whatever its status. */
const EVER: Record<Relation, string> = {
  'own unit': 'accept start hold resume resolve reject transfer',
  'other unit': '',
  directorate: 'transfer route close reopen cancel',
  'reporting member': 'close reopen cancel',
  'other member': '',
};

/**
 * What each relation may do right now to a referral held by a SERVICE unit, per status
 * (resolved and closed ones were resolved/closed a day ago, well inside the reopen window).
 */
const NOW_AT_SERVICE_UNIT: Record<ReferralStatus, Partial<Record<Relation, string>>> = {
  routed: {
    'own unit': 'accept reject transfer',
    directorate: 'transfer cancel',
    'reporting member': 'cancel',
  },
  accepted: { 'own unit': 'start reject transfer', directorate: 'transfer' },
  in_progress: { 'own unit': 'hold resolve transfer', directorate: 'transfer' },
  on_hold: { 'own unit': 'resume resolve transfer', directorate: 'transfer' },
  resolved: { directorate: 'close reopen', 'reporting member': 'close reopen' },
  closed: { directorate: 'reopen', 'reporting member': 'reopen' },
  rejected: {},
  transferred: {},
  cancelled: {},
};

/** The same for a referral held by the TRIAGE desk: it routes (directorate) but never rejects. */
const NOW_AT_TRIAGE: Record<ReferralStatus, Partial<Record<Relation, string>>> = {
  routed: {
    'own unit': 'accept transfer',
    directorate: 'transfer route cancel',
    'reporting member': 'cancel',
  },
  accepted: { 'own unit': 'start transfer', directorate: 'transfer' },
  in_progress: { 'own unit': 'hold resolve transfer', directorate: 'transfer' },
  on_hold: { 'own unit': 'resume resolve transfer', directorate: 'transfer' },
  resolved: { directorate: 'close reopen', 'reporting member': 'close reopen' },
  closed: { directorate: 'reopen', 'reporting member': 'reopen' },
  rejected: {},
  transferred: {},
  cancelled: {},
};

const words = (text: string | undefined) =>
  (text ?? '')
    .split(' ')
    .filter((word) => word.length > 0)
    .sort();

const HOLDERS = {
  'a service unit': {
    unitId: 'health',
    ownStaff: HEALTH_STAFF,
    otherStaff: SOCIAL_STAFF,
    table: NOW_AT_SERVICE_UNIT,
  },
  'the triage desk': {
    unitId: TRIAGE,
    ownStaff: TRIAGE_STAFF,
    otherStaff: HEALTH_STAFF,
    table: NOW_AT_TRIAGE,
  },
} as const;
type Holder = keyof typeof HOLDERS;

function actorFor(relation: Relation, holder: Holder): Actor {
  switch (relation) {
    case 'own unit':
      return HOLDERS[holder].ownStaff;
    case 'other unit':
      return HOLDERS[holder].otherStaff;
    case 'directorate':
      return DIRECTOR;
    case 'reporting member':
      return AMINA;
    case 'other member':
      return MEHMET;
  }
}

/** A referral in the status, with the timestamps a referral in it would have. */
function referralIn(status: ReferralStatus, unitId: string, now: Date = NOW): ReferralRecord {
  const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();
  const twoDaysAgo = new Date(now.getTime() - 2 * DAY_MS).toISOString();
  return referralRecord({
    unitId,
    status,
    version: 4,
    ...(status === 'resolved' ? { outcome: 'service_provided', resolvedAt: dayAgo } : {}),
    ...(status === 'closed' ? { outcome: 'service_provided', resolvedAt: twoDaysAgo, closedAt: dayAgo } : {}),
    ...(status === 'on_hold' ? { holdReason: 'awaiting_information' } : {}),
  });
}

/** A well-formed command for each action, sending transfers and routes to a real other unit. */
function commandFor(action: ReferralAction, toUnitId = 'education'): TransitionCommand {
  switch (action) {
    case 'hold':
      return { action, holdReason: 'awaiting_beneficiary' };
    case 'resolve':
      return { action, outcome: 'partially_provided', note: 'One of two appointments given' };
    case 'reject':
      return { action, reason: 'not_our_service', note: 'This is a housing matter' };
    case 'transfer':
    case 'route':
      return { action, toUnitId };
    default:
      return { action };
  }
}

function expectedDecision(
  action: ReferralAction,
  status: ReferralStatus,
  relation: Relation,
  holder: Holder,
): TransitionDecision {
  const allowedNow = words(HOLDERS[holder].table[status][relation]);
  if (allowedNow.includes(action)) {
    const newLegUnitId =
      action === 'transfer' || action === 'route' ? 'education' : action === 'reject' ? TRIAGE : undefined;
    return { kind: 'allowed', to: TARGET[action], ...(newLegUnitId === undefined ? {} : { newLegUnitId }) };
  }
  if (!words(EVER[relation]).includes(action)) return { kind: 'forbidden', reason: expect.any(String) };
  return { kind: 'not-allowed-now', allowed: allowedNow as ReferralAction[] };
}

/** Compares decisions with the allowed actions as a set (their order is no promise). */
function normalized(decision: TransitionDecision): TransitionDecision {
  return decision.kind === 'not-allowed-now'
    ? { ...decision, allowed: [...decision.allowed].sort() }
    : decision;
}

const EXHAUSTIVE = (Object.keys(HOLDERS) as Holder[]).flatMap((holder) =>
  REFERRAL_ACTIONS.flatMap((action) =>
    REFERRAL_STATUSES.flatMap((status) =>
      RELATIONS.map((relation) => {
        const expected = expectedDecision(action, status, relation, holder);
        return { holder, action, status, relation, expected, kind: expected.kind };
      }),
    ),
  ),
);

describe('decideTransition, exhaustively', () => {
  it('covers 11 actions × 9 statuses × 5 relations for both kinds of holder', () => {
    expect(REFERRAL_ACTIONS).toHaveLength(11);
    expect(REFERRAL_STATUSES).toHaveLength(9);
    expect(EXHAUSTIVE).toHaveLength(2 * 11 * 9 * 5);
  });

  it.each(EXHAUSTIVE)(
    '$action on a $status referral of $holder by the $relation: $kind',
    ({ holder, action, status, relation, expected }) => {
      const referral = referralIn(status, HOLDERS[holder].unitId);
      const actor = actorFor(relation, holder);

      const decision = decideTransition(actor, referral, commandFor(action), context());

      expect(normalized(decision)).toEqual(expected);
    },
  );

  it('refuses unit staff without a unit everything', () => {
    const unitless: Actor = { userId: 'sub-x', username: 'x', role: 'unit-staff' };

    const kinds = REFERRAL_ACTIONS.map(
      (action) =>
        decideTransition(unitless, referralIn('routed', 'health'), commandFor(action), context()).kind,
    );

    expect(new Set(kinds)).toEqual(new Set(['forbidden']));
  });
});

describe('decideTransition: where a transfer or route may go', () => {
  it.each([
    {
      label: 'its unit transfers to an unknown unit',
      actor: HEALTH_STAFF,
      unitId: 'health',
      action: 'transfer',
      to: 'astrology',
    },
    {
      label: 'its unit transfers to the triage desk',
      actor: HEALTH_STAFF,
      unitId: 'health',
      action: 'transfer',
      to: TRIAGE,
    },
    {
      label: 'its unit transfers to itself',
      actor: HEALTH_STAFF,
      unitId: 'health',
      action: 'transfer',
      to: 'health',
    },
    {
      label: 'the directorate transfers to an unknown unit',
      actor: DIRECTOR,
      unitId: 'health',
      action: 'transfer',
      to: 'astrology',
    },
    {
      label: 'the directorate transfers to the triage desk',
      actor: DIRECTOR,
      unitId: 'health',
      action: 'transfer',
      to: TRIAGE,
    },
    {
      label: 'the directorate transfers to the same unit',
      actor: DIRECTOR,
      unitId: 'health',
      action: 'transfer',
      to: 'health',
    },
    {
      label: 'the directorate routes to an unknown unit',
      actor: DIRECTOR,
      unitId: TRIAGE,
      action: 'route',
      to: 'astrology',
    },
    {
      label: 'the directorate routes back to the triage desk',
      actor: DIRECTOR,
      unitId: TRIAGE,
      action: 'route',
      to: TRIAGE,
    },
    {
      label: 'the desk transfers to itself',
      actor: TRIAGE_STAFF,
      unitId: TRIAGE,
      action: 'transfer',
      to: TRIAGE,
    },
  ] as const)('is invalid on toUnitId when $label', ({ actor, unitId, action, to }) => {
    const decision = decideTransition(actor, referralIn('routed', unitId), commandFor(action, to), context());

    expect(decision).toEqual({ kind: 'invalid', field: 'toUnitId', message: expect.any(String) });
  });

  it.each([
    { label: 'its unit transfers', actor: HEALTH_STAFF, unitId: 'health', action: 'transfer', to: 'housing' },
    {
      label: 'the directorate transfers',
      actor: DIRECTOR,
      unitId: 'health',
      action: 'transfer',
      to: 'legal-aid',
    },
    {
      label: 'the directorate routes from triage',
      actor: DIRECTOR,
      unitId: TRIAGE,
      action: 'route',
      to: 'health',
    },
    {
      label: 'the directorate transfers from triage',
      actor: DIRECTOR,
      unitId: TRIAGE,
      action: 'transfer',
      to: 'health',
    },
  ] as const)('opens a new leg at the named unit when $label', ({ actor, unitId, action, to }) => {
    const decision = decideTransition(actor, referralIn('routed', unitId), commandFor(action, to), context());

    expect(decision).toEqual({ kind: 'allowed', to: 'transferred', newLegUnitId: to });
  });

  it('sends a rejected referral back to the triage desk', () => {
    const decision = decideTransition(
      HEALTH_STAFF,
      referralIn('accepted', 'health'),
      commandFor('reject'),
      context(),
    );

    expect(decision).toEqual({ kind: 'allowed', to: 'rejected', newLegUnitId: TRIAGE });
  });

  it('checks the status before the target unit: a bad toUnitId on a closed referral is not-allowed-now', () => {
    const decision = decideTransition(
      DIRECTOR,
      referralIn('closed', 'health'),
      commandFor('transfer', 'astrology'),
      context(),
    );

    expect(decision.kind).toBe('not-allowed-now');
  });

  it('checks the performer before the target unit: a member transferring anywhere is forbidden', () => {
    const decision = decideTransition(
      AMINA,
      referralIn('routed', 'health'),
      commandFor('transfer', 'astrology'),
      context(),
    );

    expect(decision.kind).toBe('forbidden');
  });
});

describe('decideTransition: the 14-day reopen window', () => {
  const resolvedAt = new Date('2026-03-01T08:00:00.000Z');
  const at = (offset: number) => new Date(resolvedAt.getTime() + offset);

  it.each([
    { label: 'a moment after', offset: 1, kind: 'allowed' },
    { label: 'exactly 14 days after', offset: 14 * DAY_MS, kind: 'allowed' },
    { label: '14 days and 1 ms after', offset: 14 * DAY_MS + 1, kind: 'not-allowed-now' },
    { label: '30 days after', offset: 30 * DAY_MS, kind: 'not-allowed-now' },
  ])('lets the member reopen a resolved referral $label resolution: $kind', ({ offset, kind }) => {
    const referral = referralRecord({
      status: 'resolved',
      outcome: 'declined',
      resolvedAt: resolvedAt.toISOString(),
    });

    const decision = decideTransition(AMINA, referral, { action: 'reopen' }, context(at(offset)));

    expect(decision.kind).toBe(kind);
    if (decision.kind === 'not-allowed-now') expect(decision.allowed).toEqual(['close']);
  });

  it.each([
    { label: 'exactly 14 days after', offset: 14 * DAY_MS, kind: 'allowed' },
    { label: '14 days and 1 ms after', offset: 14 * DAY_MS + 1, kind: 'not-allowed-now' },
  ])(
    'counts from closedAt for a closed referral: the directorate reopens $label closing: $kind',
    ({ offset, kind }) => {
      const closedAt = resolvedAt;
      const referral = referralRecord({
        status: 'closed',
        outcome: 'declined',
        // Resolved long before it was closed: only the closing counts.
        resolvedAt: new Date(closedAt.getTime() - 20 * DAY_MS).toISOString(),
        closedAt: closedAt.toISOString(),
      });

      const decision = decideTransition(DIRECTOR, referral, { action: 'reopen' }, context(at(offset)));

      expect(decision.kind).toBe(kind);
      if (decision.kind === 'not-allowed-now') expect(decision.allowed).toEqual([]);
    },
  );

  it('does not reopen a resolved referral that has no resolution time', () => {
    const referral = referralRecord({ status: 'resolved', outcome: 'declined' });

    const decision = decideTransition(AMINA, referral, { action: 'reopen' }, context());

    expect(decision.kind).toBe('not-allowed-now');
  });
});

describe('applyTransition', () => {
  const before = referralRecord({ status: 'routed', version: 3, updatedAt: '2026-03-02T09:30:00.000Z' });
  const at = NOW.toISOString();

  it.each(REFERRAL_ACTIONS)('bumps the version by one and stamps updatedAt (%s)', (action) => {
    const after = applyTransition(before, commandFor(action), TARGET[action], {
      now: NOW,
      nextReferralId: 'NEXT',
      sla: SLA_SETTINGS,
    });

    expect(after).toMatchObject({ version: 4, updatedAt: at, status: TARGET[action] });
    expect(before).toMatchObject({ version: 3, status: 'routed' });
  });

  it('records when the unit accepted', () => {
    const after = applyTransition(before, { action: 'accept' }, 'accepted', { now: NOW, sla: SLA_SETTINGS });

    expect(after.acceptedAt).toBe(at);
  });

  it('records the hold reason, and replaces an earlier one', () => {
    const held = referralRecord({ status: 'in_progress', holdReason: 'awaiting_information' });

    const after = applyTransition(held, { action: 'hold', holdReason: 'awaiting_other_agency' }, 'on_hold', {
      now: NOW,
      sla: SLA_SETTINGS,
    });

    expect(after.holdReason).toBe('awaiting_other_agency');
  });

  it.each([
    { action: 'resume', command: { action: 'resume' }, to: 'in_progress' },
    { action: 'resolve', command: { action: 'resolve', outcome: 'service_provided' }, to: 'resolved' },
    { action: 'transfer', command: { action: 'transfer', toUnitId: 'housing' }, to: 'transferred' },
  ] as const)('clears the hold reason on $action', ({ command, to }) => {
    const held = referralRecord({ status: 'on_hold', holdReason: 'awaiting_beneficiary' });

    const after = applyTransition(held, command, to, { now: NOW, nextReferralId: 'NEXT', sla: SLA_SETTINGS });

    expect(after).not.toHaveProperty('holdReason');
  });

  it('records the outcome and when it was resolved', () => {
    const working = referralRecord({ status: 'in_progress' });

    const after = applyTransition(working, { action: 'resolve', outcome: 'no_capacity' }, 'resolved', {
      now: NOW,
      sla: SLA_SETTINGS,
    });

    expect(after).toMatchObject({ outcome: 'no_capacity', resolvedAt: at });
  });

  it('records when it was closed, keeping the outcome', () => {
    const resolved = referralRecord({
      status: 'resolved',
      outcome: 'declined',
      resolvedAt: '2026-03-10T00:00:00.000Z',
    });

    const after = applyTransition(resolved, { action: 'close' }, 'closed', { now: NOW, sla: SLA_SETTINGS });

    expect(after).toMatchObject({
      closedAt: at,
      outcome: 'declined',
      resolvedAt: '2026-03-10T00:00:00.000Z',
    });
  });

  it.each([
    referralRecord({ status: 'resolved', outcome: 'declined', resolvedAt: '2026-03-10T00:00:00.000Z' }),
    referralRecord({
      status: 'closed',
      outcome: 'declined',
      resolvedAt: '2026-03-10T00:00:00.000Z',
      closedAt: '2026-03-11T00:00:00.000Z',
    }),
  ])(
    'clears outcome, resolvedAt and closedAt on reopening a $status referral, keeping acceptedAt',
    (finished) => {
      const accepted = { ...finished, acceptedAt: '2026-03-03T00:00:00.000Z' };

      const after = applyTransition(accepted, { action: 'reopen' }, 'in_progress', {
        now: NOW,
        sla: SLA_SETTINGS,
      });

      expect(after).not.toHaveProperty('outcome');
      expect(after).not.toHaveProperty('resolvedAt');
      expect(after).not.toHaveProperty('closedAt');
      expect(after).toMatchObject({ status: 'in_progress', acceptedAt: '2026-03-03T00:00:00.000Z' });
    },
  );

  it('records the rejection reason and the leg that continues the need', () => {
    const after = applyTransition(before, commandFor('reject'), 'rejected', {
      now: NOW,
      nextReferralId: 'NEXT',
      sla: SLA_SETTINGS,
    });

    expect(after).toMatchObject({ rejectionReason: 'not_our_service', nextReferralId: 'NEXT' });
  });

  it.each(['transfer', 'route'] as const)('links a %s to the leg that continues it', (action) => {
    const after = applyTransition(before, commandFor(action), 'transferred', {
      now: NOW,
      nextReferralId: 'NEXT',
      sla: SLA_SETTINGS,
    });

    expect(after.nextReferralId).toBe('NEXT');
  });

  it('changes nothing else: the case summary and the member stay', () => {
    const after = applyTransition(before, { action: 'accept' }, 'accepted', { now: NOW, sla: SLA_SETTINGS });

    const { status: _s, version: _v, updatedAt: _u, acceptedAt: _a, slaTrack: _t, ...rest } = after;
    const { status: _s0, version: _v0, updatedAt: _u0, slaTrack: _t0, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });

  it('records the SLA facts of the action on the track and moves its deadline to the resolve clock', () => {
    const after = applyTransition(before, { action: 'accept' }, 'accepted', { now: NOW, sla: SLA_SETTINGS });

    const { dueAt, nextEventAt: _next, ...facts } = after.slaTrack;
    const { dueAt: dueBefore, nextEventAt: _nextBefore, ...factsBefore } = before.slaTrack;
    // Accepted on Friday 20 March 15:00 (a Ramazan Bayramı holiday, after the eve's afternoon off):
    // 6240 business minutes after routing, long past the 2-business-day target.
    expect(facts).toEqual({
      ...factsBefore,
      respondedAt: at,
      results: { acknowledge: { elapsedMinutes: 6240, stage: 'breached' } },
    });
    const context = slaContextFor(SLA_SETTINGS, before);
    expect(dueBefore).toBe(clockDeadline(before.slaTrack, before.createdAt, context, 'acknowledge'));
    expect(dueAt).toBe(clockDeadline(after.slaTrack, before.createdAt, context, 'resolve'));
  });

  it.each([
    {
      action: 'hold',
      from: 'in_progress',
      command: { action: 'hold', holdReason: 'awaiting_beneficiary' },
      to: 'on_hold',
      facts: { pauses: [{ from: NOW.toISOString(), kind: 'hold' }] },
    },
    {
      action: 'resolve',
      from: 'in_progress',
      command: { action: 'resolve', outcome: 'service_provided' },
      to: 'resolved',
      facts: { stoppedAt: NOW.toISOString(), stoppedBy: 'resolve' },
    },
    {
      action: 'cancel',
      from: 'routed',
      command: { action: 'cancel' },
      to: 'cancelled',
      facts: { respondedAt: NOW.toISOString(), stoppedAt: NOW.toISOString(), stoppedBy: 'cancel' },
    },
    {
      action: 'transfer',
      from: 'in_progress',
      command: { action: 'transfer', toUnitId: 'housing' },
      to: 'transferred',
      facts: { respondedAt: NOW.toISOString(), stoppedAt: NOW.toISOString(), stoppedBy: 'handover' },
    },
  ] as const)(
    'records on the SLA track what a $action does to the clocks',
    ({ from, command, to, facts }) => {
      const working = referralRecord({ status: from });

      const after = applyTransition(working, command, to, {
        now: NOW,
        nextReferralId: 'NEXT',
        sla: SLA_SETTINGS,
      });

      expect(after.slaTrack).toMatchObject(facts);
      expect(after.slaTrack.needReportedAt).toBe(working.slaTrack.needReportedAt);
    },
  );
});

describe('continuationLeg', () => {
  const finished = referralRecord({
    id: '01KJP7ZD300000000000000002',
    unitId: 'health',
    status: 'on_hold',
    version: 5,
    contactShared: true,
    holdReason: 'awaiting_information',
    acceptedAt: '2026-03-03T00:00:00.000Z',
    outcome: 'no_capacity',
    rejectionReason: 'other',
    resolvedAt: '2026-03-04T00:00:00.000Z',
    closedAt: '2026-03-05T00:00:00.000Z',
    nextReferralId: '01KJP7ZD300000000000000007',
    routedBy: 'rule',
  });

  it.each([
    { action: 'transfer', routedBy: 'transfer' },
    { action: 'route', routedBy: 'directorate' },
    { action: 'reject', routedBy: 'rejection' },
  ] as const)(
    'opens a routed leg of version 1 at the new unit after a $action (routedBy $routedBy)',
    ({ action, routedBy }) => {
      const leg = continuationLeg(finished, commandFor(action), {
        id: 'NEW',
        unitId: 'housing',
        now: NOW,
        sla: SLA_SETTINGS,
      });

      expect(leg).toMatchObject({
        id: 'NEW',
        unitId: 'housing',
        status: 'routed',
        version: 1,
        routedBy,
        previousReferralId: finished.id,
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
      });
    },
  );

  it('carries the same need, member, consent and case summary', () => {
    const leg = continuationLeg(finished, commandFor('transfer'), {
      id: 'NEW',
      unitId: 'housing',
      now: NOW,
      sla: SLA_SETTINGS,
    });

    expect(leg).toMatchObject({
      needId: finished.needId,
      memberId: finished.memberId,
      contactShared: true,
      categories: finished.categories,
      priority: finished.priority,
      district: finished.district,
      description: finished.description,
      beneficiary: finished.beneficiary,
      vulnerabilities: finished.vulnerabilities,
      cohesionRisks: finished.cohesionRisks,
    });
  });

  it('starts without any outcome, reason or timestamp of the leg it continues', () => {
    const leg = continuationLeg(finished, commandFor('transfer'), {
      id: 'NEW',
      unitId: 'housing',
      now: NOW,
      sla: SLA_SETTINGS,
    });

    for (const field of [
      'outcome',
      'rejectionReason',
      'holdReason',
      'acceptedAt',
      'resolvedAt',
      'closedAt',
      'nextReferralId',
    ]) {
      expect(leg).not.toHaveProperty(field);
    }
  });

  it("starts fresh SLA clocks at the new unit while the need's end-to-end clock runs on from the report", () => {
    const leg = continuationLeg(finished, commandFor('transfer'), {
      id: 'NEW',
      unitId: 'housing',
      now: NOW,
      sla: SLA_SETTINGS,
    });

    expect(leg.slaTrack).toMatchObject({
      needReportedAt: finished.slaTrack.needReportedAt,
      pauses: [],
      raised: {},
    });
    for (const fact of ['respondedAt', 'stoppedAt', 'stoppedBy'])
      expect(leg.slaTrack).not.toHaveProperty(fact);
    expect(leg.slaTrack.dueAt).toBe(
      clockDeadline(leg.slaTrack, NOW.toISOString(), slaContextFor(SLA_SETTINGS, leg), 'acknowledge'),
    );
    expect(leg.slaTrack.dueAt > NOW.toISOString()).toBe(true);
  });
});

describe('the lifecycle as a whole (property)', () => {
  const relation = fc.constantFrom(...RELATIONS);
  const anyCommand: fc.Arbitrary<TransitionCommand> = fc.oneof(
    fc
      .constantFrom(...(['accept', 'start', 'resume', 'close', 'reopen', 'cancel'] as const))
      .map((action) => ({ action })),
    fc.constantFrom(...HOLD_REASONS).map((holdReason) => ({ action: 'hold' as const, holdReason })),
    fc.constantFrom(...OUTCOMES).map((outcome) => ({ action: 'resolve' as const, outcome })),
    fc.constantFrom(...REJECTION_REASONS).map((reason) => ({ action: 'reject' as const, reason, note: 'n' })),
    fc
      .tuple(
        fc.constantFrom('transfer' as const, 'route' as const),
        fc.constantFrom(...SERVICE_UNITS, TRIAGE, 'astrology'),
      )
      .map(([action, toUnitId]) => ({ action, toUnitId })),
  );
  const step = fc.record({
    relation,
    command: anyCommand,
    // Sometimes a few hours pass, sometimes weeks: the reopen window opens and closes.
    elapsed: fc.integer({ min: 0, max: 20 * DAY_MS }),
  });

  it('keeps version = 1 + allowed transitions, and every status one of REFERRAL_STATUSES', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Holder>('a service unit', 'the triage desk'),
        fc.array(step, { maxLength: 40 }),
        (holder, steps) => {
          let referral = referralRecord({ unitId: HOLDERS[holder].unitId, status: 'routed', version: 1 });
          let now = NOW;
          let allowedCount = 0;
          for (const { relation: who, command, elapsed } of steps) {
            now = new Date(now.getTime() + elapsed);
            const decision = decideTransition(actorFor(who, holder), referral, command, context(now));
            if (decision.kind !== 'allowed') continue;
            allowedCount += 1;
            referral = applyTransition(referral, command, decision.to, {
              now,
              nextReferralId: 'NEXT',
              sla: SLA_SETTINGS,
            });
            expect(referral.status).toBe(decision.to);
          }
          expect(referral.version).toBe(1 + allowedCount);
          expect(REFERRAL_STATUSES).toContain(referral.status);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never lets anything happen to a rejected, transferred or cancelled referral', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ReferralStatus>('rejected', 'transferred', 'cancelled'),
        fc.constantFrom<Holder>('a service unit', 'the triage desk'),
        relation,
        anyCommand,
        (status, holder, who, command) => {
          const decision = decideTransition(
            actorFor(who, holder),
            referralIn(status, HOLDERS[holder].unitId),
            command,
            context(),
          );

          expect(decision.kind === 'forbidden' || decision.kind === 'not-allowed-now').toBe(true);
          if (decision.kind === 'not-allowed-now') expect(decision.allowed).toEqual([]);
        },
      ),
    );
  });
});
