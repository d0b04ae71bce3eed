/**
 * The clock every use case reads. In AWS it is the system clock, always. The local runtime may
 * set it to a given instant (`PUT /local/clock`, only when started with JISR_CONTROLLABLE_CLOCK=1)
 * so that SLA deadlines days ahead can be tried out and tested without waiting for them.
 */
import type { Clock } from '../application/ports.js';

let frozenAt: number | undefined;

export const systemClock: Clock = {
  now: () => new Date(frozenAt ?? Date.now()),
};

/** Freezes the clock at `at`; undefined lets it run with the system clock again. */
export function setClock(at: Date | undefined): void {
  frozenAt = at?.getTime();
}
