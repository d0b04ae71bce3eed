import { describe, expect, inject, it } from 'vitest';
import type { SlaSettingsResponse } from '../../shared/schemas/sla.js';
import { ApiClient } from '../support/api-client.js';

const api = new ApiClient(inject('baseUrl'));

type Problem = { type: string; status: number; errors?: { field: string }[]; currentVersion?: number };

const read = async () => {
  const response = await api.as<SlaSettingsResponse>('director', 'GET', '/v1/settings/sla');
  expect(response.status).toBe(200);
  return response.body;
};

describe('SLA settings', () => {
  it('start from the council defaults and the 2026 Turkish calendar', async () => {
    const settings = await read();
    expect(settings.policies).toEqual([
      {
        priority: 'emergency',
        calendar: '24/7',
        acknowledge: { amount: 2, unit: 'hours' },
        resolve: { amount: 2, unit: 'days' },
      },
      {
        priority: 'urgent',
        calendar: '24/7',
        acknowledge: { amount: 4, unit: 'hours' },
        resolve: { amount: 3, unit: 'days' },
      },
      {
        priority: 'priority',
        calendar: 'business',
        acknowledge: { amount: 1, unit: 'business-days' },
        resolve: { amount: 10, unit: 'business-days' },
      },
      {
        priority: 'routine',
        calendar: 'business',
        acknowledge: { amount: 2, unit: 'business-days' },
        resolve: { amount: 20, unit: 'business-days' },
      },
    ]);
    expect(settings.calendar).toMatchObject({
      kind: 'working-hours',
      timeZone: 'Europe/Istanbul',
      utcOffset: '+03:00',
    });
    expect(settings.calendar.holidayYears.map((year) => year.year)).toEqual([2026]);
    expect(settings.calendar.holidayYears[0]?.holidays.map((holiday) => holiday.id)).toContain(
      'kurban-bayrami-eve',
    );
    expect(settings.warnings.map((warning) => warning.year)).not.toContain(2026);
  });

  it('let the directorate replace the policies, with optimistic locking and every field checked', async () => {
    const before = await read();
    const override = {
      priority: 'priority',
      category: 'health',
      calendar: 'business',
      acknowledge: { amount: 4, unit: 'business-hours' },
      resolve: { amount: 5, unit: 'business-days' },
    };
    const changed = await api.as<SlaSettingsResponse>('director', 'PUT', '/v1/settings/sla/policies', {
      body: { policies: [...before.policies, override], expectedVersion: before.version },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(before.version + 1);
    expect(changed.body.policies).toContainEqual(override);

    const stale = await api.as<Problem>('director', 'PUT', '/v1/settings/sla/policies', {
      body: { policies: before.policies, expectedVersion: before.version },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/stale-version', currentVersion: before.version + 1 });

    const cases: [unknown, string[]][] = [
      [[...before.policies, { ...override, category: 'astrology' }], ['policies.4.category']],
      [before.policies.slice(1), ['policies']],
      [
        [
          { ...before.policies[0], acknowledge: { amount: 2, unit: 'business-days' } },
          ...before.policies.slice(1),
        ],
        ['policies.0.acknowledge.unit'],
      ],
      [
        [{ ...before.policies[0], acknowledge: { amount: 3, unit: 'days' } }, ...before.policies.slice(1)],
        ['policies.0.acknowledge'],
      ],
    ];
    for (const [policies, fields] of cases) {
      const refused = await api.as<Problem>('director', 'PUT', '/v1/settings/sla/policies', {
        body: { policies, expectedVersion: before.version + 1 },
      });
      expect(refused.status, JSON.stringify(policies)).toBe(400);
      expect(refused.body.errors?.map((error) => error.field)).toEqual(fields);
    }
    const restored = await api.as<SlaSettingsResponse>('director', 'PUT', '/v1/settings/sla/policies', {
      body: { policies: before.policies, expectedVersion: before.version + 1 },
    });
    expect(restored.status).toBe(200);
  });

  it('flag a calendar without holidays for this year, and refuse a zone that is not at its offset', async () => {
    const before = await read();
    const year = new Date().getUTCFullYear();
    const bare = await api.as<SlaSettingsResponse>('director', 'PUT', '/v1/settings/sla/calendar', {
      body: { calendar: { ...before.calendar, holidayYears: [] }, expectedVersion: before.version },
    });
    expect(bare.status).toBe(200);
    expect(bare.body.warnings).toContainEqual(
      expect.objectContaining({ code: 'no-holidays-for-year', year }),
    );

    // Berlin keeps daylight saving time: no fixed offset holds all year.
    const berlinYears = before.calendar.holidayYears.map((holidays) => ({
      ...holidays,
      timeZone: 'Europe/Berlin',
    }));
    const berlin = await api.as<Problem>('director', 'PUT', '/v1/settings/sla/calendar', {
      body: {
        calendar: {
          ...before.calendar,
          timeZone: 'Europe/Berlin',
          utcOffset: '+01:00',
          holidayYears: berlinYears,
        },
        expectedVersion: bare.body.version,
      },
    });
    expect(berlin.status).toBe(400);
    expect(berlin.body.errors?.map((error) => error.field)).toEqual(['calendar.utcOffset']);

    const restored = await api.as<SlaSettingsResponse>('director', 'PUT', '/v1/settings/sla/calendar', {
      body: { calendar: before.calendar, expectedVersion: bare.body.version },
    });
    expect(restored.status).toBe(200);
    expect(restored.body.calendar).toEqual(before.calendar);
  });

  it.each(['member.amina', 'staff.health'])('are the directorate’s alone: %s gets 403', async (username) => {
    expect((await api.as(username, 'GET', '/v1/settings/sla')).status).toBe(403);
  });
});
