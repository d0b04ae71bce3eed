/**
 * Cohesion alerts in pure code: one place per neighbourhood however it is typed (Turkish casing),
 * one alert per flag, one hotspot when a place's flags reach the threshold, and notices with ids
 * and places only.
 */
import { describe, expect, it } from 'vitest';
import {
  type AlertRecord,
  alertNotice,
  type CohesionFlag,
  DEFAULT_HOTSPOT_RULE,
  type HotspotRule,
  hotspotAlert,
  placeKey,
  riskAlert,
  slaEscalationNotice,
  windowStart,
} from '../../../shared/domain/alerts.js';
import { at, flag, needId } from './flags.js';

describe('placeKey', () => {
  it.each([
    {
      label: 'İSTASYON / istasyon / " İstasyon "',
      names: ['İSTASYON', 'istasyon', ' İstasyon ', 'İstasyon'],
    },
    { label: 'Döşeme, " döşeme " and DÖŞEME', names: ['Döşeme', ' döşeme ', 'DÖŞEME'] },
    { label: 'IRMAK and ırmak (dotless I lowers to ı)', names: ['IRMAK', 'ırmak', 'Irmak'] },
    {
      label: 'inner spaces and tabs collapse',
      names: ['Kurtuluş Mahallesi', 'Kurtuluş   Mahallesi', 'KURTULUŞ\tMAHALLESİ'],
    },
    { label: 'Çukur / ÇUKUR / çukur', names: ['Çukur', 'ÇUKUR', 'çukur'] },
  ])('makes one place of $label', ({ names }) => {
    const keys = names.map((name) => placeKey('seyhan', name));

    expect(new Set(keys).size).toBe(1);
  });

  it.each([
    { label: 'I and i (I is the capital of ı, not of i)', a: 'I', b: 'i' },
    { label: 'ı and i', a: 'ı', b: 'i' },
    { label: 'IRMAK and irmak', a: 'IRMAK', b: 'irmak' },
    { label: 'İ and ı', a: 'İ', b: 'ı' },
    { label: 'Döşeme and Doseme (letters, not accents, differ)', a: 'Döşeme', b: 'Doseme' },
    { label: 'two neighbourhoods', a: 'İstasyon', b: 'Döşeme' },
  ])('keeps $label apart', ({ a, b }) => {
    expect(placeKey('seyhan', a)).not.toBe(placeKey('seyhan', b));
  });

  it.each([
    { label: 'the Turkish İ', name: 'İSTASYON', key: 'seyhan#istasyon' },
    { label: 'the Turkish I', name: 'IRMAK', key: 'seyhan#ırmak' },
    { label: 'trimmed and collapsed', name: '  Yeni   Mahalle ', key: 'seyhan#yeni mahalle' },
  ])('lowers $label as Turkish does', ({ name, key }) => {
    expect(placeKey('seyhan', name)).toBe(key);
  });

  it.each([
    { label: 'no neighbourhood', neighbourhood: undefined },
    { label: 'an empty neighbourhood', neighbourhood: '' },
    { label: 'a blank neighbourhood', neighbourhood: '   ' },
  ])('counts $label for the district as a whole', ({ neighbourhood }) => {
    expect(placeKey('seyhan', neighbourhood)).toBe('seyhan#-');
  });

  it('keeps the district-wide place apart from every named one, and districts apart', () => {
    expect(placeKey('seyhan', undefined)).not.toBe(placeKey('seyhan', 'İstasyon'));
    expect(placeKey('seyhan', 'İstasyon')).not.toBe(placeKey('yuregir', 'İstasyon'));
    expect(placeKey('seyhan', undefined)).not.toBe(placeKey('yuregir', undefined));
  });

  // Regression (fixed in b911fc6): 'Döşeme' typed precomposed (NFC, U+00F6 U+015F) and
  // decomposed (NFD, o + U+0308, s + U+0327, as some keyboards and pasted text give it) were two places.
  it('makes one place of the same name in composed and decomposed form', () => {
    expect(placeKey('seyhan', 'Döşeme'.normalize('NFD'))).toBe(placeKey('seyhan', 'Döşeme'.normalize('NFC')));
  });
});

