/**
 * The SLA sweep over the in-memory ports: what it raises, when, and that each threshold of each
 * clock is raised once however often it runs, overlaps or loses a race.
 */
import { describe, expect, it } from 'vitest';
import { reportNeed } from '../../../shared/application/report-need.js';
import { replaceSlaPolicies } from '../../../shared/application/sla-settings.js';
import { sweepSla } from '../../../shared/application/sla-sweep.js';
import { transitionReferral } from '../../../shared/application/transition-referral.js';
import { DEFAULT_SLA_POLICIES } from '../../../shared/domain/sla-policy.js';
import { AMINA, DIRECTOR, HEALTH_STAFF, minimalReport } from '../builders.js';
import { ist, local } from '../calendar/fixtures.js';
import { type FakeDependencies, fakeDependencies } from '../fakes.js';

const FIVE_MINUTES = 5 * 60_000;

/** A `priority` health need reported at `at` (Istanbul wall time); its one referral's id. */
async function reported(deps: FakeDependencies, at: string, key = `key-${at}`): Promise<string> {
  deps.clock.set(ist(at));
  const { response } = await reportNeed(deps, AMINA, { ...minimalReport(), priority: 'priority' }, key);
  return response.referrals[0]?.id as string;
}

/** Runs the sweep every five minutes from now until `until` (Istanbul wall time). */
async function sweepEveryFiveMinutesUntil(deps: FakeDependencies, until: string) {
  const end = ist(until).getTime();
  const reports = [];
  while (deps.clock.now().getTime() < end) {
    deps.clock.advance(FIVE_MINUTES);
    reports.push(await sweepSla(deps));
  }
  return reports;
}

const raisedEvents = (deps: FakeDependencies) =>
  [...deps.sla.events.values()]
    .map((event) => `${event.clock}-${event.threshold}@${local(new Date(event.at))}`)
    .sort();

async function act(deps: FakeDependencies, referralId: string, action: string, at: string, extra = {}) {
  deps.clock.set(ist(at));
  const current = await deps.referrals.referral(referralId);
  return await transitionReferral(deps, HEALTH_STAFF, referralId, {
    action,
    expectedVersion: current?.version,
    ...extra,
  } as never);
}

