import { describe, expect, it } from 'vitest';
import {
  assertMayReadNotifications,
  assertMayReportNeed,
  assertMaySeeNeed,
  assertMaySeeReferral,
  mayReadContact,
  maySeeReferral,
  referralListScope,
} from '../../../shared/application/authorization.js';
import type { Actor } from '../../../shared/domain/actor.js';
import { NotFound, NotPermitted } from '../../../shared/domain/errors.js';
import { recordReportedNeed } from '../../../shared/domain/need.js';
import { REFERRAL_STATUSES, type ReferralStatus } from '../../../shared/domain/vocabulary.js';
import {
  AMINA,
  DIRECTOR,
  HEALTH_STAFF,
  MEHMET,
  minimalReport,
  referralRecord,
  SLA_SETTINGS,
  SOCIAL_STAFF,
  TRIAGE_STAFF,
} from '../builders.js';

/** Amina's need, routed to the health unit. */
const { need: aminasNeed } = recordReportedNeed({
  report: minimalReport(),
  actor: AMINA,
  needId: '01KJP7ZD300000000000000001',
  referralIds: ['01KJP7ZD300000000000000002'],
  assignments: [{ unitId: 'health', categories: ['health'], routedBy: 'rule' }],
  now: new Date('2026-03-02T09:30:00.000Z'),
  sla: SLA_SETTINGS,
});
const aminasHealthReferral = referralRecord({ memberId: AMINA.userId, unitId: 'health' });

describe('assertMayReportNeed', () => {
  it.each([
    { actor: AMINA, allowed: true },
    { actor: HEALTH_STAFF, allowed: false },
    { actor: DIRECTOR, allowed: false },
  ])('lets $actor.role report: $allowed', ({ actor, allowed }) => {
    const act = () => assertMayReportNeed(actor);

    if (allowed) expect(act).not.toThrow();
    else expect(act).toThrow(NotPermitted);
  });
});

describe('assertMaySeeNeed', () => {
  it.each([
    { who: 'the reporting member', actor: AMINA, visible: true },
    { who: 'another member', actor: MEHMET, visible: false },
    { who: 'staff of the unit it was routed to', actor: HEALTH_STAFF, visible: false },
    { who: 'staff of another unit', actor: SOCIAL_STAFF, visible: false },
    { who: 'the directorate', actor: DIRECTOR, visible: true },
  ])("shows Amina's need to $who: $visible", ({ actor, visible }) => {
    const act = () => assertMaySeeNeed(actor, aminasNeed);

    if (visible) expect(act).not.toThrow();
    else expect(act).toThrow(NotFound);
  });

  it.each([AMINA, HEALTH_STAFF, DIRECTOR])('reports a missing need to $role as NotFound', (actor) => {
    expect(() => assertMaySeeNeed(actor, undefined)).toThrow(NotFound);
  });
});

describe('maySeeReferral and assertMaySeeReferral', () => {
  it.each([
    { who: 'the member who reported its need', actor: AMINA, visible: true },
    { who: 'another member', actor: MEHMET, visible: false },
    { who: 'staff of its unit', actor: HEALTH_STAFF, visible: true },
    { who: 'staff of another unit', actor: SOCIAL_STAFF, visible: false },
    { who: 'the directorate', actor: DIRECTOR, visible: true },
  ])("shows Amina's health referral to $who: $visible", ({ actor, visible }) => {
    const allowed = maySeeReferral(actor, aminasHealthReferral);
    const assert = () => assertMaySeeReferral(actor, aminasHealthReferral);

    expect(allowed).toBe(visible);
    if (visible) expect(assert).not.toThrow();
    else expect(assert).toThrow(NotFound);
  });

  it('does not let a unit-staff actor without a unit see anything', () => {
    const unitless: Actor = { userId: 'sub-x', username: 'x', role: 'unit-staff' };

    expect(maySeeReferral(unitless, aminasHealthReferral)).toBe(false);
  });

  it.each([AMINA, HEALTH_STAFF, DIRECTOR])('reports a missing referral to $role as NotFound', (actor) => {
    expect(() => assertMaySeeReferral(actor, undefined)).toThrow(NotFound);
  });
});