describe('riskAlert', () => {
  it('records one open alert for the flag, raised now, first flagged when the need was reported', () => {
    const flagged = flag(1, at(0), { riskTypes: ['hate_incident', 'discrimination'] });

    const alert = riskAlert(flagged, at(0, 1));

    expect(alert).toEqual({
      id: `risk-${needId(1)}`,
      type: 'cohesion-risk',
      status: 'open',
      riskTypes: ['hate_incident', 'discrimination'],
      district: 'seyhan',
      neighbourhood: 'İstasyon',
      needIds: [needId(1)],
      raisedAt: at(0, 1),
      firstFlaggedAt: at(0),
      version: 1,
    });
  });

  it('leaves the neighbourhood out for a district-wide flag, and keeps its own copy of the risks', () => {
    const { neighbourhood: _neighbourhood, ...districtWide } = flag(2, at(0));

    const alert = riskAlert(districtWide, at(0));

    expect(Object.keys(alert)).not.toContain('neighbourhood');
    expect(alert.riskTypes).not.toBe(districtWide.riskTypes);
  });

  it('gives the same need the same alert id (so a redelivered flag finds its alert)', () => {
    expect(riskAlert(flag(3, at(0)), at(0)).id).toBe(riskAlert(flag(3, at(0)), at(1)).id);
  });
});

describe('windowStart', () => {
  it.each([
    { end: '2026-03-09T09:30:00.000Z', windowDays: 7, start: '2026-03-02T09:30:00.000Z' },
    { end: '2026-03-02T09:30:00.000Z', windowDays: 1, start: '2026-03-01T09:30:00.000Z' },
    { end: '2028-03-01T00:00:00.000Z', windowDays: 1, start: '2028-02-29T00:00:00.000Z' },
    { end: '2026-01-05T12:00:00.000Z', windowDays: 14, start: '2025-12-22T12:00:00.000Z' },
    { end: '2026-03-29T03:00:00.000Z', windowDays: 1, start: '2026-03-28T03:00:00.000Z' },
    { end: '2026-06-01T00:00:00.000Z', windowDays: 90, start: '2026-03-03T00:00:00.000Z' },
  ])('starts $windowDays day(s) before $end', ({ end, windowDays, start }) => {
    expect(windowStart(end, { threshold: 3, windowDays })).toBe(start);
  });
});

