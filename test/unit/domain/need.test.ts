import { describe, expect, it } from 'vitest';
import { recordReportedNeed, referralView } from '../../../shared/domain/need.js';
import type { UnitAssignment } from '../../../shared/domain/routing.js';
import { clockDeadline, slaContextFor, slaView } from '../../../shared/domain/sla-clock.js';
import { Need, type ReportNeedRequest } from '../../../shared/schemas/need.js';
import { Referral } from '../../../shared/schemas/referral.js';
import { AMINA, maximalReport, minimalReport, referralRecord, SLA_SETTINGS } from '../builders.js';

const NOW = new Date('2026-03-02T09:30:00.000Z');
const NEED_ID = '01KJP7ZD300000000000000001';
const REFERRAL_IDS = ['01KJP7ZD300000000000000002', '01KJP7ZD300000000000000003'];
const ASSIGNMENTS: UnitAssignment[] = [
  { unitId: 'legal-aid', categories: ['documentation', 'legal-aid'], routedBy: 'rule' },
  { unitId: 'health', categories: ['health'], routedBy: 'rule' },
];

function record(report: ReportNeedRequest, assignments = ASSIGNMENTS, referralIds = REFERRAL_IDS) {
  return recordReportedNeed({
    report,
    actor: AMINA,
    needId: NEED_ID,
    referralIds,
    assignments,
    now: NOW,
    sla: SLA_SETTINGS,
  });
}

