/**
 * Business-calendar arithmetic for the SLA clocks, in pure code.
 *
 * A calendar is data: a time zone, the working hours of each weekday (with breaks), and the
 * public holidays of each year as local date-time ranges, so a half-day eve ("arefe", work
 * stops at 13:00) is just a range starting at 13:00. Religious holidays move every year, so
 * each year's holidays are loaded as data when they are published, never computed; a
 * calendar without holiday data for a year is detectable with `holidaysCoverYear`.
 * Urgent and emergency referrals use a `24/7` calendar: every instant is working time.
 *
 * Time zone. The arithmetic uses a fixed UTC offset (`utcOffset`, e.g. "+03:00") declared
 * next to the IANA zone, rather than deriving offsets with `Intl` on every step: a fixed
 * offset makes local midnight, weekdays and holiday boundaries plain integer arithmetic (fast,
 * and no DST gaps or folds to reason about). Europe/Istanbul has been UTC+03:00 all year, with
 * no DST, since 2016. The declaration is not trusted blindly: when a calendar is parsed, `Intl`
 * checks that the zone really has that offset on every day of every year the calendar has
 * holiday data for, so if the zone ever changes (or a calendar names a DST zone) loading fails
 * loudly instead of deadlines drifting by an hour.
 *
 * Conventions. Working time is a union of half-open intervals [start, end). Durations are in
 * minutes (fractions allowed; the resolution is one millisecond). The functions take the parsed
 * calendar (output of `BusinessCalendar.parse` / `parseBusinessCalendar`) and treat it as
 * immutable: each calendar object is compiled once into sorted intervals and cached.
 * Nothing loops per minute: the arithmetic steps over working intervals, one local day at a
 * time, and skips whole weeks that hold no holiday.
 */
import * as z from 'zod';
import { CatalogId } from '../schemas/common.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

const TIME_OF_DAY = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;
const UTC_OFFSET = /^([+-])(0\d|1[0-4]):([0-5]\d)$/;

/** "HH:MM" → minutes after local midnight ("24:00" is the end of the day). */
function minutesOfDay(time: string): number {
  const match = TIME_OF_DAY.exec(time);
  if (match === null) return Number.NaN;
  return Number(match[1] ?? match[3]) * 60 + Number(match[2] ?? match[4]);
}

/** "YYYY-MM-DDTHH:MM" → milliseconds of that wall-clock time read as if it were UTC; NaN if not a real date. */
function localMillis(dateTime: string): number {
  const match = LOCAL_DATE_TIME.exec(dateTime);
  if (match === null) return Number.NaN;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(millis);
  // Date.UTC maps years 0–99 to 1900–1999; reject those, and days that roll over (2026-02-30).
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return Number.NaN;
  }
  return millis;
}

/** "+03:00" → +180 minutes. */
function offsetMinutes(offset: string): number {
  const match = UTC_OFFSET.exec(offset);
  if (match === null) return Number.NaN;
  const magnitude = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -magnitude : magnitude;
}

const TimeOfDay = z.string().regex(TIME_OF_DAY, 'must be HH:MM (00:00–24:00)');
const LocalDateTime = z
  .string()
  .regex(LOCAL_DATE_TIME, 'must be a local date-time YYYY-MM-DDTHH:MM')
  .refine((value) => !Number.isNaN(localMillis(value)), 'is not a real date');

export const WorkingInterval = z
  .strictObject({ start: TimeOfDay, end: TimeOfDay })
  .refine((interval) => minutesOfDay(interval.end) > minutesOfDay(interval.start), {
    message: 'end must be after start',
    path: ['end'],
  });
export type WorkingInterval = z.infer<typeof WorkingInterval>;

const DayHours = z.array(WorkingInterval).max(12);