describe('hotspotAlert', () => {
  const RAISED_AT = at(3, 1);

  it.each([
    { label: 'no flags', flags: [] as CohesionFlag[] },
    { label: 'one flag', flags: [flag(1, at(0))] },
    { label: 'two flags', flags: [flag(1, at(0)), flag(2, at(1))] },
    { label: 'three flags of two needs', flags: [flag(1, at(0)), flag(2, at(1)), flag(1, at(0))] },
  ])('raises nothing below the default threshold: $label', ({ flags }) => {
    expect(hotspotAlert(flags, DEFAULT_HOTSPOT_RULE, RAISED_AT, 'hotspot-1')).toBeUndefined();
  });

  it('raises one alert at the threshold: the needs oldest first, the union of their risks, the window', () => {
    const flags = [
      flag(3, at(2), { riskTypes: ['hate_incident'] }),
      flag(1, at(0), { riskTypes: ['inter_community_tension', 'discrimination'] }),
      flag(2, at(1), { riskTypes: ['discrimination', 'hate_incident'] }),
    ];

    const alert = hotspotAlert(flags, DEFAULT_HOTSPOT_RULE, RAISED_AT, 'hotspot-1');

    expect(alert).toEqual({
      id: 'hotspot-1',
      type: 'cohesion-hotspot',
      status: 'open',
      riskTypes: ['inter_community_tension', 'discrimination', 'hate_incident'],
      district: 'seyhan',
      neighbourhood: 'İstasyon',
      needIds: [needId(1), needId(2), needId(3)],
      raisedAt: RAISED_AT,
      firstFlaggedAt: at(0),
      version: 1,
      windowDays: 7,
      flagCount: 3,
    } satisfies AlertRecord);
  });

  it('counts a need once however many times its flag is given', () => {
    const flags = [flag(1, at(0)), flag(1, at(0)), flag(2, at(1)), flag(2, at(1)), flag(3, at(2))];

    const alert = hotspotAlert(flags, DEFAULT_HOTSPOT_RULE, RAISED_AT, 'hotspot-1');

    expect(alert?.needIds).toEqual([needId(1), needId(2), needId(3)]);
    expect(alert?.flagCount).toBe(3);
  });

  it('counts every distinct need above the threshold', () => {
    const flags = [1, 2, 3, 4, 5].map((n) => flag(n, at(n / 2)));

    const alert = hotspotAlert(flags, DEFAULT_HOTSPOT_RULE, RAISED_AT, 'hotspot-1');

    expect(alert?.flagCount).toBe(5);
    expect(alert?.needIds).toEqual([1, 2, 3, 4, 5].map(needId));
  });

  it.each([
    { label: 'flags spread wider than the window', days: [0, 1, 8, 9], needs: undefined },
    { label: 'an old flag before a later cluster', days: [0, 8, 9, 10], needs: [2, 3, 4] },
    { label: 'two clusters (the earliest wins)', days: [0, 1, 2, 9, 10, 11], needs: [1, 2, 3] },
    { label: 'flags exactly a window apart (the window holds both ends)', days: [0, 3, 7], needs: [1, 2, 3] },
    { label: 'a late flag inside the cluster', days: [5, 0, 3], needs: [2, 3, 1] },
  ])('looks for a window of the rule that holds the threshold: $label', ({ days, needs }) => {
    const flags = days.map((day, index) => flag(index + 1, at(day)));

    const alert = hotspotAlert(flags, DEFAULT_HOTSPOT_RULE, RAISED_AT, 'hotspot-1');

    if (needs === undefined) {
      expect(alert).toBeUndefined();
      return;
    }
    expect(alert?.needIds).toEqual(needs.map(needId));
    expect(alert?.flagCount).toBe(needs.length);
    expect(alert?.firstFlaggedAt).toBe(
      flags.find((flagged) => flagged.needId === needId(needs[0] ?? 0))?.flaggedAt,
    );
  });

  it('takes the place as the oldest flag names it, and leaves out a missing neighbourhood', () => {
    const named = [flag(2, at(1), { neighbourhood: 'istasyon' }), flag(1, at(0)), flag(3, at(2))];
    const districtWide = [1, 2, 3].map((n) => {
      const { neighbourhood: _neighbourhood, ...rest } = flag(n, at(n));
      return rest;
    });

    expect(hotspotAlert(named, DEFAULT_HOTSPOT_RULE, RAISED_AT, 'h')?.neighbourhood).toBe('İstasyon');
    expect(Object.keys(hotspotAlert(districtWide, DEFAULT_HOTSPOT_RULE, RAISED_AT, 'h') ?? {})).not.toContain(
      'neighbourhood',
    );
  });

  it.each([
    { rule: { threshold: 2, windowDays: 3 } },
    { rule: { threshold: 5, windowDays: 14 } },
    { rule: { threshold: 10, windowDays: 90 } },
  ] satisfies { rule: HotspotRule }[])(
    'follows the rule $rule.threshold in $rule.windowDays days',
    ({ rule }) => {
      const flags = Array.from({ length: rule.threshold }, (_, index) => flag(index + 1, at(0, index)));

      const below = hotspotAlert(flags.slice(1), rule, RAISED_AT, 'hotspot-1');
      const reached = hotspotAlert(flags, rule, RAISED_AT, 'hotspot-1');

      expect(below).toBeUndefined();
      expect(reached).toMatchObject({ flagCount: rule.threshold, windowDays: rule.windowDays });
    },
  );
});

