/**
 * SLA clocks and the sweep through the real local runtime: DynamoDB Local, its stream, the
 * local bus and the same sweep-sla handler the scheduled rule runs in AWS. The runtime is our
 * own, started with a controllable clock and no timers, so that days pass when we say so and
 * the sweep runs only when asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/schemas/alert.js';
import type { Referral } from '../../shared/schemas/referral.js';
import type { SlaSettingsResponse } from '../../shared/schemas/sla.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { settle } from '../support/events.js';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime.js';

let runtime: LocalRuntime;
let api: ApiClient;

/** Istanbul wall time ("2026-05-26T10:00") as an ISO instant. */
const ist = (local: string) => new Date(`${local}:00+03:00`).toISOString();

interface SweepResult {
  examined: number;
  raised: { warning: number; breach: number; escalation: number };
  reconciled: number;
}

async function at(local: string): Promise<void> {
  const response = await api.as('director', 'PUT', '/local/clock', { body: { now: ist(local) } });
  expect(response.status).toBe(200);
}

async function sweep(): Promise<SweepResult> {
  const response = await api.as<{ result: SweepResult }>(
    'director',
    'POST',
    '/local/schedules/sla-sweep/run',
  );
  expect(response.status).toBe(200);
  return response.body.result;
}

async function referral(id: string, username = 'staff.health'): Promise<Referral> {
  const response = await api.as<Referral>(username, 'GET', `/v1/referrals/${id}`);
  expect(response.status).toBe(200);
  return response.body;
}

