import { describe, expect, it } from 'vitest';
import {
  needWithReferrals,
  notificationsOf,
  referral,
  referralHistory,
  referralsVisibleTo,
} from '../../../shared/application/read-models.js';
import type { Actor } from '../../../shared/domain/actor.js';
import type { AuditRecord, NotificationRecord } from '../../../shared/domain/audit.js';
import { NotFound, NotPermitted } from '../../../shared/domain/errors.js';
import { type ReferralRecord, recordReportedNeed, referralView } from '../../../shared/domain/need.js';
import { REFERRAL_STATUSES, type ReferralStatus } from '../../../shared/domain/vocabulary.js';
import { Referral } from '../../../shared/schemas/referral.js';
import { AuditEvent, Notification } from '../../../shared/schemas/transition.js';
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
import { DAY_MS, type FakeDependencies, FIXED_NOW, fakeDependencies } from '../fakes.js';

const NEED_ID = '01KJP7ZD300000000000000001';
const REFERRAL_ID = '01KJP7ZD300000000000000002';
const OTHER_REFERRAL_ID = '01KJP7ZD300000000000000003';
const CONTACT = { name: 'Fatima Al-Hassan', phone: '+90 532 123 45 67' };
const NOW_SECONDS = Math.floor(FIXED_NOW.getTime() / 1000);

