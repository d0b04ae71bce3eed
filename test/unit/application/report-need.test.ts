import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson, sha256 } from '../../../shared/application/canonical-json.js';
import { reportNeed } from '../../../shared/application/report-need.js';
import {
  NotPermitted,
  TemporarilyUnavailable,
  Unprocessable,
  ValidationFailed,
} from '../../../shared/domain/errors.js';
import { referralView } from '../../../shared/domain/need.js';
import { Ulid } from '../../../shared/schemas/common.js';
import { ReportNeedResponse } from '../../../shared/schemas/referral.js';
import { AMINA, DIRECTOR, HEALTH_STAFF, MEHMET, maximalReport, minimalReport } from '../builders.js';
import { type FakeDependencies, FIXED_NOW, fakeDependencies } from '../fakes.js';

const NOW_SECONDS = Math.floor(FIXED_NOW.getTime() / 1000);

/** What the fakes hold, to compare before and after a call. */
const written = (deps: FakeDependencies) => ({
  needs: deps.needs.needs.size,
  referrals: deps.referrals.stored.size,
  contacts: deps.needs.contacts.size,
  idempotencyRecords: deps.needs.idempotency.size,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('reportNeed', () => {
  it('routes a report and records the need, its referrals and its idempotency record', async () => {
    // prepare
    const deps = fakeDependencies();
    const report = maximalReport();

    // act
    const { response, replayed } = await reportNeed(deps, AMINA, report, 'key-1');

    // assess
    expect(replayed).toBe(false);
    expect(ReportNeedResponse.safeParse(response).success).toBe(true);
    expect(
      response.referrals.map((referral) => [referral.unitId, referral.categories, referral.status]),
    ).toEqual([
      ['legal-aid', ['documentation', 'legal-aid'], 'routed'],
      ['health', ['health'], 'routed'],
    ]);
    expect(response.need.referralIds).toEqual(response.referrals.map((referral) => referral.id));
    expect(response.need).toMatchObject({ reportedBy: AMINA.userId, createdAt: FIXED_NOW.toISOString() });
    expect(response.referrals.every((referral) => !('memberId' in referral))).toBe(true);
    expect(await deps.needs.need(response.need.id)).toEqual(response.need);
    expect((await deps.referrals.referrals(response.need.referralIds)).map((r) => r.memberId)).toEqual([
      AMINA.userId,
      AMINA.userId,
    ]);
    expect(response.referrals).toEqual(
      (await deps.referrals.referrals(response.need.referralIds)).map((stored) =>
        referralView(stored, deps.slaSettings.settings, FIXED_NOW),
      ),
    );
    expect(response.referrals.map((referral) => referral.sla.stage)).toEqual(['running', 'running']);
    expect(await deps.needs.idempotencyRecord(AMINA.userId, 'key-1')).toEqual({
      memberId: AMINA.userId,
      key: 'key-1',
      requestHash: sha256(canonicalJson(report)),
      needId: response.need.id,
      createdAt: FIXED_NOW.toISOString(),
      expiresAt: NOW_SECONDS + deps.settings.idempotencyTtlSeconds,
    });
  });

  it('gives the need and its referrals new, sortable ULIDs', async () => {
    const deps = fakeDependencies();

    const { response } = await reportNeed(deps, AMINA, maximalReport(), 'key-1');

    const ids = [response.need.id, ...response.need.referralIds];
    expect(ids.every((id) => Ulid.safeParse(id).success)).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort()).toEqual(ids);
  });

  it('sends a category without a rule to the triage unit', async () => {
    const deps = fakeDependencies();

    const { response } = await reportNeed(
      deps,
      AMINA,
      { ...minimalReport(), categories: ['other'] },
      'key-1',
    );

    expect(response.referrals).toHaveLength(1);
    expect(response.referrals[0]).toMatchObject({ unitId: 'migration-desk', routedBy: 'triage' });
  });

  it('keeps the contact apart and sealed, expiring contactMaxRetentionDays after now', async () => {
    const deps = fakeDependencies({
      idempotencyTtlSeconds: 3600,
      contactRetentionDaysAfterClose: 30,
      contactMaxRetentionDays: 90,
    });
    const report = maximalReport();

    const { response } = await reportNeed(deps, AMINA, report, 'key-1');

    const stored = deps.needs.contacts.get(response.need.id);
    expect(stored).toEqual({
      needId: response.need.id,
      sealed: expect.any(String),
      expiresAt: NOW_SECONDS + 90 * 86_400,
    });
    expect(stored?.sealed).not.toContain(report.contact?.name);
    expect(await deps.contactVault.open(response.need.id, stored?.sealed ?? '')).toEqual(report.contact);
    expect(response.need.hasContact).toBe(true);
    expect(JSON.stringify(response)).not.toContain(report.contact?.phone);
  });

  it('writes a creation audit event and a notification per referral, without contact data', async () => {
    const deps = fakeDependencies();
    const report = maximalReport();

    const { response } = await reportNeed(deps, AMINA, report, 'key-1');

    for (const referral of response.referrals) {
      expect(deps.referrals.auditTrail(referral.id)).toEqual([
        expect.objectContaining({
          sequence: 1,
          action: 'report',
          fromStatus: null,
          toStatus: 'routed',
          actorId: AMINA.userId,
        }),
      ]);
    }
    expect(
      deps.notifications.stored.map((notification) => [notification.referralId, notification.status]),
    ).toEqual(response.referrals.map((referral) => [referral.id, 'routed']));
    const written = JSON.stringify([...deps.table.audit.values(), deps.notifications.stored]);
    expect(written).not.toContain(report.contact?.phone);
    expect(written).not.toContain(report.contact?.name);
  });

  it.each([
    { label: 'with consent', consent: true, shared: true },
    { label: 'without consent', consent: false, shared: false },
  ])(
    'marks the stored referrals contactShared when a contact is given $label',
    async ({ consent, shared }) => {
      const deps = fakeDependencies();

      const { response } = await reportNeed(
        deps,
        AMINA,
        { ...maximalReport(), consent: { shareWithUnits: consent } },
        'key-1',
      );

      const stored = await deps.referrals.referrals(response.need.referralIds);
      expect(stored.map((referral) => referral.contactShared)).toEqual([shared, shared]);
      expect(response.referrals.every((referral) => !('contactShared' in referral))).toBe(true);
    },
  );

  it('stores no contact when none was given', async () => {
    const deps = fakeDependencies();

    const { response } = await reportNeed(deps, AMINA, minimalReport(), 'key-1');

    expect(deps.needs.contacts.size).toBe(0);
    expect(response.need.hasContact).toBe(false);
  });

  it.each([HEALTH_STAFF, DIRECTOR])('lets only council members report, not $role', async (actor) => {
    const deps = fakeDependencies();

    const outcome = reportNeed(deps, actor, minimalReport(), 'key-1');

    await expect(outcome).rejects.toBeInstanceOf(NotPermitted);
    expect(written(deps)).toEqual({ needs: 0, referrals: 0, contacts: 0, idempotencyRecords: 0 });
  });

  it.each([
    {
      label: 'an unknown category',
      change: { categories: ['health', 'astrology'] },
      fields: ['categories.1'],
    },
    { label: 'an unknown district', change: { district: 'ankara' }, fields: ['district'] },
    {
      label: 'an unknown vulnerability',
      change: { vulnerabilities: ['veteran'] },
      fields: ['vulnerabilities.0'],
    },
    {
      label: 'several unknown ids',
      change: {
        categories: ['astrology', 'health'],
        district: 'ankara',
        vulnerabilities: ['older_person', 'veteran'],
      },
      fields: ['categories.0', 'district', 'vulnerabilities.1'],
    },
  ])('refuses $label as ValidationFailed naming $fields, writing nothing', async ({ change, fields }) => {
    const deps = fakeDependencies();

    const error = await reportNeed(deps, AMINA, { ...minimalReport(), ...change }, 'key-1').catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).issues.map((issue) => issue.field)).toEqual(fields);
    expect(deps.needs.writeAttempts).toBe(0);
  });

  describe('idempotency', () => {
    it('answers a retry with the same key and body with the first response, replayed, writing nothing', async () => {
      const deps = fakeDependencies();
      const first = await reportNeed(deps, AMINA, maximalReport(), 'key-1');
      const before = written(deps);

      const retry = await reportNeed(deps, AMINA, maximalReport(), 'key-1');

      expect(retry.replayed).toBe(true);
      expect(retry.response).toEqual(first.response);
      expect(written(deps)).toEqual(before);
      expect(before).toEqual({ needs: 1, referrals: 2, contacts: 1, idempotencyRecords: 1 });
    });

    it('treats the same body with keys in another order as the same body', async () => {
      const deps = fakeDependencies();
      const report = minimalReport();
      const first = await reportNeed(deps, AMINA, report, 'key-1');
      const reordered = Object.fromEntries(Object.entries(report).reverse()) as typeof report;

      const retry = await reportNeed(deps, AMINA, reordered, 'key-1');

      expect(retry).toEqual({ response: first.response, replayed: true });
    });

    it.each([
      { label: 'another description', change: { description: 'Something else entirely' } },
      {
        label: 'the categories in another order',
        change: { categories: ['health', 'documentation', 'legal-aid'] },
      },
      { label: 'no contact', change: { contact: undefined } },
    ])('refuses the same key with $label as idempotency-key-reused', async ({ change }) => {
      const deps = fakeDependencies();
      await reportNeed(deps, AMINA, maximalReport(), 'key-1');
      const before = written(deps);

      const error = await reportNeed(deps, AMINA, { ...maximalReport(), ...change }, 'key-1').catch(
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(Unprocessable);
      expect((error as Unprocessable).problemType).toBe('idempotency-key-reused');
      expect(written(deps)).toEqual(before);
    });

    it('does not confuse the same key used by two members', async () => {
      const deps = fakeDependencies();
      const aminas = await reportNeed(deps, AMINA, minimalReport(), 'shared-key');

      const mehmets = await reportNeed(deps, MEHMET, maximalReport(), 'shared-key');

      expect(mehmets.replayed).toBe(false);
      expect(mehmets.response.need.id).not.toBe(aminas.response.need.id);
      expect(mehmets.response.need.reportedBy).toBe(MEHMET.userId);
      expect(written(deps)).toMatchObject({ needs: 2, idempotencyRecords: 2 });
    });

    it("retries while the winner's record is not yet visible, then replays it", async () => {
      vi.useFakeTimers();
      const deps = fakeDependencies();
      const first = await reportNeed(deps, AMINA, minimalReport(), 'key-1');
      deps.needs.hideIdempotencyRecordsFor(2);
      const before = written(deps);

      const retry = reportNeed(deps, AMINA, minimalReport(), 'key-1');
      await vi.runAllTimersAsync();

      expect(await retry).toEqual({ response: first.response, replayed: true });
      expect(deps.needs.writeAttempts).toBe(1 + 3);
      expect(deps.needs.lookups).toBe(3);
      expect(written(deps)).toEqual(before);
    });

    it('gives up as TemporarilyUnavailable when the winner never becomes visible', async () => {
      vi.useFakeTimers();
      const deps = fakeDependencies();
      await reportNeed(deps, AMINA, minimalReport(), 'key-1');
      deps.needs.hideIdempotencyRecordsFor(Number.POSITIVE_INFINITY);
      const before = written(deps);

      const retry = reportNeed(deps, AMINA, minimalReport(), 'key-1');
      const assessment = expect(retry).rejects.toBeInstanceOf(TemporarilyUnavailable);
      await vi.runAllTimersAsync();

      await assessment;
      expect(deps.needs.writeAttempts).toBe(1 + 5);
      expect(written(deps)).toEqual(before);
    });
  });
});
