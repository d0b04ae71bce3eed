/**
 * The SLA dashboard: the directorate sees the council's figures, unit staff their own unit's,
 * council members none. Figures come from rollup cells (a few Queries whatever the number of
 * referrals): whole months and the days at the period's edges, plus the backlog now.
 */

import type * as z from 'zod';
import type { Actor } from '../domain/actor.js';
import {
  addCounters,
  type Counters,
  figure,
  nowFigures,
  periodFigures,
  periodPieces,
} from '../domain/dashboard-figures.js';
import { NotPermitted } from '../domain/errors.js';
import { COUNCIL_SCOPE, type RollupDimension, unitScope } from '../domain/rollups.js';
import { workingCalendarOf } from '../domain/sla-clock.js';
import type { LocalizedText } from '../schemas/common.js';
import {
  type DashboardGroup,
  type DashboardQuery,
  type DashboardResponse,
  SMALL_CELL_THRESHOLD,
} from '../schemas/dashboard.js';
import type { Dependencies } from './ports.js';

export async function dashboard(
  deps: Pick<Dependencies, 'rollups' | 'slaSettings' | 'councilConfiguration' | 'clock'>,
  actor: Actor,
  query: DashboardQuery,
): Promise<DashboardResponse> {
  if (actor.role === 'council-member')
    throw new NotPermitted('The dashboard is for units and the directorate');
  const unitId = actor.role === 'unit-staff' ? actor.unitId : undefined;
  if (actor.role === 'unit-staff' && unitId === undefined) throw new NotPermitted('Your account has no unit');
  const scope = unitId === undefined ? COUNCIL_SCOPE : unitScope(unitId);
  const [{ council, catalog }, settings] = await Promise.all([
    deps.councilConfiguration.load(),
    deps.slaSettings.load(),
  ]);
  const now = deps.clock.now();
  const nowContext = { now, calendar: workingCalendarOf(settings, unitId), timeZone: council.timeZone };
  const pieces = periodPieces(query.from, query.to);

  // A unit's figures grouped by unit are its totals; months are cut from the totals' cells.
  const dimension: RollupDimension =
    query.groupBy === 'month' || (query.groupBy === 'unit' && unitId !== undefined) ? 'all' : query.groupBy;
  const [totalCells, groupCells] = await Promise.all([
    deps.rollups.cells(scope, 'all', pieces, true),
    dimension === 'all' ? Promise.resolve(undefined) : deps.rollups.cells(scope, dimension, pieces, true),
  ]);

  const sum = (
    cells: typeof totalCells,
    keyOf: (cell: (typeof totalCells)[number]) => string | undefined,
  ) => {
    const period = new Map<string, Counters>();
    const backlog = new Map<string, Counters>();
    for (const cell of cells) {
      const key = keyOf(cell);
      if (key === undefined) continue;
      const into = cell.address.period === 'NOW' ? backlog : period;
      const counters = into.get(key) ?? new Map<string, number>();
      addCounters(counters, cell.fields);
      into.set(key, counters);
    }
    return { period, backlog };
  };

  const totals = sum(totalCells, () => 'all');
  const group = (
    key: string,
    periodCounters: Counters | undefined,
    backlog: Counters | undefined,
    withNow: boolean,
  ) => {
    const label = labelOf(query.groupBy, key, catalog);
    const built: DashboardGroup = {
      key,
      ...(label === undefined ? {} : { label }),
      period: periodFigures(periodCounters ?? new Map()),
      ...(withNow ? { now: nowFigures(backlog ?? new Map(), nowContext) } : {}),
    };
    return built;
  };

  let groups: DashboardGroup[];
  if (query.groupBy === 'month') {
    const byMonth = sum(
      totalCells.filter((cell) => cell.address.period !== 'NOW'),
      (cell) => cell.address.period.slice(1, 8),
    );
    groups = [...byMonth.period.keys()]
      .sort()
      .map((month) => group(month, byMonth.period.get(month), undefined, false));
  } else if (groupCells === undefined) {
    groups = [group(unitId as string, totals.period.get('all'), totals.backlog.get('all'), true)];
  } else {
    const byValue = sum(groupCells, (cell) => cell.address.value);
    const keys = [...new Set([...byValue.period.keys(), ...byValue.backlog.keys()])].sort();
    groups = keys.map((key) => group(key, byValue.period.get(key), byValue.backlog.get(key), true));
  }

  const hotspots = totals.period.get('all')?.get('hotspots') ?? 0;
  return {
    scope: unitId === undefined ? {} : { unitId },
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    timeZone: council.timeZone,
    generatedAt: now.toISOString(),
    smallCellThreshold: SMALL_CELL_THRESHOLD,
    totals: group('all', totals.period.get('all'), totals.backlog.get('all'), true),
    groups,
    hotspots: unitId === undefined ? figure(hotspots) : null,
  };
}

function labelOf(
  groupBy: DashboardQuery['groupBy'],
  key: string,
  catalog: {
    units: { id: string; label: z.infer<typeof LocalizedText> }[];
    categories: { id: string; label: z.infer<typeof LocalizedText> }[];
    districts: { id: string; label: z.infer<typeof LocalizedText> }[];
  },
): z.infer<typeof LocalizedText> | undefined {
  const list =
    groupBy === 'unit'
      ? catalog.units
      : groupBy === 'category'
        ? catalog.categories
        : groupBy === 'district'
          ? catalog.districts
          : undefined;
  return list?.find((entry) => entry.id === key)?.label;
}