/** Amina's health referral in the given status, and her sealed contact (null: none). */
async function given(
  overrides: Partial<ReferralRecord>,
  contact: { expiresAt: number } | null = { expiresAt: NOW_SECONDS + 86_400 },
): Promise<FakeDependencies> {
  const deps = fakeDependencies();
  deps.referrals.add([
    referralRecord({
      id: REFERRAL_ID,
      needId: NEED_ID,
      memberId: AMINA.userId,
      unitId: 'health',
      ...overrides,
    }),
  ]);
  if (contact !== null) {
    deps.needs.contacts.set(NEED_ID, {
      needId: NEED_ID,
      sealed: await deps.contactVault.seal(NEED_ID, CONTACT),
      expiresAt: contact.expiresAt,
    });
  }
  return deps;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

describe('referral: the contact of the beneficiary', () => {
  const ACTIVE: readonly ReferralStatus[] = ['routed', 'accepted', 'in_progress', 'on_hold'];
  const visibleTo = [
    { who: 'staff of its unit', actor: HEALTH_STAFF, mayRead: true },
    { who: 'the directorate', actor: DIRECTOR, mayRead: false },
    { who: 'the reporting member', actor: AMINA, mayRead: false },
  ];
  const cases = visibleTo.flatMap(({ who, actor, mayRead }) =>
    REFERRAL_STATUSES.flatMap((status) =>
      [true, false].map((contactShared) => ({
        who,
        actor,
        status,
        contactShared,
        gets: mayRead && contactShared && ACTIVE.includes(status),
      })),
    ),
  );

  it.each(cases)(
    'gives $who a $status referral (contactShared: $contactShared) with the contact: $gets',
    async ({ actor, status, contactShared, gets }) => {
      const deps = await given({ status, contactShared });

      const view = await referral(deps, actor, REFERRAL_ID);

      expect(Referral.strict().safeParse(view).success).toBe(true);
      if (gets) expect(view.contact).toEqual(CONTACT);
      else expect(view).not.toHaveProperty('contact');
      expect(deps.referrals.contactReads).toHaveLength(gets ? 1 : 0);
      expect(deps.contactVault.opens).toBe(gets ? 1 : 0);
    },
  );

  it.each([
    { who: 'staff of another unit', actor: SOCIAL_STAFF },
    { who: 'triage staff', actor: TRIAGE_STAFF },
    { who: 'another member', actor: MEHMET },
  ])('hides the referral itself from $who (NotFound), contact and all', async ({ actor }) => {
    const deps = await given({ status: 'accepted', contactShared: true });

    const refused = await failure(referral(deps, actor, REFERRAL_ID));

    expect(refused).toBeInstanceOf(NotFound);
    expect(deps.referrals.contactReads).toHaveLength(0);
  });

  it('audits the read: who, which referral and need, when', async () => {
    const deps = await given({ status: 'in_progress', contactShared: true });

    await referral(deps, HEALTH_STAFF, REFERRAL_ID);

    expect(deps.referrals.contactReads).toEqual([
      {
        id: expect.any(String),
        referralId: REFERRAL_ID,
        needId: NEED_ID,
        actorId: HEALTH_STAFF.userId,
        actorRole: 'unit-staff',
        actorUnitId: 'health',
        at: FIXED_NOW.toISOString(),
      },
    ]);
    expect(JSON.stringify(deps.referrals.contactReads)).not.toContain(CONTACT.phone);
  });

  it('audits every read: two reads, two records', async () => {
    const deps = await given({ status: 'accepted', contactShared: true });

    await referral(deps, HEALTH_STAFF, REFERRAL_ID);
    await referral(deps, HEALTH_STAFF, REFERRAL_ID);

    expect(deps.referrals.contactReads).toHaveLength(2);
    expect(new Set(deps.referrals.contactReads.map((read) => read.id)).size).toBe(2);
  });

  it('fails, returning no contact, when the read cannot be audited', async () => {
    const deps = await given({ status: 'accepted', contactShared: true });
    deps.referrals.contactReadFailure = new Error('audit write failed');

    const refused = await failure(referral(deps, HEALTH_STAFF, REFERRAL_ID));

    expect(refused).toEqual(new Error('audit write failed'));
    expect(JSON.stringify(refused)).not.toContain(CONTACT.phone);
  });

  it.each([
    { label: 'there is no contact', contact: null },
    { label: 'the contact has expired (before TTL deleted it)', contact: { expiresAt: NOW_SECONDS - 1 } },
  ])('returns the referral without contact, auditing nothing, when $label', async ({ contact }) => {
    const deps = await given({ status: 'accepted', contactShared: true }, contact);

    const view = await referral(deps, HEALTH_STAFF, REFERRAL_ID);

    expect(view).not.toHaveProperty('contact');
    expect(deps.referrals.contactReads).toHaveLength(0);
  });

  it('never shows the internal facts (member, contactShared, the SLA track)', async () => {
    const deps = await given({ status: 'accepted', contactShared: true });

    const views = await Promise.all(
      [HEALTH_STAFF, DIRECTOR, AMINA].map((actor) => referral(deps, actor, REFERRAL_ID)),
    );

    for (const view of views) {
      expect(view).not.toHaveProperty('memberId');
      expect(view).not.toHaveProperty('contactShared');
      expect(view).not.toHaveProperty('slaTrack');
    }
  });
});

describe('referral, referralsVisibleTo, needWithReferrals: the SLA clocks', () => {
  it('computes the SLA view with the current settings at the clock’s instant', async () => {
    const deps = await given({ status: 'routed' }, null);
    const stored = deps.referrals.stored.get(REFERRAL_ID) as ReferralRecord;

    const atRouting = await referral(deps, HEALTH_STAFF, REFERRAL_ID);
    deps.clock.advance(DAY_MS);
    const dayLater = await referral(deps, HEALTH_STAFF, REFERRAL_ID);

    expect(atRouting.sla).toEqual(referralView(stored, deps.slaSettings.settings, FIXED_NOW).sla);
    expect(atRouting.sla.acknowledge).toMatchObject({ stage: 'running', elapsedMinutes: 0 });
    // Monday 12:30 to Tuesday 12:30 in Adana: one working day of 8 hours.
    expect(dayLater.sla.acknowledge).toMatchObject({ stage: 'running', elapsedMinutes: 480 });
    expect(Referral.strict().safeParse(dayLater).success).toBe(true);
  });

  it('shows a policy the directorate changed at once, on the same facts', async () => {
    const deps = await given({ status: 'routed' }, null);
    const before = await referral(deps, HEALTH_STAFF, REFERRAL_ID);
    deps.slaSettings.settings = {
      ...deps.slaSettings.settings,
      policies: deps.slaSettings.settings.policies.map((policy) =>
        policy.priority === 'routine' && policy.category === undefined
          ? { ...policy, acknowledge: { amount: 1, unit: 'business-days' as const } }
          : policy,
      ),
    };

    const after = await referral(deps, HEALTH_STAFF, REFERRAL_ID);

    expect(before.sla.acknowledge.targetMinutes).toBe(960);
    expect(after.sla.acknowledge.targetMinutes).toBe(480);
    // Monday 12:30 in Adana plus 8 working hours: Tuesday 12:30.
    expect(after.sla.acknowledge.dueAt).toBe('2026-03-03T09:30:00.000Z');
  });

  it('gives every referral of a list and of a need its SLA view at the same instant', async () => {
    const deps = await given({ status: 'accepted', acceptedAt: FIXED_NOW.toISOString() }, null);
    deps.referrals.add([referralRecord({ id: OTHER_REFERRAL_ID, needId: NEED_ID, unitId: 'education' })]);
    const { need: reported } = recordReportedNeed({
      report: minimalReport(),
      actor: AMINA,
      needId: NEED_ID,
      referralIds: [REFERRAL_ID, OTHER_REFERRAL_ID],
      assignments: [
        { unitId: 'health', categories: ['health'], routedBy: 'rule' },
        { unitId: 'education', categories: ['health'], routedBy: 'rule' },
      ],
      now: FIXED_NOW,
      sla: SLA_SETTINGS,
    });
    deps.needs.needs.set(NEED_ID, reported);
    deps.clock.advance(2 * DAY_MS);
    const expected = [REFERRAL_ID, OTHER_REFERRAL_ID].map((id) =>
      referralView(
        deps.referrals.stored.get(id) as ReferralRecord,
        deps.slaSettings.settings,
        deps.clock.now(),
      ),
    );

    const listed = await referralsVisibleTo(deps, DIRECTOR, { limit: 25 });
    const need = await needWithReferrals(deps, DIRECTOR, NEED_ID);

    expect(listed.items).toEqual(expected);
    expect(need.referrals).toEqual(expected);
  });
});

describe('referralHistory', () => {
  const at = (minute: number) => `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
  const event = (sequence: number, actor: Actor, extra: Partial<AuditRecord> = {}): AuditRecord => ({
    referralId: REFERRAL_ID,
    needId: NEED_ID,
    unitId: 'health',
    sequence,
    action: 'accept',
    fromStatus: 'routed',
    toStatus: 'accepted',
    actorId: actor.userId,
    actorRole: actor.role,
    ...(actor.unitId === undefined ? {} : { actorUnitId: actor.unitId }),
    at: at(sequence),
    ...extra,
  });
  const TRAIL: AuditRecord[] = [
    event(1, AMINA, { action: 'report', fromStatus: null, toStatus: 'routed' }),
    event(2, HEALTH_STAFF, { note: 'Called the family' }),
    event(3, HEALTH_STAFF, { action: 'start', fromStatus: 'accepted', toStatus: 'in_progress' }),
    event(4, DIRECTOR, {
      action: 'transfer',
      fromStatus: 'in_progress',
      toStatus: 'transferred',
      toUnitId: 'housing',
      note: 'Housing can act faster',
    }),
  ];

  async function withTrail(): Promise<FakeDependencies> {
    const deps = await given({ status: 'transferred', version: 4 });
    // Written out of order: the history is ordered by sequence, not by writing.
    deps.table.audit.set(REFERRAL_ID, [TRAIL[2], TRAIL[0], TRAIL[3], TRAIL[1]] as AuditRecord[]);
    return deps;
  }

  it.each([
    { who: 'staff of its unit', actor: HEALTH_STAFF },
    { who: 'the directorate', actor: DIRECTOR },
  ])('gives $who every event in order, notes and actor ids included', async ({ actor }) => {
    const deps = await withTrail();

    const page = await referralHistory(deps, actor, REFERRAL_ID, { limit: 100 });

    expect(page).toEqual({ items: TRAIL, nextCursor: null });
  });

  it("gives the reporting member the events without the unit's notes or staff ids", async () => {
    const deps = await withTrail();

    const page = await referralHistory(deps, AMINA, REFERRAL_ID, { limit: 100 });

    expect(page.items.map((item) => item.sequence)).toEqual([1, 2, 3, 4]);
    expect(page.items.some((item) => 'note' in item)).toBe(false);
    expect(page.items.map((item) => item.actorId)).toEqual([
      AMINA.userId,
      'unit-staff',
      'unit-staff',
      'directorate',
    ]);
    expect(JSON.stringify(page)).not.toContain(HEALTH_STAFF.userId);
    expect(JSON.stringify(page)).not.toContain(DIRECTOR.userId);
    expect(page.items[3]).toMatchObject({
      action: 'transfer',
      toUnitId: 'housing',
      actorRole: 'directorate',
    });
    expect(page.items.every((item) => AuditEvent.safeParse(item).success)).toBe(true);
  });

  it('pages through the trail in order', async () => {
    const deps = await withTrail();

    const first = await referralHistory(deps, DIRECTOR, REFERRAL_ID, { limit: 3 });
    const second = await referralHistory(deps, DIRECTOR, REFERRAL_ID, {
      limit: 3,
      cursor: first.nextCursor ?? '',
    });

    expect([...first.items, ...second.items].map((item) => item.sequence)).toEqual([1, 2, 3, 4]);
    expect(second.nextCursor).toBeNull();
  });

  it.each([
    { who: 'staff of another unit', actor: SOCIAL_STAFF },
    { who: 'another member', actor: MEHMET },
  ])('is NotFound for $who', async ({ actor }) => {
    const deps = await withTrail();

    const refused = await failure(referralHistory(deps, actor, REFERRAL_ID, { limit: 100 }));

    expect(refused).toBeInstanceOf(NotFound);
  });
});

describe('notificationsOf', () => {
  const notification = (minute: number, overrides: Partial<NotificationRecord> = {}): NotificationRecord => ({
    memberId: AMINA.userId,
    needId: NEED_ID,
    referralId: REFERRAL_ID,
    unitId: 'health',
    status: 'accepted',
    sequence: minute,
    at: `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`,
    ...overrides,
  });

  function withNotifications(): FakeDependencies {
    const deps = fakeDependencies();
    deps.notifications.add([
      notification(1, { status: 'routed' }),
      notification(3, { status: 'resolved', outcome: 'service_provided' }),
      notification(2, { status: 'accepted' }),
      notification(4, { memberId: MEHMET.userId, status: 'cancelled' }),
    ]);
    return deps;
  }

  it.each([
    { who: 'unit staff', actor: HEALTH_STAFF },
    { who: 'the directorate', actor: DIRECTOR },
  ])('is NotPermitted for $who', async ({ actor }) => {
    const refused = await failure(notificationsOf(withNotifications(), actor, { limit: 25 }, 'ar'));

    expect(refused).toBeInstanceOf(NotPermitted);
  });

  it("gives a member their own needs' changes, newest first, in their language", async () => {
    const deps = withNotifications();

    const page = await notificationsOf(deps, AMINA, { limit: 25 }, 'ar-SY,ar;q=0.9');

    expect(page.items.map((item) => item.status)).toEqual(['resolved', 'accepted', 'routed']);
    expect(page.items.every((item) => item.language === 'ar')).toBe(true);
    expect(page.items.every((item) => item.message.includes('وحدة الصحة'))).toBe(true);
    expect(page.items.every((item) => Notification.strict().safeParse(item).success)).toBe(true);
    expect(page.items[0]).toEqual({
      needId: NEED_ID,
      referralId: REFERRAL_ID,
      unitId: 'health',
      status: 'resolved',
      outcome: 'service_provided',
      at: '2026-03-02T10:03:00.000Z',
      language: 'ar',
      message: expect.stringContaining('تم تقديم الخدمة'),
    });
    expect(page.nextCursor).toBeNull();
  });

  it.each([
    { label: 'Accept-Language', acceptLanguage: 'tr-TR,tr;q=0.9,en;q=0.8', locale: 'ar', language: 'tr' },
    {
      label: 'the profile when Accept-Language has no supported language',
      acceptLanguage: 'fr',
      locale: 'en',
      language: 'en',
    },
    {
      label: "the council's default (tr) when neither says",
      acceptLanguage: undefined,
      locale: undefined,
      language: 'tr',
    },
  ])('speaks the language of $label', async ({ acceptLanguage, locale, language }) => {
    const actor: Actor = { ...MEHMET, ...(locale === undefined ? {} : { locale }) };

    const page = await notificationsOf(withNotifications(), actor, { limit: 25 }, acceptLanguage);

    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.language).toBe(language);
  });

  it('pages newest first', async () => {
    const deps = withNotifications();

    const first = await notificationsOf(deps, AMINA, { limit: 2 }, 'en');
    const second = await notificationsOf(deps, AMINA, { limit: 2, cursor: first.nextCursor ?? '' }, 'en');

    expect([...first.items, ...second.items].map((item) => item.at)).toEqual([
      '2026-03-02T10:03:00.000Z',
      '2026-03-02T10:02:00.000Z',
      '2026-03-02T10:01:00.000Z',
    ]);
  });

  it('gives a member with no notifications an empty page', async () => {
    const page = await notificationsOf(fakeDependencies(), AMINA, { limit: 25 }, undefined);

    expect(page).toEqual({ items: [], nextCursor: null });
  });
});
