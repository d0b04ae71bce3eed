/**
 * SLA clocks, in pure code. A referral (one leg of a need at one unit) carries the facts of
 * its clocks — when it was routed, answered, paused, stopped, and which thresholds were
 * raised — and everything else (deadlines, elapsed time, stage, the next SLA event) is
 * computed from those facts with the current policy and calendar. So a change of policy or
 * calendar recomputes every open clock exactly, and the same facts give the same answer on
 * every runtime.
 *
 * Two clocks per leg, both from the moment the leg was routed to its unit:
 * - acknowledge: until the unit answers (accepts it — or rejects or passes it on);
 * - resolve: until the unit resolves it. A hold pauses it, for at most HOLD_CAP_BUSINESS_DAYS
 *   in all (then it runs again although the referral is still on hold, and the view says so);
 *   the time a referral spent resolved before it was reopened does not count.
 * And one clock per need, shown on each leg: end-to-end, from the report, across transfers.
 *
 * Each clock raises a warning at WARNING_SHARE of its target, a breach at its deadline, and an
 * escalation when a breach stays unanswered ESCALATION_BUSINESS_DAYS more business days. A
 * threshold crossed before the clock stopped is raised even if the clock has stopped since
 * (the sweep may have been late); one that falls after the stop never is.
 */
import type { SlaClockView, SlaView } from '../schemas/sla.js';
import {
  addBusinessTime,
  type BusinessCalendar,
  businessDays,
  businessTimeBetween,
  type WorkingHoursCalendar,
} from './business-calendar.js';
import { durationMinutes, policyFor, type SlaPolicy } from './sla-policy.js';
import type { ReferralAction } from './vocabulary.js';

export const SLA_CLOCKS = ['acknowledge', 'resolve'] as const;
export type SlaClockName = (typeof SLA_CLOCKS)[number];
export const SLA_THRESHOLDS = ['warning', 'breach', 'escalation'] as const;
export type SlaThreshold = (typeof SLA_THRESHOLDS)[number];
export const SLA_STAGES = ['running', 'paused', 'met', 'breached', 'cancelled', 'transferred'] as const;
export type SlaStage = (typeof SLA_STAGES)[number];

/** A warning is raised when this share of a clock's target has elapsed. */
export const WARNING_SHARE = 0.75;
/** A breach still unanswered this many business days later is escalated to the directorate. */
export const ESCALATION_BUSINESS_DAYS = 2;
/** Holds pause a leg's resolve clock for at most this many business days in all. */
export const HOLD_CAP_BUSINESS_DAYS = 10;

export type SlaEventKey = `${SlaClockName}-${SlaThreshold}`;
export const slaEventKey = (clock: SlaClockName, threshold: SlaThreshold): SlaEventKey =>
  `${clock}-${threshold}`;

/**
 * Time that does not count: a hold (capped), or time excluded outright (a referral resolved
 * and later reopened; the pauses of a need's earlier legs, already capped, for end-to-end).
 */
export interface SlaPause {
  readonly from: string;
  /** Absent while the hold lasts. */
  readonly to?: string;
  readonly kind: 'hold' | 'excluded';
}

/** The facts of a leg's clocks, stored with the referral; `dueAt` and `nextEventAt` are derived. */
export interface SlaTrack {
  /** When the need was reported: the end-to-end clock's start. */
  readonly needReportedAt: string;
  /** The need's earlier legs' pauses, closed and capped: they do not count end to end either. */
  readonly earlierPauses: readonly SlaPause[];
  /** When the unit answered: accepted, rejected, or the leg was passed on or cancelled. */
  readonly respondedAt?: string;
  /** When the resolve clock stopped, and why. */
  readonly stoppedAt?: string;
  readonly stoppedBy?: 'resolve' | 'handover' | 'cancel';
  readonly pauses: readonly SlaPause[];
  /** The thresholds raised so far, with when each fell due. */
  readonly raised: Readonly<Partial<Record<SlaEventKey, string>>>;
  /** Derived: the deadline the unit works to now (acknowledge until answered, then resolve). */
  readonly dueAt: string;
  /** Derived: when the next threshold falls due; absent when no more can. */
  readonly nextEventAt?: string;
  /**
   * Derived once, when a clock stops, and kept: how long it ran and how it ended. Figures
   * (dashboards, exports) read these, so they never depend on settings changed later.
   */
  readonly results?: { readonly acknowledge?: SlaResult; readonly resolve?: SlaResult };
}