describe('recordReportedNeed', () => {
  it('records the need with its id, reporter, referral ids and creation time', () => {
    const { need } = record(maximalReport());

    expect(need).toMatchObject({
      id: NEED_ID,
      reportedBy: AMINA.userId,
      referralIds: REFERRAL_IDS,
      createdAt: '2026-03-02T09:30:00.000Z',
      categories: ['documentation', 'health', 'legal-aid'],
      district: 'yuregir',
      neighbourhood: 'Dadaloğlu Mahallesi',
      priority: 'urgent',
      vulnerabilities: ['woman_headed_household', 'chronic_illness'],
      cohesionRisks: ['eviction_threat', 'service_denial'],
    });
    expect(Need.safeParse(need).success).toBe(true);
  });

  it.each([{ shareWithUnits: true }, { shareWithUnits: false }])(
    'records consent (shareWithUnits: $shareWithUnits) as given by the member, now, for service units',
    ({ shareWithUnits }) => {
      const report = { ...minimalReport(), consent: { shareWithUnits } };

      const { need } = record(report);

      expect(need.consent).toEqual({
        shareWithUnits,
        givenBy: AMINA.userId,
        givenAt: '2026-03-02T09:30:00.000Z',
        scope: 'service-units',
      });
    },
  );

  it('fills the optional lists with empty ones and leaves out an absent neighbourhood', () => {
    const { need, referrals } = record(minimalReport());

    expect(need.vulnerabilities).toEqual([]);
    expect(need.cohesionRisks).toEqual([]);
    expect(need).not.toHaveProperty('neighbourhood');
    expect(referrals.every((referral) => !('neighbourhood' in referral))).toBe(true);
  });

  it.each([
    { label: 'with contact', report: maximalReport(), hasContact: true },
    { label: 'without contact', report: minimalReport(), hasContact: false },
  ])('says whether a contact was given ($label)', ({ report, hasContact }) => {
    const { need } = record(report);

    expect(need.hasContact).toBe(hasContact);
  });

  it('keeps contact data out of the need and its referrals', () => {
    const report = maximalReport();

    const reported = record(report);

    const serialized = JSON.stringify(reported);
    expect(serialized).not.toContain('Fatima');
    expect(serialized).not.toContain('532 123');
    expect(serialized).not.toContain('"contact"');
    expect(reported.need).not.toHaveProperty('contact');
  });

  it('makes one routed referral of version 1 per assignment, in order, with the case summary', () => {
    const { referrals } = record(maximalReport());

    expect(referrals).toHaveLength(2);
    expect(referrals.map((referral) => [referral.id, referral.unitId, referral.categories])).toEqual([
      [REFERRAL_IDS[0], 'legal-aid', ['documentation', 'legal-aid']],
      [REFERRAL_IDS[1], 'health', ['health']],
    ]);
    for (const referral of referrals) {
      expect(referral).toMatchObject({
        needId: NEED_ID,
        memberId: AMINA.userId,
        status: 'routed',
        version: 1,
        routedBy: 'rule',
        priority: 'urgent',
        district: 'yuregir',
        neighbourhood: 'Dadaloğlu Mahallesi',
        description: maximalReport().description,
        beneficiary: maximalReport().beneficiary,
        vulnerabilities: ['woman_headed_household', 'chronic_illness'],
        cohesionRisks: ['eviction_threat', 'service_denial'],
        createdAt: '2026-03-02T09:30:00.000Z',
        updatedAt: '2026-03-02T09:30:00.000Z',
      });
      expect(Referral.safeParse(referralView(referral, SLA_SETTINGS, NOW)).success).toBe(true);
    }
  });

  it("starts each referral's SLA clocks at the report, due by its own policy's deadline", () => {
    const { referrals } = record(maximalReport());

    for (const referral of referrals) {
      expect(referral.slaTrack).toMatchObject({
        needReportedAt: NOW.toISOString(),
        earlierPauses: [],
        pauses: [],
        raised: {},
      });
      for (const fact of ['respondedAt', 'stoppedAt', 'stoppedBy']) {
        expect(referral.slaTrack).not.toHaveProperty(fact);
      }
      const context = slaContextFor(SLA_SETTINGS, referral);
      expect(referral.slaTrack.dueAt).toBe(
        clockDeadline(referral.slaTrack, NOW.toISOString(), context, 'acknowledge'),
      );
    }
    // An urgent report runs around the clock: both legs are to be acknowledged within 4 hours.
    expect(referrals.map((referral) => referral.slaTrack.dueAt)).toEqual([
      '2026-03-02T13:30:00.000Z',
      '2026-03-02T13:30:00.000Z',
    ]);
  });

  it('carries routedBy triage from the assignment', () => {
    const assignments: UnitAssignment[] = [
      { unitId: 'migration-desk', categories: ['other'], routedBy: 'triage' },
    ];

    const { referrals } = record({ ...minimalReport(), categories: ['other'] }, assignments, [
      REFERRAL_IDS[0] ?? '',
    ]);

    expect(referrals[0]).toMatchObject({ unitId: 'migration-desk', routedBy: 'triage' });
  });

  it('does not share the report arrays: changing the request later does not change the need', () => {
    const report = maximalReport();
    const { need } = record(report);

    report.categories.push('housing');
    report.vulnerabilities?.push('older_person');

    expect(need.categories).toEqual(['documentation', 'health', 'legal-aid']);
    expect(need.vulnerabilities).toEqual(['woman_headed_household', 'chronic_illness']);
  });

  it.each([
    { referralIds: [REFERRAL_IDS[0] ?? ''], label: 'too few' },
    { referralIds: [...REFERRAL_IDS, '01KJP7ZD300000000000000004'], label: 'too many' },
  ])('refuses $label referral ids for the assignments', ({ referralIds }) => {
    expect(() => record(minimalReport(), ASSIGNMENTS, referralIds)).toThrow(/one referral id/);
  });
});

