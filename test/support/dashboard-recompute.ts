/**
 * The dashboard recomputed the plain way, from the referrals as the API lists them (and the
 * hotspot alerts): every figure counted over the referrals themselves, with none of the
 * rollup code (facts, contributions, cells). Only constants and the business-calendar
 * arithmetic are shared with the product. Tests compare this with GET /v1/dashboard.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  addBusinessTime,
  businessDays,
  businessTimeBetween,
  type WorkingHoursCalendar,
} from '../../shared/domain/business-calendar.js';
import { HOUR_BUCKETS } from '../../shared/domain/rollups.js';
import {
  AGING_BUCKETS,
  type DashboardGrouping,
  type DashboardResponse,
  type Figure,
  type DashboardGroup as Group,
  SMALL_CELL_THRESHOLD,
} from '../../shared/schemas/dashboard.js';
import type { Referral } from '../../shared/schemas/referral.js';

type Label = NonNullable<Group['label']>;

export interface RecomputeInput {
  readonly referrals: readonly Referral[];
  /** Cohesion hotspot alerts: when each was raised. */
  readonly hotspots: readonly { readonly raisedAt: string }[];
  readonly now: Date;
  readonly timeZone: string;
  /** The council's working calendar, and units' own calendars. */
  readonly calendar: WorkingHoursCalendar;
  readonly unitCalendars: Readonly<Record<string, WorkingHoursCalendar>>;
  readonly labels: {
    readonly units: readonly { id: string; label: Label }[];
    readonly categories: readonly { id: string; label: Label }[];
    readonly districts: readonly { id: string; label: Label }[];
  };
}

export interface DashboardRequest {
  readonly from: string;
  readonly to: string;
  readonly groupBy: DashboardGrouping;
  /** Unit staff's view of their own unit; undefined: the directorate's view of the council. */
  readonly unitId?: string;
}

const ACTIVE = new Set(['routed', 'accepted', 'in_progress', 'on_hold']);

const suppressedFigure: Figure = { value: null, suppressed: true };
const counted = (value: number, basis: number = value): Figure =>
  basis < SMALL_CELL_THRESHOLD ? suppressedFigure : { value, suppressed: false };

