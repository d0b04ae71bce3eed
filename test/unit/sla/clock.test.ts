/**
 * The SLA clocks of one leg, in pure code: deadlines in business time, holds and their cap,
 * stops, reopening, transfers (end to end) and which thresholds fall due when.
 */
import { describe, expect, it } from 'vitest';
import {
  continuationTrack,
  dueSlaEvents,
  newTrack,
  type SlaContext,
  type SlaSettingsData,
  type SlaTrack,
  slaContextFor,
  slaView,
  trackAfter,
  withRaised,
  withSchedule,
} from '../../../shared/domain/sla-clock.js';
import { DEFAULT_SLA_POLICIES } from '../../../shared/domain/sla-policy.js';
import type { ReferralAction } from '../../../shared/domain/vocabulary.js';
import { ist, istanbul2026, local } from '../calendar/fixtures.js';

const SETTINGS: SlaSettingsData = { policies: DEFAULT_SLA_POLICIES, calendar: istanbul2026 };
const context = (priority: 'emergency' | 'urgent' | 'priority' | 'routine'): SlaContext =>
  slaContextFor(SETTINGS, { categories: ['health'], priority });

/** A leg routed at `routedAt` (Istanbul wall time), then the given actions at their times. */
function leg(
  priority: 'emergency' | 'urgent' | 'priority' | 'routine',
  routedAt: string,
  actions: readonly (readonly [ReferralAction, string])[] = [],
): { track: SlaTrack; routedAt: string; context: SlaContext } {
  const routed = ist(routedAt).toISOString();
  const ctx = context(priority);
  let track = withSchedule(newTrack(routed, routed), routed, ctx);
  for (const [action, at] of actions) {
    track = withSchedule(trackAfter(track, action, ist(at).toISOString()), routed, ctx);
  }
  return { track, routedAt: routed, context: ctx };
}

const view = (built: ReturnType<typeof leg>, now: string) =>
  slaView(built.track, built.routedAt, built.context, ist(now));
const wall = (iso: string) => local(new Date(iso));

describe('deadlines in business time', () => {
  it('a priority referral routed at 10:00 on the eve of Kurban Bayramı is to be acknowledged by 15:00 on Monday 1 June', () => {
    const built = leg('priority', '2026-05-26T10:00');
    const sla = view(built, '2026-05-26T10:00');
    expect(wall(sla.acknowledge.dueAt)).toBe('2026-06-01T15:00');
    expect(sla.acknowledge.targetMinutes).toBe(480);
    expect(sla.stage).toBe('running');
    // The inbox orders it by the deadline it works to now: acknowledgement.
    expect(wall(built.track.dueAt)).toBe('2026-06-01T15:00');
  });

  it('resolve is due 10 business days after routing (the bayram and the weekend not counted)', () => {
    // Tue 26 May 10:00–12:30: 150 min (the eve's afternoon is a holiday); 1–5 and 8–11 June:
    // 9 days; Friday 12 June 08:30 + 330 min.
    const sla = view(leg('priority', '2026-05-26T10:00'), '2026-05-26T10:00');
    expect(wall(sla.resolve.dueAt)).toBe('2026-06-12T15:00');
    expect(sla.resolve.targetMinutes).toBe(4800);
  });

  it('emergency and urgent run around the clock', () => {
    const sla = view(leg('emergency', '2026-05-26T22:00'), '2026-05-26T22:00');
    expect(wall(sla.acknowledge.dueAt)).toBe('2026-05-27T00:00');
    expect(wall(sla.resolve.dueAt)).toBe('2026-05-28T22:00');
  });

  it('elapsed time counts business minutes only', () => {
    const sla = view(leg('routine', '2026-06-05T16:30'), '2026-06-08T09:30');
    // Friday 16:30–17:30 and Monday 08:30–09:30.
    expect(sla.acknowledge.elapsedMinutes).toBe(120);
    expect(sla.resolve.elapsedMinutes).toBe(120);
  });
});

