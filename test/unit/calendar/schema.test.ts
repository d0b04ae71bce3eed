import { describe, expect, it } from 'vitest';
import {
  BusinessCalendar,
  DEFAULT_WORKING_WEEK,
  HolidayYear,
  parseBusinessCalendar,
} from '../../../shared/domain/business-calendar.js';
import { turkishHolidays2026 } from './fixtures.js';

const holiday = (start: string, end: string) => ({
  id: 'h',
  name: { tr: 'Tatil', en: 'Holiday' },
  start,
  end,
});
const year2026 = (holidays: unknown[]) => ({
  year: 2026,
  timeZone: 'Europe/Istanbul',
  description: 'test data',
  holidays,
});
const calendar = (overrides: Record<string, unknown>) => ({
  kind: 'working-hours',
  timeZone: 'Europe/Istanbul',
  utcOffset: '+03:00',
  ...overrides,
});
const issuesOf = (input: unknown) => {
  const result = BusinessCalendar.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('the business calendar schema', () => {
  it('accepts the shipped 2026 Turkish holidays, provenance and notes included', () => {
    const data = HolidayYear.parse(turkishHolidays2026());

    expect(data.holidays).toHaveLength(12);
    expect(data.description).toMatch(/Law 2429/);
    expect(data.notes?.length).toBeGreaterThan(0);
  });

  it('defaults to Mon–Fri 08:30–12:30 and 13:30–17:30 and no holiday data', () => {
    const parsed = parseBusinessCalendar(calendar({}));

    expect(parsed).toMatchObject({ workingWeek: DEFAULT_WORKING_WEEK, holidayYears: [] });
  });

  it('accepts a 24/7 calendar', () => {
    expect(parseBusinessCalendar({ kind: '24/7', timeZone: 'Europe/Istanbul' }).kind).toBe('24/7');
  });

  it.each([
    {
      why: 'a holiday ending before it starts',
      input: calendar({ holidayYears: [year2026([holiday('2026-05-02T00:00', '2026-05-01T00:00')])] }),
      path: 'holidayYears.0.holidays.0.end',
    },
    {
      why: 'a holiday outside its year',
      input: calendar({ holidayYears: [year2026([holiday('2025-12-31T00:00', '2026-01-01T00:00')])] }),
      path: 'holidayYears.0.holidays.0.start',
    },
    {
      why: 'a holiday running into the next year',
      input: calendar({ holidayYears: [year2026([holiday('2026-12-31T00:00', '2027-01-02T00:00')])] }),
      path: 'holidayYears.0.holidays.0.end',
    },
    {
      why: 'a date that does not exist',
      input: calendar({ holidayYears: [year2026([holiday('2026-02-30T00:00', '2026-03-01T00:00')])] }),
      path: 'holidayYears.0.holidays.0.start',
    },
    {
      why: 'the same year twice',
      input: calendar({ holidayYears: [year2026([]), year2026([])] }),
      path: 'holidayYears.1.year',
    },
    {
      why: 'holidays for another time zone',
      input: calendar({ holidayYears: [{ ...year2026([]), timeZone: 'Europe/Berlin' }] }),
      path: 'holidayYears.0.timeZone',
    },
    {
      why: 'overlapping working intervals',
      input: calendar({
        workingWeek: {
          monday: [
            { start: '08:30', end: '12:30' },
            { start: '12:00', end: '17:00' },
          ],
        },
      }),
      path: 'workingWeek.monday.1',
    },
    {
      why: 'a working interval ending before it starts',
      input: calendar({ workingWeek: { monday: [{ start: '12:00', end: '09:00' }] } }),
      path: 'workingWeek.monday.0.end',
    },
    { why: 'a week without working hours', input: calendar({ workingWeek: {} }), path: 'workingWeek' },
    {
      why: 'a misspelt weekday',
      input: calendar({ workingWeek: { munday: [{ start: '08:00', end: '17:00' }] } }),
      path: 'workingWeek',
    },
    {
      why: 'an offset the zone does not have (Istanbul is +03:00)',
      input: calendar({ utcOffset: '+02:00', holidayYears: [year2026([])] }),
      path: 'utcOffset',
    },
    {
      why: 'a zone with daylight saving time',
      input: calendar({
        timeZone: 'Europe/Berlin',
        utcOffset: '+01:00',
        holidayYears: [{ ...year2026([]), timeZone: 'Europe/Berlin' }],
      }),
      path: 'utcOffset',
    },
    {
      why: 'an unknown time zone',
      input: calendar({ timeZone: 'Mars/Olympus', holidayYears: [] }),
      path: 'timeZone',
    },
  ])('rejects $why, naming $path', ({ input, path }) => {
    expect(issuesOf(input)).toContain(path);
  });

  it('accepts touching working intervals and a half-day eve', () => {
    const input = calendar({
      workingWeek: {
        monday: [
          { start: '08:00', end: '12:00' },
          { start: '12:00', end: '24:00' },
        ],
      },
      holidayYears: [year2026([holiday('2026-10-28T13:00', '2026-10-29T00:00')])],
    });

    expect(issuesOf(input)).toEqual([]);
  });
});
