import { describe, expect, it } from 'vitest';
import { transitionReferral } from '../../../shared/application/transition-referral.js';
import {
  Conflict,
  NotFound,
  NotPermitted,
  Unprocessable,
  ValidationFailed,
} from '../../../shared/domain/errors.js';
import type { ReferralRecord } from '../../../shared/domain/need.js';
import { recordReportedNeed, referralView } from '../../../shared/domain/need.js';
import type { ReferralStatus } from '../../../shared/domain/vocabulary.js';
import type { TransitionRequest } from '../../../shared/schemas/transition.js';
import {
  AMINA,
  DIRECTOR,
  HEALTH_STAFF,
  MEHMET,
  maximalReport,
  minimalReport,
  referralRecord,
  SLA_SETTINGS,
  SOCIAL_STAFF,
  TRIAGE_STAFF,
} from '../builders.js';
import { DAY_MS, type FakeDependencies, FIXED_NOW, fakeDependencies } from '../fakes.js';

const NEED_ID = '01KJP7ZD300000000000000001';
const HEALTH_ID = '01KJP7ZD300000000000000002';
const NOW_SECONDS = Math.floor(FIXED_NOW.getTime() / 1000);

interface Leg {
  id: string;
  unitId: string;
  status: ReferralStatus;
  version?: number;
  extra?: Partial<ReferralRecord>;
}

/**
 * Amina's need (reported a week ago, with a sealed contact unless told otherwise) and its legs,
 * in the statuses given, each with the audit trail of its versions so far.
 */
async function given(legs: readonly Leg[], options: { contact?: boolean } = {}): Promise<FakeDependencies> {
  const deps = fakeDependencies();
  const contact = options.contact ?? true;
  const reportedAt = new Date(FIXED_NOW.getTime() - 7 * DAY_MS);
  const { need } = recordReportedNeed({
    report: contact ? maximalReport() : minimalReport(),
    actor: AMINA,
    needId: NEED_ID,
    referralIds: legs.map((leg) => leg.id),
    assignments: legs.map((leg) => ({
      unitId: leg.unitId,
      categories: ['health'],
      routedBy: 'rule' as const,
    })),
    now: reportedAt,
    sla: SLA_SETTINGS,
  });
  deps.needs.needs.set(NEED_ID, need);
  if (contact) {
    deps.needs.contacts.set(NEED_ID, {
      needId: NEED_ID,
      sealed: await deps.contactVault.seal(NEED_ID, { name: 'Fatima Al-Hassan', phone: '+90 532 123 45 67' }),
      expiresAt: NOW_SECONDS + 358 * 86_400,
    });
  }
  for (const leg of legs) {
    const version = leg.version ?? 1;
    const referral = referralRecord({
      id: leg.id,
      needId: NEED_ID,
      unitId: leg.unitId,
      status: leg.status,
      version,
      contactShared: contact,
      createdAt: reportedAt.toISOString(),
      updatedAt: reportedAt.toISOString(),
      ...(leg.status === 'resolved' || leg.status === 'closed'
        ? { outcome: 'service_provided', resolvedAt: new Date(FIXED_NOW.getTime() - DAY_MS).toISOString() }
        : {}),
      ...(leg.status === 'closed' ? { closedAt: new Date(FIXED_NOW.getTime() - DAY_MS).toISOString() } : {}),
      ...leg.extra,
    });
    deps.referrals.add([referral]);
    deps.table.audit.set(
      leg.id,
      Array.from({ length: version }, (_, index) => ({
        referralId: leg.id,
        needId: NEED_ID,
        unitId: leg.unitId,
        sequence: index + 1,
        action: index === 0 ? ('report' as const) : ('accept' as const),
        fromStatus: null,
        toStatus: leg.status,
        actorId: AMINA.userId,
        actorRole: 'council-member' as const,
        at: reportedAt.toISOString(),
      })),
    );
  }
  return deps;
}

/** Everything a transition could have written, to prove a refused one wrote nothing. */
const snapshot = (deps: FakeDependencies) =>
  structuredClone({
    referrals: [...deps.table.referrals.entries()],
    needs: [...deps.table.needs.entries()],
    contacts: [...deps.table.contacts.entries()],
    audit: [...deps.table.audit.entries()],
    notifications: deps.table.notifications,
  });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the transition to be refused');
    },
    (error: unknown) => error,
  );

