/** The export's query: the dashboard's period, the same dates and limits, and nothing else. */
import { describe, expect, it } from 'vitest';
import { fieldIssues } from '../../../shared/http/problem.js';
import { DashboardExportQuery } from '../../../shared/schemas/dashboard-export.js';

const issues = (query: Record<string, unknown>) => {
  const parsed = DashboardExportQuery.safeParse(query);
  return parsed.success ? [] : fieldIssues(parsed.error);
};

describe('the export query', () => {
  it('takes a period of local dates', () => {
    expect(DashboardExportQuery.parse({ from: '2026-01-01', to: '2026-03-31' })).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(issues({ from: '2026-06-01', to: '2026-06-01' })).toEqual([]);
  });

  it.each([
    [{ from: '2026-13-01', to: '2026-12-31' }, 'from'],
    [{ from: '01/06/2026', to: '2026-12-31' }, 'from'],
    [{ from: '2026-02-30', to: '2026-12-31' }, 'from'],
    [{ to: '2026-12-31' }, 'from'],
    [{ from: '2026-01-01', to: 'tomorrow' }, 'to'],
    [{ from: '2026-06-02', to: '2026-06-01' }, 'to'],
    [{ from: '2024-01-01', to: '2026-01-01' }, 'to'],
    [{ from: '2026-01-01', to: '2026-01-31', groupBy: 'unit' }, 'groupBy'],
  ])('refuses %j naming %s', (query, field) => {
    expect(issues(query).map((issue) => issue.field)).toEqual([field]);
  });

  it('allows the dashboard’s longest period, 731 days', () => {
    expect(issues({ from: '2024-01-01', to: '2025-12-31' })).toEqual([]);
  });
});
