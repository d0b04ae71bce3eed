import * as z from 'zod';
import { DashboardQuery, MAX_DASHBOARD_DAYS } from './dashboard.js';

/**
 * The most rows one export may hold. A longer period is refused (422) rather than cut short:
 * at about 400 bytes a row the largest file stays under 5 MB, within what a Lambda may return
 * (6 MB) and what the function reads and computes in its time limit.
 */
export const MAX_EXPORT_ROWS = 10_000;

/** The columns, in order: stable English names a spreadsheet or a script can rely on. */
export const REFERRAL_EXPORT_COLUMNS = [
  'referral_id',
  'need_id',
  'unit',
  'categories',
  'district',
  'priority',
  'status',
  'routed_by',
  'routed_at',
  'accepted_at',
  'resolved_at',
  'closed_at',
  'acknowledge_due_at',
  'resolve_due_at',
  'acknowledge_stage',
  'resolve_stage',
  'sla_stage',
  'acknowledge_elapsed_business_minutes',
  'resolve_elapsed_business_minutes',
  'resolve_paused_business_minutes',
] as const;
export type ReferralExportColumn = (typeof REFERRAL_EXPORT_COLUMNS)[number];

/** The dashboard's period (same dates, same limits), without a grouping: one row per referral. */
export const DashboardExportQuery = z
  .strictObject({ from: DashboardQuery.shape.from, to: DashboardQuery.shape.to })
  .superRefine((query, ctx) => {
    // A date that is not one is named on its own, not again as a wrong period.
    const LocalDate = DashboardQuery.shape.from;
    if (!LocalDate.safeParse(query.from).success || !LocalDate.safeParse(query.to).success) return;
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
export type DashboardExportQuery = z.infer<typeof DashboardExportQuery>;

export const DashboardExportCsv = z
  .string()
  .describe(
    `CSV (RFC 4180, UTF-8 with a byte-order mark, CRLF line ends), one row per referral leg routed in the period (by its local routing day), at most ${MAX_EXPORT_ROWS} rows (a longer period is refused with 422 naming \`to\`). ` +
      `Columns: ${REFERRAL_EXPORT_COLUMNS.join(', ')}. Times are ISO instants (empty if none); SLA columns are as of the request. ` +
      'Ids and codes only: no description, neighbourhood, notes, beneficiary profile or contact data.',
  );