describe('acknowledgement', () => {
  it('is met when accepted by the deadline, breached when later', () => {
    const onTime = view(
      leg('priority', '2026-06-01T09:00', [['accept', '2026-06-02T09:00']]),
      '2026-06-03T09:00',
    );
    // Accepted at the very deadline (one business day later): met.
    expect(onTime.acknowledge).toMatchObject({ stage: 'met', elapsedMinutes: 480 });
    const late = view(
      leg('priority', '2026-06-01T09:00', [['accept', '2026-06-02T10:00']]),
      '2026-06-03T09:00',
    );
    expect(late.acknowledge.stage).toBe('breached');
    expect(late.stage).toBe('breached');
  });

  it('a rejection answers too', () => {
    const sla = view(
      leg('priority', '2026-06-01T09:00', [['reject', '2026-06-01T11:00']]),
      '2026-06-03T09:00',
    );
    expect(sla.acknowledge.stage).toBe('met');
    expect(sla.resolve.stage).toBe('transferred');
  });
});

describe('holds', () => {
  const actions = [
    ['accept', '2026-06-01T09:00'],
    ['start', '2026-06-01T09:00'],
    ['hold', '2026-06-02T08:30'],
    ['resume', '2026-06-04T08:30'],
  ] as const;

  it('pause the resolve clock while they last and push its deadline back by as much', () => {
    const before = view(leg('priority', '2026-06-01T08:30', actions.slice(0, 2)), '2026-06-01T09:00');
    const paused = view(leg('priority', '2026-06-01T08:30', actions.slice(0, 3)), '2026-06-03T12:00');
    expect(paused.resolve.stage).toBe('paused');
    expect(paused.stage).toBe('paused');
    expect(paused.resolve.elapsedMinutes).toBe(480);
    expect(paused.resolve.hold).toMatchObject({
      since: ist('2026-06-02T08:30').toISOString(),
      capReached: false,
    });
    // Held to its cap, the clock would run again 10 business days after 2 June 08:30: at the end
    // of Monday 15 June (the same business instant as 08:30 on the 16th).
    expect(wall(paused.resolve.hold?.resumesAt as string)).toBe('2026-06-15T17:30');

    const resumed = view(leg('priority', '2026-06-01T08:30', actions), '2026-06-04T09:30');
    expect(resumed.resolve.stage).toBe('running');
    expect(resumed.resolve.pausedMinutes).toBe(960);
    expect(resumed.resolve.elapsedMinutes).toBe(480 + 60);
    expect(resumed.resolve.hold).toBeUndefined();
    // Two business days later than without the hold.
    expect(wall(before.resolve.dueAt)).toBe('2026-06-12T17:30');
    expect(wall(resumed.resolve.dueAt)).toBe('2026-06-16T17:30');
  });

  it('pause it for 10 business days at most, then it runs again though the referral is still on hold', () => {
    const held = leg('priority', '2026-06-01T08:30', actions.slice(0, 3));
    const atCap = view(held, '2026-06-16T08:30');
    expect(atCap.resolve.stage).toBe('running');
    expect(atCap.resolve.hold).toMatchObject({ capReached: true });
    expect(atCap.resolve.pausedMinutes).toBe(4800);
    const later = view(held, '2026-06-17T08:30');
    expect(later.resolve.elapsedMinutes).toBe(480 + 480);
    expect(later.resolve.pausedMinutes).toBe(4800);
    // The cap is for all holds of the leg together: a second hold after it pauses nothing.
    const again = leg('priority', '2026-06-01T08:30', [
      ...actions.slice(0, 3),
      ['resume', '2026-06-17T08:30'],
      ['hold', '2026-06-17T08:30'],
    ]);
    const secondHold = view(again, '2026-06-18T08:30');
    expect(secondHold.resolve.stage).toBe('running');
    expect(secondHold.resolve.elapsedMinutes).toBe(480 + 480 + 480);
  });

  it('count the cap in business days of the unit’s working calendar, on a 24/7 policy too', () => {
    const urgent = leg('urgent', '2026-06-01T09:00', [
      ['accept', '2026-06-01T09:30'],
      ['start', '2026-06-01T09:30'],
      ['hold', '2026-06-01T10:00'],
    ]);
    const sla = view(urgent, '2026-06-02T10:00');
    expect(sla.resolve.holdCapMinutes).toBe(4800);
    // 10 business days after Monday 1 June 10:00, not 10 calendar days.
    expect(wall(sla.resolve.hold?.resumesAt as string)).toBe('2026-06-15T10:00');
    // On the 24/7 clock, the whole wall-clock hold does not count: 1 h ran before it.
    expect(sla.resolve.elapsedMinutes).toBe(60);
  });

  it('a hold never pauses acknowledgement (it comes after acceptance)', () => {
    const sla = view(leg('priority', '2026-06-01T08:30', actions.slice(0, 3)), '2026-06-03T12:00');
    expect(sla.acknowledge).toMatchObject({ stage: 'met', elapsedMinutes: 30 });
  });
});

