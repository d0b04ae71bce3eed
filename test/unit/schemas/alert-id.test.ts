import { describe, expect, it } from 'vitest';
import { slaEscalationNotice } from '../../../shared/domain/alerts.js';
import { AlertId } from '../../../shared/schemas/alert.js';

const ULID = '01JQ3Z8X9R2M4N6P7Q8R9S0T1V';

describe('alert ids', () => {
  it.each([
    `risk-${ULID}`,
    `hotspot-${ULID}`,
    `sla-breach-acknowledge-${ULID}`,
    `sla-breach-resolve-${ULID}`,
    `sla-escalation-acknowledge-${ULID}`,
    `sla-escalation-resolve-${ULID}`,
  ])('accepts %s', (id) => {
    expect(AlertId.safeParse(id).success).toBe(true);
  });

  it.each([
    '',
    ULID,
    `sla-warning-resolve-${ULID}`,
    `sla-breach-close-${ULID}`,
    `risk-${ULID.toLowerCase()}`,
    `risk-${ULID}x`,
    `../risk-${ULID}`,
  ])('refuses %j', (id) => {
    expect(AlertId.safeParse(id).success).toBe(false);
  });

  it('accepts the id the escalation notice tells the directorate to acknowledge', () => {
    const notice = slaEscalationNotice({
      referralId: ULID,
      needId: '01JQ3Z8X9R2M4N6P7Q8R9S0T1W',
      unitId: 'health',
      clock: 'resolve',
      priority: 'priority',
      dueAt: '2026-06-01T12:00:00.000Z',
    });
    const id = /Alert: (\S+)/.exec(notice.body)?.[1];
    expect(id).toBe(`sla-escalation-resolve-${ULID}`);
    expect(AlertId.safeParse(id).success).toBe(true);
  });
});
