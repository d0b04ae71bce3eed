import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessDays,
  businessTimeBetween,
  holidaysCoverYear,
  isWorkingInstant,
  nextWorkingInstant,
  workingHoursCalendar,
} from '../../../shared/domain/business-calendar.js';
import { aroundTheClock, ist, istanbul2026, local } from './fixtures.js';

const DAY = businessDays(1, istanbul2026);

describe('the acceptance example of issue 5', () => {
  it('a priority referral routed at 10:00 on the eve of Kurban Bayramı is due to be acknowledged at 15:00 on Monday 1 June', () => {
    // prepare
    const routedAt = ist('2026-05-26T10:00');

    // act
    const due = addBusinessTime(istanbul2026, routedAt, businessDays(1, istanbul2026));

    // assess
    expect(local(due)).toBe('2026-06-01T15:00');
    expect(due.toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(businessTimeBetween(istanbul2026, routedAt, due)).toBe(480);
  });
});

describe('businessDays', () => {
  it.each([
    { n: 0, minutes: 0 },
    { n: 1, minutes: 480 },
    { n: 10, minutes: 4800 },
    { n: 0.5, minutes: 240 },
  ])('$n business day(s) of the default calendar are $minutes minutes', ({ n, minutes }) => {
    expect(businessDays(n, istanbul2026)).toBe(minutes);
  });

  it('a business day of a 24/7 calendar is 24 hours', () => {
    expect(businessDays(3, aroundTheClock)).toBe(3 * 1440);
  });

  it('a declared business day wins over the longest working day', () => {
    const calendar = workingHoursCalendar('Europe/Istanbul', '+03:00', []);
    const withSeven = { ...calendar, businessDayMinutes: 420 };

    expect(businessDays(2, withSeven)).toBe(840);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s days', (n) => {
    expect(() => businessDays(n, istanbul2026)).toThrow(RangeError);
  });
});

describe('addBusinessTime on the default Istanbul calendar', () => {
  it.each([
    // within one morning or afternoon
    { start: '2026-06-02T09:00', minutes: 60, due: '2026-06-02T10:00', why: 'inside the morning' },
    {
      start: '2026-06-02T08:30',
      minutes: 240,
      due: '2026-06-02T12:30',
      why: 'to the end of the morning, not past it',
    },
    // lunch break
    { start: '2026-06-02T12:00', minutes: 60, due: '2026-06-02T14:00', why: 'across the lunch break' },
    {
      start: '2026-06-02T12:45',
      minutes: 30,
      due: '2026-06-02T14:00',
      why: 'a start in the lunch break waits for 13:30',
    },
    // before opening, after closing
    {
      start: '2026-06-02T07:00',
      minutes: 30,
      due: '2026-06-02T09:00',
      why: 'a start before opening waits for 08:30',
    },
    {
      start: '2026-06-02T19:00',
      minutes: 30,
      due: '2026-06-03T09:00',
      why: 'a start after closing waits for the next morning',
    },
    {
      start: '2026-06-02T17:30',
      minutes: 1,
      due: '2026-06-03T08:31',
      why: 'closing time itself is not working time',
    },
    {
      start: '2026-06-02T17:00',
      minutes: 60,
      due: '2026-06-03T09:00',
      why: 'the rest carries over to the next morning',
    },
    // weekends
    {
      start: '2026-06-05T16:30',
      minutes: 120,
      due: '2026-06-08T09:30',
      why: 'Friday afternoon to Monday morning',
    },
    {
      start: '2026-06-06T11:00',
      minutes: 60,
      due: '2026-06-08T09:30',
      why: 'a start on Saturday waits for Monday',
    },
    { start: '2026-06-01T08:30', minutes: 5 * DAY, due: '2026-06-05T17:30', why: 'one whole working week' },
    {
      start: '2026-06-01T08:30',
      minutes: 5 * DAY + 1,
      due: '2026-06-08T08:31',
      why: 'one minute past a whole week',
    },
    {
      start: '2026-06-01T10:00',
      minutes: 10 * DAY,
      due: '2026-06-15T10:00',
      why: 'ten business days, two weekends',
    },
    // eves (half days to 13:00)
    { start: '2026-05-26T12:00', minutes: 30, due: '2026-05-26T12:30', why: 'the eve morning still works' },
    { start: '2026-05-26T12:00', minutes: 60, due: '2026-06-01T09:00', why: 'the eve afternoon is off' },
    {
      start: '2026-10-28T12:00',
      minutes: 60,
      due: '2026-10-30T09:00',
      why: 'the Republic Day eve (28 Oct from 13:00) and Republic Day',
    },
    {
      start: '2026-10-28T13:00',
      minutes: 60,
      due: '2026-10-30T09:30',
      why: 'a start at 13:00 on the Republic Day eve',
    },
    {
      start: '2026-03-19T11:00',
      minutes: 120,
      due: '2026-03-23T09:00',
      why: 'the Ramazan Bayramı eve, the bayram and a weekend',
    },
    // a start inside a holiday
    { start: '2026-05-28T10:00', minutes: 60, due: '2026-06-01T09:30', why: 'inside Kurban Bayramı' },
    {
      start: '2026-04-23T09:00',
      minutes: 30,
      due: '2026-04-24T09:00',
      why: 'inside National Sovereignty Day',
    },
    {
      start: '2026-05-19T14:00',
      minutes: DAY,
      due: '2026-05-20T17:30',
      why: 'inside Youth and Sports Day, one day',
    },
    // year end: 1 January is a holiday; 2 January 2026 is a Friday
    {
      start: '2025-12-31T16:30',
      minutes: 120,
      due: '2026-01-02T09:30',
      why: 'across New Year to Friday 2 January',
    },
    { start: '2025-12-31T17:00', minutes: DAY, due: '2026-01-02T17:00', why: 'across New Year, a whole day' },
    {
      start: '2025-12-31T17:00',
      minutes: DAY + 60,
      due: '2026-01-05T09:00',
      why: 'across New Year and the first weekend',
    },
    { start: '2026-01-01T10:00', minutes: 15, due: '2026-01-02T08:45', why: 'a start on New Year’s Day' },
  ])('$why: $start + $minutes min → $due', ({ start, minutes, due }) => {
    // act
    const deadline = addBusinessTime(istanbul2026, ist(start), minutes);

    // assess
    expect(local(deadline)).toBe(due);
  });

  it.each([
    { start: '2026-06-02T10:00', next: '2026-06-02T10:00', why: 'a working instant is its own start' },
    { start: '2026-06-02T12:30', next: '2026-06-02T13:30', why: 'the lunch break waits' },
    { start: '2026-05-26T13:00', next: '2026-06-01T08:30', why: 'the eve afternoon and the bayram wait' },
  ])('with 0 minutes gives the next working instant ($why)', ({ start, next }) => {
    expect(local(addBusinessTime(istanbul2026, ist(start), 0))).toBe(next);
  });

  it('keeps seconds and milliseconds of a working start', () => {
    const start = new Date('2026-06-02T07:15:30.250Z'); // 10:15:30.250 in Istanbul

    const due = addBusinessTime(istanbul2026, start, 30);

    expect(due.toISOString()).toBe('2026-06-02T07:45:30.250Z');
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s minutes', (minutes) => {
    expect(() => addBusinessTime(istanbul2026, ist('2026-06-02T10:00'), minutes)).toThrow(RangeError);
  });

  it('rejects an invalid start', () => {
    expect(() => addBusinessTime(istanbul2026, new Date(Number.NaN), 10)).toThrow(RangeError);
  });

  it('steps over a long span in one call (200 business days land on a working instant)', () => {
    const start = ist('2026-01-05T08:30');

    const due = addBusinessTime(istanbul2026, start, businessDays(200, istanbul2026));

    expect(businessTimeBetween(istanbul2026, start, due)).toBe(200 * 480);
    expect(isWorkingInstant(istanbul2026, new Date(due.getTime() - 1))).toBe(true);
  });
});

describe('businessTimeBetween on the default Istanbul calendar', () => {
  it.each([
    { from: '2026-06-02T09:00', to: '2026-06-02T10:00', minutes: 60, why: 'inside the morning' },
    { from: '2026-06-02T12:00', to: '2026-06-02T14:00', minutes: 60, why: 'the lunch break does not count' },
    { from: '2026-06-02T00:00', to: '2026-06-03T00:00', minutes: 480, why: 'one whole working day' },
    { from: '2026-06-06T00:00', to: '2026-06-08T00:00', minutes: 0, why: 'a weekend' },
    { from: '2026-06-01T00:00', to: '2026-06-08T00:00', minutes: 2400, why: 'a week' },
    { from: '2026-05-25T00:00', to: '2026-06-01T00:00', minutes: 480 + 240, why: 'the Kurban Bayramı week' },
    {
      from: '2026-10-28T00:00',
      to: '2026-10-30T00:00',
      minutes: 240,
      why: 'the Republic Day eve morning only',
    },
    { from: '2025-12-31T17:00', to: '2026-01-02T09:00', minutes: 60, why: 'New Year’s Day does not count' },
    {
      from: '2026-01-01T00:00',
      to: '2027-01-01T00:00',
      minutes: 480 * 248 + 240 * 3,
      why: 'all of 2026 (261 weekdays, 10 holidays, 3 eves)',
    },
    { from: '2026-06-02T10:00', to: '2026-06-02T10:00', minutes: 0, why: 'an empty range' },
    { from: '2026-06-02T11:00', to: '2026-06-02T10:00', minutes: 0, why: 'a reversed range' },
  ])('$why: [$from, $to) holds $minutes min', ({ from, to, minutes }) => {
    expect(businessTimeBetween(istanbul2026, ist(from), ist(to))).toBe(minutes);
  });
});

describe('isWorkingInstant and nextWorkingInstant', () => {
  it.each([
    { at: '2026-06-02T08:29', working: false, next: '2026-06-02T08:30' },
    { at: '2026-06-02T08:30', working: true, next: '2026-06-02T08:30' },
    { at: '2026-06-02T12:29', working: true, next: '2026-06-02T12:29' },
    { at: '2026-06-02T12:30', working: false, next: '2026-06-02T13:30' },
    { at: '2026-06-02T17:29', working: true, next: '2026-06-02T17:29' },
    { at: '2026-06-02T17:30', working: false, next: '2026-06-03T08:30' },
    { at: '2026-06-06T10:00', working: false, next: '2026-06-08T08:30' },
    { at: '2026-05-26T12:29', working: true, next: '2026-05-26T12:29' },
    { at: '2026-05-26T13:00', working: false, next: '2026-06-01T08:30' },
    { at: '2026-10-28T13:30', working: false, next: '2026-10-30T08:30' },
    { at: '2026-12-31T17:30', working: false, next: '2027-01-01T08:30' },
  ])('$at is working: $working; next working instant $next', ({ at, working, next }) => {
    expect(isWorkingInstant(istanbul2026, ist(at))).toBe(working);
    expect(local(nextWorkingInstant(istanbul2026, ist(at)))).toBe(next);
  });
});

describe('holidaysCoverYear', () => {
  it.each([
    { year: 2025, covered: false },
    { year: 2026, covered: true },
    { year: 2027, covered: false },
  ])('the Istanbul calendar covers $year: $covered', ({ year, covered }) => {
    expect(holidaysCoverYear(istanbul2026, year)).toBe(covered);
  });

  it('flags a calendar with no holiday data at all', () => {
    const bare = workingHoursCalendar('Europe/Istanbul', '+03:00', []);

    expect(holidaysCoverYear(bare, 2026)).toBe(false);
  });

  it('a 24/7 calendar needs no holiday data', () => {
    expect(holidaysCoverYear(aroundTheClock, 2031)).toBe(true);
  });
});

describe('a 24/7 calendar (urgent and emergency)', () => {
  it.each([
    {
      start: '2026-05-26T10:00',
      minutes: 120,
      due: '2026-05-26T12:00',
      why: 'eve and bayram do not stop it',
    },
    { start: '2026-06-06T23:30', minutes: 60, due: '2026-06-07T00:30', why: 'night and weekend count' },
    { start: '2025-12-31T22:00', minutes: 240, due: '2026-01-01T02:00', why: 'New Year counts' },
    {
      start: '2026-05-26T10:00',
      minutes: businessDays(2, aroundTheClock),
      due: '2026-05-28T10:00',
      why: '2 days',
    },
  ])('$why: $start + $minutes min → $due', ({ start, minutes, due }) => {
    expect(local(addBusinessTime(aroundTheClock, ist(start), minutes))).toBe(due);
  });

  it('counts every minute between two instants', () => {
    expect(businessTimeBetween(aroundTheClock, ist('2026-05-26T10:00'), ist('2026-05-31T10:00'))).toBe(
      5 * 1440,
    );
  });

  it('every instant is working time', () => {
    expect(isWorkingInstant(aroundTheClock, ist('2026-05-27T03:00'))).toBe(true);
    expect(local(nextWorkingInstant(aroundTheClock, ist('2026-05-27T03:00')))).toBe('2026-05-27T03:00');
  });
});

describe('a calendar with other working hours', () => {
  const saturdayMornings = workingHoursCalendar('Europe/Istanbul', '+03:00', [], {
    monday: [{ start: '09:00', end: '18:00' }],
    saturday: [{ start: '09:00', end: '13:00' }],
  });

  it('a business day is its longest working day', () => {
    expect(businessDays(1, saturdayMornings)).toBe(540);
  });

  it.each([
    { start: '2026-06-01T17:00', minutes: 120, due: '2026-06-06T10:00', why: 'Monday evening to Saturday' },
    { start: '2026-06-06T12:00', minutes: 120, due: '2026-06-08T10:00', why: 'Saturday to Monday' },
    { start: '2026-06-01T09:00', minutes: 3 * 780, due: '2026-06-20T13:00', why: 'three whole weeks' },
  ])('$why: $start + $minutes min → $due', ({ start, minutes, due }) => {
    expect(local(addBusinessTime(saturdayMornings, ist(start), minutes))).toBe(due);
  });
});
