import * as z from 'zod';
import { CatalogId, LocalizedText, Timestamp } from './common.js';

/** What the dashboard can group by: a rollup dimension, or the month. */
export const DASHBOARD_GROUPINGS = [
  'unit',
  'category',
  'district',
  'priority',
  'month',
  'gender',
  'ageGroup',
  'disability',
  'language',
] as const;
export type DashboardGrouping = (typeof DASHBOARD_GROUPINGS)[number];

/** Figures from fewer referrals than this are suppressed, so that no person can be singled out. */
export const SMALL_CELL_THRESHOLD = 5;
/** The longest period one request may cover. */
export const MAX_DASHBOARD_DAYS = 731;

const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'is not a real date');

export const DashboardQuery = z
  .strictObject({
    from: LocalDate.describe('First day of the period (local date, inclusive)'),
    to: LocalDate.describe('Last day of the period (local date, inclusive)'),
    groupBy: z.enum(DASHBOARD_GROUPINGS).default('unit'),
  })
  .superRefine((query, ctx) => {
    if (query.to < query.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      return;
    }
    const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
    if (days > MAX_DASHBOARD_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the period may cover at most ${MAX_DASHBOARD_DAYS} days`,
      });
    }
  });
export type DashboardQuery = z.infer<typeof DashboardQuery>;

/** A figure, or — when fewer than 5 referrals make it — suppressed (never shown as zero). */
export const Figure = z
  .object({ value: z.number().nullable(), suppressed: z.boolean() })
  .describe('`value` is null exactly when `suppressed` is true: fewer than 5 referrals make the figure');
export type Figure = z.infer<typeof Figure>;

const Percentiles = z
  .object({ median: Figure, p90: Figure })
  .describe(
    'Business hours, as the upper bound of the histogram bucket the percentile falls in (2000 means 2000 or more)',
  );

export const AGING_BUCKETS = ['0-5', '6-10', '11-20', '21-40', '>40'] as const;

export const DashboardGroup = z.object({
  key: z
    .string()
    .describe(
      'The group: a unit, category or district id, a priority, a month YYYY-MM, ...; "all" for the totals',
    ),
  label: LocalizedText.optional().describe('For units, categories and districts'),
  period: z
    .object({
      opened: Figure.describe('Referrals routed to a unit in the period'),
      resolved: Figure.describe('Referrals resolved in the period'),
      withinSlaPercent: Figure.describe(
        '% of the referrals whose resolve clock stopped in the period that met it: met / (met + breached); cancelled ones excluded',
      ),
      timeToAcknowledge: Percentiles.describe('Routed → accepted, for referrals accepted in the period'),
      timeToResolve: Percentiles.describe('Routed → resolved, for referrals resolved in the period'),
      cohesionFlags: Figure.describe('Referrals opened in the period whose need carries cohesion-risk flags'),
    })
    .describe('Figures of the period from–to'),
  now: z
    .object({
      open: Figure.describe('Referrals waiting for their unit now (routed, accepted, in progress, on hold)'),
      breached: Figure.describe('Of those, past their current deadline (as the SLA sweep has raised it)'),
      dueWithinOneBusinessDay: Figure.describe(
        'Not breached, with their current deadline on or before the local day on which one business day from now ends',
      ),
      aging: z
        .object(
          Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, Figure])) as Record<
            (typeof AGING_BUCKETS)[number],
            typeof Figure
          >,
        )
        .describe('Open referrals by business days since they were routed'),
    })
    .optional()
    .describe('The backlog now (not limited to the period); absent from month groups'),
});
export type DashboardGroup = z.infer<typeof DashboardGroup>;

export const DashboardResponse = z.object({
  scope: z
    .object({ unitId: CatalogId.optional() })
    .describe("The council's figures, or (unit staff) one unit's"),
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(DASHBOARD_GROUPINGS),
  timeZone: z.string(),
  generatedAt: Timestamp,
  smallCellThreshold: z.literal(SMALL_CELL_THRESHOLD),
  totals: DashboardGroup,
  groups: z.array(DashboardGroup),
  hotspots: Figure.nullable().describe(
    'Cohesion hotspots raised in the period (council scope only; null for a unit)',
  ),
});
export type DashboardResponse = z.infer<typeof DashboardResponse>;