/** The local calendar date of an instant, YYYY-MM-DD. */
export function dayIn(timeZone: string, at: string | Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value as string;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The value reported for a percentile: the upper bound (hours) of the bucket its referral falls in. */
function bucketBound(minutes: number): number {
  for (const bound of HOUR_BUCKETS) if (minutes <= bound * 60) return bound;
  return HOUR_BUCKETS[HOUR_BUCKETS.length - 1] as number;
}

/** Nearest-rank percentile (numerator/denominator: 1/2, 9/10) of business minutes, as its bucket's bound. */
function percentile(minutes: readonly number[], numerator: number, denominator: number): Figure {
  if (minutes.length < SMALL_CELL_THRESHOLD) return suppressedFigure;
  const sorted = [...minutes].sort((a, b) => a - b);
  const rank = Math.ceil((numerator * sorted.length) / denominator);
  return counted(bucketBound(sorted[rank - 1] as number), sorted.length);
}

/** What one referral is, read straight from its API representation. */
interface Plain {
  readonly referral: Referral;
  readonly routedDay: string;
  readonly acceptedDay?: string;
  readonly resolvedDay?: string;
  readonly stop?: { day: string; stage: string };
  readonly open?: { dueDay: string; breached: boolean };
}

function plain(referral: Referral, timeZone: string): Plain {
  const { sla } = referral;
  const answered = sla.acknowledge.stoppedAt !== undefined;
  const current = answered ? sla.resolve : sla.acknowledge;
  const clockName = answered ? 'resolve' : 'acknowledge';
  return {
    referral,
    routedDay: dayIn(timeZone, referral.createdAt),
    ...(referral.acceptedAt === undefined ? {} : { acceptedDay: dayIn(timeZone, referral.acceptedAt) }),
    ...(referral.resolvedAt === undefined ? {} : { resolvedDay: dayIn(timeZone, referral.resolvedAt) }),
    ...(sla.resolve.stoppedAt === undefined
      ? {}
      : { stop: { day: dayIn(timeZone, sla.resolve.stoppedAt), stage: sla.resolve.stage } }),
    ...(ACTIVE.has(referral.status)
      ? {
          open: {
            dueDay: dayIn(timeZone, current.dueAt),
            breached: sla.events.some((event) => event.clock === clockName && event.threshold === 'breach'),
          },
        }
      : {}),
  };
}

function valuesOf(referral: Referral, groupBy: Exclude<DashboardGrouping, 'month'>): string[] {
  switch (groupBy) {
    case 'unit':
      return [referral.unitId];
    case 'category':
      return [...new Set(referral.categories)];
    case 'district':
      return [referral.district];
    case 'priority':
      return [referral.priority];
    case 'gender':
      return [referral.beneficiary.gender];
    case 'ageGroup':
      return [referral.beneficiary.ageGroup];
    case 'disability':
      return [referral.beneficiary.disability ? 'yes' : 'no'];
    case 'language':
      return [referral.beneficiary.language];
  }
}

function periodOf(referrals: readonly Plain[], inPeriod: (day: string) => boolean): Group['period'] {
  const opened = referrals.filter((entry) => inPeriod(entry.routedDay));
  const accepted = referrals.filter(
    (entry) => entry.acceptedDay !== undefined && inPeriod(entry.acceptedDay),
  );
  const resolved = referrals.filter(
    (entry) => entry.resolvedDay !== undefined && inPeriod(entry.resolvedDay),
  );
  const judged = referrals.filter(
    (entry) =>
      entry.stop !== undefined &&
      (entry.stop.stage === 'met' || entry.stop.stage === 'breached') &&
      inPeriod(entry.stop.day),
  );
  const met = judged.filter((entry) => entry.stop?.stage === 'met').length;
  const ackMinutes = accepted.map((entry) => entry.referral.sla.acknowledge.elapsedMinutes);
  const resMinutes = resolved.map((entry) => entry.referral.sla.resolve.elapsedMinutes);
  return {
    opened: counted(opened.length),
    resolved: counted(resolved.length),
    withinSlaPercent:
      judged.length < SMALL_CELL_THRESHOLD
        ? suppressedFigure
        : counted(Math.round((met * 1000) / judged.length) / 10, judged.length),
    timeToAcknowledge: { median: percentile(ackMinutes, 1, 2), p90: percentile(ackMinutes, 9, 10) },
    timeToResolve: { median: percentile(resMinutes, 1, 2), p90: percentile(resMinutes, 9, 10) },
    cohesionFlags: counted(opened.filter((entry) => entry.referral.cohesionRisks.length > 0).length),
  };
}

function nowOf(
  referrals: readonly Plain[],
  context: { now: Date; calendar: WorkingHoursCalendar; timeZone: string },
): NonNullable<Group['now']> {
  const { now, calendar, timeZone } = context;
  const open = referrals.filter((entry) => entry.open !== undefined);
  const oneDay = businessDays(1, calendar);
  const limitDay = dayIn(timeZone, addBusinessTime(calendar, now, oneDay));
  const aging = Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, 0])) as Record<
    (typeof AGING_BUCKETS)[number],
    number
  >;
  for (const entry of open) {
    // The local day after routing begins at local midnight (the calendar's fixed offset).
    const next = new Date(Date.parse(`${entry.routedDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const endOfRoutingDay = new Date(`${next}T00:00:00${calendar.utcOffset}`);
    const days = Math.floor(businessTimeBetween(calendar, endOfRoutingDay, now) / oneDay);
    const bucket =
      days <= 5 ? '0-5' : days <= 10 ? '6-10' : days <= 20 ? '11-20' : days <= 40 ? '21-40' : '>40';
    aging[bucket] += 1;
  }
  return {
    open: counted(open.length),
    breached: counted(open.filter((entry) => entry.open?.breached).length),
    dueWithinOneBusinessDay: counted(
      open.filter((entry) => entry.open?.breached === false && entry.open.dueDay <= limitDay).length,
    ),
    aging: Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, counted(aging[bucket])])) as NonNullable<
      Group['now']
    >['aging'],
  };
}

/** Whether a referral contributes anything to a group over the period (or, with `withNow`, now). */
function contributes(entry: Plain, inPeriod: (day: string) => boolean, withNow: boolean): boolean {
  return (
    inPeriod(entry.routedDay) ||
    (entry.acceptedDay !== undefined && inPeriod(entry.acceptedDay)) ||
    (entry.resolvedDay !== undefined && inPeriod(entry.resolvedDay)) ||
    (entry.stop !== undefined &&
      (entry.stop.stage === 'met' || entry.stop.stage === 'breached') &&
      inPeriod(entry.stop.day)) ||
    (withNow && entry.open !== undefined)
  );
}

export interface ExpectedDashboard {
  readonly response: DashboardResponse;
  /** Group keys that some referral contributes to: the API must list them. */
  readonly required: ReadonlySet<string>;
}

export function expectedDashboard(input: RecomputeInput, request: DashboardRequest): ExpectedDashboard {
  const { timeZone, now } = input;
  const all = input.referrals.map((referral) => plain(referral, timeZone));
  const scoped =
    request.unitId === undefined ? all : all.filter((entry) => entry.referral.unitId === request.unitId);
  const inPeriod = (day: string) => request.from <= day && day <= request.to;
  const calendar =
    (request.unitId === undefined ? undefined : input.unitCalendars[request.unitId]) ?? input.calendar;
  const context = { now, calendar, timeZone };
  const labelList =
    request.groupBy === 'unit'
      ? input.labels.units
      : request.groupBy === 'category'
        ? input.labels.categories
        : request.groupBy === 'district'
          ? input.labels.districts
          : [];
  const labelOf = (key: string) => labelList.find((entry) => entry.id === key)?.label;
  const group = (key: string, members: readonly Plain[], withNow: boolean, inGroup = inPeriod): Group => {
    const label = labelOf(key);
    return {
      key,
      ...(label === undefined ? {} : { label }),
      period: periodOf(members, inGroup),
      ...(withNow ? { now: nowOf(members, context) } : {}),
    };
  };

  const required = new Set<string>();
  let groups: Group[];
  if (request.groupBy === 'month') {
    const months = new Map<string, Plain[]>();
    for (const entry of scoped) {
      const days = [entry.routedDay, entry.acceptedDay, entry.resolvedDay, entry.stop?.day];
      for (const day of days) {
        if (day === undefined || !inPeriod(day)) continue;
        const list = months.get(day.slice(0, 7)) ?? [];
        if (!list.includes(entry)) list.push(entry);
        months.set(day.slice(0, 7), list);
      }
    }
    groups = [...months.keys()].sort().map((month) => {
      required.add(month);
      return group(month, scoped, false, (day) => inPeriod(day) && day.startsWith(month));
    });
  } else if (request.groupBy === 'unit' && request.unitId !== undefined) {
    required.add(request.unitId);
    groups = [group(request.unitId, scoped, true)];
  } else {
    const groupBy = request.groupBy;
    const byValue = new Map<string, Plain[]>();
    for (const entry of scoped) {
      for (const value of valuesOf(entry.referral, groupBy)) {
        byValue.set(value, [...(byValue.get(value) ?? []), entry]);
      }
    }
    groups = [...byValue.keys()].sort().map((key) => {
      const members = byValue.get(key) ?? [];
      if (members.some((entry) => contributes(entry, inPeriod, true))) required.add(key);
      return group(key, members, true);
    });
  }
  const hotspots = input.hotspots.filter((alert) => inPeriod(dayIn(timeZone, alert.raisedAt))).length;
  return {
    response: {
      scope: request.unitId === undefined ? {} : { unitId: request.unitId },
      from: request.from,
      to: request.to,
      groupBy: request.groupBy,
      timeZone,
      generatedAt: now.toISOString(),
      smallCellThreshold: SMALL_CELL_THRESHOLD,
      totals: group('all', scoped, true),
      groups,
      hotspots: request.unitId === undefined ? counted(hotspots) : null,
    },
    required,
  };
}

/** A group no referral contributes to: every figure suppressed. */
function emptyGroup(template: Group, key: string, withNow: boolean): Group {
  const { label } = template;
  const blank = { median: suppressedFigure, p90: suppressedFigure };
  return {
    key,
    ...(label === undefined ? {} : { label }),
    period: {
      opened: suppressedFigure,
      resolved: suppressedFigure,
      withinSlaPercent: suppressedFigure,
      timeToAcknowledge: blank,
      timeToResolve: blank,
      cohesionFlags: suppressedFigure,
    },
    ...(withNow
      ? {
          now: {
            open: suppressedFigure,
            breached: suppressedFigure,
            dueWithinOneBusinessDay: suppressedFigure,
            aging: Object.fromEntries(
              AGING_BUCKETS.map((bucket) => [bucket, suppressedFigure]),
            ) as NonNullable<Group['now']>['aging'],
          },
        }
      : {}),
  };
}

/** Every leaf that differs, as `path: expected … actual …`. */
function differences(path: string, expected: unknown, actual: unknown, into: string[]): void {
  if (
    expected !== null &&
    actual !== null &&
    typeof expected === 'object' &&
    typeof actual === 'object' &&
    !('suppressed' in expected)
  ) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      differences(
        `${path}.${key}`,
        (expected as Record<string, unknown>)[key],
        (actual as Record<string, unknown>)[key],
        into,
      );
    }
    return;
  }
  if (!isDeepStrictEqual(expected, actual)) {
    into.push(`${path}: expected ${JSON.stringify(expected)}, actual ${JSON.stringify(actual)}`);
  }
}

/**
 * Compares a dashboard response with the recomputation, figure by figure. Groups are matched
 * by key; a group listed on one side only must have nothing in it (every figure suppressed),
 * and every group some referral contributes to must be listed.
 */
export function compareDashboard(expected: ExpectedDashboard, actual: DashboardResponse): string[] {
  const found: string[] = [];
  const { groups: expectedGroups, ...expectedRest } = expected.response;
  const { groups: actualGroups, ...actualRest } = actual;
  differences('', expectedRest, actualRest, found);
  const actualKeys = actualGroups.map((entry) => entry.key);
  if (!isDeepStrictEqual(actualKeys, [...actualKeys].sort()))
    found.push(`groups: not sorted by key: ${actualKeys}`);
  if (new Set(actualKeys).size !== actualKeys.length) found.push(`groups: a key repeats: ${actualKeys}`);
  for (const key of expected.required) {
    if (!actualKeys.includes(key)) found.push(`groups: "${key}" is missing`);
  }
  const withNow = expected.response.groupBy !== 'month';
  for (const key of new Set([...expectedGroups.map((entry) => entry.key), ...actualKeys])) {
    const mine = expectedGroups.find((entry) => entry.key === key);
    const theirs = actualGroups.find((entry) => entry.key === key);
    const template = (mine ?? theirs) as Group;
    differences(
      `groups[${key}]`,
      mine ?? emptyGroup(template, key, withNow),
      theirs ?? emptyGroup(template, key, withNow),
      found,
    );
  }
  return found;
}
