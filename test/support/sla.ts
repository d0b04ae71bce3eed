import type { Referral } from '../../shared/schemas/referral.js';

/**
 * A referral without the SLA figures that move with the clock (elapsed business minutes), for
 * comparing two reads of the same referral made at different instants of a working day.
 */
export function withoutElapsedTime(referral: Referral): unknown {
  const { sla, ...rest } = referral;
  return {
    ...rest,
    sla: {
      ...sla,
      acknowledge: { ...sla.acknowledge, elapsedMinutes: 'moves with the clock' },
      resolve: { ...sla.resolve, elapsedMinutes: 'moves with the clock' },
      endToEnd: { ...sla.endToEnd, elapsedMinutes: 'moves with the clock' },
    },
  };
}
