/**
 * The printable report for council sessions: a quarter's figures as one HTML page, in Arabic,
 * Turkish or English. The figures are the dashboard's — the same use case, called as the
 * directorate for the quarter once per grouping — so small cells are suppressed by the same
 * rules; this only lays them out (shared/reports).
 */
import type { Actor } from '../domain/actor.js';
import { NotPermitted } from '../domain/errors.js';
import { LANGUAGES, type Language } from '../domain/vocabulary.js';
import {
  type CouncilReportData,
  EQUITY_DIMENSIONS,
  type EquityDimension,
  renderCouncilReport,
} from '../reports/council-report-page.js';
import { parseQuarter } from '../reports/quarter.js';
import type { CouncilReportQuery } from '../reports/schemas.js';
import type { DashboardGrouping, DashboardResponse } from '../schemas/dashboard.js';
import { dashboard } from './dashboard.js';
import type { Dependencies } from './ports.js';

export interface CouncilReport {
  readonly language: Language;
  readonly quarter: string;
  readonly html: string;
  /** What the page was made from (for tests and for anyone checking a figure). */
  readonly data: CouncilReportData;
}

export async function councilReport(
  deps: Pick<Dependencies, 'rollups' | 'slaSettings' | 'councilConfiguration' | 'clock'>,
  actor: Actor,
  query: CouncilReportQuery,
): Promise<CouncilReport> {
  if (actor.role !== 'directorate') throw new NotPermitted('The council report is for the directorate');
  const quarter = parseQuarter(query.quarter);
  const { council } = await deps.councilConfiguration.load();
  const language: Language =
    query.lang ?? LANGUAGES.find((candidate) => candidate === council.defaultLanguage) ?? 'en';
  const figures = (groupBy: DashboardGrouping) =>
    dashboard(deps, actor, { from: quarter.from, to: quarter.to, groupBy });
  const [byUnit, byDistrict, ...equityAnswers] = await Promise.all([
    figures('unit'),
    figures('district'),
    ...EQUITY_DIMENSIONS.map((dimension) => figures(dimension)),
  ]);
  const equity = Object.fromEntries(
    EQUITY_DIMENSIONS.map((dimension, index) => [dimension, equityAnswers[index] as DashboardResponse]),
  ) as Record<EquityDimension, DashboardResponse>;
  const data: CouncilReportData = {
    council: { name: council.name, timeZone: council.timeZone },
    quarter,
    generatedAt: byUnit.generatedAt,
    byUnit,
    byDistrict,
    equity,
  };
  return { language, quarter: quarter.id, html: renderCouncilReport(data, language), data };
}