/** Working hours per weekday; a missing day has no working hours. */
export const WorkingWeek = z
  .strictObject(
    Object.fromEntries(WEEKDAYS.map((day) => [day, DayHours.optional()])) as Record<
      Weekday,
      z.ZodOptional<typeof DayHours>
    >,
  )
  .superRefine((week, ctx) => {
    let total = 0;
    for (const day of WEEKDAYS) {
      const intervals = [...(week[day] ?? [])]
        .map((interval, index) => ({
          index,
          start: minutesOfDay(interval.start),
          end: minutesOfDay(interval.end),
        }))
        .sort((a, b) => a.start - b.start);
      for (let i = 1; i < intervals.length; i++) {
        const previous = intervals[i - 1] as (typeof intervals)[number];
        const current = intervals[i] as (typeof intervals)[number];
        if (current.start < previous.end) {
          ctx.addIssue({
            code: 'custom',
            path: [day, current.index],
            message: 'overlaps another working interval of the same day',
          });
        }
      }
      total += intervals.reduce((sum, interval) => sum + Math.max(0, interval.end - interval.start), 0);
    }
    if (total === 0) ctx.addIssue({ code: 'custom', path: [], message: 'must have some working hours' });
  });
export type WorkingWeek = z.infer<typeof WorkingWeek>;

const WORKING_DAY: WorkingInterval[] = [
  { start: '08:30', end: '12:30' },
  { start: '13:30', end: '17:30' },
];

/** Monday to Friday, 08:30–12:30 and 13:30–17:30 (a lunch break from 12:30 to 13:30). */
export const DEFAULT_WORKING_WEEK: WorkingWeek = {
  monday: WORKING_DAY,
  tuesday: WORKING_DAY,
  wednesday: WORKING_DAY,
  thursday: WORKING_DAY,
  friday: WORKING_DAY,
};

export const HolidayName = z.strictObject({
  tr: z.string().min(1).max(200),
  en: z.string().min(1).max(200),
  ar: z.string().min(1).max(200).optional(),
});

/** A holiday as a range of local date-times [start, end); an eve is a range from 13:00. */
export const Holiday = z
  .strictObject({ id: CatalogId, name: HolidayName, start: LocalDateTime, end: LocalDateTime })
  .refine((holiday) => localMillis(holiday.end) > localMillis(holiday.start), {
    message: 'end must be after start',
    path: ['end'],
  });
export type Holiday = z.infer<typeof Holiday>;

/**
 * One year's published holidays (the shape of `config/calendars/tr-<year>.json`), with where
 * they come from. Every range lies within the year: from 1 January 00:00 to 1 January 00:00
 * of the next year at the latest.
 */
export const HolidayYear = z
  .strictObject({
    year: z.number().int().min(1970).max(9998),
    timeZone: z.string().min(1).max(64),
    /** Provenance: which law and which published calendar the dates come from. */
    description: z.string().min(1).max(2000),
    holidays: z.array(Holiday).max(100),
    notes: z.array(z.string().min(1).max(2000)).max(20).optional(),
  })
  .superRefine((data, ctx) => {
    const first = Date.UTC(data.year, 0, 1);
    const last = Date.UTC(data.year + 1, 0, 1);
    const ids = new Set<string>();
    data.holidays.forEach((holiday, index) => {
      if (localMillis(holiday.start) < first || localMillis(holiday.start) >= last) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', index, 'start'],
          message: `is not in ${data.year}`,
        });
      }
      if (localMillis(holiday.end) > last) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', index, 'end'],
          message: `must be no later than ${data.year + 1}-01-01T00:00`,
        });
      }
      if (ids.has(holiday.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', index, 'id'],
          message: 'repeats another holiday id',
        });
      }
      ids.add(holiday.id);
    });
  });
export type HolidayYear = z.infer<typeof HolidayYear>;

const TimeZone = z.string().min(1).max(64);
const UtcOffset = z.string().regex(UTC_OFFSET, 'must be a UTC offset ±HH:MM');

