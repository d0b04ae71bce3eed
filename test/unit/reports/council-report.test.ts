/**
 * The council report over the in-memory ports: who may have it, its language and direction,
 * that its figures are the dashboard's (withheld ones shown as "fewer than 5", never 0), and
 * that the page is self-contained and printable.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { councilReport } from '../../../shared/application/council-report.js';
import { dashboard } from '../../../shared/application/dashboard.js';
import { NotPermitted } from '../../../shared/domain/errors.js';
import type { Language } from '../../../shared/domain/vocabulary.js';
import { EQUITY_DIMENSIONS } from '../../../shared/reports/council-report-page.js';
import { reportFormat } from '../../../shared/reports/format.js';
import type { DashboardGroup, DashboardResponse, Figure } from '../../../shared/schemas/dashboard.js';
import { AMINA, DIRECTOR, HEALTH_STAFF } from '../builders.js';
import { type FakeDependencies, fakeDependencies } from '../fakes.js';
import { cellsOf, firstQuarterOf2026, reportOf, rowOf, visibleText } from './fixtures.js';

const LANGUAGES: readonly Language[] = ['ar', 'tr', 'en'];
const FEWER_THAN_FIVE: Record<Language, string> = { ar: 'أقل من ٥', tr: '5’ten az', en: 'fewer than 5' };

let deps: FakeDependencies;
const pages = {} as Record<Language, string>;

beforeAll(async () => {
  deps = await firstQuarterOf2026();
  for (const language of LANGUAGES) pages[language] = (await reportOf(deps, language)).html;
});

const query = (groupBy: 'unit' | 'district' | (typeof EQUITY_DIMENSIONS)[number]) =>
  dashboard(deps, DIRECTOR, { from: '2026-01-01', to: '2026-03-31', groupBy });

/** What a cell of the page should hold for a figure of the dashboard. */
const expected = (figure: Figure | undefined, show: (value: number) => string, language: Language) =>
  figure === undefined
    ? { value: 'empty', text: '' }
    : figure.suppressed
      ? { value: 'suppressed', text: FEWER_THAN_FIVE[language] }
      : { value: figure.value, text: show(figure.value as number) };

describe('who may have the council report', () => {
  it('is for the directorate only', async () => {
    await expect(councilReport(deps, HEALTH_STAFF, { quarter: '2026-Q1' })).rejects.toThrow(NotPermitted);
    await expect(councilReport(deps, AMINA, { quarter: '2026-Q1' })).rejects.toThrow(NotPermitted);
  });

  it('refuses a quarter that is not one, naming it', async () => {
    await expect(councilReport(deps, DIRECTOR, { quarter: '2026-Q5' })).rejects.toMatchObject({
      issues: [{ field: 'quarter' }],
    });
  });
});

describe('language and direction', () => {
  it('is right-to-left in Arabic, left-to-right in Turkish and English', () => {
    expect(pages.ar).toContain('<html lang="ar" dir="rtl">');
    expect(pages.tr).toContain('<html lang="tr" dir="ltr">');
    expect(pages.en).toContain('<html lang="en" dir="ltr">');
    expect(pages.ar.match(/<svg [^>]*direction="rtl"/g)?.length).toBe(5);
    expect(pages.en).not.toContain('direction="rtl"');
  });

  it('is in the council’s default language unless asked for another', async () => {
    const report = await reportOf(deps);
    expect(report.language).toBe('tr');
    expect(report.html).toContain('<html lang="tr" dir="ltr">');
  });

  it('mirrors with logical CSS properties only', () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(pages.ar)?.[1] ?? '';
    expect(style).toContain('margin-inline');
    expect(style).toContain('text-align: end');
    expect(style).not.toMatch(/(margin|padding|border)-(left|right)|text-align:\s*(left|right)|float:/);
  });

  it('names the council, the quarter and its dates, and when it was made, in each language', () => {
    expect(visibleText(pages.en)).toContain('Adana Migrants and Refugees Council');
    expect(visibleText(pages.tr)).toContain('Adana Göçmen ve Mülteci Meclisi');
    expect(visibleText(pages.ar)).toContain('مجلس المهاجرين واللاجئين في أضنة');
    expect(visibleText(pages.en)).toContain('Q1 2026');
    expect(visibleText(pages.en)).toContain('1 January – 31 March 2026');
    expect(visibleText(pages.tr)).toContain('2026 yılı 1. çeyrek');
    expect(visibleText(pages.tr)).toContain('1 Ocak – 31 Mart 2026');
    expect(visibleText(pages.ar)).toContain('الربع ١ من عام ٢٠٢٦');
    expect(visibleText(pages.ar)).toContain('١ يناير – ٣١ مارس ٢٠٢٦');
    // Generated at the fakes' clock, 2026-03-03 13:30 in Istanbul.
    expect(visibleText(pages.en)).toContain('3 March 2026 at 13:30');
  });

  it('labels the beneficiary groups in the page’s language', () => {
    expect(visibleText(pages.en)).toContain('Female');
    expect(visibleText(pages.tr)).toContain('Kadın');
    expect(visibleText(pages.ar)).toContain('أنثى');
    expect(visibleText(pages.en)).toContain('60 years and over');
    expect(visibleText(pages.ar)).toContain('٦٠ سنة فأكثر');
    expect(visibleText(pages.tr)).toContain('Engelli değil');
  });
});

