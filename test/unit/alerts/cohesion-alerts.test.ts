/**
 * The cohesion-alert use cases against the in-memory fakes: one alert per flag however often
 * its event comes, one hotspot per place and window, notices for the directorate, and the
 * alerts API's authorization and acknowledgement.
 */
import { describe, expect, it } from 'vitest';
import {
  acknowledgeAlert,
  alertsFor,
  notifyDirectorate,
  raiseCohesionAlert,
} from '../../../shared/application/cohesion-alerts.js';
import type { Actor } from '../../../shared/domain/actor.js';
import {
  type AlertRecord,
  alertNotice,
  DEFAULT_HOTSPOT_RULE,
  type HotspotRule,
  slaEscalationNotice,
} from '../../../shared/domain/alerts.js';
import { Conflict, NotFound, NotPermitted } from '../../../shared/domain/errors.js';
import { slaAlert } from '../../../shared/domain/sla-events.js';
import type { DomainEventDetail } from '../../../shared/events/domain-events.js';
import { Alert, type ListAlertsQuery } from '../../../shared/schemas/alert.js';
import { AMINA, DIRECTOR, HEALTH_STAFF, TRIAGE_STAFF } from '../builders.js';
import { type FakeDependencies, fakeDependencies } from '../fakes.js';
import { at, flagged, HotspotRuleStore, needId } from './flags.js';

type Flagged = DomainEventDetail<'CohesionRiskFlagged'>;

/** Handles the flag as its consumer would, shortly after it was reported. */
async function handle(deps: FakeDependencies, detail: Flagged, delayMinutes = 1) {
  deps.clock.set(new Date(Date.parse(detail.occurredAt) + delayMinutes * 60_000));
  return await raiseCohesionAlert(deps, detail);
}

/** A minute after the instant: when `handle` runs the flag's consumer. */
const minuteAfter = (instant: string) => new Date(Date.parse(instant) + 60_000).toISOString();

const alertsOf = (deps: FakeDependencies, type: AlertRecord['type']) =>
  [...deps.alerts.alerts.values()].filter((alert) => alert.type === type);

function withRule(rule: HotspotRule): FakeDependencies {
  return { ...fakeDependencies(), councilConfiguration: new HotspotRuleStore(rule) };
}

describe('raiseCohesionAlert: the risk alert', () => {
  it('records one open alert for the flag and its flag under its place', async () => {
    const deps = fakeDependencies();
    const detail = flagged(1, at(0), { riskTypes: ['hate_incident', 'discrimination'] });

    const outcome = await handle(deps, detail);

    expect(outcome).toEqual({ riskAlert: 'recorded', hotspot: 'below-threshold' });
    expect([...deps.alerts.alerts.values()]).toEqual([
      {
        id: `risk-${needId(1)}`,
        type: 'cohesion-risk',
        status: 'open',
        riskTypes: ['hate_incident', 'discrimination'],
        district: 'seyhan',
        neighbourhood: 'İstasyon',
        needIds: [needId(1)],
        raisedAt: minuteAfter(at(0)),
        firstFlaggedAt: at(0),
        version: 1,
      },
    ]);
    expect(deps.alerts.flags.get('seyhan#istasyon')).toHaveLength(1);
  });

  it('acts once when the same event comes twice: the second finds the alert there', async () => {
    const deps = fakeDependencies();
    const detail = flagged(1, at(0));

    const first = await handle(deps, detail);
    const second = await handle(deps, detail, 30);

    expect(first.riskAlert).toBe('recorded');
    expect(second).toEqual({ riskAlert: 'exists', hotspot: 'below-threshold' });
    expect(deps.alerts.alerts.size).toBe(1);
    expect(deps.alerts.flags.get('seyhan#istasyon')).toHaveLength(1);
  });
});

