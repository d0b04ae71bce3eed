/**
 * What the sweep records when an SLA threshold falls due: one SLA event per referral, clock and
 * threshold (its item is the guard that makes it happen once), and for breaches and
 * escalations an alert for the migration directorate. No personal data in either.
 */
import type { AlertRecord } from './alerts.js';
import type { ReferralRecord } from './need.js';
import {
  clockDeadline,
  type SlaClockName,
  type SlaContext,
  type SlaEventDue,
  type SlaThreshold,
} from './sla-clock.js';

export interface SlaEventRecord {
  readonly referralId: string;
  readonly needId: string;
  readonly unitId: string;
  readonly clock: SlaClockName;
  readonly threshold: SlaThreshold;
  /** When the threshold fell due. */
  readonly at: string;
  /** The clock's deadline. */
  readonly dueAt: string;
  /** When the sweep raised it (at or after `at`). */
  readonly raisedAt: string;
  readonly priority: ReferralRecord['priority'];
  readonly categories: readonly string[];
  readonly district: string;
}

export function slaEventRecords(
  referral: ReferralRecord,
  due: readonly SlaEventDue[],
  context: SlaContext,
  raisedAt: string,
): SlaEventRecord[] {
  return due.map((event) => ({
    referralId: referral.id,
    needId: referral.needId,
    unitId: referral.unitId,
    clock: event.clock,
    threshold: event.threshold,
    at: event.at,
    dueAt: clockDeadline(referral.slaTrack, referral.createdAt, context, event.clock),
    raisedAt,
    priority: referral.priority,
    categories: [...referral.categories],
    district: referral.district,
  }));
}

/** The directorate's alert for a breach or an escalation; warnings are the unit's business. */
export function slaAlert(event: SlaEventRecord): AlertRecord | undefined {
  if (event.threshold === 'warning') return undefined;
  return {
    id: `sla-${event.threshold}-${event.clock}-${event.referralId}`,
    type: event.threshold === 'breach' ? 'sla-breach' : 'sla-escalation',
    status: 'open',
    riskTypes: [],
    district: event.district,
    needIds: [event.needId],
    raisedAt: event.raisedAt,
    sla: {
      referralId: event.referralId,
      unitId: event.unitId,
      clock: event.clock,
      priority: event.priority,
      dueAt: event.dueAt,
      fellDueAt: event.at,
    },
    version: 1,
  };
}