describe('referralListScope', () => {
  it.each([
    { who: 'unit staff', actor: HEALTH_STAFF, filters: {}, scope: { kind: 'unit', unitId: 'health' } },
    {
      who: 'unit staff filtering by status',
      actor: HEALTH_STAFF,
      filters: { status: 'routed' },
      scope: { kind: 'unit', unitId: 'health', status: 'routed' },
    },
    {
      who: 'unit staff filtering by their own unit',
      actor: HEALTH_STAFF,
      filters: { unitId: 'health' },
      scope: { kind: 'unit', unitId: 'health' },
    },
    { who: 'a member', actor: AMINA, filters: {}, scope: { kind: 'member', memberId: AMINA.userId } },
    {
      who: 'a member filtering by status',
      actor: AMINA,
      filters: { status: 'accepted' },
      scope: { kind: 'member', memberId: AMINA.userId, status: 'accepted' },
    },
    { who: 'the directorate', actor: DIRECTOR, filters: {}, scope: { kind: 'all' } },
    {
      who: 'the directorate filtering by status',
      actor: DIRECTOR,
      filters: { status: 'on_hold' },
      scope: { kind: 'all', status: 'on_hold' },
    },
    {
      who: 'the directorate filtering by unit',
      actor: DIRECTOR,
      filters: { unitId: 'housing' },
      scope: { kind: 'unit', unitId: 'housing' },
    },
    {
      who: 'the directorate filtering by unit and status',
      actor: DIRECTOR,
      filters: { unitId: 'housing', status: 'resolved' },
      scope: { kind: 'unit', unitId: 'housing', status: 'resolved' },
    },
    {
      who: 'explicitly undefined filters',
      actor: DIRECTOR,
      filters: { unitId: undefined, status: undefined },
      scope: { kind: 'all' },
    },
  ] as const)('scopes $who to $scope', ({ actor, filters, scope }) => {
    const result = referralListScope(actor, filters);

    expect(result).toStrictEqual(scope);
  });

  it.each([
    {
      who: 'unit staff filtering by another unit',
      actor: HEALTH_STAFF,
      filters: { unitId: 'social-assistance' },
    },
    { who: 'a member filtering by unit', actor: AMINA, filters: { unitId: 'health' } },
    {
      who: 'unit staff without a unit',
      actor: { userId: 'sub-x', username: 'x', role: 'unit-staff' } satisfies Actor,
      filters: {},
    },
  ])('refuses $who with NotPermitted', ({ actor, filters }) => {
    expect(() => referralListScope(actor, filters)).toThrow(NotPermitted);
  });
});

describe('mayReadContact', () => {
  /** Written out by hand: the statuses in which the unit is still working the case. */
  const ACTIVE: readonly ReferralStatus[] = ['routed', 'accepted', 'in_progress', 'on_hold'];
  const unitless: Actor = { userId: 'sub-x', username: 'x', role: 'unit-staff' };
  const actors = [
    { who: 'staff of its unit', actor: HEALTH_STAFF, holdingUnit: true },
    { who: 'staff of another unit', actor: SOCIAL_STAFF, holdingUnit: false },
    { who: 'triage staff', actor: TRIAGE_STAFF, holdingUnit: false },
    { who: 'unit staff without a unit', actor: unitless, holdingUnit: false },
    { who: 'the directorate', actor: DIRECTOR, holdingUnit: false },
    { who: 'the reporting member', actor: AMINA, holdingUnit: false },
    { who: 'another member', actor: MEHMET, holdingUnit: false },
  ];
  const cases = actors.flatMap(({ who, actor, holdingUnit }) =>
    REFERRAL_STATUSES.flatMap((status) =>
      [true, false].map((contactShared) => ({
        who,
        actor,
        status,
        contactShared,
        expected: holdingUnit && contactShared && ACTIVE.includes(status),
      })),
    ),
  );

  it.each(cases)(
    'lets $who read the contact of a $status referral (contactShared: $contactShared): $expected',
    ({ actor, status, contactShared, expected }) => {
      const referral = referralRecord({ unitId: 'health', memberId: AMINA.userId, status, contactShared });

      const allowed = mayReadContact(actor, referral, 'migration-desk');

      expect(allowed).toBe(expected);
    },
  );

  it('never lets the triage desk read a contact, even of a referral it holds with consent', () => {
    const referral = referralRecord({
      unitId: 'migration-desk',
      memberId: AMINA.userId,
      status: 'routed',
      contactShared: true,
    });

    expect(mayReadContact(TRIAGE_STAFF, referral, 'migration-desk')).toBe(false);
  });
});

describe('assertMayReadNotifications', () => {
  it.each([
    { actor: AMINA, allowed: true },
    { actor: MEHMET, allowed: true },
    { actor: HEALTH_STAFF, allowed: false },
    { actor: TRIAGE_STAFF, allowed: false },
    { actor: DIRECTOR, allowed: false },
  ])('lets $actor.username read notifications: $allowed', ({ actor, allowed }) => {
    const act = () => assertMayReadNotifications(actor);

    if (allowed) expect(act).not.toThrow();
    else expect(act).toThrow(NotPermitted);
  });
});