describe('the figures are the dashboard’s', () => {
  it.each(LANGUAGES)('headline figures (%s)', async (language) => {
    const f = reportFormat(language);
    const { totals } = await query('unit');
    const cards: [string, Figure | undefined, (value: number) => string][] = [
      ['opened', totals.period.opened, f.number],
      ['resolved', totals.period.resolved, f.number],
      ['withinSlaPercent', totals.period.withinSlaPercent, f.percent],
      ['timeToResolve.median', totals.period.timeToResolve.median, f.hours],
      ['timeToResolve.p90', totals.period.timeToResolve.p90, f.hours],
      ['open', totals.now?.open, f.number],
      ['breached', totals.now?.breached, f.number],
    ];
    expect(totals.period.opened).toEqual({ value: 8, suppressed: false });
    for (const [name, figure, show] of cards) {
      const card = new RegExp(
        `data-figure="${name.replace('.', '\\.')}"><span class="card-value">([\\s\\S]*?)</span><span class="card-label">`,
      ).exec(pages[language])?.[1];
      expect(card, name).toBeDefined();
      const value = /data-value="([^"]+)"/.exec(card as string)?.[1];
      const shown = expected(figure, show, language);
      expect(
        { value: value === undefined ? 'suppressed' : Number(value), text: visibleText(card as string) },
        name,
      ).toEqual(shown);
    }
  });

  const unitRow = (group: DashboardGroup, language: Language) => {
    const f = reportFormat(language);
    return [
      expected(group.period.opened, f.number, language),
      expected(group.period.resolved, f.number, language),
      expected(group.period.withinSlaPercent, f.percent, language),
      expected(group.period.timeToResolve.median, f.hours, language),
      expected(group.now?.open, f.number, language),
      expected(group.now?.breached, f.number, language),
    ];
  };

  it.each(LANGUAGES)('the units league table, sorted by %% within SLA (%s)', async (language) => {
    const answer = await query('unit');
    expect(answer.groups.map((group) => group.key).sort()).toEqual(['health', 'social-assistance']);
    for (const group of answer.groups) {
      const row = rowOf(pages[language], 'league-table', group.key);
      expect(row, group.key).toBeDefined();
      expect(cellsOf(row as string), group.key).toEqual(unitRow(group, language));
    }
    // health (100 %) before social assistance (withheld).
    const order = [...pages[language].matchAll(/<tr data-group="([^"]+)">/g)].map((match) => match[1]);
    expect(order.indexOf('health')).toBeLessThan(order.indexOf('social-assistance'));
  });

  it.each(LANGUAGES)('withheld figures read “fewer than 5”, never 0 (%s)', (language) => {
    const cells = cellsOf(rowOf(pages[language], 'league-table', 'social-assistance') as string);
    expect(cells).toHaveLength(6);
    for (const cell of cells) expect(cell).toEqual({ value: 'suppressed', text: FEWER_THAN_FIVE[language] });
    // The health unit's backlog (one open referral) is withheld too, not shown as 1 or 0.
    const health = cellsOf(rowOf(pages[language], 'league-table', 'health') as string);
    expect(health[4]).toEqual({ value: 'suppressed', text: FEWER_THAN_FIVE[language] });
    expect(pages[language]).not.toMatch(/data-value="0"/);
  });

  it.each(LANGUAGES)(
    'the equity view by gender, age group, disability and language (%s)',
    async (language) => {
      const f = reportFormat(language);
      for (const dimension of EQUITY_DIMENSIONS) {
        const answer: DashboardResponse = await query(dimension);
        expect(answer.groups.length, dimension).toBe(2);
        for (const group of answer.groups) {
          const row = rowOf(pages[language], `equity-${dimension}`, group.key);
          expect(row, `${dimension} ${group.key}`).toBeDefined();
          expect(cellsOf(row as string), `${dimension} ${group.key}`).toEqual([
            expected(group.period.opened, f.number, language),
            expected(group.period.timeToAcknowledge.median, f.hours, language),
            expected(group.period.timeToAcknowledge.p90, f.hours, language),
            expected(group.period.timeToResolve.median, f.hours, language),
            expected(group.period.timeToResolve.p90, f.hours, language),
            expected(group.period.withinSlaPercent, f.percent, language),
          ]);
        }
      }
    },
  );

  it.each(LANGUAGES)('cohesion flags per district and the hotspots (%s)', async (language) => {
    const f = reportFormat(language);
    const answer = await query('district');
    for (const group of answer.groups) {
      const row = rowOf(pages[language], 'cohesion-table', group.key);
      expect(cellsOf(row as string), group.key).toEqual([
        expected(group.period.opened, f.number, language),
        expected(group.period.cohesionFlags, f.number, language),
      ]);
    }
    expect(answer.groups.find((group) => group.key === 'seyhan')?.period.cohesionFlags).toEqual({
      value: 5,
      suppressed: false,
    });
    expect(answer.hotspots).toEqual({ value: null, suppressed: true });
    expect(pages[language]).toMatch(
      new RegExp(
        `data-figure="hotspots"><span class="card-value"><span class="suppressed" data-suppressed="true">${FEWER_THAN_FIVE[language]}</span>`,
      ),
    );
  });

  it('numbers are formatted for the language: Arabic-Indic digits in Arabic', () => {
    const arabic = cellsOf(rowOf(pages.ar, 'league-table', 'health') as string);
    expect(arabic.slice(0, 4).map((cell) => cell.text)).toEqual(['٦', '٥', '١٠٠٪؜', 'حتى ٨']);
    const english = cellsOf(rowOf(pages.en, 'league-table', 'health') as string);
    expect(english.slice(0, 4).map((cell) => cell.text)).toEqual(['6', '5', '100%', '≤ 8']);
    const turkish = cellsOf(rowOf(pages.tr, 'league-table', 'health') as string);
    expect(turkish[2]?.text).toBe('%100');
  });
});

