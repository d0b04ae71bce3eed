/**
 * Periods of the directorate's screens, as local calendar days (YYYY-MM-DD) in the council's
 * time zone — what the dashboard, the export and the council report take.
 */

/** The longest period the dashboard and the export take (the API's limit). */
export const MAX_PERIOD_DAYS = 731;

export interface Period {
  readonly from: string;
  readonly to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Today in a time zone, YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The local day of an instant in a time zone. */
export const localDayOf = (iso: string, timeZone: string) => todayIn(timeZone, new Date(iso));

export function isLocalDate(value: string | null | undefined): value is string {
  if (value === null || value === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The calendar month of a day, whole (its last days may be ahead). */
export function monthOf(day: string): Period {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return {
    from: `${year}-${pad(month)}-01`,
    to: `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}`,
  };
}

/** `YYYY-Qn` of a day. */
export function quarterOf(day: string): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The days of a quarter `YYYY-Qn`. */
export function quarterPeriod(quarter: string): Period {
  const [year, n] = quarter.split('-Q').map(Number) as [number, number];
  const firstMonth = (n - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  return {
    from: `${year}-${pad(firstMonth)}-01`,
    to: `${year}-${pad(lastMonth)}-${pad(lastDayOfMonth(year, lastMonth))}`,
  };
}

/** The quarter before the one a day is in. */
export function previousQuarter(day: string): string {
  const [year, n] = quarterOf(day).split('-Q').map(Number) as [number, number];
  return n === 1 ? `${year - 1}-Q4` : `${year}-Q${n - 1}`;
}

/** The quarter of a day and the `count - 1` before it, newest first. */
export function recentQuarters(day: string, count: number): string[] {
  const quarters = [quarterOf(day)];
  while (quarters.length < count) {
    const [year, n] = (quarters.at(-1) as string).split('-Q').map(Number) as [number, number];
    quarters.push(n === 1 ? `${year - 1}-Q4` : `${year}-Q${n - 1}`);
  }
  return quarters;
}

/** Days from `from` to `to`, both included. */
export const daysIn = (period: Period) =>
  Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / 86_400_000) +
  1;

export type PeriodProblem = 'fromInvalid' | 'toInvalid' | 'toBeforeFrom' | 'periodTooLong';

/** What is wrong with a period a user entered, field by field. */
export function periodProblems(period: { from: string; to: string }): {
  from?: PeriodProblem;
  to?: PeriodProblem;
} {
  const problems: { from?: PeriodProblem; to?: PeriodProblem } = {};
  if (!isLocalDate(period.from)) problems.from = 'fromInvalid';
  if (!isLocalDate(period.to)) problems.to = 'toInvalid';
  if (problems.from !== undefined || problems.to !== undefined) return problems;
  if (period.to < period.from) return { to: 'toBeforeFrom' };
  if (daysIn(period) > MAX_PERIOD_DAYS) return { to: 'periodTooLong' };
  return {};
}