describe('recordReportedNeed: contact sharing, audit and notifications', () => {
  it.each([
    { label: 'contact and consent', report: maximalReport(), shared: true },
    {
      label: 'contact without consent',
      report: { ...maximalReport(), consent: { shareWithUnits: false } },
      shared: false,
    },
    { label: 'consent without contact', report: minimalReport(), shared: false },
    {
      label: 'neither contact nor consent',
      report: { ...minimalReport(), consent: { shareWithUnits: false } },
      shared: false,
    },
  ])('marks the referrals contactShared: $shared for $label', ({ report, shared }) => {
    const { referrals } = record(report);

    expect(referrals.map((referral) => referral.contactShared)).toEqual([shared, shared]);
  });

  it('writes one creation audit event per referral: action report, from nothing to routed, by the member', () => {
    const { audit } = record(maximalReport());

    expect(audit).toEqual(
      REFERRAL_IDS.map((referralId, index) => ({
        referralId,
        needId: NEED_ID,
        unitId: ASSIGNMENTS[index]?.unitId,
        sequence: 1,
        action: 'report',
        fromStatus: null,
        toStatus: 'routed',
        actorId: AMINA.userId,
        actorRole: 'council-member',
        at: NOW.toISOString(),
      })),
    );
  });

  it('tells the member about each referral: routed, to which unit, at version 1', () => {
    const { notifications } = record(maximalReport());

    expect(notifications).toEqual([
      {
        memberId: AMINA.userId,
        needId: NEED_ID,
        referralId: REFERRAL_IDS[0],
        unitId: 'legal-aid',
        status: 'routed',
        sequence: 1,
        at: NOW.toISOString(),
      },
      {
        memberId: AMINA.userId,
        needId: NEED_ID,
        referralId: REFERRAL_IDS[1],
        unitId: 'health',
        status: 'routed',
        sequence: 1,
        at: NOW.toISOString(),
      },
    ]);
  });

  it('puts no contact data into audit events or notifications', () => {
    const { audit, notifications } = record(maximalReport());

    const serialized = JSON.stringify({ audit, notifications });
    expect(serialized).not.toContain('Fatima');
    expect(serialized).not.toContain('532 123');
  });
});

describe('referralView', () => {
  it('is the referral without the reporting member, the contactShared flag and the SLA facts, with its SLA view', () => {
    const stored = referralRecord({ contactShared: true });

    const view = referralView(stored, SLA_SETTINGS, NOW);

    expect(view).not.toHaveProperty('memberId');
    expect(view).not.toHaveProperty('contactShared');
    expect(view).not.toHaveProperty('slaTrack');
    const { memberId: _memberId, contactShared: _contactShared, slaTrack, ...expected } = stored;
    expect(view).toEqual({
      ...expected,
      sla: slaView(slaTrack, stored.createdAt, slaContextFor(SLA_SETTINGS, stored), NOW),
    });
    expect(Referral.strict().safeParse(view).success).toBe(true);
  });

  it("shows a routine referral's clocks at the instant asked for, in business time", () => {
    // Routed Monday 2 March 12:30 in Adana (09:30Z): 2 business days to acknowledge, 20 to resolve.
    const stored = referralRecord();

    const atRouting = referralView(stored, SLA_SETTINGS, NOW).sla;
    // Tuesday 15:00 in Adana: 4 hours on Monday, 5.5 on Tuesday.
    const nextDay = referralView(stored, SLA_SETTINGS, new Date('2026-03-03T12:00:00.000Z')).sla;
    // Wednesday 12:30 in Adana has passed: the acknowledgement is late.
    const late = referralView(stored, SLA_SETTINGS, new Date('2026-03-04T09:30:00.000Z')).sla;

    expect(atRouting).toMatchObject({
      policy: { priority: 'routine', calendar: 'business' },
      stage: 'running',
      acknowledge: {
        stage: 'running',
        targetMinutes: 960,
        dueAt: '2026-03-04T09:30:00.000Z',
        elapsedMinutes: 0,
      },
      resolve: { stage: 'running', targetMinutes: 9600, elapsedMinutes: 0, pausedMinutes: 0 },
      endToEnd: { since: stored.createdAt, elapsedMinutes: 0 },
      events: [],
      nextEventAt: stored.slaTrack.nextEventAt,
    });
    expect(atRouting.acknowledge.dueAt).toBe(stored.slaTrack.dueAt);
    expect(nextDay.acknowledge).toMatchObject({ stage: 'running', elapsedMinutes: 570 });
    expect(late.acknowledge).toMatchObject({ stage: 'breached', elapsedMinutes: 960 });
    expect(late.stage).toBe('breached');
  });

  it('leaves the stored record untouched', () => {
    const stored = referralRecord({ contactShared: true });
    const before = structuredClone(stored);

    referralView(stored, SLA_SETTINGS, NOW);

    expect(stored).toMatchObject({ memberId: AMINA.userId, contactShared: true });
    expect(stored).toEqual(before);
  });
});