export const WorkingHoursCalendar = z
  .strictObject({
    kind: z.literal('working-hours'),
    timeZone: TimeZone,
    /** The zone's offset, fixed; checked against the zone for every year with holiday data. */
    utcOffset: UtcOffset,
    workingWeek: WorkingWeek.default(DEFAULT_WORKING_WEEK),
    /** Minutes in one business day; by default the longest working day of the week (8 h by default). */
    businessDayMinutes: z.number().int().min(1).max(1440).optional(),
    holidayYears: z.array(HolidayYear).max(50).default([]),
  })
  .superRefine((calendar, ctx) => {
    const years = new Set<number>();
    calendar.holidayYears.forEach((data, index) => {
      if (years.has(data.year)) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidayYears', index, 'year'],
          message: 'repeats another year',
        });
      }
      years.add(data.year);
      if (data.timeZone !== calendar.timeZone) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidayYears', index, 'timeZone'],
          message: `must be the calendar's time zone ${calendar.timeZone}`,
        });
      }
    });
    const problem = fixedOffsetProblem(calendar.timeZone, offsetMinutes(calendar.utcOffset), [...years]);
    if (problem !== undefined) {
      const path = problem.startsWith('unknown time zone') ? ['timeZone'] : ['utcOffset'];
      ctx.addIssue({ code: 'custom', path, message: problem });
    }
  });
export type WorkingHoursCalendar = z.infer<typeof WorkingHoursCalendar>;

/** Every instant is working time (urgent and emergency referrals); holidays do not apply. */
export const AroundTheClockCalendar = z.strictObject({
  kind: z.literal('24/7'),
  timeZone: TimeZone,
});
export type AroundTheClockCalendar = z.infer<typeof AroundTheClockCalendar>;

export const BusinessCalendar = z.discriminatedUnion('kind', [WorkingHoursCalendar, AroundTheClockCalendar]);
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;

/** Validates a calendar given as data; throws a ZodError naming the field otherwise. */
export function parseBusinessCalendar(input: unknown): BusinessCalendar {
  return BusinessCalendar.parse(input);
}

/** A working-hours calendar with the default week, in the given zone and fixed offset. */
export function workingHoursCalendar(
  timeZone: string,
  utcOffset: string,
  holidayYears: readonly unknown[],
  workingWeek: unknown = DEFAULT_WORKING_WEEK,
): WorkingHoursCalendar {
  return WorkingHoursCalendar.parse({
    kind: 'working-hours',
    timeZone,
    utcOffset,
    workingWeek,
    holidayYears,
  });
}

/** Why `timeZone` does not have `offset` minutes on every day of `years`; undefined if it does. */
function fixedOffsetProblem(timeZone: string, offset: number, years: readonly number[]): string | undefined {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  } catch {
    return `unknown time zone ${timeZone}`;
  }
  for (const year of years) {
    // Noon UTC of every day: any DST period (they last for weeks) includes one of them.
    for (let day = Date.UTC(year, 0, 1, 12); day < Date.UTC(year + 1, 0, 1); day += DAY) {
      const actual = zoneOffset(format, day);
      if (actual !== offset) {
        return `${timeZone} is not at this offset on ${new Date(day).toISOString().slice(0, 10)}; the calendar needs a fixed-offset zone`;
      }
    }
  }
  return undefined;
}

function zoneOffset(format: Intl.DateTimeFormat, at: number): number {
  const name = format.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? '';
  if (name === 'GMT' || name === 'UTC') return 0;
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (match === null) return Number.NaN;
  const magnitude = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -magnitude : magnitude;
}

// ---------------------------------------------------------------------------------------------
// Compiled form
// ---------------------------------------------------------------------------------------------

interface Compiled {
  readonly allDay: boolean;
  /** Milliseconds to add to a UTC instant to get local wall-clock time. */
  readonly offset: number;
  /** Per weekday (0 = Sunday), merged working intervals in milliseconds after local midnight. */
  readonly week: readonly (readonly (readonly [number, number])[])[];
  /** Working milliseconds of a week without holidays. */
  readonly weekMillis: number;
  /** Merged holiday ranges as UTC instants, sorted. */
  readonly holidayStarts: readonly number[];
  readonly holidayEnds: readonly number[];
  readonly holidayYears: ReadonlySet<number>;
  readonly businessDayMinutes: number;
}

const compiledCalendars = new WeakMap<BusinessCalendar, Compiled>();

