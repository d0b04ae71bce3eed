import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  type BusinessCalendar,
  businessDays,
  businessTimeBetween,
  isWorkingInstant,
  nextWorkingInstant,
  WEEKDAYS,
  type WorkingWeek,
  workingHoursCalendar,
} from '../../../shared/domain/business-calendar.js';
import { aroundTheClock, istanbul2026, turkishHolidays2026 } from './fixtures.js';

const MINUTE = 60_000;
const OFFSET = 3 * 3_600_000;
const YEAR_START = Date.parse('2026-01-01T00:00:00+03:00');
const YEAR_END = Date.parse('2027-01-01T00:00:00+03:00');

interface Range {
  readonly start: string;
  readonly end: string;
}

/**
 * An independent, deliberately naive reading of a calendar: is the minute starting at `at`
 * working time? Wall-clock text compared as strings, no shared code with the module.
 */
function oracle(week: WorkingWeek, holidays: readonly Range[]) {
  return (at: number): boolean => {
    const wall = new Date(at + OFFSET);
    const text = wall.toISOString().slice(0, 16);
    if (holidays.some((holiday) => holiday.start <= text && text < holiday.end)) return false;
    const clock = text.slice(11);
    const day = WEEKDAYS[wall.getUTCDay()] as (typeof WEEKDAYS)[number];
    return (week[day] ?? []).some((interval) => interval.start <= clock && clock < interval.end);
  };
}

const DEFAULT_WEEK: WorkingWeek = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => [
    day,
    [
      { start: '08:30', end: '12:30' },
      { start: '13:30', end: '17:30' },
    ],
  ]),
);
const turkishRanges = (turkishHolidays2026() as { holidays: Range[] }).holidays;

const hhmm = (minutes: number) =>
  minutes === 1440
    ? '24:00'
    : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const wallText = (at: number) => new Date(at + OFFSET).toISOString().slice(0, 16);

/** A random working week: per day up to three disjoint intervals on a 15-minute grid. */
const arbitraryWeek: fc.Arbitrary<WorkingWeek> = fc
  .array(fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }), { minLength: 7, maxLength: 7 })
  .map(
    (days): WorkingWeek =>
      Object.fromEntries(
        days.map((cuts, index) => {
          const sorted = [...cuts].sort((a, b) => a - b);
          const intervals: { start: string; end: string }[] = [];
          for (let i = 0; i + 1 < sorted.length; i += 2) {
            intervals.push({
              start: hhmm((sorted[i] as number) * 15),
              end: hhmm((sorted[i + 1] as number) * 15),
            });
          }
          return [WEEKDAYS[index], intervals];
        }),
      ),
  )
  .filter((week) => WEEKDAYS.some((day) => (week[day] ?? []).length > 0));

/** Random holiday ranges in 2026 (they may overlap, touch, cut intervals or span days). */
const arbitraryHolidays: fc.Arbitrary<Range[]> = fc.array(
  fc
    .tuple(
      fc.integer({ min: 0, max: (YEAR_END - YEAR_START) / (15 * MINUTE) - 1 }),
      fc.integer({ min: 1, max: 400 }),
    )
    .map(([slot, length]) => {
      const start = YEAR_START + slot * 15 * MINUTE;
      const end = Math.min(YEAR_END, start + length * 15 * MINUTE);
      return { start: wallText(start), end: end === YEAR_END ? '2027-01-01T00:00' : wallText(end) };
    }),
  { maxLength: 25 },
);

const holidayYear = (holidays: readonly Range[]) => ({
  year: 2026,
  timeZone: 'Europe/Istanbul',
  description: 'generated for a property test',
  holidays: holidays.map((range, index) => ({
    id: `h${index}`,
    name: { tr: 'Tatil', en: 'Holiday' },
    ...range,
  })),
});

interface Case {
  readonly calendar: BusinessCalendar;
  readonly working: (at: number) => boolean;
}

const arbitraryCalendar: fc.Arbitrary<Case> = fc.oneof(
  fc.constant<Case>({ calendar: istanbul2026, working: oracle(DEFAULT_WEEK, turkishRanges) }),
  fc.constant<Case>({ calendar: aroundTheClock, working: () => true }),
  fc.tuple(arbitraryWeek, arbitraryHolidays).map(([week, holidays]) => ({
    calendar: workingHoursCalendar('Europe/Istanbul', '+03:00', [holidayYear(holidays)], week),
    working: oracle(week, holidays),
  })),
);