describe('transitionReferral: the order of the checks', () => {
  const health: Leg = { id: HEALTH_ID, unitId: 'health', status: 'accepted', version: 2 };

  it.each([
    {
      label: 'a referral that does not exist',
      actor: HEALTH_STAFF,
      id: '01KJP7ZD30000000000000000Z',
      request: { action: 'start', expectedVersion: 2 },
      error: NotFound,
    },
    {
      label: "another unit's referral, even with a stale version and an impossible action",
      actor: SOCIAL_STAFF,
      id: HEALTH_ID,
      request: { action: 'close', expectedVersion: 1 },
      error: NotFound,
    },
    {
      label: "another member's referral",
      actor: MEHMET,
      id: HEALTH_ID,
      request: { action: 'cancel', expectedVersion: 2 },
      error: NotFound,
    },
    {
      label: 'an action the member may never take, even with a stale version',
      actor: AMINA,
      id: HEALTH_ID,
      request: { action: 'start', expectedVersion: 1 },
      error: NotPermitted,
    },
    {
      label: 'an action the directorate may never take',
      actor: DIRECTOR,
      id: HEALTH_ID,
      request: { action: 'start', expectedVersion: 2 },
      error: NotPermitted,
    },
    {
      label: 'a stale version, even for an action not allowed now',
      actor: HEALTH_STAFF,
      id: HEALTH_ID,
      request: { action: 'accept', expectedVersion: 1 },
      error: Conflict,
    },
    {
      label: 'a version from the future',
      actor: HEALTH_STAFF,
      id: HEALTH_ID,
      request: { action: 'start', expectedVersion: 3 },
      error: Conflict,
    },
    {
      label: 'an action not allowed in the current status',
      actor: HEALTH_STAFF,
      id: HEALTH_ID,
      request: { action: 'resume', expectedVersion: 2 },
      error: Unprocessable,
    },
    {
      label: 'a bad toUnitId on an action not allowed now (the status is checked first)',
      actor: DIRECTOR,
      id: HEALTH_ID,
      request: { action: 'route', toUnitId: 'astrology', expectedVersion: 2 },
      error: Unprocessable,
    },
    {
      label: 'a transfer to an unknown unit',
      actor: HEALTH_STAFF,
      id: HEALTH_ID,
      request: { action: 'transfer', toUnitId: 'astrology', expectedVersion: 2 },
      error: ValidationFailed,
    },
  ] as const)('refuses $label with $error.name, writing nothing', async ({ actor, id, request, error }) => {
    const deps = await given([health]);
    const before = snapshot(deps);

    const refused = await failure(transitionReferral(deps, actor, id, request as TransitionRequest));

    expect(refused).toBeInstanceOf(error);
    expect(snapshot(deps)).toEqual(before);
    expect(deps.referrals.changeAttempts).toBe(0);
  });

  it('tells a stale caller the current version and status', async () => {
    const deps = await given([health]);

    const refused = await failure(
      transitionReferral(deps, HEALTH_STAFF, HEALTH_ID, { action: 'start', expectedVersion: 1 }),
    );

    expect(refused).toMatchObject({
      problemType: 'stale-version',
      extensions: { currentVersion: 2, currentStatus: 'accepted' },
    });
  });

  it('names the current status and the actions the caller can take instead', async () => {
    const deps = await given([health]);

    const refused = await failure(
      transitionReferral(deps, HEALTH_STAFF, HEALTH_ID, { action: 'resume', expectedVersion: 2 }),
    );

    expect(refused).toMatchObject({
      problemType: 'transition-not-allowed',
      extensions: { currentStatus: 'accepted' },
    });
    expect([...((refused as Unprocessable).extensions.allowedActions as string[])].sort()).toEqual(
      ['reject', 'start', 'transfer'].sort(),
    );
  });

  it('says when the caller can take no action at all', async () => {
    const deps = await given([{ id: HEALTH_ID, unitId: 'health', status: 'cancelled', version: 2 }]);

    const refused = await failure(
      transitionReferral(deps, AMINA, HEALTH_ID, { action: 'cancel', expectedVersion: 2 }),
    );

    expect(refused).toMatchObject({ extensions: { allowedActions: [] } });
  });

  it.each([
    { label: 'an unknown unit', toUnitId: 'astrology' },
    { label: 'the triage desk', toUnitId: 'migration-desk' },
    { label: 'the unit that holds it', toUnitId: 'health' },
  ])('refuses a transfer to $label as ValidationFailed on toUnitId', async ({ toUnitId }) => {
    const deps = await given([health]);

    const refused = await failure(
      transitionReferral(deps, HEALTH_STAFF, HEALTH_ID, { action: 'transfer', toUnitId, expectedVersion: 2 }),
    );

    expect(refused).toBeInstanceOf(ValidationFailed);
    expect((refused as ValidationFailed).issues.map((issue) => issue.field)).toEqual(['toUnitId']);
  });
});

