/**
 * The dashboard's period as a CSV file: one row per referral leg routed in it, for the
 * directorate (every unit) and for unit staff (their own unit's); council members none.
 *
 * A row holds ids (pseudonymous ULIDs, never the member's id), codes, times and SLA figures —
 * never free text (description, neighbourhood, notes), the beneficiary's profile or contact
 * data: the store reads only a referral's outline, so they never reach this code at all.
 *
 * The period is of local days in the council's calendar (its fixed UTC offset): a referral
 * belongs to the local day it was routed on, as in the dashboard's figures. SLA columns are as
 * of the request: a clock still running is shown as it stands now (current settings); a clock
 * that stopped shows its stage and business minutes as recorded when it stopped — the same
 * results the dashboard counts, whatever settings changed since. Due times follow the current
 * settings, like every referral's `sla`.
 */

import type { Actor } from '../domain/actor.js';
import { type CsvValue, csvDocument } from '../domain/csv.js';
import { NotPermitted, Unprocessable } from '../domain/errors.js';
import {
  type SlaContext,
  type SlaResult,
  type SlaStage,
  slaContextFor,
  slaView,
} from '../domain/sla-clock.js';
import {
  type DashboardExportQuery,
  MAX_EXPORT_ROWS,
  REFERRAL_EXPORT_COLUMNS,
  type ReferralExportColumn,
} from '../schemas/dashboard-export.js';
import type { Dependencies, ReferralOutline } from './ports.js';

export interface DashboardExport {
  /** e.g. jisr-referrals-2026-01-01-2026-03-31.csv (unit staff: with their unit's id). */
  readonly filename: string;
  readonly csv: string;
  readonly rows: number;
}

export async function exportDashboardCsv(
  deps: Pick<Dependencies, 'referrals' | 'slaSettings' | 'clock'>,
  actor: Actor,
  query: DashboardExportQuery,
): Promise<DashboardExport> {
  if (actor.role === 'council-member') throw new NotPermitted('The export is for units and the directorate');
  const unitId = actor.role === 'unit-staff' ? actor.unitId : undefined;
  if (actor.role === 'unit-staff' && unitId === undefined) throw new NotPermitted('Your account has no unit');
  const settings = await deps.slaSettings.load();
  const now = deps.clock.now();
  // One more than may be exported, to know whether the period holds more.
  const outlines = await deps.referrals.routedBetween(
    localPeriod(query.from, query.to, settings.calendar.utcOffset),
    { unitId, limit: MAX_EXPORT_ROWS + 1 },
  );
  if (outlines.length > MAX_EXPORT_ROWS) {
    throw new Unprocessable(
      `The period ${query.from} to ${query.to} holds more than ${MAX_EXPORT_ROWS} referrals, the most one export may hold: narrow the period (an earlier \`to\`) and export the rest separately`,
      'export-too-large',
      {
        maxRows: MAX_EXPORT_ROWS,
        errors: [
          {
            field: 'to',
            message: `the period holds more than ${MAX_EXPORT_ROWS} referrals: choose an earlier date`,
          },
        ],
      },
    );
  }
  // Referrals of one unit, priority and categories share one context (and its compiled calendar).
  const contexts = new Map<string, SlaContext>();
  const contextOf = (outline: ReferralOutline) => {
    const key = `${outline.unitId}|${outline.priority}|${[...outline.categories].sort().join(';')}`;
    const known = contexts.get(key);
    if (known !== undefined) return known;
    const context = slaContextFor(settings, outline);
    contexts.set(key, context);
    return context;
  };
  const rows = outlines.map((outline) => exportRow(outline, contextOf(outline), now));
  const scope = unitId === undefined ? '' : `${unitId}-`;
  return {
    filename: `jisr-referrals-${scope}${query.from}-${query.to}.csv`,
    csv: csvDocument(REFERRAL_EXPORT_COLUMNS, rows),
    rows: rows.length,
  };
}

/** Local days from–to (inclusive) as instants [from, to) in a fixed UTC offset ("+03:00"). */
export function localPeriod(from: string, to: string, utcOffset: string): { from: string; to: string } {
  const dayAfter = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    from: new Date(`${from}T00:00:00${utcOffset}`).toISOString(),
    to: new Date(`${dayAfter}T00:00:00${utcOffset}`).toISOString(),
  };
}

/** The referral's SLA stage from its two clocks, as its `sla.stage` is made. */
function overallStage(acknowledge: SlaStage, resolve: SlaStage): SlaStage {
  if (acknowledge === 'cancelled' || resolve === 'cancelled') return 'cancelled';
  if (acknowledge === 'breached' || resolve === 'breached') return 'breached';
  return resolve;
}

function exportRow(referral: ReferralOutline, context: SlaContext, now: Date): CsvValue[] {
  const track = referral.slaTrack;
  const view = slaView(track, referral.createdAt, context, now);
  // A stopped clock: its stage and business minutes as recorded when it stopped; else as of now.
  const acknowledge: SlaResult = track.results?.acknowledge ?? view.acknowledge;
  const resolve: SlaResult =
    (track.stoppedAt === undefined ? undefined : track.results?.resolve) ?? view.resolve;
  const row: Record<ReferralExportColumn, CsvValue> = {
    referral_id: referral.id,
    need_id: referral.needId,
    unit: referral.unitId,
    categories: referral.categories.join(';'),
    district: referral.district,
    priority: referral.priority,
    status: referral.status,
    routed_by: referral.routedBy,
    routed_at: referral.createdAt,
    accepted_at: referral.acceptedAt,
    resolved_at: referral.resolvedAt,
    closed_at: referral.closedAt,
    acknowledge_due_at: view.acknowledge.dueAt,
    resolve_due_at: view.resolve.dueAt,
    acknowledge_stage: acknowledge.stage,
    resolve_stage: resolve.stage,
    sla_stage: overallStage(acknowledge.stage, resolve.stage),
    acknowledge_elapsed_business_minutes: acknowledge.elapsedMinutes,
    resolve_elapsed_business_minutes: resolve.elapsedMinutes,
    resolve_paused_business_minutes: view.resolve.pausedMinutes,
  };
  return REFERRAL_EXPORT_COLUMNS.map((column) => row[column]);
}
