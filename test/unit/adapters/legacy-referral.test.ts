/** Referral items written before SLA clocks existed: their clocks' facts come from the referral. */
import { describe, expect, it } from 'vitest';
import { referralItem, referralOf } from '../../../shared/adapters/dynamodb/records.js';
import { dueSlaEvents, slaContextFor } from '../../../shared/domain/sla-clock.js';
import { referralRecord, SLA_SETTINGS } from '../builders.js';

function legacyItem(overrides: Parameters<typeof referralRecord>[0]) {
  const { slaTrack: _track, ...item } = referralItem(referralRecord(overrides));
  return item;
}

describe('a referral stored without SLA facts', () => {
  it('that was accepted and resolved in time raises nothing, however late it is read', () => {
    const referral = referralOf(
      legacyItem({
        status: 'closed',
        acceptedAt: '2026-03-02T10:00:00.000Z',
        resolvedAt: '2026-03-03T10:00:00.000Z',
        closedAt: '2026-03-04T10:00:00.000Z',
        updatedAt: '2026-03-04T10:00:00.000Z',
      }),
    );
    expect(referral.slaTrack).toMatchObject({
      respondedAt: '2026-03-02T10:00:00.000Z',
      stoppedAt: '2026-03-03T10:00:00.000Z',
      stoppedBy: 'resolve',
    });
    const context = slaContextFor(SLA_SETTINGS, referral);
    expect(
      dueSlaEvents(referral.slaTrack, referral.createdAt, context, new Date('2026-12-01T00:00:00Z')),
    ).toEqual([]);
  });

  it('that was cancelled or passed on is stopped; one on hold is held since its last change', () => {
    expect(
      referralOf(legacyItem({ status: 'cancelled', updatedAt: '2026-03-02T11:00:00.000Z' })).slaTrack,
    ).toMatchObject({
      respondedAt: '2026-03-02T11:00:00.000Z',
      stoppedBy: 'cancel',
    });
    expect(
      referralOf(legacyItem({ status: 'transferred', updatedAt: '2026-03-02T11:00:00.000Z' })).slaTrack,
    ).toMatchObject({
      stoppedBy: 'handover',
    });
    expect(
      referralOf(
        legacyItem({
          status: 'on_hold',
          acceptedAt: '2026-03-02T10:00:00.000Z',
          updatedAt: '2026-03-05T11:00:00.000Z',
        }),
      ).slaTrack.pauses,
    ).toEqual([{ from: '2026-03-05T11:00:00.000Z', kind: 'hold' }]);
  });
});
