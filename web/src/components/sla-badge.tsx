/**
 * A referral's SLA state at a glance: one badge, in words and colour (never colour alone),
 * for the most pressing thing — escalated, deadline missed, deadline near — else the state
 * of the clock that matters now. Shared by the unit's inbox and the directorate's screens.
 */
import type { ReferralStatus } from '../../../shared/domain/vocabulary.js';
import type { SlaView } from '../../../shared/schemas/sla.js';
import { useT } from '../i18n/locale.js';
import { SLA_MESSAGES } from './sla/messages.js';

export type SlaClockName = 'acknowledge' | 'resolve';

/** The clock the holder of a referral works against now: the first reply until it is answered. */
export const workingClock = (status: ReferralStatus): SlaClockName =>
  status === 'routed' ? 'acknowledge' : 'resolve';

/** The deadline a referral is worked to (the inbox's order). */
export const workingDueAt = (referral: { status: ReferralStatus; sla: SlaView }): string =>
  referral.sla[workingClock(referral.status)].dueAt;

export type SlaAttention = 'escalated' | 'breached' | 'warning';

/**
 * What calls for attention: an escalation or a breach raised on either clock, a clock past its
 * deadline now (the view computes it at read time, before the sweep raises it), or a warning on
 * the clock still running.
 */
export function slaAttention(sla: SlaView, status: ReferralStatus): SlaAttention | undefined {
  if (sla.events.some((event) => event.threshold === 'escalation')) return 'escalated';
  if (sla.stage === 'breached' || sla.events.some((event) => event.threshold === 'breach')) return 'breached';
  const clock = workingClock(status);
  const running = sla[clock].stage === 'running' || sla[clock].stage === 'paused';
  if (running && sla.events.some((event) => event.clock === clock && event.threshold === 'warning'))
    return 'warning';
  return undefined;
}

const BADGE_CLASS: Record<SlaAttention, string> = {
  escalated: 'badge badge-breach sla-badge sla-badge-escalated',
  breached: 'badge badge-breach sla-badge',
  warning: 'badge badge-warning sla-badge',
};

export function SlaBadge(props: { sla: SlaView; status: ReferralStatus }) {
  const t = useT(SLA_MESSAGES);
  const attention = slaAttention(props.sla, props.status);
  if (attention !== undefined) {
    const label =
      attention === 'escalated'
        ? t('badgeEscalated')
        : attention === 'breached'
          ? t('badgeBreached')
          : t('badgeWarning');
    return (
      <span class={BADGE_CLASS[attention]} data-sla={attention}>
        {label}
      </span>
    );
  }
  const stage = props.sla[workingClock(props.status)].stage;
  switch (stage) {
    case 'paused':
      return (
        <span class="badge badge-neutral sla-badge" data-sla="paused">
          {t('badgePaused')}
        </span>
      );
    case 'met':
      return (
        <span class="badge badge-ok sla-badge" data-sla="met">
          {t('badgeMet')}
        </span>
      );
    case 'transferred':
      return (
        <span class="badge badge-ok sla-badge" data-sla="transferred">
          {t('badgeTransferred')}
        </span>
      );
    case 'cancelled':
      return (
        <span class="badge badge-neutral sla-badge" data-sla="cancelled">
          {t('badgeCancelled')}
        </span>
      );
    default:
      return (
        <span class="badge badge-ok sla-badge" data-sla="running">
          {t('badgeRunning')}
        </span>
      );
  }
}