describe('the page', () => {
  it.each(LANGUAGES)('is self-contained: no script, nothing fetched (%s)', (language) => {
    const page = pages[language];
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).not.toMatch(
      /<script|<link|<iframe|<object|<embed|<img|\bsrc=|\bhref=|url\(|@import|https?:/i,
    );
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  });

  it('has print styles: A4, a page per section, rows never cut', () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(pages.en)?.[1] ?? '';
    expect(style).toContain('@page { size: A4;');
    expect(style).toContain('@media print');
    expect(style).toMatch(/section \+ section \{ break-before: page;/);
    expect(style).toMatch(/tr, \.card, figure \{ break-inside: avoid;/);
    expect(style).toContain('thead { display: table-header-group; }');
  });

  it.each(LANGUAGES)('charts are images with text alternatives (%s)', (language) => {
    const charts = [...pages[language].matchAll(/<svg ([^>]*)>([\s\S]*?)<\/svg>/g)];
    expect(charts).toHaveLength(5);
    for (const [, attributes, content] of charts) {
      expect(attributes).toContain('role="img"');
      const [titleId, descId] =
        /aria-labelledby="([^" ]+) ([^"]+)"/.exec(attributes as string)?.slice(1) ?? [];
      expect(content).toContain(`<title id="${titleId}">`);
      expect(content).toContain(`<desc id="${descId}">`);
    }
    // The description names every unit and its figure.
    const f = reportFormat(language);
    const desc = /<desc id="chart-within-sla-by-unit-desc">([^<]*)<\/desc>/.exec(pages[language])?.[1] ?? '';
    expect(desc).toContain(f.percent(100));
    expect(desc).toContain(FEWER_THAN_FIVE[language]);
  });

  it('draws in black and greys only, so it prints the same in grey-scale', () => {
    const colours = new Set([...pages.en.matchAll(/(?:fill|stroke)="(#[0-9a-f]{3,6})"/gi)].map((m) => m[1]));
    for (const colour of colours) {
      const hex = (colour as string).slice(1);
      const [r, g, b] =
        hex.length === 3 ? [...hex].map((c) => c + c) : [hex.slice(0, 2), hex.slice(2, 4), hex.slice(4, 6)];
      expect(r === g && g === b, colour).toBe(true);
    }
  });

  it('a council without referrals still gets a page, every figure withheld', async () => {
    const { html } = await councilReport(fakeDependencies(), DIRECTOR, { quarter: '2025-Q4', lang: 'en' });
    expect(html).toContain('No referrals were routed to the units in this quarter.');
    expect(html).toContain('No district had referrals in this quarter.');
    expect(html).not.toMatch(/data-value="/);
  });
});
