import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../../shared/domain/errors.js';
import { fieldIssues } from '../../../shared/http/problem.js';
import { parseQuarter } from '../../../shared/reports/quarter.js';
import { CouncilReportQuery } from '../../../shared/reports/schemas.js';

describe('quarters', () => {
  it.each([
    ['2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
    ['2024-Q1', '2024-01-01', '2024-03-31'],
    ['2000-Q1', '2000-01-01', '2000-03-31'],
    ['2100-Q4', '2100-10-01', '2100-12-31'],
  ])('%s runs from %s to %s', (text, from, to) => {
    expect(parseQuarter(text)).toMatchObject({ id: text, from, to });
  });

  it('knows its year and number', () => {
    expect(parseQuarter('2026-Q4')).toEqual({
      id: '2026-Q4',
      year: 2026,
      quarter: 4,
      from: '2026-10-01',
      to: '2026-12-31',
    });
  });

  it.each([
    '2026-Q5',
    '2026-Q0',
    '2026-q1',
    '2026Q1',
    '2026-Q1 ',
    '26-Q1',
    '02026-Q1',
    '2026-Q',
    '2026-04',
    '',
  ])('refuses %j, naming quarter', (text) => {
    expect(() => parseQuarter(text)).toThrow(ValidationFailed);
    try {
      parseQuarter(text);
    } catch (error) {
      expect((error as ValidationFailed).issues).toEqual([
        { field: 'quarter', message: expect.stringContaining('YYYY-Qn') },
      ]);
    }
  });

  it.each(['1999-Q4', '2101-Q1', '0000-Q1', '9999-Q2'])('refuses %s: years run from 2000 to 2100', (text) => {
    expect(() => parseQuarter(text)).toThrow(ValidationFailed);
    try {
      parseQuarter(text);
    } catch (error) {
      expect((error as ValidationFailed).issues).toEqual([
        { field: 'quarter', message: 'the year must be from 2000 to 2100' },
      ]);
    }
  });
});

describe('the report query', () => {
  const issues = (query: Record<string, string>) => {
    const parsed = CouncilReportQuery.safeParse(query);
    return parsed.success ? [] : fieldIssues(parsed.error);
  };

  it('takes a quarter and, optionally, ar, tr or en', () => {
    expect(CouncilReportQuery.parse({ quarter: '2026-Q4' })).toEqual({ quarter: '2026-Q4' });
    for (const lang of ['ar', 'tr', 'en']) {
      expect(CouncilReportQuery.parse({ quarter: '2026-Q4', lang })).toEqual({ quarter: '2026-Q4', lang });
    }
  });

  it('names the field it refuses', () => {
    expect(issues({ quarter: '2026-Q5' })).toEqual([{ field: 'quarter', message: expect.any(String) }]);
    expect(issues({ quarter: '2101-Q1' })).toEqual([
      { field: 'quarter', message: 'the year must be from 2000 to 2100' },
    ]);
    expect(issues({})).toEqual([{ field: 'quarter', message: expect.any(String) }]);
    expect(issues({ quarter: '2026-Q1', lang: 'fr' })).toEqual([
      { field: 'lang', message: expect.any(String) },
    ]);
    expect(issues({ quarter: '2026-Q1', from: '2026-01-01' })).toEqual([
      { field: 'from', message: 'is not a known field' },
    ]);
  });
});