describe('transitionReferral: a change', () => {
  it('moves the referral, answers with its new version, and writes its audit event and notification', async () => {
    const deps = await given([{ id: HEALTH_ID, unitId: 'health', status: 'routed' }]);

    const referral = await transitionReferral(deps, HEALTH_STAFF, HEALTH_ID, {
      action: 'accept',
      expectedVersion: 1,
      note: 'Will call the family today',
    });

    expect(referral).toMatchObject({
      id: HEALTH_ID,
      status: 'accepted',
      version: 2,
      acceptedAt: FIXED_NOW.toISOString(),
    });
    expect(referral).not.toHaveProperty('memberId');
    expect(referral).not.toHaveProperty('contactShared');
    expect(referral).not.toHaveProperty('contact');
    expect(await deps.referrals.referral(HEALTH_ID)).toMatchObject({ status: 'accepted', version: 2 });
    // Its SLA view is computed at the change: routed a week ago, it is accepted after its 2 business days.
    const stored = (await deps.referrals.referral(HEALTH_ID)) as ReferralRecord;
    expect(stored.slaTrack.respondedAt).toBe(FIXED_NOW.toISOString());
    expect(referral).toEqual(referralView(stored, deps.slaSettings.settings, FIXED_NOW));
    expect(referral.sla.acknowledge).toMatchObject({ stage: 'breached', stoppedAt: FIXED_NOW.toISOString() });
    expect(referral.sla.resolve.stage).toBe('running');
    expect(deps.referrals.auditTrail(HEALTH_ID).at(-1)).toEqual({
      referralId: HEALTH_ID,
      needId: NEED_ID,
      unitId: 'health',
      sequence: 2,
      action: 'accept',
      fromStatus: 'routed',
      toStatus: 'accepted',
      actorId: HEALTH_STAFF.userId,
      actorRole: 'unit-staff',
      actorUnitId: 'health',
      note: 'Will call the family today',
      at: FIXED_NOW.toISOString(),
    });
    expect(deps.notifications.stored).toEqual([
      {
        memberId: AMINA.userId,
        needId: NEED_ID,
        referralId: HEALTH_ID,
        unitId: 'health',
        status: 'accepted',
        sequence: 2,
        at: FIXED_NOW.toISOString(),
      },
    ]);
  });

  it.each([
    {
      label: 'its unit transfers it',
      actor: HEALTH_STAFF,
      start: { id: HEALTH_ID, unitId: 'health', status: 'in_progress', version: 3 },
      request: { action: 'transfer', toUnitId: 'housing', expectedVersion: 3 },
      endsAs: 'transferred',
      newUnit: 'housing',
      routedBy: 'transfer',
    },
    {
      label: 'the directorate routes it from triage',
      actor: DIRECTOR,
      start: { id: HEALTH_ID, unitId: 'migration-desk', status: 'routed', version: 1 },
      request: { action: 'route', toUnitId: 'legal-aid', expectedVersion: 1 },
      endsAs: 'transferred',
      newUnit: 'legal-aid',
      routedBy: 'directorate',
    },
    {
      label: 'its unit rejects it',
      actor: HEALTH_STAFF,
      start: { id: HEALTH_ID, unitId: 'health', status: 'routed', version: 1 },
      request: { action: 'reject', reason: 'not_our_service', note: 'A housing matter', expectedVersion: 1 },
      endsAs: 'rejected',
      newUnit: 'migration-desk',
      routedBy: 'rejection',
    },
  ] as const)(
    'opens a linked leg at $newUnit when $label, with two audit events and two notifications',
    async ({ actor, start, request, endsAs, newUnit, routedBy }) => {
      const deps = await given([start]);

      const referral = await transitionReferral(deps, actor, HEALTH_ID, request);

      const newLegId = referral.nextReferralId ?? '';
      const newLeg = await deps.referrals.referral(newLegId);
      expect(referral).toMatchObject({ status: endsAs, version: start.version + 1 });
      expect(newLeg).toMatchObject({
        id: newLegId,
        needId: NEED_ID,
        unitId: newUnit,
        status: 'routed',
        version: 1,
        routedBy,
        previousReferralId: HEALTH_ID,
        memberId: AMINA.userId,
        contactShared: true,
      });
      expect(deps.needs.needs.get(NEED_ID)?.referralIds).toEqual([HEALTH_ID, newLegId]);
      expect(deps.referrals.auditTrail(HEALTH_ID).at(-1)).toMatchObject({
        sequence: start.version + 1,
        action: request.action,
        fromStatus: start.status,
        toStatus: endsAs,
        relatedReferralId: newLegId,
      });
      expect(deps.referrals.auditTrail(newLegId)).toEqual([
        expect.objectContaining({
          sequence: 1,
          action: request.action,
          fromStatus: null,
          toStatus: 'routed',
          actorId: actor.userId,
          relatedReferralId: HEALTH_ID,
        }),
      ]);
      expect(deps.notifications.stored.map((n) => [n.referralId, n.unitId, n.status, n.sequence])).toEqual([
        [HEALTH_ID, start.unitId, endsAs, start.version + 1],
        [newLegId, newUnit, 'routed', 1],
      ]);
    },
  );

  it("carries the rejecting unit's note and reason into both audit events", async () => {
    const deps = await given([{ id: HEALTH_ID, unitId: 'health', status: 'accepted', version: 2 }]);

    const referral = await transitionReferral(deps, HEALTH_STAFF, HEALTH_ID, {
      action: 'reject',
      reason: 'outside_area',
      note: 'Lives in Mersin',
      expectedVersion: 2,
    });

    expect(referral.rejectionReason).toBe('outside_area');
    expect(deps.referrals.auditTrail(HEALTH_ID).at(-1)).toMatchObject({
      reason: 'outside_area',
      note: 'Lives in Mersin',
    });
    expect(deps.referrals.auditTrail(referral.nextReferralId ?? '')[0]).toMatchObject({
      note: 'Lives in Mersin',
    });
  });

  it('answers Conflict with the current version when another change committed first', async () => {
    const deps = await given([{ id: HEALTH_ID, unitId: 'health', status: 'routed' }]);
    deps.referrals.interleaveBeforeNextChange(() => {
      const current = deps.table.referrals.get(HEALTH_ID) as ReferralRecord;
      deps.table.referrals.set(HEALTH_ID, { ...current, status: 'accepted', version: 2 });
    });

    const refused = await failure(
      transitionReferral(deps, HEALTH_STAFF, HEALTH_ID, { action: 'accept', expectedVersion: 1 }),
    );

    expect(refused).toBeInstanceOf(Conflict);
    expect(refused).toMatchObject({ extensions: { currentVersion: 2, currentStatus: 'accepted' } });
    expect(deps.referrals.auditTrail(HEALTH_ID)).toHaveLength(1);
    expect(deps.notifications.stored).toEqual([]);
  });

  it('lets exactly one of two changes made from the same version through', async () => {
    const deps = await given([{ id: HEALTH_ID, unitId: 'health', status: 'routed' }]);

    const outcomes = await Promise.allSettled([
      transitionReferral(deps, HEALTH_STAFF, HEALTH_ID, { action: 'accept', expectedVersion: 1 }),
      transitionReferral(deps, DIRECTOR, HEALTH_ID, { action: 'cancel', expectedVersion: 1 }),
    ]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
    expect(deps.referrals.auditTrail(HEALTH_ID).map((event) => event.sequence)).toEqual([1, 2]);
  });
});

describe("transitionReferral: how long the beneficiary's contact is kept", () => {
  const contactExpiry = (deps: FakeDependencies) => deps.needs.contacts.get(NEED_ID)?.expiresAt;
  const AFTER_CLOSE = NOW_SECONDS + 30 * 86_400;
  const CAP = NOW_SECONDS + 365 * 86_400;
  const UNCHANGED = NOW_SECONDS + 358 * 86_400;

  it.each([
    {
      label: 'closing the only leg',
      actor: AMINA,
      request: { action: 'close' },
      status: 'resolved',
      other: undefined,
      expiry: AFTER_CLOSE,
    },
    {
      label: 'cancelling the only leg',
      actor: DIRECTOR,
      request: { action: 'cancel' },
      status: 'routed',
      other: undefined,
      expiry: AFTER_CLOSE,
    },
    {
      label: 'closing the last open leg beside closed, transferred and cancelled ones',
      actor: AMINA,
      request: { action: 'close' },
      status: 'resolved',
      other: ['closed', 'transferred', 'cancelled', 'rejected'],
      expiry: AFTER_CLOSE,
    },
    {
      label: 'closing a leg while another is accepted',
      actor: AMINA,
      request: { action: 'close' },
      status: 'resolved',
      other: ['accepted'],
      expiry: UNCHANGED,
    },
    {
      label: 'closing a leg while another is resolved',
      actor: DIRECTOR,
      request: { action: 'close' },
      status: 'resolved',
      other: ['resolved'],
      expiry: UNCHANGED,
    },
    {
      label: 'cancelling a leg while another is routed',
      actor: AMINA,
      request: { action: 'cancel' },
      status: 'routed',
      other: ['routed'],
      expiry: UNCHANGED,
    },
    {
      label: 'resolving a leg (not closing it)',
      actor: HEALTH_STAFF,
      request: { action: 'resolve', outcome: 'declined' },
      status: 'in_progress',
      other: undefined,
      expiry: UNCHANGED,
    },
    {
      label: 'reopening a closed leg',
      actor: AMINA,
      request: { action: 'reopen' },
      status: 'closed',
      other: undefined,
      expiry: CAP,
    },
    {
      label: 'reopening a resolved leg',
      actor: DIRECTOR,
      request: { action: 'reopen' },
      status: 'resolved',
      other: ['accepted'],
      expiry: CAP,
    },
  ] as const)(
    '$label: the contact expires at now + $expiry',
    async ({ actor, request, status, other, expiry }) => {
      const others = (other ?? []).map(
        (otherStatus, index): Leg => ({
          id: `01KJP7ZD30000000000000001${index}`,
          unitId: 'housing',
          status: otherStatus,
        }),
      );
      const deps = await given([{ id: HEALTH_ID, unitId: 'health', status }, ...others]);

      await transitionReferral(deps, actor, HEALTH_ID, {
        ...request,
        expectedVersion: 1,
      } as TransitionRequest);

      expect(contactExpiry(deps)).toBe(expiry);
    },
  );

  it('changes nothing for a need without contact data', async () => {
    const deps = await given([{ id: HEALTH_ID, unitId: 'health', status: 'resolved' }], { contact: false });

    const referral = await transitionReferral(deps, AMINA, HEALTH_ID, {
      action: 'close',
      expectedVersion: 1,
    });

    expect(referral.status).toBe('closed');
    expect(deps.needs.contacts.size).toBe(0);
  });

  it('follows the configured retention', async () => {
    const deps = await given([{ id: HEALTH_ID, unitId: 'health', status: 'resolved' }]);
    const configured = { ...deps, settings: { ...deps.settings, contactRetentionDaysAfterClose: 7 } };

    await transitionReferral(configured, AMINA, HEALTH_ID, { action: 'close', expectedVersion: 1 });

    expect(contactExpiry(deps)).toBe(NOW_SECONDS + 7 * 86_400);
  });

  // A contact already expired and deleted by TTL has no expiry left to move: the leg still closes.
  it('closes the last open leg even after the contact item has expired and been deleted', async () => {
    const deps = await given([{ id: HEALTH_ID, unitId: 'health', status: 'resolved' }]);
    deps.needs.contacts.delete(NEED_ID);

    const referral = await transitionReferral(deps, AMINA, HEALTH_ID, {
      action: 'close',
      expectedVersion: 1,
    });

    expect(referral.status).toBe('closed');
  });
});

describe('transitionReferral: who acts on a triage referral', () => {
  it('lets triage staff work it but never route it', async () => {
    const deps = await given([{ id: HEALTH_ID, unitId: 'migration-desk', status: 'routed' }]);

    const refused = await failure(
      transitionReferral(deps, TRIAGE_STAFF, HEALTH_ID, {
        action: 'route',
        toUnitId: 'health',
        expectedVersion: 1,
      }),
    );
    const accepted = await transitionReferral(deps, TRIAGE_STAFF, HEALTH_ID, {
      action: 'accept',
      expectedVersion: 1,
    });

    expect(refused).toBeInstanceOf(NotPermitted);
    expect(accepted.status).toBe('accepted');
  });
});