function compile(calendar: BusinessCalendar): Compiled {
  const known = compiledCalendars.get(calendar);
  if (known !== undefined) return known;
  const compiled = calendar.kind === '24/7' ? compileAroundTheClock() : compileWorkingHours(calendar);
  compiledCalendars.set(calendar, compiled);
  return compiled;
}

function compileAroundTheClock(): Compiled {
  const wholeDay = [[0, DAY] as const];
  return {
    allDay: true,
    offset: 0,
    week: WEEKDAYS.map(() => wholeDay),
    weekMillis: WEEK,
    holidayStarts: [],
    holidayEnds: [],
    holidayYears: new Set(),
    businessDayMinutes: 1440,
  };
}

function compileWorkingHours(calendar: WorkingHoursCalendar): Compiled {
  const offset = offsetMinutes(calendar.utcOffset) * MINUTE;
  const week = WEEKDAYS.map((day) =>
    merge(
      (calendar.workingWeek[day] ?? []).map(
        (interval) => [minutesOfDay(interval.start) * MINUTE, minutesOfDay(interval.end) * MINUTE] as const,
      ),
    ),
  );
  const dayMillis = week.map((intervals) => intervals.reduce((sum, [start, end]) => sum + end - start, 0));
  const weekMillis = dayMillis.reduce((sum, millis) => sum + millis, 0);
  if (weekMillis <= 0) throw new RangeError('A working-hours calendar needs some working hours');
  const holidays = merge(
    calendar.holidayYears.flatMap((data) =>
      data.holidays.map(
        (holiday) => [localMillis(holiday.start) - offset, localMillis(holiday.end) - offset] as const,
      ),
    ),
  );
  return {
    allDay: false,
    offset,
    week,
    weekMillis,
    holidayStarts: holidays.map(([start]) => start),
    holidayEnds: holidays.map(([, end]) => end),
    holidayYears: new Set(calendar.holidayYears.map((data) => data.year)),
    businessDayMinutes: calendar.businessDayMinutes ?? Math.max(...dayMillis) / MINUTE,
  };
}

/** Sorts ranges and merges those that overlap or touch. */
function merge(ranges: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Index of the first holiday ending after `at` (holidays.length if none). */
function firstHolidayEndingAfter(compiled: Compiled, at: number): number {
  const ends = compiled.holidayEnds;
  let low = 0;
  let high = ends.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ends[middle] as number) <= at) low = middle + 1;
    else high = middle;
  }
  return low;
}

function holidayTouches(compiled: Compiled, from: number, to: number): boolean {
  const index = firstHolidayEndingAfter(compiled, from);
  return index < compiled.holidayStarts.length && (compiled.holidayStarts[index] as number) < to;
}

/** UTC instant of local midnight of the local day holding `at`. */
function localDayStart(compiled: Compiled, at: number): number {
  return Math.floor((at + compiled.offset) / DAY) * DAY - compiled.offset;
}

/**
 * The working intervals of the local day starting at `dayStart` (a UTC instant), with
 * holidays cut out, as UTC instants in order. 1970-01-01 was a Thursday.
 */
function workingIntervalsOfDay(compiled: Compiled, dayStart: number): [number, number][] {
  const weekday = (((Math.floor((dayStart + compiled.offset) / DAY) + 4) % 7) + 7) % 7;
  const result: [number, number][] = [];
  for (const [from, to] of compiled.week[weekday] ?? []) {
    let start = dayStart + from;
    const end = dayStart + to;
    let index = firstHolidayEndingAfter(compiled, start);
    while (start < end) {
      const holidayStart = compiled.holidayStarts[index];
      const holidayEnd = compiled.holidayEnds[index];
      if (holidayStart === undefined || holidayEnd === undefined || holidayStart >= end) {
        result.push([start, end]);
        break;
      }
      if (holidayStart > start) result.push([start, holidayStart]);
      start = Math.max(start, holidayEnd);
      index++;
    }
  }
  return result;
}

function millisOf(minutes: number, name: string): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`${name} must be a finite, non-negative number of minutes`);
  }
  return Math.round(minutes * MINUTE);
}