describe('alertNotice', () => {
  const base = {
    id: 'risk-01KJP7ZD300000000000000001',
    district: 'seyhan',
    riskTypes: ['hate_incident', 'eviction_threat'],
    needIds: [needId(1)],
  } as const;

  const notice = (overrides: Partial<Parameters<typeof alertNotice>[0]>) =>
    alertNotice({
      ...base,
      type: 'cohesion-hotspot',
      riskTypes: [...base.riskTypes],
      needIds: [...base.needIds],
      ...overrides,
    });

  it.each([
    {
      label: 'a risk in a neighbourhood',
      alert: { ...base, type: 'cohesion-risk' as const, neighbourhood: 'İstasyon' },
      subject: 'Jisr: cohesion risk flagged in seyhan',
      place: 'Place: seyhan / İstasyon',
    },
    {
      label: 'a district-wide risk',
      alert: { ...base, type: 'cohesion-risk' as const },
      subject: 'Jisr: cohesion risk flagged in seyhan',
      place: 'Place: seyhan',
    },
    {
      label: 'a hotspot',
      alert: {
        ...base,
        id: 'hotspot-7',
        type: 'cohesion-hotspot' as const,
        neighbourhood: 'Döşeme',
        needIds: [needId(1), needId(2), needId(3)],
      },
      subject: 'Jisr: cohesion hotspot in seyhan',
      place: 'Place: seyhan / Döşeme',
    },
  ])(
    'tells of $label: the district in the subject; the place, risks, needs and alert in the body',
    ({ alert, subject, place }) => {
      const told = alertNotice({ ...alert, riskTypes: [...alert.riskTypes], needIds: [...alert.needIds] });

      expect(told).toEqual({
        subject,
        body: [
          subject,
          place,
          'Risks: hate_incident, eviction_threat',
          `Needs: ${alert.needIds.join(', ')}`,
          `Alert: ${alert.id} — open Jisr to acknowledge it.`,
        ].join('\n'),
      });
    },
  );

  it('says nothing but ids and places, even when handed a record with personal data', () => {
    const record = {
      ...base,
      riskTypes: [...base.riskTypes],
      needIds: [...base.needIds],
      type: 'cohesion-risk' as const,
      neighbourhood: 'İstasyon',
      description: 'Fatima Al-Hassan was threatened by her landlord',
      contact: { name: 'Fatima Al-Hassan', phone: '+90 532 123 45 67' },
      beneficiary: { ageGroup: '30-59', gender: 'female' },
      acknowledgementNote: 'Called the landlord Mr. Yılmaz',
    };

    const json = JSON.stringify(alertNotice(record));

    for (const forbidden of ['Fatima', '+90 532', 'landlord', 'Yılmaz', '30-59', 'female']) {
      expect(json).not.toContain(forbidden);
    }
  });

  // Regression (fixed in b911fc6): the neighbourhood (free text; the report schema lets \t, \n
  // and \r through) was in the subject, so 'Döşeme\nMahallesi' gave a two-line subject that SNS
  // Publish refuses, and slice(0, 99) could cut an emoji's surrogate pair in two.
  it.each([
    { label: 'a line break', neighbourhood: 'Döşeme\nMahallesi' },
    { label: 'a carriage return and a tab', neighbourhood: 'Döşeme\r\n\tMahallesi' },
    { label: 'the longest Turkish name', neighbourhood: 'Ş'.repeat(100) },
    { label: 'emoji across the 99th character', neighbourhood: `a${'😀'.repeat(49)}` },
    { label: 'Arabic script', neighbourhood: 'حي الاستقلال' },
  ])(
    'keeps the subject one line of printable ASCII under 100 characters with $label',
    ({ neighbourhood }) => {
      const { subject } = notice({ neighbourhood });

      expect(subject).toMatch(/^[\x20-\x7E]{1,99}$/);
      expect(subject.isWellFormed()).toBe(true);
    },
  );

  it.each([
    { label: 'a line break', neighbourhood: 'Döşeme\nMahallesi', place: 'Place: seyhan / Döşeme Mahallesi' },
    { label: 'a tab', neighbourhood: 'Döşeme\tMahallesi', place: 'Place: seyhan / Döşeme Mahallesi' },
    { label: 'Arabic script', neighbourhood: 'حي الاستقلال', place: 'Place: seyhan / حي الاستقلال' },
    { label: 'emoji', neighbourhood: `a${'😀'.repeat(49)}`, place: `Place: seyhan / a${'😀'.repeat(49)}` },
  ])('keeps a neighbourhood with $label on its one line of the body', ({ neighbourhood, place }) => {
    const { body } = notice({ neighbourhood });

    const lines = body.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(place);
    expect(body.isWellFormed()).toBe(true);
  });
});