const instantIn2026 = fc.integer({ min: YEAR_START, max: YEAR_END - 1 }).map((at) => new Date(at));
const minuteIn2026 = fc
  .integer({ min: 0, max: (YEAR_END - YEAR_START) / MINUTE - 1 })
  .map((minute) => new Date(YEAR_START + minute * MINUTE));
const upToFortyDays = fc.integer({ min: 0, max: 40 * 480 });

describe('business-time properties', () => {
  it('addBusinessTime and businessTimeBetween are inverse (the Istanbul calendar, up to 40 business days)', () => {
    fc.assert(
      fc.property(instantIn2026, upToFortyDays, (start, minutes) => {
        const due = addBusinessTime(istanbul2026, start, minutes);

        expect(businessTimeBetween(istanbul2026, start, due)).toBe(minutes);
      }),
      { numRuns: 500 },
    );
  });

  it('addBusinessTime and businessTimeBetween are inverse (any calendar, up to 40 of its business days)', () => {
    fc.assert(
      fc.property(
        arbitraryCalendar,
        instantIn2026,
        fc.double({ min: 0, max: 40, noNaN: true }),
        (c, start, days) => {
          const minutes = Math.round(businessDays(days, c.calendar));

          const due = addBusinessTime(c.calendar, start, minutes);

          expect(businessTimeBetween(c.calendar, start, due)).toBe(minutes);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('no deadline falls inside a holiday or outside working hours (for m > 0)', () => {
    fc.assert(
      fc.property(
        arbitraryCalendar,
        minuteIn2026,
        fc.integer({ min: 1, max: 40 * 480 }),
        (c, start, minutes) => {
          const due = addBusinessTime(c.calendar, start, minutes);

          // The deadline closes a working minute: the minute before it is working time.
          expect(c.working(due.getTime() - MINUTE)).toBe(true);
          expect(isWorkingInstant(c.calendar, new Date(due.getTime() - 1))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is monotone: more minutes never give an earlier deadline', () => {
    fc.assert(
      fc.property(arbitraryCalendar, instantIn2026, upToFortyDays, upToFortyDays, (c, start, a, b) => {
        const [fewer, more] = a <= b ? [a, b] : [b, a];

        const early = addBusinessTime(c.calendar, start, fewer);
        const late = addBusinessTime(c.calendar, start, more);

        expect(early.getTime()).toBeLessThanOrEqual(late.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('businessTimeBetween is additive over adjacent ranges', () => {
    fc.assert(
      fc.property(
        arbitraryCalendar,
        fc.array(instantIn2026, { minLength: 3, maxLength: 3 }),
        (c, instants) => {
          const [a, b, d] = [...instants].sort((x, y) => x.getTime() - y.getTime()) as [Date, Date, Date];

          const parts = businessTimeBetween(c.calendar, a, b) + businessTimeBetween(c.calendar, b, d);

          expect(parts).toBeCloseTo(businessTimeBetween(c.calendar, a, d), 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the deadline for the business time up to t is no later than t', () => {
    fc.assert(
      fc.property(arbitraryCalendar, minuteIn2026, minuteIn2026, (c, x, y) => {
        const [from, to] = x <= y ? [x, y] : [y, x];

        const due = addBusinessTime(c.calendar, from, businessTimeBetween(c.calendar, from, to));

        expect(due.getTime()).toBeLessThanOrEqual(
          Math.max(to.getTime(), nextWorkingInstant(c.calendar, from).getTime()),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('nextWorkingInstant is working time with no business time before it', () => {
    fc.assert(
      fc.property(arbitraryCalendar, instantIn2026, (c, at) => {
        const next = nextWorkingInstant(c.calendar, at);

        expect(isWorkingInstant(c.calendar, next)).toBe(true);
        expect(next.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(businessTimeBetween(c.calendar, at, next)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with a naive minute-by-minute reading of the calendar over spans of up to four days', () => {
    fc.assert(
      fc.property(arbitraryCalendar, minuteIn2026, fc.integer({ min: 0, max: 4 * 1440 }), (c, from, span) => {
        let expected = 0;
        for (let minute = 0; minute < span; minute++) {
          if (c.working(from.getTime() + minute * MINUTE)) expected++;
        }

        const counted = businessTimeBetween(c.calendar, from, new Date(from.getTime() + span * MINUTE));

        expect(counted).toBe(expected);
        expect(isWorkingInstant(c.calendar, from)).toBe(c.working(from.getTime()));
      }),
      { numRuns: 200 },
    );
  });
});
