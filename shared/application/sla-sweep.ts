/**
 * The SLA sweep, run every few minutes (a scheduled rule in AWS, a timer locally). It reads
 * only the referrals whose next SLA event is due — the head of the SLA index — and for each
 * records the thresholds that fell due: an SLA event (published as SlaWarning, SlaBreached or
 * SlaEscalated) and, for breaches and escalations, an alert for the directorate. Each event's
 * item can be created once only, so however often the sweep runs, retries or overlaps with
 * itself, each threshold of each clock is raised once.
 *
 * When the SLA settings changed since the stored schedules were computed, it first
 * recomputes the schedule of every referral whose clocks still matter (reconciliation).
 */
import type { ReferralRecord } from '../domain/need.js';
import { sameValue } from '../domain/rollups.js';
import type { SlaThreshold } from '../domain/sla-clock.js';
import {
  dueSlaEvents,
  type SlaEventDue,
  type SlaSettingsData,
  slaContextFor,
  withRaised,
  withSchedule,
} from '../domain/sla-clock.js';
import { slaAlert, slaEventRecords } from '../domain/sla-events.js';
import { logger } from '../observability/logger.js';
import type { Dependencies } from './ports.js';

/** Referrals read per page of the due head. */
export const SWEEP_PAGE_SIZE = 100;
/** Writes tried per referral before it is left to the next run. */
const ATTEMPTS = 3;

export interface SweepReport {
  readonly at: string;
  /** Due referrals read from the SLA index. */
  readonly examined: number;
  /** Thresholds raised in this run, by threshold. */
  readonly raised: Readonly<Record<SlaThreshold, number>>;
  /** Referrals whose schedule was moved without raising (stale after a settings change). */
  readonly rescheduled: number;
  /** Referrals left for the next run (changed under the sweep every time it tried). */
  readonly deferred: number;
  /** Referrals recomputed because the SLA settings changed; 0 when they did not. */
  readonly reconciled: number;
}

export async function sweepSla(
  deps: Pick<Dependencies, 'sla' | 'slaSettings' | 'referrals' | 'clock'>,
  options: { readonly pageSize?: number } = {},
): Promise<SweepReport> {
  const now = deps.clock.now();
  const settings = await deps.slaSettings.load({ fresh: true });
  const raised: Record<SlaThreshold, number> = { warning: 0, breach: 0, escalation: 0 };
  let examined = 0;
  let rescheduled = 0;
  let deferred = 0;
  const seen = new Set<string>();
  const pageSize = options.pageSize ?? SWEEP_PAGE_SIZE;
  for (;;) {
    const due = (await deps.sla.dueReferrals(now.toISOString(), pageSize)).filter(
      (referral) => !seen.has(referral.id),
    );
    // Every referral handled leaves the due head (or was deferred): stop when only those remain.
    if (due.length === 0) break;
    for (const referral of due) {
      seen.add(referral.id);
      examined++;
      try {
        const outcome = await raiseDue(deps, referral, settings, now);
        if (outcome === 'deferred') deferred++;
        else if (outcome === 'rescheduled') rescheduled++;
        else for (const event of outcome) raised[event.threshold]++;
      } catch (error) {
        // One referral failing (throttled, say) must not hold up the others: it stays due.
        deferred++;
        logger.warn('SLA sweep left a referral for the next run', {
          referralId: referral.id,
          error: (error as Error).message,
        });
      }
    }
  }
  // Raise first, then (after a settings change) move the stored schedules: a referral whose
  // schedule moved earlier is raised by the next run, five minutes later.
  const reconciled = await reconcile(deps, settings);
  return { at: now.toISOString(), examined, raised, rescheduled, deferred, reconciled };
}

async function raiseDue(
  deps: Pick<Dependencies, 'sla' | 'referrals'>,
  found: ReferralRecord,
  settings: SlaSettingsData,
  now: Date,
): Promise<SlaEventDue[] | 'rescheduled' | 'deferred'> {
  let referral: ReferralRecord | undefined = found;
  /** Raised by an earlier run, whose mark on the referral a concurrent change overwrote. */
  const raisedBefore: SlaEventDue[] = [];
  for (let attempt = 1; attempt <= ATTEMPTS && referral !== undefined; attempt++) {
    const context = slaContextFor(settings, referral);
    const due = dueSlaEvents(referral.slaTrack, referral.createdAt, context, now);
    if (due.length === 0) {
      // Its place in the index is stale (the settings changed): move it, raise nothing.
      const after = { ...referral, slaTrack: withSchedule(referral.slaTrack, referral.createdAt, context) };
      if ((await deps.sla.reschedule(referral, after)) === 'applied') return 'rescheduled';
    } else {
      const isNew = (event: SlaEventDue) =>
        !raisedBefore.some((known) => known.clock === event.clock && known.threshold === event.threshold);
      const events = slaEventRecords(referral, due.filter(isNew), context, now.toISOString());
      const after = {
        ...referral,
        slaTrack: withRaised(referral.slaTrack, due, referral.createdAt, context),
      };
      const outcome = await deps.sla.raise({
        before: referral,
        after,
        events,
        alerts: events.flatMap((event) => slaAlert(event) ?? []),
      });
      if (outcome.kind === 'raised') return due.filter(isNew);
      if (outcome.kind === 'already-raised') {
        raisedBefore.push(...outcome.events);
        continue;
      }
    }
    referral = await deps.referrals.referral(found.id);
  }
  return referral === undefined ? 'rescheduled' : 'deferred';
}

/** After a settings change, every schedule that still matters is recomputed once. */
async function reconcile(
  deps: Pick<Dependencies, 'sla'>,
  settings: SlaSettingsData & { readonly version: number },
): Promise<number> {
  if ((await deps.sla.appliedSettingsVersion()) === settings.version) return 0;
  const done = new Set<string>();
  for await (const page of deps.sla.referralsWithClocks()) {
    for (const referral of page) {
      if (done.has(referral.id)) continue;
      done.add(referral.id);
      const slaTrack = withSchedule(referral.slaTrack, referral.createdAt, slaContextFor(settings, referral));
      if (
        slaTrack.dueAt === referral.slaTrack.dueAt &&
        slaTrack.nextEventAt === referral.slaTrack.nextEventAt &&
        sameValue(slaTrack.results, referral.slaTrack.results)
      ) {
        continue;
      }
      // A lifecycle change in between wrote a schedule of its own: nothing to do.
      await deps.sla.reschedule(referral, { ...referral, slaTrack });
    }
  }
  await deps.sla.markSettingsApplied(settings.version);
  return done.size;
}