describe('slaEscalationNotice', () => {
  const REFERRAL = '01KJP7ZD300000000000000002';
  const NEED = '01KJP7ZD300000000000000001';
  const escalated = {
    referralId: REFERRAL,
    needId: NEED,
    unitId: 'health',
    clock: 'acknowledge',
    priority: 'urgent',
    dueAt: '2026-03-04T09:30:00.000Z',
  };

  it('names the priority and unit in the subject; the referral, need, clock, deadline and alert in the body', () => {
    expect(slaEscalationNotice(escalated)).toEqual({
      subject: 'Jisr: SLA escalation, urgent referral at health',
      body: [
        'Jisr: SLA escalation, urgent referral at health',
        `Referral: ${REFERRAL} (need ${NEED})`,
        'The acknowledge deadline 2026-03-04T09:30:00.000Z passed 2 business days ago and still stands.',
        `Alert: sla-escalation-acknowledge-${REFERRAL} — open Jisr to acknowledge it.`,
      ].join('\n'),
    });
  });

  it.each(['acknowledge', 'resolve'])('names the %s clock in the body and in the alert id', (clock) => {
    const { body } = slaEscalationNotice({ ...escalated, clock });

    expect(body).toContain(`The ${clock} deadline ${escalated.dueAt} passed`);
    expect(body).toContain(`Alert: sla-escalation-${clock}-${REFERRAL} `);
  });

  it.each([
    { label: 'the longest unit id', unitId: 'u'.repeat(40) },
    { label: 'a unit id with a line break', unitId: 'health\nunit' },
    { label: 'a unit id in Turkish', unitId: 'sağlık' },
  ])('keeps the subject one line of printable ASCII under 100 characters with $label', ({ unitId }) => {
    const { subject } = slaEscalationNotice({ ...escalated, unitId });

    expect(subject).toMatch(/^[\x20-\x7E]{1,99}$/);
    expect(subject.isWellFormed()).toBe(true);
  });

  it('says nothing but ids, the clock and the deadline, even when handed a record with personal data', () => {
    const record = {
      ...escalated,
      categories: ['health'],
      district: 'seyhan',
      description: 'Fatima Al-Hassan needs insulin for her son',
      contact: { name: 'Fatima Al-Hassan', phone: '+90 532 123 45 67' },
      beneficiary: { ageGroup: '30-59', gender: 'female' },
      memberId: 'sub-amina',
    };

    const json = JSON.stringify(slaEscalationNotice(record));

    for (const forbidden of ['Fatima', '+90 532', 'insulin', '30-59', 'female', 'sub-amina']) {
      expect(json).not.toContain(forbidden);
    }
  });
});