describe('raiseCohesionAlert: hotspots', () => {
  it('raises exactly one hotspot when three flags of one place fall within seven days, however the place is typed', async () => {
    const deps = fakeDependencies();

    const outcomes = [
      await handle(deps, flagged(1, at(0), { neighbourhood: 'İstasyon' })),
      await handle(deps, flagged(2, at(2), { neighbourhood: ' istasyon ', riskTypes: ['hate_incident'] })),
      await handle(deps, flagged(3, at(5), { neighbourhood: 'İSTASYON' })),
    ];

    expect(outcomes.map((outcome) => outcome.hotspot)).toEqual([
      'below-threshold',
      'below-threshold',
      'raised',
    ]);
    const hotspots = alertsOf(deps, 'cohesion-hotspot');
    expect(hotspots).toHaveLength(1);
    expect(hotspots[0]).toMatchObject({
      status: 'open',
      district: 'seyhan',
      neighbourhood: 'İstasyon',
      needIds: [needId(1), needId(2), needId(3)],
      riskTypes: ['inter_community_tension', 'hate_incident'],
      firstFlaggedAt: at(0),
      raisedAt: minuteAfter(at(5)),
      flagCount: 3,
      windowDays: 7,
    });
    expect(hotspots[0]?.id).toMatch(/^hotspot-/);
    expect(alertsOf(deps, 'cohesion-risk')).toHaveLength(3);
  });

  it('answers a fourth flag within the window with the live hotspot, not a second one', async () => {
    const deps = fakeDependencies();
    for (const [n, day] of [
      [1, 0],
      [2, 1],
      [3, 2],
    ] as const)
      await handle(deps, flagged(n, at(day)));

    const fourth = await handle(deps, flagged(4, at(3)));
    const fifth = await handle(deps, flagged(5, at(6)));

    expect(fourth).toEqual({ riskAlert: 'recorded', hotspot: 'active' });
    expect(fifth.hotspot).toBe('active');
    expect(alertsOf(deps, 'cohesion-hotspot')).toHaveLength(1);
    expect(alertsOf(deps, 'cohesion-risk')).toHaveLength(5);
  });

  it('raises no second hotspot when the flag that raised it comes again', async () => {
    const deps = fakeDependencies();
    const third = flagged(3, at(2));
    await handle(deps, flagged(1, at(0)));
    await handle(deps, flagged(2, at(1)));
    await handle(deps, third);

    const again = await handle(deps, third, 90);

    expect(again).toEqual({ riskAlert: 'exists', hotspot: 'active' });
    expect(alertsOf(deps, 'cohesion-hotspot')).toHaveLength(1);
  });

  it.each([
    {
      label: 'another neighbourhood',
      other: flagged(3, at(2), { neighbourhood: 'Döşeme' }),
    },
    {
      label: 'the same neighbourhood name in another district',
      other: flagged(3, at(2), { district: 'yuregir' }),
    },
    {
      label: 'the district as a whole (no neighbourhood)',
      other: flagged(3, at(2), { neighbourhood: undefined }),
    },
    {
      label: "'Istasyon' (a dotless I lowers to ıstasyon, not istasyon)",
      other: flagged(3, at(2), { neighbourhood: 'İstasyon'.replace('İ', 'I') }),
    },
  ])('does not count a flag in $label', async ({ other }) => {
    const deps = fakeDependencies();
    await handle(deps, flagged(1, at(0)));
    await handle(deps, flagged(2, at(1)));

    const outcome = await handle(deps, other);

    expect(outcome).toEqual({ riskAlert: 'recorded', hotspot: 'below-threshold' });
    expect(alertsOf(deps, 'cohesion-hotspot')).toEqual([]);
  });

  it('does not count flags older than the window', async () => {
    const deps = fakeDependencies();
    await handle(deps, flagged(1, at(0)));
    await handle(deps, flagged(2, at(1)));

    const outcome = await handle(deps, flagged(3, at(8, 1)));

    expect(outcome.hotspot).toBe('below-threshold');
    expect(alertsOf(deps, 'cohesion-hotspot')).toEqual([]);
  });

  it('counts a flag that is one hour inside the window', async () => {
    const deps = fakeDependencies();
    await handle(deps, flagged(1, at(0, 1)));
    await handle(deps, flagged(2, at(3)));

    const outcome = await handle(deps, flagged(3, at(7)));

    expect(outcome.hotspot).toBe('raised');
  });

  it('raises a new hotspot for the same place once the window of the last one has passed', async () => {
    const deps = fakeDependencies();
    for (const [n, day] of [
      [1, 0],
      [2, 1],
      [3, 2],
    ] as const)
      await handle(deps, flagged(n, at(day)));

    const stillLive = await handle(deps, flagged(4, at(8)));
    const later = [
      await handle(deps, flagged(5, at(16))),
      await handle(deps, flagged(6, at(16, 1))),
      await handle(deps, flagged(7, at(16, 2))),
    ];

    expect(stillLive.hotspot).toBe('active');
    expect(later.map((outcome) => outcome.hotspot)).toEqual(['below-threshold', 'below-threshold', 'raised']);
    const hotspots = alertsOf(deps, 'cohesion-hotspot').sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
    expect(hotspots).toHaveLength(2);
    expect(hotspots[1]?.needIds).toEqual([needId(5), needId(6), needId(7)]);
    expect(hotspots[1]?.id).not.toBe(hotspots[0]?.id);
  });

  it('keeps the hotspot live for the rule’s window from when it was raised', async () => {
    const deps = fakeDependencies();
    for (const n of [1, 2, 3]) await handle(deps, flagged(n, at(0, n)));

    expect(deps.alerts.activeUntil.get('seyhan#istasyon')).toBe(minuteAfter(at(7, 3)));
  });

  it('uses the default rule (3 flags in 7 days) when the council sets none', async () => {
    const deps = fakeDependencies();
    const { hotspotRule } = await deps.councilConfiguration.load();

    expect(hotspotRule).toEqual(DEFAULT_HOTSPOT_RULE);
  });

  it('uses the council’s own hotspot rule: 2 flags in 3 days', async () => {
    const deps = withRule({ threshold: 2, windowDays: 3 });

    const first = await handle(deps, flagged(1, at(0)));
    const second = await handle(deps, flagged(2, at(2)));

    expect([first.hotspot, second.hotspot]).toEqual(['below-threshold', 'raised']);
    expect(alertsOf(deps, 'cohesion-hotspot')[0]).toMatchObject({ flagCount: 2, windowDays: 3 });
    expect(deps.alerts.activeUntil.get('seyhan#istasyon')).toBe(minuteAfter(at(5)));
  });

  it('uses the council’s own window: two flags four days apart are not within 3 days', async () => {
    const deps = withRule({ threshold: 2, windowDays: 3 });
    await handle(deps, flagged(1, at(0)));

    const outcome = await handle(deps, flagged(2, at(4)));

    expect(outcome.hotspot).toBe('below-threshold');
  });

  it('uses the council’s own threshold: 4 flags are needed when it says 4', async () => {
    const deps = withRule({ threshold: 4, windowDays: 7 });

    const outcomes = [];
    for (const n of [1, 2, 3, 4]) outcomes.push((await handle(deps, flagged(n, at(n)))).hotspot);

    expect(outcomes).toEqual(['below-threshold', 'below-threshold', 'below-threshold', 'raised']);
  });

  // Regression (fixed in b911fc6): the window read ended at the handled flag's own time, so flags
  // handled out of order (EventBridge neither orders nor serializes deliveries) never made a
  // hotspot: needs 1, 2, 3 flagged at 0h, 1h, 2h and handled 1, 3, 2 gave 'below-threshold' thrice.
  it('raises the hotspot when the flags are handled out of order', async () => {
    const deps = fakeDependencies();
    deps.clock.set(new Date(at(0, 3)));

    for (const [n, hours] of [
      [1, 0],
      [3, 2],
      [2, 1],
    ] as const)
      await raiseCohesionAlert(deps, flagged(n, at(0, hours)));

    expect(alertsOf(deps, 'cohesion-hotspot')).toHaveLength(1);
  });
});