describe('stops', () => {
  it('resolve stops the clock: met by the deadline, breached after it', () => {
    const met = view(
      leg('priority', '2026-06-01T08:30', [
        ['accept', '2026-06-01T09:00'],
        ['start', '2026-06-01T09:00'],
        ['resolve', '2026-06-05T10:00'],
      ]),
      '2026-07-01T10:00',
    );
    expect(met).toMatchObject({ stage: 'met', resolve: { stage: 'met', elapsedMinutes: 4 * 480 + 90 } });
    expect(met.nextEventAt).toBeNull();
    const breached = view(
      leg('urgent', '2026-06-01T08:30', [
        ['accept', '2026-06-01T09:00'],
        ['start', '2026-06-01T09:00'],
        ['resolve', '2026-06-05T10:00'],
      ]),
      '2026-07-01T10:00',
    );
    expect(breached.resolve.stage).toBe('breached');
  });

  it('a stopped clock keeps its result: minutes counted and how it ended; a reopen clears the resolve result', () => {
    const resolved = leg('priority', '2026-06-01T08:30', [
      ['accept', '2026-06-01T09:00'],
      ['start', '2026-06-01T09:00'],
      ['resolve', '2026-06-02T08:30'],
    ]);
    expect(resolved.track.results).toEqual({
      acknowledge: { elapsedMinutes: 30, stage: 'met' },
      resolve: { elapsedMinutes: 480, stage: 'met' },
    });
    const reopened = leg('priority', '2026-06-01T08:30', [
      ['accept', '2026-06-01T09:00'],
      ['start', '2026-06-01T09:00'],
      ['resolve', '2026-06-02T08:30'],
      ['reopen', '2026-06-04T08:30'],
    ]);
    expect(reopened.track.results).toEqual({ acknowledge: { elapsedMinutes: 30, stage: 'met' } });
    // The time it spent resolved is not hold time.
    expect(view(reopened, '2026-06-04T09:00').resolve.pausedMinutes).toBe(0);
    // A result is not recomputed when the settings change later: figures stay what they were.
    const stricter = slaContextFor(
      {
        ...SETTINGS,
        policies: DEFAULT_SLA_POLICIES.map((policy) => ({
          ...policy,
          acknowledge: { amount: 0.01, unit: policy.acknowledge.unit },
        })),
      },
      { categories: ['health'], priority: 'priority' },
    );
    expect(withSchedule(resolved.track, resolved.routedAt, stricter).results).toEqual(resolved.track.results);
  });

  it('the time spent resolved before a reopen does not count', () => {
    const built = leg('priority', '2026-06-01T08:30', [
      ['accept', '2026-06-01T09:00'],
      ['start', '2026-06-01T09:00'],
      ['resolve', '2026-06-02T08:30'],
      ['reopen', '2026-06-04T08:30'],
    ]);
    const sla = view(built, '2026-06-04T09:30');
    expect(sla.resolve).toMatchObject({ stage: 'running', elapsedMinutes: 540 });
    expect(wall(sla.resolve.dueAt)).toBe('2026-06-16T17:30');
  });

  it('cancel excludes the leg from compliance', () => {
    const sla = view(
      leg('routine', '2026-06-01T08:30', [['cancel', '2026-06-01T10:00']]),
      '2026-08-01T10:00',
    );
    expect(sla).toMatchObject({
      stage: 'cancelled',
      acknowledge: { stage: 'cancelled' },
      resolve: { stage: 'cancelled' },
    });
    expect(sla.nextEventAt).toBeNull();
  });
});

describe('transfers', () => {
  it('the new leg has clocks of its own while the need’s end-to-end clock runs on from the report', () => {
    const first = leg('priority', '2026-06-01T08:30', [
      ['accept', '2026-06-01T09:00'],
      ['start', '2026-06-01T09:00'],
      ['hold', '2026-06-01T12:30'],
      ['transfer', '2026-06-03T12:30'],
    ]);
    const transferredAt = ist('2026-06-03T12:30').toISOString();
    const next = withSchedule(
      continuationTrack(first.track, first.routedAt, first.context, transferredAt),
      transferredAt,
      first.context,
    );
    const sla = slaView(next, transferredAt, first.context, ist('2026-06-04T12:30'));
    expect(sla.acknowledge.elapsedMinutes).toBe(480);
    expect(sla.endToEnd.since).toBe(first.routedAt);
    // 1 June 08:30–12:30 ran; the hold (1 June 12:30 → 3 June 12:30, 2 business days) did not; then 3 June 12:30 → 4 June 12:30.
    expect(sla.endToEnd.elapsedMinutes).toBe(240 + 480);
    // 4560 more minutes from 3 June 12:30: that afternoon, then 9 days to 16 June 17:30.
    expect(wall(sla.endToEnd.dueAt)).toBe('2026-06-16T17:30');
    expect(view(first, '2026-06-04T12:30').resolve.stage).toBe('transferred');
  });
});