/** A stopped clock: business minutes counted, and its stage when it stopped. */
export interface SlaResult {
  readonly elapsedMinutes: number;
  readonly stage: SlaStage;
}

/** The policy of one referral and the calendars its clocks run on. */
export interface SlaContext {
  readonly policy: SlaPolicy;
  /** The policy's calendar: the council's working hours, or around the clock. */
  readonly calendar: BusinessCalendar;
  /** The council's working calendar: escalations and the hold cap count its business days. */
  readonly workingCalendar: BusinessCalendar;
}

/** The settings a context is made from (the council's SLA settings). */
export interface SlaSettingsData {
  readonly policies: readonly SlaPolicy[];
  /** The council's working calendar. */
  readonly calendar: WorkingHoursCalendar;
  /** Units that keep other hours than the council's: their own calendar, by unit id. */
  readonly unitCalendars?: Readonly<Record<string, WorkingHoursCalendar>>;
}

/** The working calendar of a unit: its own if it has one, else the council's. */
export function workingCalendarOf(
  settings: SlaSettingsData,
  unitId: string | undefined,
): WorkingHoursCalendar {
  return (unitId === undefined ? undefined : settings.unitCalendars?.[unitId]) ?? settings.calendar;
}

export function slaContextFor(
  settings: SlaSettingsData,
  referral: {
    readonly categories: readonly string[];
    readonly priority: SlaPolicy['priority'];
    /** The unit holding the referral: its calendar is the one that counts. */
    readonly unitId?: string;
  },
): SlaContext {
  const policy = policyFor(settings.policies, referral.categories, referral.priority);
  const working = workingCalendarOf(settings, referral.unitId);
  return {
    policy,
    calendar: policy.calendar === 'business' ? working : { kind: '24/7', timeZone: working.timeZone },
    workingCalendar: working,
  };
}

/** A due threshold: which clock, which threshold, and the instant it fell due. */
export interface SlaEventDue {
  readonly clock: SlaClockName;
  readonly threshold: SlaThreshold;
  readonly at: string;
}

// ---------------------------------------------------------------------------------------------
// Facts: a new leg, and how each lifecycle action changes them
// ---------------------------------------------------------------------------------------------

/** The facts of a leg just routed; its schedule is filled in by `withSchedule`. */
export function newTrack(routedAt: string, needReportedAt: string, earlierPauses: readonly SlaPause[] = []) {
  return { needReportedAt, earlierPauses: [...earlierPauses], pauses: [], raised: {}, dueAt: routedAt };
}

/** The facts after a lifecycle action at `at` (the schedule is recomputed by `withSchedule`). */
export function trackAfter(track: SlaTrack, action: ReferralAction, at: string): SlaTrack {
  const closePause = (pauses: readonly SlaPause[]) =>
    pauses.map((pause) => (pause.to === undefined ? { ...pause, to: at } : pause));
  switch (action) {
    case 'accept':
      return { ...track, respondedAt: at };
    case 'hold':
      return { ...track, pauses: [...track.pauses, { from: at, kind: 'hold' }] };
    case 'resume':
      return { ...track, pauses: closePause(track.pauses) };
    case 'resolve':
      return { ...track, pauses: closePause(track.pauses), stoppedAt: at, stoppedBy: 'resolve' };
    case 'reopen': {
      const { stoppedAt, stoppedBy: _stoppedBy, ...reopened } = track;
      if (stoppedAt === undefined) return track;
      return { ...reopened, pauses: [...track.pauses, { from: stoppedAt, to: at, kind: 'excluded' }] };
    }
    case 'reject':
    case 'transfer':
    case 'route':
    case 'cancel':
      return {
        ...track,
        respondedAt: track.respondedAt ?? at,
        pauses: closePause(track.pauses),
        stoppedAt: at,
        stoppedBy: action === 'cancel' ? 'cancel' : 'handover',
      };
    case 'start':
    case 'close':
      return track;
  }
}