describe('notifyDirectorate', () => {
  it('tells of a flagged risk: its place, risks, need and alert id', async () => {
    const deps = fakeDependencies();
    const detail = flagged(1, at(0), { riskTypes: ['hate_incident', 'eviction_threat'] });

    await notifyDirectorate(deps, { name: 'CohesionRiskFlagged', detail });

    expect(deps.alertNotifier.notices).toEqual([
      alertNotice({
        id: `risk-${needId(1)}`,
        type: 'cohesion-risk',
        district: 'seyhan',
        neighbourhood: 'İstasyon',
        riskTypes: ['hate_incident', 'eviction_threat'],
        needIds: [needId(1)],
      }),
    ]);
    expect(deps.alertNotifier.notices[0]?.subject).toBe('Jisr: cohesion risk flagged in seyhan');
    expect(deps.alertNotifier.notices[0]?.body).toContain('Place: seyhan / İstasyon');
    expect(deps.alertNotifier.notices[0]?.body).toContain(`Alert: risk-${needId(1)}`);
  });

  it('names the alert the risk raised, so the notice leads to it', async () => {
    const deps = fakeDependencies();
    const detail = flagged(1, at(0));
    await handle(deps, detail);

    await notifyDirectorate(deps, { name: 'CohesionRiskFlagged', detail });

    const [alert] = [...deps.alerts.alerts.keys()];
    expect(deps.alertNotifier.notices[0]?.body).toContain(`Alert: ${alert}`);
  });

  it('tells of a hotspot: its place, risks, needs and alert id', async () => {
    const deps = fakeDependencies();
    const detail: DomainEventDetail<'CohesionHotspotDetected'> = {
      eventId: 'cohesion-hotspot-detected:hotspot-9',
      schemaVersion: 1,
      occurredAt: at(2),
      alertId: 'hotspot-9',
      district: 'yuregir',
      riskTypes: ['misinformation', 'inter_community_tension'],
      needIds: [needId(1), needId(2), needId(3)],
      flagCount: 3,
      windowDays: 7,
      firstFlaggedAt: at(0),
    };

    await notifyDirectorate(deps, { name: 'CohesionHotspotDetected', detail });

    expect(deps.alertNotifier.notices).toEqual([
      {
        subject: 'Jisr: cohesion hotspot in yuregir',
        body: [
          'Jisr: cohesion hotspot in yuregir',
          'Place: yuregir',
          'Risks: misinformation, inter_community_tension',
          `Needs: ${needId(1)}, ${needId(2)}, ${needId(3)}`,
          'Alert: hotspot-9 — open Jisr to acknowledge it.',
        ].join('\n'),
      },
    ]);
  });
});

