import { describe, expect, it } from 'vitest';
import { creationAudit, notificationOf, transitionAudit } from '../../../shared/domain/audit.js';
import {
  applyTransition,
  continuationLeg,
  type TransitionCommand,
} from '../../../shared/domain/lifecycle.js';
import type { ReferralStatus } from '../../../shared/domain/vocabulary.js';
import { AMINA, DIRECTOR, HEALTH_STAFF, maximalReport, referralRecord, SLA_SETTINGS } from '../builders.js';

const NOW = new Date('2026-03-05T14:00:00.000Z');
const AT = NOW.toISOString();

describe('creationAudit', () => {
  it('records a new referral: sequence = its version, from nothing to its status, at its creation', () => {
    const referral = referralRecord({ version: 1, createdAt: '2026-03-02T09:30:00.000Z', updatedAt: AT });

    const event = creationAudit(referral, AMINA, { action: 'report' });

    expect(event).toEqual({
      referralId: referral.id,
      needId: referral.needId,
      unitId: referral.unitId,
      sequence: 1,
      action: 'report',
      fromStatus: null,
      toStatus: 'routed',
      actorId: AMINA.userId,
      actorRole: 'council-member',
      at: '2026-03-02T09:30:00.000Z',
    });
  });

  it('names the leg it continues, the unit of a unit actor, and the note', () => {
    const leg = referralRecord({
      id: '01KJP7ZD300000000000000009',
      unitId: 'migration-desk',
      routedBy: 'rejection',
    });

    const event = creationAudit(leg, HEALTH_STAFF, {
      action: 'reject',
      relatedReferralId: '01KJP7ZD300000000000000002',
      note: 'Not a health matter',
    });

    expect(event).toMatchObject({
      referralId: leg.id,
      action: 'reject',
      fromStatus: null,
      toStatus: 'routed',
      actorId: HEALTH_STAFF.userId,
      actorRole: 'unit-staff',
      actorUnitId: 'health',
      relatedReferralId: '01KJP7ZD300000000000000002',
      note: 'Not a health matter',
    });
  });

  it('leaves out what is not given rather than writing undefined', () => {
    const event = creationAudit(referralRecord(), DIRECTOR, { action: 'route', note: undefined });

    expect(Object.keys(event)).not.toContain('note');
    expect(Object.keys(event)).not.toContain('relatedReferralId');
    expect(Object.keys(event)).not.toContain('actorUnitId');
  });
});

describe('transitionAudit', () => {
  const cases: {
    label: string;
    from: ReferralStatus;
    to: ReferralStatus;
    command: TransitionCommand;
    fields: object;
  }[] = [
    { label: 'accept', from: 'routed', to: 'accepted', command: { action: 'accept' }, fields: {} },
    {
      label: 'hold',
      from: 'in_progress',
      to: 'on_hold',
      command: { action: 'hold', holdReason: 'awaiting_other_agency', note: 'Waiting for the hospital' },
      fields: { holdReason: 'awaiting_other_agency', note: 'Waiting for the hospital' },
    },
    {
      label: 'resolve',
      from: 'in_progress',
      to: 'resolved',
      command: { action: 'resolve', outcome: 'service_provided' },
      fields: { outcome: 'service_provided' },
    },
    {
      label: 'reject',
      from: 'routed',
      to: 'rejected',
      command: { action: 'reject', reason: 'outside_area', note: 'Lives in Mersin' },
      fields: { reason: 'outside_area', note: 'Lives in Mersin', relatedReferralId: 'NEXT' },
    },
    {
      label: 'transfer',
      from: 'accepted',
      to: 'transferred',
      command: { action: 'transfer', toUnitId: 'housing' },
      fields: { toUnitId: 'housing', relatedReferralId: 'NEXT' },
    },
  ];

  it.each(cases)(
    'records a $label: who, from which status to which, why, at the new version',
    ({ from, to, command, fields }) => {
      const before = referralRecord({ status: from, version: 3 });
      const after = applyTransition(before, command, to, {
        now: NOW,
        nextReferralId: 'NEXT',
        sla: SLA_SETTINGS,
      });

      const event = transitionAudit(before, after, HEALTH_STAFF, command);

      expect(event).toEqual({
        referralId: before.id,
        needId: before.needId,
        unitId: before.unitId,
        sequence: 4,
        action: command.action,
        fromStatus: from,
        toStatus: to,
        actorId: HEALTH_STAFF.userId,
        actorRole: 'unit-staff',
        actorUnitId: 'health',
        at: AT,
        ...fields,
      });
    },
  );

  it('does not name a related leg when the change opened none', () => {
    const before = referralRecord({ status: 'resolved', outcome: 'declined', resolvedAt: AT });
    const after = applyTransition(before, { action: 'close' }, 'closed', { now: NOW, sla: SLA_SETTINGS });

    const event = transitionAudit(before, after, AMINA, { action: 'close' });

    expect(event).not.toHaveProperty('relatedReferralId');
    expect(event).toMatchObject({ action: 'close', actorRole: 'council-member', actorId: AMINA.userId });
  });

  it('makes sequences gap-free: each change is the version it produced', () => {
    const steps: [TransitionCommand, ReferralStatus][] = [
      [{ action: 'accept' }, 'accepted'],
      [{ action: 'start' }, 'in_progress'],
      [{ action: 'hold', holdReason: 'awaiting_beneficiary' }, 'on_hold'],
      [{ action: 'resume' }, 'in_progress'],
      [{ action: 'resolve', outcome: 'service_provided' }, 'resolved'],
    ];
    let referral = referralRecord();
    const sequences = [creationAudit(referral, AMINA, { action: 'report' }).sequence];

    for (const [command, to] of steps) {
      const after = applyTransition(referral, command, to, { now: NOW, sla: SLA_SETTINGS });
      sequences.push(transitionAudit(referral, after, HEALTH_STAFF, command).sequence);
      referral = after;
    }

    expect(sequences).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('notificationOf', () => {
  it('tells the member which need and referral, which unit, the new status, the version and the time', () => {
    const referral = referralRecord({ status: 'accepted', version: 2, updatedAt: AT });

    const notification = notificationOf(referral);

    expect(notification).toEqual({
      memberId: AMINA.userId,
      needId: referral.needId,
      referralId: referral.id,
      unitId: 'health',
      status: 'accepted',
      sequence: 2,
      at: AT,
    });
  });

  it('includes the outcome once there is one', () => {
    const notification = notificationOf(referralRecord({ status: 'resolved', outcome: 'unreachable' }));

    expect(notification.outcome).toBe('unreachable');
  });

  it("tells the member about a new leg under that leg's unit", () => {
    const previous = referralRecord({ status: 'accepted', version: 2 });
    const leg = continuationLeg(
      previous,
      { action: 'transfer', toUnitId: 'housing' },
      { id: 'NEW', unitId: 'housing', now: NOW, sla: SLA_SETTINGS },
    );

    const notification = notificationOf(leg);

    expect(notification).toMatchObject({
      referralId: 'NEW',
      unitId: 'housing',
      status: 'routed',
      sequence: 1,
      at: AT,
    });
  });

  it("carries nothing of the case: no description, beneficiary, notes or the unit's reasons", () => {
    const referral = referralRecord({
      status: 'rejected',
      description: maximalReport().description,
      rejectionReason: 'other',
      holdReason: 'awaiting_information',
    });

    const notification = notificationOf(referral);

    expect(Object.keys(notification).sort()).toEqual(
      ['at', 'memberId', 'needId', 'referralId', 'sequence', 'status', 'unitId'].sort(),
    );
  });
});