async function act(id: string, body: Record<string, unknown>): Promise<Referral> {
  const current = await referral(id);
  const response = await api.as<Referral>('staff.health', 'POST', `/v1/referrals/${id}/transitions`, {
    body: { ...body, expectedVersion: current.version },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function reported(priority: 'routine' | 'priority' | 'urgent' | 'emergency'): Promise<string> {
  const response = await api.reportNeed<{ referrals: Referral[] }>('member.amina', validReport({ priority }));
  expect(response.status).toBe(201);
  return response.body.referrals[0]?.id as string;
}

async function alertsOf(referralId: string): Promise<Alert[]> {
  const response = await api.as<{ items: Alert[] }>('director', 'GET', '/v1/alerts?limit=100');
  return response.body.items.filter((alert) => alert.sla?.referralId === referralId);
}

beforeAll(async () => {
  runtime = await startLocalRuntime({
    demoData: false,
    env: { JISR_CONTROLLABLE_CLOCK: '1', JISR_SCHEDULE_SECONDS: '0' },
  });
  api = new ApiClient(runtime.baseUrl);
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('SLA clocks through the local runtime', () => {
  let referralId: string;

  it('a priority referral routed at 10:00 on the eve of Kurban Bayramı is due to be acknowledged at 15:00 on Monday 1 June', async () => {
    await at('2026-05-26T10:00');
    referralId = await reported('priority');
    const { sla } = await referral(referralId);
    expect(sla.acknowledge).toMatchObject({
      dueAt: ist('2026-06-01T15:00'),
      stage: 'running',
      elapsedMinutes: 0,
    });
    expect(sla.resolve.dueAt).toBe(ist('2026-06-12T15:00'));
    expect(sla.policy).toMatchObject({ priority: 'priority', calendar: 'business' });
    // 75 % of one business day (360 min): 150 min on the eve, then 210 on 1 June from 08:30.
    expect(sla.nextEventAt).toBe(ist('2026-06-01T12:00'));
  });

  it('the sweep raises the warning once, however often it runs', async () => {
    await at('2026-06-01T11:55');
    expect((await sweep()).examined).toBe(0);
    await at('2026-06-01T12:05');
    expect(await sweep()).toMatchObject({ examined: 1, raised: { warning: 1, breach: 0, escalation: 0 } });
    expect(await sweep()).toMatchObject({ examined: 0, raised: { warning: 0 } });
    const { sla } = await referral(referralId);
    expect(sla.events).toEqual([{ clock: 'acknowledge', threshold: 'warning', at: ist('2026-06-01T12:00') }]);
    expect(sla.stage).toBe('running');
    expect(sla.acknowledge.elapsedMinutes).toBe(365);
  });

  it('the breach reaches the directorate’s alerts, the escalation its notifications too, once each', async () => {
    await at('2026-06-01T15:01');
    expect((await sweep()).raised.breach).toBe(1);
    await at('2026-06-03T15:01');
    expect((await sweep()).raised.escalation).toBe(1);
    await sweep();
    await settle(api);
    const alerts = await alertsOf(referralId);
    expect(alerts.map((alert) => alert.type).sort()).toEqual(['sla-breach', 'sla-escalation']);
    expect(alerts.find((alert) => alert.type === 'sla-breach')).toMatchObject({
      status: 'open',
      sla: { referralId, unitId: 'health', clock: 'acknowledge', dueAt: ist('2026-06-01T15:00') },
    });
    const onlyBreaches = await api.as<{ items: Alert[] }>(
      'director',
      'GET',
      '/v1/alerts?type=sla-breach&limit=100',
    );
    expect(onlyBreaches.body.items.every((alert) => alert.type === 'sla-breach')).toBe(true);
    const notices = await api.as<{ items: { subject: string; body: string }[] }>(
      'director',
      'GET',
      '/local/alert-notifications',
    );
    const escalations = notices.body.items.filter((notice) => notice.body.includes(referralId));
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.subject).toBe('Jisr: SLA escalation, priority referral at health');
    const { sla } = await referral(referralId);
    expect(sla.stage).toBe('breached');
    expect(sla.events.map((event) => event.threshold)).toEqual(['warning', 'breach', 'escalation']);
    // The directorate acknowledges SLA alerts like any other.
    for (const alert of alerts) {
      const acknowledged = await api.as<Alert>('director', 'POST', `/v1/alerts/${alert.id}/acknowledge`, {
        body: { note: 'Called the unit head; a nurse is assigned.' },
      });
      expect(acknowledged.status, alert.id).toBe(200);
      expect(acknowledged.body.status).toBe('acknowledged');
    }
  });

  it('the unit sees the breach in its inbox, which is ordered by deadline', async () => {
    await at('2026-06-04T09:00');
    const routine = await reported('routine');
    const urgent = await reported('urgent');
    const inbox = await api.as<{ items: Referral[] }>(
      'staff.health',
      'GET',
      '/v1/referrals?status=routed&limit=100',
    );
    const ids = inbox.body.items.map((item) => item.id);
    // Breached first (1 June), then the urgent one (4 h), then the routine one (2 business days).
    expect(ids.indexOf(referralId)).toBeLessThan(ids.indexOf(urgent));
    expect(ids.indexOf(urgent)).toBeLessThan(ids.indexOf(routine));
    const deadlines = inbox.body.items.map((item) => item.sla.acknowledge.dueAt);
    expect(deadlines).toEqual([...deadlines].sort());
    expect(inbox.body.items.find((item) => item.id === referralId)?.sla.stage).toBe('breached');
  });

  it('a hold pauses the resolve clock and a resume restarts it', async () => {
    await at('2026-06-04T09:00');
    await act(referralId, { action: 'accept' });
    await act(referralId, { action: 'start' });
    await at('2026-06-05T08:30');
    const held = await act(referralId, { action: 'hold', holdReason: 'awaiting_beneficiary' });
    expect(held.sla.resolve).toMatchObject({
      stage: 'paused',
      hold: { since: ist('2026-06-05T08:30'), capReached: false },
    });
    await at('2026-06-09T08:30');
    const during = await referral(referralId);
    expect(during.sla.resolve.stage).toBe('paused');
    const elapsedWhileHeld = during.sla.resolve.elapsedMinutes;
    const resumed = await act(referralId, { action: 'resume' });
    expect(resumed.sla.resolve.pausedMinutes).toBe(2 * 480);
    expect(resumed.sla.resolve.elapsedMinutes).toBe(elapsedWhileHeld);
    // The deadline moved two business days later: 12 June 15:00 → 16 June 15:00.
    expect(resumed.sla.resolve.dueAt).toBe(ist('2026-06-16T15:00'));
    await at('2026-06-09T09:30');
    expect((await referral(referralId)).sla.resolve.elapsedMinutes).toBe(elapsedWhileHeld + 60);
  });

  it('a policy change recomputes the open clocks', async () => {
    const settings = await api.as<SlaSettingsResponse>('director', 'GET', '/v1/settings/sla');
    const policies = settings.body.policies.map((policy) =>
      policy.priority === 'priority' && policy.category === undefined
        ? { ...policy, resolve: { amount: 12, unit: 'business-days' } }
        : policy,
    );
    const replaced = await api.as('director', 'PUT', '/v1/settings/sla/policies', {
      body: { policies, expectedVersion: settings.body.version },
    });
    expect(replaced.status).toBe(200);
    expect((await referral(referralId)).sla.resolve.dueAt).toBe(ist('2026-06-18T15:00'));
    const result = await sweep();
    expect(result.reconciled).toBeGreaterThanOrEqual(3);
    expect((await sweep()).reconciled).toBe(0);
  });

  it('a unit that keeps other hours has its own calendar, and its clocks follow it', async () => {
    await at('2026-06-26T11:00');
    const id = await reported('priority');
    // On the council's calendar (Monday to Friday): Friday 11:00 + 1 business day = Monday 11:00.
    expect((await referral(id)).sla.acknowledge.dueAt).toBe(ist('2026-06-29T11:00'));
    const settings = await api.as<SlaSettingsResponse>('director', 'GET', '/v1/settings/sla');
    const hours = [
      { start: '08:30', end: '12:30' },
      { start: '13:30', end: '17:30' },
    ];
    const sixDays = {
      ...settings.body.calendar,
      workingWeek: {
        monday: hours,
        tuesday: hours,
        wednesday: hours,
        thursday: hours,
        friday: hours,
        saturday: hours,
      },
    };
    const replaced = await api.as<SlaSettingsResponse>(
      'director',
      'PUT',
      '/v1/settings/sla/units/health/calendar',
      {
        body: { calendar: sixDays, expectedVersion: settings.body.version },
      },
    );
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(Object.keys(replaced.body.unitCalendars)).toEqual(['health']);
    // The health unit works on Saturdays: the same referral is due on Saturday 11:00.
    expect((await referral(id)).sla.acknowledge.dueAt).toBe(ist('2026-06-27T11:00'));

    const unknown = await api.as('director', 'PUT', '/v1/settings/sla/units/nowhere/calendar', {
      body: { calendar: null, expectedVersion: replaced.body.version },
    });
    expect(unknown.status).toBe(404);
    const invalid = await api.as<{ errors: { field: string }[] }>(
      'director',
      'PUT',
      '/v1/settings/sla/units/health/calendar',
      {
        body: {
          calendar: {
            ...sixDays,
            workingWeek: { monday: hours, saturday: [{ start: '12:00', end: '09:00' }] },
          },
          expectedVersion: replaced.body.version,
        },
      },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error) => error.field)).toEqual(['calendar.workingWeek.saturday.0.end']);

    const reverted = await api.as<SlaSettingsResponse>(
      'director',
      'PUT',
      '/v1/settings/sla/units/health/calendar',
      {
        body: { calendar: null, expectedVersion: replaced.body.version },
      },
    );
    expect(reverted.status).toBe(200);
    expect(reverted.body.unitCalendars).toEqual({});
    expect((await referral(id)).sla.acknowledge.dueAt).toBe(ist('2026-06-29T11:00'));
  });

  it('the directorate sees how the sweep runs; others may not run it', async () => {
    const schedules = await api.as<{ schedules: Record<string, { runs: number; failures: number }> }>(
      'director',
      'GET',
      '/local/schedules',
    );
    expect(schedules.body.schedules['sla-sweep']).toMatchObject({ failures: 0 });
    expect(schedules.body.schedules['sla-sweep']?.runs).toBeGreaterThanOrEqual(8);
    expect((await api.as('staff.health', 'POST', '/local/schedules/sla-sweep/run')).status).toBe(403);
    expect((await api.as('director', 'POST', '/local/schedules/nothing/run')).status).toBe(404);
    const badClock = await api.as<{ errors: { field: string }[] }>('director', 'PUT', '/local/clock', {
      body: { now: 'tomorrow' },
    });
    expect(badClock.status).toBe(400);
    expect(badClock.body.errors[0]?.field).toBe('now');
  });
});