describe('notifyDirectorate: SLA escalations', () => {
  const REFERRAL = '01KJP7ZD300000000000000002';
  const NEED = '01KJP7ZD300000000000000001';
  // A priority referral at the health unit, not acknowledged by its deadline nor two business days later.
  const detail: DomainEventDetail<'SlaEscalated'> = {
    eventId: `sla-escalation:${REFERRAL}:acknowledge`,
    schemaVersion: 1,
    occurredAt: '2026-03-06T09:30:00.000Z',
    referralId: REFERRAL,
    needId: NEED,
    unitId: 'health',
    clock: 'acknowledge',
    dueAt: '2026-03-04T09:30:00.000Z',
    priority: 'priority',
    categories: ['health', 'disability'],
    district: 'seyhan',
  };

  it('tells of an escalation: an ASCII subject; the referral, need, clock and deadline in the body', async () => {
    const deps = fakeDependencies();

    await notifyDirectorate(deps, { name: 'SlaEscalated', detail });

    expect(deps.alertNotifier.notices).toEqual([slaEscalationNotice(detail)]);
    const [notice] = deps.alertNotifier.notices;
    expect(notice?.subject).toBe('Jisr: SLA escalation, priority referral at health');
    expect(notice?.subject).toMatch(/^[\x20-\x7E]{1,99}$/);
    expect(notice?.body.split('\n')).toEqual([
      'Jisr: SLA escalation, priority referral at health',
      `Referral: ${REFERRAL} (need ${NEED})`,
      'The acknowledge deadline 2026-03-04T09:30:00.000Z passed 2 business days ago and still stands.',
      `Alert: sla-escalation-acknowledge-${REFERRAL} — open Jisr to acknowledge it.`,
    ]);
  });

  it('names the alert the sweep raised for the escalation, so the notice leads to it', async () => {
    const deps = fakeDependencies();
    const alert = slaAlert({
      referralId: REFERRAL,
      needId: NEED,
      unitId: 'health',
      clock: 'resolve',
      threshold: 'escalation',
      at: '2026-04-02T14:30:00.000Z',
      dueAt: '2026-03-31T14:30:00.000Z',
      raisedAt: '2026-04-02T14:35:00.000Z',
      priority: 'priority',
      categories: ['health'],
      district: 'seyhan',
    });

    await notifyDirectorate(deps, {
      name: 'SlaEscalated',
      detail: { ...detail, clock: 'resolve', dueAt: '2026-03-31T14:30:00.000Z' },
    });

    expect(alert?.type).toBe('sla-escalation');
    expect(deps.alertNotifier.notices[0]?.body).toContain(`Alert: ${alert?.id} `);
  });

  it('says nothing of the person: no description, contact, profile or member, whatever the detail carries', async () => {
    const deps = fakeDependencies();
    const carrying = {
      ...detail,
      description: 'Fatima Al-Hassan needs insulin for her son',
      contact: { name: 'Fatima Al-Hassan', phone: '+90 532 123 45 67' },
      beneficiary: { ageGroup: '30-59', gender: 'female' },
      memberId: AMINA.userId,
    } as DomainEventDetail<'SlaEscalated'>;

    await notifyDirectorate(deps, { name: 'SlaEscalated', detail: carrying });

    const json = JSON.stringify(deps.alertNotifier.notices);
    expect(deps.alertNotifier.notices).toHaveLength(1);
    for (const forbidden of ['Fatima', '+90 532', 'insulin', '30-59', 'female', AMINA.userId, 'disability']) {
      expect(json).not.toContain(forbidden);
    }
  });

  it('raises no alert itself (the sweep did) and writes nothing', async () => {
    const deps = fakeDependencies();

    await notifyDirectorate(deps, { name: 'SlaEscalated', detail });

    expect(deps.alerts.alerts.size).toBe(0);
    expect(deps.sla.events.size).toBe(0);
  });
});