describe('thresholds', () => {
  it('warning at 75 %, breach at 100 %, escalation 2 business days after the breach, in order', () => {
    const built = leg('priority', '2026-06-01T08:30');
    const events = dueSlaEvents(built.track, built.routedAt, built.context, ist('2026-12-31T00:00'));
    expect(events.map((event) => [event.clock, event.threshold, wall(event.at)])).toEqual([
      ['acknowledge', 'warning', '2026-06-01T15:30'],
      ['acknowledge', 'breach', '2026-06-01T17:30'],
      ['acknowledge', 'escalation', '2026-06-03T17:30'],
      ['resolve', 'warning', '2026-06-10T12:30'],
      ['resolve', 'breach', '2026-06-12T17:30'],
      ['resolve', 'escalation', '2026-06-16T17:30'],
    ]);
    expect(wall(built.track.nextEventAt as string)).toBe('2026-06-01T15:30');
  });

  it('raised thresholds are not due again, and the next SLA event moves on', () => {
    const built = leg('priority', '2026-06-01T08:30');
    const now = ist('2026-06-01T18:00');
    const due = dueSlaEvents(built.track, built.routedAt, built.context, now);
    expect(due.map((event) => event.threshold)).toEqual(['warning', 'breach']);
    const raised = withRaised(built.track, due, built.routedAt, built.context);
    expect(dueSlaEvents(raised, built.routedAt, built.context, now)).toEqual([]);
    expect(wall(raised.nextEventAt as string)).toBe('2026-06-03T17:30');
    expect(
      slaView(raised, built.routedAt, built.context, now).events.map((event) => event.threshold),
    ).toEqual(['warning', 'breach']);
  });

  it('a threshold crossed before the clock stopped is still due after; one after the stop never is', () => {
    const built = leg('priority', '2026-06-01T08:30', [['accept', '2026-06-01T16:00']]);
    // The warning (15:30) fell due before the acceptance; the breach (17:30) would have come after.
    const due = dueSlaEvents(built.track, built.routedAt, built.context, ist('2026-06-02T09:00'));
    expect(due.map((event) => `${event.clock}-${event.threshold}`)).toEqual(['acknowledge-warning']);
    const accepted = leg('priority', '2026-06-01T08:30', [['accept', '2026-06-01T15:30']]);
    // Accepted at the very instant of the warning: it is not raised.
    expect(
      dueSlaEvents(accepted.track, accepted.routedAt, accepted.context, ist('2026-06-02T09:00')),
    ).toEqual([]);
  });

  it('while on hold the resolve thresholds wait for the cap', () => {
    const built = leg('priority', '2026-06-01T08:30', [
      ['accept', '2026-06-01T09:00'],
      ['start', '2026-06-01T09:00'],
      ['hold', '2026-06-01T12:30'],
    ]);
    // The cap ends 15 June 12:30 (240 min ran before the hold); 75 % (3600 min) falls 3360 min later.
    expect(wall(built.track.nextEventAt as string)).toBe('2026-06-24T12:30');
    expect(dueSlaEvents(built.track, built.routedAt, built.context, ist('2026-06-15T12:00'))).toEqual([]);
  });

  it('a policy change moves the schedule: the same facts, another target', () => {
    const built = leg('priority', '2026-06-01T08:30');
    const stricter = slaContextFor(
      {
        ...SETTINGS,
        policies: DEFAULT_SLA_POLICIES.map((policy) =>
          policy.priority === 'priority'
            ? { ...policy, resolve: { amount: 5, unit: 'business-days' } }
            : policy,
        ),
      },
      { categories: ['health'], priority: 'priority' },
    );
    const sla = slaView(built.track, built.routedAt, stricter, ist('2026-06-01T09:00'));
    expect(wall(sla.resolve.dueAt)).toBe('2026-06-05T17:30');
  });
});