describe('the SLA sweep', () => {
  it('raises warning, breach and escalation once each, at their times, however often it runs', async () => {
    const deps = fakeDependencies();
    const referralId = await reported(deps, '2026-06-01T08:30');
    const reports = await sweepEveryFiveMinutesUntil(deps, '2026-06-04T09:00');
    expect(raisedEvents(deps)).toEqual([
      'acknowledge-breach@2026-06-01T17:30',
      'acknowledge-escalation@2026-06-03T17:30',
      'acknowledge-warning@2026-06-01T15:30',
    ]);
    // Each was raised by the first run at or after its time, and by no other.
    const raising = reports.filter(
      (report) => report.raised.warning + report.raised.breach + report.raised.escalation > 0,
    );
    expect(raising.map((report) => local(new Date(report.at)))).toEqual([
      '2026-06-01T15:30',
      '2026-06-01T17:30',
      '2026-06-03T17:30',
    ]);
    // The directorate has an alert for the breach and one for the escalation; warnings are the unit's.
    const alerts = [...deps.alerts.alerts.values()];
    expect(alerts.map((alert) => alert.type).sort()).toEqual(['sla-breach', 'sla-escalation']);
    expect(alerts.find((alert) => alert.type === 'sla-breach')).toMatchObject({
      id: `sla-breach-acknowledge-${referralId}`,
      status: 'open',
      district: 'seyhan',
      riskTypes: [],
      sla: { referralId, unitId: 'health', clock: 'acknowledge', priority: 'priority' },
    });
    // The referral shows what was raised, and its next SLA event is the resolve warning.
    const referral = await deps.referrals.referral(referralId);
    expect(Object.keys(referral?.slaTrack.raised ?? {}).sort()).toEqual([
      'acknowledge-breach',
      'acknowledge-escalation',
      'acknowledge-warning',
    ]);
    expect(local(new Date(referral?.slaTrack.nextEventAt as string))).toBe('2026-06-10T12:30');
    // Sweeping on changes nothing more until then.
    deps.clock.set(ist('2026-06-10T12:00'));
    expect((await sweepSla(deps)).examined).toBe(0);
    expect(deps.sla.events.size).toBe(3);
  });

  it('raises once when runs overlap', async () => {
    const deps = fakeDependencies();
    await reported(deps, '2026-06-01T08:30');
    deps.clock.set(ist('2026-06-04T09:00'));
    const reports = await Promise.all([sweepSla(deps), sweepSla(deps), sweepSla(deps)]);
    expect(deps.sla.events.size).toBe(3);
    expect(
      reports.reduce(
        (sum, report) => sum + report.raised.warning + report.raised.breach + report.raised.escalation,
        0,
      ),
    ).toBe(3);
    expect(deps.alerts.alerts.size).toBe(2);
  });

  it('raises a threshold once even when a lifecycle change overwrote the mark of an earlier run', async () => {
    const deps = fakeDependencies();
    const referralId = await reported(deps, '2026-06-01T08:30');
    deps.clock.set(ist('2026-06-01T16:00'));
    expect((await sweepSla(deps)).raised.warning).toBe(1);
    // A writer that read the referral before the sweep writes it back without the mark.
    const stored = deps.table.referrals.get(referralId);
    if (stored === undefined) throw new Error('missing referral');
    const unmarked = { ...stored.slaTrack, raised: {}, nextEventAt: ist('2026-06-01T15:30').toISOString() };
    deps.table.referrals.set(referralId, { ...stored, slaTrack: unmarked });
    const report = await sweepSla(deps);
    expect(report.raised.warning).toBe(0);
    expect(deps.sla.events.size).toBe(1);
    expect(Object.keys((await deps.referrals.referral(referralId))?.slaTrack.raised ?? {})).toEqual([
      'acknowledge-warning',
    ]);
  });

  it('reads the referral again when it changed under the sweep, and raises what fell due before the change', async () => {
    const deps = fakeDependencies();
    const referralId = await reported(deps, '2026-06-01T08:30');
    deps.clock.set(ist('2026-06-01T16:00'));
    const stale = await deps.referrals.referral(referralId);
    deps.sla.interleaveBeforeNextRaise(() => {
      // The unit accepts at 15:45, committing between the sweep's read and its write.
      if (stale === undefined) return;
      const accepted = {
        ...stale,
        status: 'accepted' as const,
        version: 2,
        acceptedAt: ist('2026-06-01T15:45').toISOString(),
      };
      deps.table.referrals.set(referralId, {
        ...accepted,
        slaTrack: { ...stale.slaTrack, respondedAt: accepted.acceptedAt },
      });
    });
    const report = await sweepSla(deps);
    expect(report.raised.warning).toBe(1);
    expect(raisedEvents(deps)).toEqual(['acknowledge-warning@2026-06-01T15:30']);
    expect((await deps.referrals.referral(referralId))?.version).toBe(2);
  });

  it('a lifecycle change that raced a sweep write is done again on what the sweep wrote, never over it', async () => {
    const deps = fakeDependencies();
    const referralId = await reported(deps, '2026-06-01T08:30');
    deps.clock.set(ist('2026-06-01T18:00'));
    const read = await deps.referrals.referral(referralId);
    if (read === undefined) throw new Error('missing referral');
    // A sweep writes the warning and breach marks after the unit's read, before its write:
    // same version (the user's lock), the next SLA revision.
    const marks = {
      'acknowledge-warning': ist('2026-06-01T15:30').toISOString(),
      'acknowledge-breach': ist('2026-06-01T17:30').toISOString(),
    };
    deps.referrals.interleaveBeforeNextChange(() => {
      deps.table.referrals.set(referralId, {
        ...read,
        slaRevision: 1,
        slaTrack: { ...read.slaTrack, raised: marks },
      });
    });
    const attemptsBefore = deps.referrals.changeAttempts;
    const accepted = await transitionReferral(deps, HEALTH_STAFF, referralId, {
      action: 'accept',
      expectedVersion: read.version,
    } as never);
    // Tried twice: the first write was refused, the second made on what the sweep wrote.
    expect(deps.referrals.changeAttempts - attemptsBefore).toBe(2);
    expect(accepted.version).toBe(2);
    const stored = await deps.referrals.referral(referralId);
    expect(stored?.slaTrack.raised).toEqual(marks);
    expect(stored?.slaRevision).toBe(1);
    expect(stored?.slaTrack.results?.acknowledge?.stage).toBe('breached');
    // Nothing is due again: the marks were kept.
    expect((await sweepSla(deps)).raised).toEqual({ warning: 0, breach: 0, escalation: 0 });
  });

  it('reads only the referrals that are due', async () => {
    const deps = fakeDependencies();
    await reported(deps, '2026-06-01T08:30', 'early');
    for (let index = 0; index < 30; index++) await reported(deps, '2026-06-01T13:30', `later-${index}`);
    deps.clock.set(ist('2026-06-01T15:35'));
    const report = await sweepSla(deps);
    expect(report).toMatchObject({ examined: 1, raised: { warning: 1, breach: 0, escalation: 0 } });
  });

  it('an accepted referral is warned on its resolve clock only, and a hold holds the resolve thresholds back', async () => {
    const deps = fakeDependencies();
    const referralId = await reported(deps, '2026-06-01T08:30');
    await act(deps, referralId, 'accept', '2026-06-01T09:00');
    await act(deps, referralId, 'start', '2026-06-01T09:00');
    await act(deps, referralId, 'hold', '2026-06-01T12:30', { holdReason: 'awaiting_information' });
    deps.clock.set(ist('2026-06-15T12:00'));
    await sweepSla(deps);
    expect(deps.sla.events.size).toBe(0);
    // The hold's cap ends on 15 June 12:30; the warning falls 3360 business minutes later.
    deps.clock.set(ist('2026-06-24T12:30'));
    await sweepSla(deps);
    expect(raisedEvents(deps)).toEqual(['resolve-warning@2026-06-24T12:30']);
  });

  it('a resolved referral raises nothing more', async () => {
    const deps = fakeDependencies();
    const referralId = await reported(deps, '2026-06-01T08:30');
    await act(deps, referralId, 'accept', '2026-06-01T09:00');
    await act(deps, referralId, 'start', '2026-06-01T09:00');
    await act(deps, referralId, 'resolve', '2026-06-02T09:00', { outcome: 'service_provided' });
    expect((await deps.referrals.referral(referralId))?.slaTrack.nextEventAt).toBeUndefined();
    deps.clock.set(ist('2026-12-01T09:00'));
    expect((await sweepSla(deps)).examined).toBe(0);
    expect(deps.sla.events.size).toBe(0);
  });

  it('after a policy change, recomputes the open schedules once', async () => {
    const deps = fakeDependencies();
    const referralId = await reported(deps, '2026-06-01T08:30');
    await act(deps, referralId, 'accept', '2026-06-01T09:00');
    deps.clock.set(ist('2026-06-01T10:00'));
    expect((await sweepSla(deps)).reconciled).toBe(1);
    const before = await deps.referrals.referral(referralId);
    expect(local(new Date(before?.slaTrack.dueAt as string))).toBe('2026-06-12T17:30');
    const stricter = DEFAULT_SLA_POLICIES.map((policy) =>
      policy.priority === 'priority'
        ? { ...policy, resolve: { amount: 4, unit: 'business-days' as const } }
        : policy,
    );
    const settings = await deps.slaSettings.load();
    await replaceSlaPolicies(deps, DIRECTOR, { policies: stricter, expectedVersion: settings.version });
    const report = await sweepSla(deps);
    expect(report.reconciled).toBe(1);
    const after = await deps.referrals.referral(referralId);
    expect(local(new Date(after?.slaTrack.dueAt as string))).toBe('2026-06-04T17:30');
    // Its facts did not change, nor its version: only the schedule.
    expect(after?.version).toBe(before?.version);
    expect((await sweepSla(deps)).reconciled).toBe(0);
  });
});