function instantOf(date: Date, name: string): number {
  const at = date.getTime();
  if (Number.isNaN(at)) throw new RangeError(`${name} must be a valid date`);
  return at;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------------------------

/** Whether `at` is working time: inside working hours and not inside a holiday. */
export function isWorkingInstant(calendar: BusinessCalendar, at: Date): boolean {
  const compiled = compile(calendar);
  const instant = instantOf(at, 'at');
  if (compiled.allDay) return true;
  return workingIntervalsOfDay(compiled, localDayStart(compiled, instant)).some(
    ([start, end]) => start <= instant && instant < end,
  );
}

/** The first working instant at or after `at` (`at` itself if it is working time). */
export function nextWorkingInstant(calendar: BusinessCalendar, at: Date): Date {
  const compiled = compile(calendar);
  const instant = instantOf(at, 'at');
  if (compiled.allDay) return new Date(instant);
  for (let day = localDayStart(compiled, instant); ; day += DAY) {
    for (const [start, end] of workingIntervalsOfDay(compiled, day)) {
      if (instant < end) return new Date(Math.max(start, instant));
    }
  }
}

/**
 * The instant at which `minutes` of business time have elapsed after `start`. A start outside
 * working time begins at the next working instant. For `minutes` > 0 the deadline is the
 * earliest such instant, so it may be the end of a working interval (12:30, 17:30, 13:00 on an
 * eve) but never lies inside a holiday or outside working hours: the millisecond before it is
 * working time. For 0 minutes it is the next working instant.
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const compiled = compile(calendar);
  const from = instantOf(start, 'start');
  let remaining = millisOf(minutes, 'minutes');
  if (compiled.allDay) return new Date(from + remaining);
  if (remaining === 0) return nextWorkingInstant(calendar, start);
  let day = localDayStart(compiled, from);
  let at = from;
  for (;;) {
    // A whole week without holidays holds exactly weekMillis: skip it without looking inside.
    while (at === day && remaining > compiled.weekMillis && !holidayTouches(compiled, day, day + WEEK)) {
      remaining -= compiled.weekMillis;
      day += WEEK;
      at = day;
    }
    for (const [intervalStart, intervalEnd] of workingIntervalsOfDay(compiled, day)) {
      if (intervalEnd <= at) continue;
      const begin = Math.max(intervalStart, at);
      if (remaining <= intervalEnd - begin) return new Date(begin + remaining);
      remaining -= intervalEnd - begin;
    }
    day += DAY;
    at = day;
  }
}

/** Business minutes in [from, to); 0 if `to` is not after `from`. */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const compiled = compile(calendar);
  const begin = instantOf(from, 'from');
  const end = instantOf(to, 'to');
  if (end <= begin) return 0;
  if (compiled.allDay) return (end - begin) / MINUTE;
  let total = 0;
  let day = localDayStart(compiled, begin);
  while (day < end) {
    if (day >= begin && day + WEEK <= end && !holidayTouches(compiled, day, day + WEEK)) {
      total += compiled.weekMillis;
      day += WEEK;
      continue;
    }
    for (const [intervalStart, intervalEnd] of workingIntervalsOfDay(compiled, day)) {
      const overlap = Math.min(intervalEnd, end) - Math.max(intervalStart, begin);
      if (overlap > 0) total += overlap;
    }
    day += DAY;
  }
  return total / MINUTE;
}

/** Whether the calendar has holiday data for `year` (always true for a 24/7 calendar). */
export function holidaysCoverYear(calendar: BusinessCalendar, year: number): boolean {
  const compiled = compile(calendar);
  return compiled.allDay || compiled.holidayYears.has(year);
}

/** `n` business days in minutes: n × the working minutes of one standard day (8 h by default; 24 h on 24/7). */
export function businessDays(n: number, calendar: BusinessCalendar): number {
  if (!Number.isFinite(n) || n < 0) throw new RangeError('n must be a finite, non-negative number of days');
  return n * compile(calendar).businessDayMinutes;
}
