/** The page on its own, from dashboard answers written by hand: ordering and findings. */
import { describe, expect, it } from 'vitest';
import {
  type CouncilReportData,
  EQUITY_DIMENSIONS,
  renderCouncilReport,
} from '../../../shared/reports/council-report-page.js';
import { parseQuarter } from '../../../shared/reports/quarter.js';
import type { DashboardGroup, DashboardResponse, Figure } from '../../../shared/schemas/dashboard.js';
import { visibleText } from './fixtures.js';

const shown = (value: number): Figure => ({ value, suppressed: false });
const withheld: Figure = { value: null, suppressed: true };
const pick = (value: number | null) => (value === null ? withheld : shown(value));

function group(key: string, figures: { withinSla?: number | null; median?: number | null; label?: string }) {
  const built: DashboardGroup = {
    key,
    ...(figures.label === undefined
      ? {}
      : { label: { ar: `${figures.label} (ar)`, tr: `${figures.label} (tr)`, en: figures.label } }),
    period: {
      opened: shown(20),
      resolved: shown(10),
      withinSlaPercent: pick(figures.withinSla === undefined ? 90 : figures.withinSla),
      timeToAcknowledge: { median: shown(4), p90: shown(8) },
      timeToResolve: { median: pick(figures.median === undefined ? 40 : figures.median), p90: shown(80) },
      cohesionFlags: shown(6),
    },
    now: {
      open: shown(7),
      breached: withheld,
      dueWithinOneBusinessDay: withheld,
      aging: { '0-5': shown(7), '6-10': withheld, '11-20': withheld, '21-40': withheld, '>40': withheld },
    },
  };
  return built;
}

function answer(groupBy: DashboardResponse['groupBy'], groups: DashboardGroup[]): DashboardResponse {
  return {
    scope: {},
    from: '2026-10-01',
    to: '2026-12-31',
    groupBy,
    timeZone: 'Europe/Istanbul',
    generatedAt: '2027-01-04T07:00:00.000Z',
    smallCellThreshold: 5,
    totals: group('all', {}),
    groups,
    hotspots: shown(2),
  };
}

function data(overrides: Partial<CouncilReportData> = {}): CouncilReportData {
  return {
    council: {
      name: { ar: 'مجلس', tr: 'Meclis', en: 'Council' },
      timeZone: 'Europe/Istanbul',
    },
    quarter: parseQuarter('2026-Q4'),
    generatedAt: '2027-01-04T07:00:00.000Z',
    byUnit: answer('unit', [
      group('legal-aid', { withinSla: 80, label: 'Legal aid unit' }),
      group('health', { withinSla: 95, label: 'Health unit' }),
      group('housing', { withinSla: null, label: 'Housing unit' }),
      group('education', { withinSla: 95, label: 'Education unit' }),
    ]),
    byDistrict: answer('district', [
      group('seyhan', { label: 'Seyhan' }),
      group('kozan', { label: 'Kozan' }),
    ]),
    equity: Object.fromEntries(
      EQUITY_DIMENSIONS.map((dimension) => [
        dimension,
        answer(dimension, [group('female', { median: 40 }), group('male', { median: 40 })]),
      ]),
    ) as CouncilReportData['equity'],
    ...overrides,
  };
}

const rowOrder = (page: string, tableId: string) => {
  const start = page.indexOf(`id="${tableId}"`);
  const table = page.slice(start, page.indexOf('</table>', start));
  return [...table.matchAll(/<tr data-group="([^"]+)">/g)].map((match) => match[1]);
};

describe('the council report page', () => {
  it('ranks units by % within SLA, highest first, ties by name, withheld last', () => {
    expect(rowOrder(renderCouncilReport(data(), 'en'), 'league-table')).toEqual([
      'education',
      'health',
      'legal-aid',
      'housing',
    ]);
  });

  it('the chart of % within SLA by unit has a bar per shown figure, in the table’s order', () => {
    const page = renderCouncilReport(data(), 'en');
    const chart =
      /<svg [^>]*aria-labelledby="chart-within-sla-by-unit-title[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
    expect(chart.match(/<rect /g)).toHaveLength(3);
    const labels = [...chart.matchAll(/<text [^>]*font-size="11" fill="#000">([^<]*)<\/text>/g)].map(
      (m) => m[1],
    );
    expect(labels.filter((_, index) => index % 2 === 0)).toEqual([
      'Education unit',
      'Health unit',
      'Legal aid unit',
      'Housing unit',
    ]);
    expect(chart).toContain('fewer than 5');
  });

  it('names the group that waits longest, or says there is no difference', () => {
    const equity = {
      ...data().equity,
      gender: answer('gender', [group('female', { median: 80 }), group('male', { median: 40 })]),
      ageGroup: answer('ageGroup', [group('0-4', { median: null }), group('60+', { median: 120 })]),
    };
    const page = visibleText(renderCouncilReport(data({ equity }), 'en'));
    expect(page).toContain('Longest median time to resolve: Female (≤ 80).');
    expect(page).toContain('Too few referrals to compare the groups.');
    expect(page).toContain('The median time to resolve is the same for every group shown.');
    const turkish = visibleText(renderCouncilReport(data({ equity }), 'tr'));
    expect(turkish).toContain('En uzun ortanca sonuçlanma süresi: Kadın (≤ 80).');
  });

  it('shows the open last bucket of times as more than its lower bound', () => {
    const equity = {
      ...data().equity,
      language: answer('language', [group('ku', { median: 2000 }), group('ar', { median: 40 })]),
    };
    const page = visibleText(renderCouncilReport(data({ equity }), 'en'));
    expect(page).toContain('Kurdish > 1,200');
    expect(page).toContain('Longest median time to resolve: Kurdish (> 1,200).');
  });

  it('shows an unknown group by its key, escaped', () => {
    const equity = {
      ...data().equity,
      language: answer('language', [group('<x>', { median: 40 })]),
    };
    const page = renderCouncilReport(data({ equity }), 'en');
    expect(page).toContain('<tr data-group="&lt;x&gt;"><th scope="row">&lt;x&gt;</th>');
  });

  it('shows the hotspots of the quarter', () => {
    const page = renderCouncilReport(data(), 'ar');
    expect(page).toContain('data-figure="hotspots"><span class="card-value"><span data-value="2">٢</span>');
  });

  it('Arabic charts grow from the right', () => {
    const page = renderCouncilReport(data(), 'ar');
    const chart =
      /<svg [^>]*aria-labelledby="chart-within-sla-by-unit-title[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
    expect(chart).toContain('direction="rtl"');
    // Every bar ends at the right edge's axis (x + width = 624).
    const bars = [...chart.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)];
    expect(bars).toHaveLength(3);
    for (const [, x, width] of bars) expect(Number(x) + Number(width)).toBeCloseTo(624, 1);
    const english = renderCouncilReport(data(), 'en');
    const englishBars = [...english.matchAll(/<rect x="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(new Set(englishBars)).toEqual(new Set([16]));
  });
});
