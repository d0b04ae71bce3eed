/**
 * The dashboard's figures from rollup cells, in pure code: which cells a period needs (whole
 * months, and days at its edges), and how their counters become figures — counts, the share
 * within SLA, percentiles from histograms, the backlog's age — each suppressed when fewer
 * than SMALL_CELL_THRESHOLD referrals make it.
 */
import {
  AGING_BUCKETS,
  type DashboardGroup,
  type Figure,
  SMALL_CELL_THRESHOLD,
} from '../schemas/dashboard.js';
import {
  addBusinessTime,
  type BusinessCalendar,
  businessDays,
  businessTimeBetween,
  type WorkingHoursCalendar,
} from './business-calendar.js';
import { HOUR_BUCKETS, localDay } from './rollups.js';

/** A period split into the whole months it covers and the days at its edges. */
export interface PeriodPieces {
  /** YYYY-MM of each month wholly inside the period. */
  readonly months: string[];
  /** Runs of consecutive days (first and last, YYYY-MM-DD) not in those months. */
  readonly dayRuns: { readonly first: string; readonly last: string }[];
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const lastDayOfMonth = (month: string) => {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
};

export function periodPieces(from: string, to: string): PeriodPieces {
  const months: string[] = [];
  const dayRuns: { first: string; last: string }[] = [];
  let day = from;
  let run: { first: string; last: string } | undefined;
  while (day <= to) {
    const month = day.slice(0, 7);
    const monthEnd = lastDayOfMonth(month);
    if (day.endsWith('-01') && monthEnd <= to) {
      if (run !== undefined) dayRuns.push(run);
      run = undefined;
      months.push(month);
      day = nextDay(monthEnd);
      continue;
    }
    run = run === undefined ? { first: day, last: day } : { ...run, last: day };
    day = nextDay(day);
  }
  if (run !== undefined) dayRuns.push(run);
  return { months, dayRuns };
}

/** A figure made from `basis` referrals: suppressed below the threshold (and never 0 for "few"). */
export function figure(value: number, basis: number = value): Figure {
  return basis < SMALL_CELL_THRESHOLD ? { value: null, suppressed: true } : { value, suppressed: false };
}

/** Counters of a group, summed over its cells. */
export type Counters = Map<string, number>;

export function addCounters(into: Counters, fields: Readonly<Record<string, number>> | Counters): void {
  const entries = fields instanceof Map ? fields.entries() : Object.entries(fields);
  for (const [field, amount] of entries) into.set(field, (into.get(field) ?? 0) + amount);
}

const count = (counters: Counters, field: string) => counters.get(field) ?? 0;

function percentiles(counters: Counters, prefix: 'ack' | 'res') {
  const histogram = Array.from({ length: HOUR_BUCKETS.length + 1 }, (_, bucket) =>
    count(counters, `${prefix}_${bucket}`),
  );
  const total = histogram.reduce((sum, n) => sum + n, 0);
  const at = (share: number) => {
    let cumulative = 0;
    for (let bucket = 0; bucket < histogram.length; bucket++) {
      cumulative += histogram[bucket] as number;
      if (cumulative >= share * total)
        return HOUR_BUCKETS[Math.min(bucket, HOUR_BUCKETS.length - 1)] as number;
    }
    return HOUR_BUCKETS[HOUR_BUCKETS.length - 1] as number;
  };
  return {
    median: total === 0 ? figure(0, 0) : figure(at(0.5), total),
    p90: total === 0 ? figure(0, 0) : figure(at(0.9), total),
  };
}

export function periodFigures(counters: Counters): DashboardGroup['period'] {
  const met = count(counters, 'met');
  const judged = met + count(counters, 'breached');
  return {
    opened: figure(count(counters, 'opened')),
    resolved: figure(count(counters, 'resolved')),
    withinSlaPercent: figure(judged === 0 ? 0 : Math.round((met * 1000) / judged) / 10, judged),
    timeToAcknowledge: percentiles(counters, 'ack'),
    timeToResolve: percentiles(counters, 'res'),
    cohesionFlags: figure(count(counters, 'flagged')),
  };
}

/** What "now" means for the backlog figures: the instant, and the council's working calendar. */
export interface NowContext {
  readonly now: Date;
  readonly calendar: WorkingHoursCalendar;
  readonly timeZone: string;
}

/** The instant the local day after `day` begins, in the calendar's fixed offset. */
const endOfLocalDay = (day: string, calendar: WorkingHoursCalendar) =>
  new Date(`${nextDay(day)}T00:00:00${calendar.utcOffset}`);

/** Whole business days from the end of the day a referral was routed until now. */
export function businessDaysSince(day: string, context: NowContext): number {
  const calendar: BusinessCalendar = context.calendar;
  const minutes = businessTimeBetween(calendar, endOfLocalDay(day, context.calendar), context.now);
  return Math.floor(minutes / businessDays(1, calendar));
}

export function agingBucket(days: number): (typeof AGING_BUCKETS)[number] {
  if (days <= 5) return '0-5';
  if (days <= 10) return '6-10';
  if (days <= 20) return '11-20';
  if (days <= 40) return '21-40';
  return '>40';
}

/** The local day on which one business day from now ends: deadlines up to it are "due within one business day". */
export function dueLimitDay(context: NowContext): string {
  const calendar: BusinessCalendar = context.calendar;
  return localDay(addBusinessTime(calendar, context.now, businessDays(1, calendar)), context.timeZone);
}

export function nowFigures(counters: Counters, context: NowContext): NonNullable<DashboardGroup['now']> {
  const limit = dueLimitDay(context);
  let dueSoon = 0;
  const aging = new Map<string, number>(AGING_BUCKETS.map((bucket) => [bucket, 0]));
  for (const [field, amount] of counters) {
    if (field.startsWith('due_') && field.slice(4) <= limit) dueSoon += amount;
    if (field.startsWith('age_')) {
      const bucket = agingBucket(businessDaysSince(field.slice(4), context));
      aging.set(bucket, (aging.get(bucket) ?? 0) + amount);
    }
  }
  return {
    open: figure(count(counters, 'open')),
    breached: figure(count(counters, 'breachedNow')),
    dueWithinOneBusinessDay: figure(dueSoon),
    aging: Object.fromEntries(
      AGING_BUCKETS.map((bucket) => [bucket, figure(aging.get(bucket) ?? 0)]),
    ) as NonNullable<DashboardGroup['now']>['aging'],
  };
}