/** The facts of the leg that continues `previous` (ended by a transfer, route or rejection). */
export function continuationTrack(
  previous: SlaTrack,
  previousRoutedAt: string,
  context: SlaContext,
  at: string,
) {
  const { excluded } = resolveTimeline(previous, previousRoutedAt, context, false);
  return newTrack(at, previous.needReportedAt, [
    ...previous.earlierPauses,
    ...excluded.map(([from, to]): SlaPause => ({ from: iso(from), to: iso(to), kind: 'excluded' })),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Timelines: when each clock runs
// ---------------------------------------------------------------------------------------------

/** Wall-clock intervals [start, end) during which a clock counts; the last may be open (Infinity). */
type Interval = readonly [number, number];

interface Timeline {
  readonly running: Interval[];
  /** Closed intervals that did not count (holds up to the cap, excluded time). */
  readonly excluded: Interval[];
  /** Of those, the holds' (up to the cap). */
  readonly held: Interval[];
}

const iso = (millis: number) => new Date(millis).toISOString();
const ms = (at: string) => Date.parse(at);

/** The hold cap, in business minutes of the unit's working calendar (whatever the policy's). */
function holdCapMinutes(context: SlaContext): number {
  return businessDays(HOLD_CAP_BUSINESS_DAYS, context.workingCalendar);
}

/**
 * Where a clock runs: from `start`, except in the pauses (holds count up to the cap), until
 * `stop` — or, with `stop` undefined, as if it ran on forever (to find deadlines). Holds are
 * measured against the cap on `capCalendar` (the unit's working calendar), so that a 24/7
 * clock, too, is paused for at most 10 *business* days.
 */
function timeline(
  capCalendar: BusinessCalendar,
  start: number,
  pauses: readonly SlaPause[],
  stop: number | undefined,
  capMinutes: number,
): Timeline {
  const running: Interval[] = [];
  const excluded: Interval[] = [];
  const heldIntervals: Interval[] = [];
  let cursor = start;
  let capLeft = capMinutes;
  const ordered = [...pauses].sort((a, b) => ms(a.from) - ms(b.from));
  for (const pause of ordered) {
    const from = Math.max(ms(pause.from), cursor);
    const to = pause.to === undefined ? Number.POSITIVE_INFINITY : ms(pause.to);
    if (stop !== undefined && from >= stop) break;
    if (to <= from) continue;
    if (from > cursor) running.push([cursor, from]);
    if (pause.kind === 'excluded') {
      excluded.push([from, to]);
      cursor = to;
      continue;
    }
    const held =
      to === Number.POSITIVE_INFINITY
        ? Number.POSITIVE_INFINITY
        : businessTimeBetween(capCalendar, new Date(from), new Date(to));
    if (held <= capLeft) {
      capLeft -= held;
      excluded.push([from, to]);
      heldIntervals.push([from, to]);
      cursor = to;
    } else {
      // The cap is reached inside this hold: the clock runs again from then on.
      const resumesAt =
        capLeft === 0 ? from : addBusinessTime(capCalendar, new Date(from), capLeft).getTime();
      capLeft = 0;
      if (resumesAt > from) {
        excluded.push([from, resumesAt]);
        heldIntervals.push([from, resumesAt]);
      }
      cursor = resumesAt;
    }
  }
  const end = stop ?? Number.POSITIVE_INFINITY;
  if (cursor < end) running.push([cursor, end]);
  return { running, excluded, held: heldIntervals };
}

function resolveTimeline(
  track: SlaTrack,
  routedAt: string,
  context: SlaContext,
  untilStop: boolean,
): Timeline {
  const stop = untilStop && track.stoppedAt !== undefined ? ms(track.stoppedAt) : undefined;
  return timeline(context.workingCalendar, ms(routedAt), track.pauses, stop, holdCapMinutes(context));
}

/** Business minutes the clock counted up to `at`. */
function elapsedAt(calendar: BusinessCalendar, running: readonly Interval[], at: number): number {
  let total = 0;
  for (const [start, end] of running) {
    if (start >= at) break;
    total += businessTimeBetween(calendar, new Date(start), new Date(Math.min(end, at)));
  }
  return total;
}

/** The instant at which the clock has counted `minutes`; undefined if it stops before. */
function instantAfter(
  calendar: BusinessCalendar,
  running: readonly Interval[],
  minutes: number,
): number | undefined {
  let remaining = minutes;
  for (const [start, end] of running) {
    if (end === Number.POSITIVE_INFINITY)
      return addBusinessTime(calendar, new Date(start), remaining).getTime();
    const length = businessTimeBetween(calendar, new Date(start), new Date(end));
    if (remaining <= length) return addBusinessTime(calendar, new Date(start), remaining).getTime();
    remaining -= length;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Clocks
// ---------------------------------------------------------------------------------------------

interface ClockFacts {
  readonly name: SlaClockName;
  readonly targetMinutes: number;
  /** As if the clock ran on without stopping: deadlines and threshold instants come from here. */
  readonly runningOn: readonly Interval[];
  readonly stop: number | undefined;
}

function clockFacts(track: SlaTrack, routedAt: string, context: SlaContext): ClockFacts[] {
  const start = ms(routedAt);
  return [
    {
      name: 'acknowledge',
      targetMinutes: durationMinutes(context.policy.acknowledge, context.calendar),
      runningOn: [[start, Number.POSITIVE_INFINITY]],
      stop: track.respondedAt === undefined ? undefined : ms(track.respondedAt),
    },
    {
      name: 'resolve',
      targetMinutes: durationMinutes(context.policy.resolve, context.calendar),
      runningOn: resolveTimeline(track, routedAt, context, false).running,
      stop: track.stoppedAt === undefined ? undefined : ms(track.stoppedAt),
    },
  ];
}

function thresholdInstants(clock: ClockFacts, context: SlaContext): Record<SlaThreshold, number> {
  const deadline = instantAfter(context.calendar, clock.runningOn, clock.targetMinutes) as number;
  const warning = instantAfter(
    context.calendar,
    clock.runningOn,
    Math.ceil(clock.targetMinutes * WARNING_SHARE),
  ) as number;
  const escalation = addBusinessTime(
    context.workingCalendar,
    new Date(deadline),
    businessDays(ESCALATION_BUSINESS_DAYS, context.workingCalendar),
  ).getTime();
  return { warning, breach: deadline, escalation };
}

/** Every threshold not raised yet that can still fall due, earliest first. */
function pendingThresholds(track: SlaTrack, routedAt: string, context: SlaContext): SlaEventDue[] {
  const pending: SlaEventDue[] = [];
  for (const clock of clockFacts(track, routedAt, context)) {
    const instants = thresholdInstants(clock, context);
    for (const threshold of SLA_THRESHOLDS) {
      const at = instants[threshold];
      if (track.raised[slaEventKey(clock.name, threshold)] !== undefined) continue;
      // A threshold after the clock stopped never falls due; at the very instant it stops, it is met.
      if (clock.stop !== undefined && at >= clock.stop) continue;
      pending.push({ clock: clock.name, threshold, at: iso(at) });
    }
  }
  return pending.sort(
    (a, b) =>
      a.at.localeCompare(b.at) ||
      SLA_THRESHOLDS.indexOf(a.threshold) - SLA_THRESHOLDS.indexOf(b.threshold) ||
      SLA_CLOCKS.indexOf(a.clock) - SLA_CLOCKS.indexOf(b.clock),
  );
}

/** The deadline of one clock (while on hold: if the hold lasts to its cap). */
export function clockDeadline(
  track: SlaTrack,
  routedAt: string,
  context: SlaContext,
  clock: SlaClockName,
): string {
  const facts = clockFacts(track, routedAt, context).find(
    (candidate) => candidate.name === clock,
  ) as ClockFacts;
  return iso(thresholdInstants(facts, context).breach);
}

/** The thresholds due by `now` and not raised yet, in the order they fell due. */
export function dueSlaEvents(
  track: SlaTrack,
  routedAt: string,
  context: SlaContext,
  now: Date,
): SlaEventDue[] {
  return pendingThresholds(track, routedAt, context).filter((event) => ms(event.at) <= now.getTime());
}

/** The derived part of the track: the deadline the unit works to, and the next SLA event. */
export function scheduleOf(
  track: SlaTrack,
  routedAt: string,
  context: SlaContext,
): Pick<SlaTrack, 'dueAt' | 'nextEventAt'> {
  const [acknowledge, resolve] = clockFacts(track, routedAt, context) as [ClockFacts, ClockFacts];
  const governing = track.respondedAt === undefined ? acknowledge : resolve;
  const dueAt = iso(thresholdInstants(governing, context).breach);
  const next = pendingThresholds(track, routedAt, context)[0];
  return next === undefined ? { dueAt } : { dueAt, nextEventAt: next.at };
}

/** The track with its schedule recomputed, and the result of any clock that just stopped. */
export function withSchedule(
  track: Omit<SlaTrack, 'dueAt' | 'nextEventAt'> & Partial<Pick<SlaTrack, 'dueAt' | 'nextEventAt'>>,
  routedAt: string,
  context: SlaContext,
): SlaTrack {
  const { dueAt: _dueAt, nextEventAt: _nextEventAt, results, ...facts } = track;
  const provisional: SlaTrack = { ...facts, dueAt: routedAt };
  const scheduled = { ...facts, ...scheduleOf(provisional, routedAt, context) };
  // A result is kept once taken; a reopened referral's resolve clock runs again and loses its own.
  let acknowledge = results?.acknowledge;
  let resolve = facts.stoppedAt === undefined ? undefined : results?.resolve;
  if (
    (acknowledge === undefined && facts.respondedAt !== undefined) ||
    (resolve === undefined && facts.stoppedAt !== undefined)
  ) {
    const at = new Date(Math.max(ms(facts.respondedAt ?? routedAt), ms(facts.stoppedAt ?? routedAt)));
    const view = slaView(scheduled, routedAt, context, at);
    if (acknowledge === undefined && facts.respondedAt !== undefined) {
      acknowledge = { elapsedMinutes: view.acknowledge.elapsedMinutes, stage: view.acknowledge.stage };
    }
    if (resolve === undefined && facts.stoppedAt !== undefined) {
      resolve = { elapsedMinutes: view.resolve.elapsedMinutes, stage: view.resolve.stage };
    }
  }
  if (acknowledge === undefined && resolve === undefined) return scheduled;
  return {
    ...scheduled,
    results: {
      ...(acknowledge === undefined ? {} : { acknowledge }),
      ...(resolve === undefined ? {} : { resolve }),
    },
  };
}

/** The track with thresholds marked raised (the sweep's record of what it raised). */
export function withRaised(
  track: SlaTrack,
  raised: readonly SlaEventDue[],
  routedAt: string,
  context: SlaContext,
) {
  const marks = { ...track.raised };
  for (const event of raised) marks[slaEventKey(event.clock, event.threshold)] = event.at;
  return withSchedule({ ...track, raised: marks }, routedAt, context);
}

// ---------------------------------------------------------------------------------------------
// The view
// ---------------------------------------------------------------------------------------------

function clockStage(
  clock: ClockFacts,
  deadline: number,
  track: SlaTrack,
  now: number,
  paused: boolean,
): SlaStage {
  if (track.stoppedBy === 'cancel') return 'cancelled';
  if (clock.stop !== undefined) {
    if (clock.stop > deadline) return 'breached';
    return clock.name === 'resolve' && track.stoppedBy === 'handover' ? 'transferred' : 'met';
  }
  if (now >= deadline) return 'breached';
  return paused ? 'paused' : 'running';
}

/** What the API shows under `sla`: the policy, both clocks, end to end, raised and next events. */
export function slaView(track: SlaTrack, routedAt: string, context: SlaContext, now: Date): SlaView {
  const at = now.getTime();
  const calendar = context.calendar;
  const [acknowledge, resolve] = clockFacts(track, routedAt, context) as [ClockFacts, ClockFacts];
  const untilStop = resolveTimeline(track, routedAt, context, true);
  const openHold =
    track.stoppedAt === undefined ? track.pauses.find((pause) => pause.to === undefined) : undefined;
  // While a hold lasts, the clock is paused until the cap; the running-on timeline knows when that is.
  const resumesAt =
    openHold === undefined
      ? undefined
      : (resolve.runningOn.find(([start]) => start >= ms(openHold.from))?.[0] ?? Number.POSITIVE_INFINITY);
  const paused = resumesAt !== undefined && at < resumesAt;

  const view = (clock: ClockFacts, running: readonly Interval[], isPaused: boolean): SlaClockView => {
    const deadline = thresholdInstants(clock, context).breach;
    const end = Math.min(at, clock.stop ?? Number.POSITIVE_INFINITY);
    return {
      stage: clockStage(clock, deadline, track, at, isPaused),
      targetMinutes: clock.targetMinutes,
      dueAt: iso(deadline),
      elapsedMinutes: Math.floor(elapsedAt(calendar, running, end)),
      ...(clock.stop === undefined ? {} : { stoppedAt: iso(clock.stop) }),
    };
  };
  const acknowledgeView = view(acknowledge, acknowledge.runningOn, false);
  const resolveEnd = Math.min(at, resolve.stop ?? Number.POSITIVE_INFINITY);
  // Time on hold only (not the time a referral spent resolved before a reopen).
  const heldMinutes = untilStop.held.reduce(
    (total, [start, end]) =>
      start >= resolveEnd
        ? total
        : total + businessTimeBetween(calendar, new Date(start), new Date(Math.min(end, resolveEnd))),
    0,
  );
  const resolveView = {
    ...view(resolve, untilStop.running, paused),
    pausedMinutes: Math.floor(heldMinutes),
    holdCapMinutes: holdCapMinutes(context),
    ...(openHold === undefined || resumesAt === undefined
      ? {}
      : {
          hold: {
            since: openHold.from,
            resumesAt: iso(resumesAt),
            capReached: !paused,
          },
        }),
  };

  // End to end: from the report, across legs, without any leg's pauses, against the resolve target.
  const endToEndOn = timeline(
    context.workingCalendar,
    ms(track.needReportedAt),
    [...track.earlierPauses, ...track.pauses],
    undefined,
    holdCapMinutes(context),
  ).running;
  const endToEndStop =
    track.stoppedBy === 'resolve' || track.stoppedBy === 'cancel' ? resolve.stop : undefined;
  const endToEndDue = instantAfter(calendar, endToEndOn, resolve.targetMinutes) as number;

  const stages = [acknowledgeView.stage, resolveView.stage];
  const stage: SlaStage = stages.includes('cancelled')
    ? 'cancelled'
    : stages.includes('breached')
      ? 'breached'
      : resolveView.stage;
  const next = pendingThresholds(track, routedAt, context)[0];
  return {
    policy: context.policy,
    stage,
    acknowledge: acknowledgeView,
    resolve: resolveView,
    endToEnd: {
      since: track.needReportedAt,
      dueAt: iso(endToEndDue),
      elapsedMinutes: Math.floor(
        elapsedAt(calendar, endToEndOn, Math.min(at, endToEndStop ?? Number.POSITIVE_INFINITY)),
      ),
    },
    events: (Object.entries(track.raised) as [SlaEventKey, string][])
      .map(([key, raisedAt]) => {
        const [clock, threshold] = key.split('-') as [SlaClockName, SlaThreshold];
        return { clock, threshold, at: raisedAt };
      })
      .sort((a, b) => a.at.localeCompare(b.at)),
    nextEventAt: next?.at ?? null,
  };
}