describe('alertsFor and acknowledgeAlert', () => {
  /** A store with a risk alert and a hotspot alert in seyhan, and a risk alert in yuregir. */
  async function withAlerts() {
    const deps = fakeDependencies();
    for (const n of [1, 2, 3]) await handle(deps, flagged(n, at(0, n)));
    await handle(deps, flagged(4, at(1), { district: 'yuregir', neighbourhood: undefined }));
    const hotspot = alertsOf(deps, 'cohesion-hotspot')[0];
    if (hotspot === undefined) throw new Error('three flags make a hotspot');
    return { deps, hotspot };
  }

  const query = (filters: Partial<ListAlertsQuery> = {}): ListAlertsQuery => ({ limit: 25, ...filters });

  it.each([
    { label: 'a council member', actor: AMINA },
    { label: 'unit staff', actor: HEALTH_STAFF },
    { label: 'triage staff', actor: TRIAGE_STAFF },
  ] satisfies { label: string; actor: Actor }[])('refuses $label the list (403)', async ({ actor }) => {
    const { deps } = await withAlerts();

    await expect(alertsFor(deps, actor, query())).rejects.toBeInstanceOf(NotPermitted);
  });

  it.each([
    { label: 'a council member', actor: AMINA },
    { label: 'unit staff', actor: HEALTH_STAFF },
  ] satisfies { label: string; actor: Actor }[])(
    'refuses $label an acknowledgement (403) and changes nothing',
    async ({ actor }) => {
      const { deps, hotspot } = await withAlerts();

      await expect(acknowledgeAlert(deps, actor, hotspot.id, 'seen')).rejects.toBeInstanceOf(NotPermitted);
      expect(deps.alerts.alerts.get(hotspot.id)).toEqual(hotspot);
    },
  );

  it('refuses a non-directorate actor before looking the alert up (no existence oracle)', async () => {
    const { deps } = await withAlerts();

    await expect(acknowledgeAlert(deps, HEALTH_STAFF, 'no-such-alert', 'seen')).rejects.toBeInstanceOf(
      NotPermitted,
    );
  });

  it.each([
    { label: 'every alert, newest first', filters: {}, count: 5 },
    { label: 'open alerts', filters: { status: 'open' as const }, count: 5 },
    { label: 'acknowledged alerts', filters: { status: 'acknowledged' as const }, count: 0 },
    { label: 'alerts of a district', filters: { district: 'yuregir' }, count: 1 },
    { label: 'hotspots', filters: { type: 'cohesion-hotspot' as const }, count: 1 },
    {
      label: 'risk alerts of seyhan',
      filters: { type: 'cohesion-risk' as const, district: 'seyhan' },
      count: 3,
    },
  ])('lists $label to the directorate', async ({ filters, count }) => {
    const { deps } = await withAlerts();

    const page = await alertsFor(deps, DIRECTOR, query(filters));

    expect(page.items).toHaveLength(count);
    for (const alert of page.items) expect(alert).toMatchObject(filters);
    const times = page.items.map((alert) => alert.raisedAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('lists alerts without the stored window and count (the API shape)', async () => {
    const { deps, hotspot } = await withAlerts();

    const page = await alertsFor(deps, DIRECTOR, query({ type: 'cohesion-hotspot' }));

    const { windowDays: _windowDays, flagCount: _flagCount, ...view } = hotspot;
    expect(page.items).toEqual([view]);
    expect(Object.keys(page.items[0] ?? {})).not.toContain('windowDays');
  });

  it('lists SLA alerts with their referral and clock, without a flag time, in the API shape', async () => {
    const { deps } = await withAlerts();
    const lateEvent = {
      referralId: '01KJP7ZD300000000000000002',
      needId: '01KJP7ZD300000000000000001',
      unitId: 'health',
      clock: 'acknowledge',
      at: '2026-03-04T09:30:00.000Z',
      dueAt: '2026-03-04T09:30:00.000Z',
      raisedAt: '2026-03-04T09:35:00.000Z',
      priority: 'routine',
      categories: ['health'],
      district: 'seyhan',
    } as const;
    const breach = slaAlert({ ...lateEvent, threshold: 'breach' });
    const escalation = slaAlert({
      ...lateEvent,
      threshold: 'escalation',
      at: '2026-03-06T09:30:00.000Z',
      raisedAt: '2026-03-06T09:35:00.000Z',
    });
    if (breach === undefined || escalation === undefined)
      throw new Error('breaches and escalations raise alerts');
    for (const alert of [breach, escalation]) deps.alerts.alerts.set(alert.id, alert);

    const breaches = await alertsFor(deps, DIRECTOR, query({ type: 'sla-breach' }));
    const all = await alertsFor(deps, DIRECTOR, query({ district: 'seyhan' }));

    expect(breaches.items).toEqual([
      {
        id: `sla-breach-acknowledge-${lateEvent.referralId}`,
        type: 'sla-breach',
        status: 'open',
        riskTypes: [],
        district: 'seyhan',
        needIds: [lateEvent.needId],
        raisedAt: lateEvent.raisedAt,
        sla: {
          referralId: lateEvent.referralId,
          unitId: 'health',
          clock: 'acknowledge',
          priority: 'routine',
          dueAt: lateEvent.dueAt,
          fellDueAt: lateEvent.at,
        },
        version: 1,
      },
    ]);
    expect(all.items.map((alert) => alert.type).slice(0, 2)).toEqual(['sla-escalation', 'sla-breach']);
    for (const alert of all.items) expect(Alert.strict().safeParse(alert).success).toBe(true);
  });

  it('acknowledges an open alert once: status, who, when, the note, and the next version', async () => {
    const { deps, hotspot } = await withAlerts();
    deps.clock.set(new Date(at(2)));

    const acknowledged = await acknowledgeAlert(deps, DIRECTOR, hotspot.id, 'Field visit planned');

    const { windowDays: _windowDays, flagCount: _flagCount, ...view } = hotspot;
    expect(acknowledged).toEqual({
      ...view,
      status: 'acknowledged',
      acknowledgedAt: at(2),
      acknowledgedBy: DIRECTOR.userId,
      acknowledgementNote: 'Field visit planned',
      version: 2,
    });
    expect(deps.alerts.alerts.get(hotspot.id)).toMatchObject({ status: 'acknowledged', version: 2 });
  });

  it('refuses a second acknowledgement with a Conflict, keeping the first', async () => {
    const { deps, hotspot } = await withAlerts();
    await acknowledgeAlert(deps, DIRECTOR, hotspot.id, 'first');

    const second = acknowledgeAlert(deps, DIRECTOR, hotspot.id, 'second');

    await expect(second).rejects.toBeInstanceOf(Conflict);
    await expect(second).rejects.toMatchObject({
      problemType: 'alert-already-acknowledged',
      extensions: { currentStatus: 'acknowledged' },
    });
    expect(deps.alerts.alerts.get(hotspot.id)).toMatchObject({ acknowledgementNote: 'first', version: 2 });
  });

  it('refuses with a Conflict when another acknowledgement lands between the read and the write', async () => {
    const { deps, hotspot } = await withAlerts();
    const read = deps.alerts.alert.bind(deps.alerts);
    deps.alerts.alert = async (alertId: string) => {
      const found = await read(alertId);
      const stored = deps.alerts.alerts.get(alertId);
      if (stored !== undefined)
        deps.alerts.alerts.set(alertId, { ...stored, status: 'acknowledged', version: 2 });
      return found;
    };

    const racing = acknowledgeAlert(deps, DIRECTOR, hotspot.id, 'late');

    await expect(racing).rejects.toMatchObject({ problemType: 'alert-already-acknowledged' });
  });

  it('answers NotFound for an alert that does not exist', async () => {
    const { deps } = await withAlerts();

    await expect(acknowledgeAlert(deps, DIRECTOR, 'hotspot-missing', 'seen')).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it('moves an acknowledged alert from the open list to the acknowledged list', async () => {
    const { deps, hotspot } = await withAlerts();

    await acknowledgeAlert(deps, DIRECTOR, hotspot.id, 'seen');
    const open = await alertsFor(deps, DIRECTOR, query({ status: 'open' }));
    const acknowledged = await alertsFor(deps, DIRECTOR, query({ status: 'acknowledged' }));

    expect(open.items.map((alert) => alert.id)).not.toContain(hotspot.id);
    expect(acknowledged.items.map((alert) => alert.id)).toEqual([hotspot.id]);
  });
});
