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

  // BUG (shared/domain/alerts.ts, placeKey, line 33): the text is not Unicode-normalized, so
  // 'Döşeme' typed precomposed (NFC, U+00F6 U+015F) and decomposed (NFD, o + U+0308, s + U+0327;
  // what some keyboards and pasted text produce) are two places. Expected one key
  // ('seyhan#döşeme'); actual 'seyhan#döşeme' vs 'seyhan#do\u0308s\u0327eme'. A `.normalize('NFC')`
  // before lowering would fix it.
  it.skip('makes one place of the same name in composed and decomposed form (see BUG above)', () => {
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

  it.each([
    {
      label: 'a risk in a neighbourhood',
      alert: { ...base, type: 'cohesion-risk' as const, neighbourhood: 'İstasyon' },
      subject: 'Jisr: cohesion risk flagged in seyhan / İstasyon',
    },
    {
      label: 'a district-wide risk',
      alert: { ...base, type: 'cohesion-risk' as const },
      subject: 'Jisr: cohesion risk flagged in seyhan',
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
      subject: 'Jisr: cohesion hotspot in seyhan / Döşeme',
    },
  ])('tells of $label with its place, risks, needs and alert', ({ alert, subject }) => {
    const notice = alertNotice({ ...alert, riskTypes: [...alert.riskTypes], needIds: [...alert.needIds] });

    expect(notice).toEqual({
      subject,
      body: [
        subject,
        'Risks: hate_incident, eviction_threat',
        `Needs: ${alert.needIds.join(', ')}`,
        `Alert: ${alert.id} — open Jisr to acknowledge it.`,
      ].join('\n'),
    });
  });

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

  it('keeps the subject under 100 characters (SNS) for the longest neighbourhood', () => {
    const notice = alertNotice({
      ...base,
      riskTypes: [...base.riskTypes],
      needIds: [...base.needIds],
      type: 'cohesion-hotspot',
      neighbourhood: 'Ş'.repeat(100),
    });

    expect(notice.subject.length).toBeLessThan(100);
    expect(notice.body).toContain('Ş'.repeat(100));
  });

  // BUG (shared/domain/alerts.ts, alertNotice, line ~103): the neighbourhood is free text and the
  // report schema (shared/schemas/need.ts, Text: the regex lets \t, \n and \r through) accepts
  // 'Döşeme\nMahallesi'; the subject then contains a line break, which SNS Publish refuses
  // ("Subjects must be UTF-8 text with no line breaks or control characters"), so the
  // notify-directorate target fails until its event is dead-lettered: the directorate is never told.
  // Expected: a subject without \n/\r/\t; actual: 'Jisr: cohesion hotspot in seyhan / Döşeme\nMahallesi'.
  it.skip('keeps line breaks out of the subject (see BUG above)', () => {
    const notice = alertNotice({
      ...base,
      riskTypes: [...base.riskTypes],
      needIds: [...base.needIds],
      type: 'cohesion-hotspot',
      neighbourhood: 'Döşeme\nMahallesi',
    });

    expect(notice.subject).not.toMatch(/[\n\r\t]/);
  });

  // BUG (shared/domain/alerts.ts, alertNotice, `subject.slice(0, 99)`): slicing by UTF-16 code
  // units can cut a surrogate pair in two. With the neighbourhood 'a' + 49 × '😀' (99 code units,
  // accepted by the report schema) the subject ends in a lone high surrogate: not valid UTF-8 for
  // SNS. Expected: subject.isWellFormed() === true; actual: false. Slicing by code points fixes it.
  it.skip('cuts the subject between characters, never inside one (see BUG above)', () => {
    const notice = alertNotice({
      ...base,
      riskTypes: [...base.riskTypes],
      needIds: [...base.needIds],
      type: 'cohesion-hotspot',
      neighbourhood: `a${'😀'.repeat(49)}`,
    });

    expect(notice.subject.isWellFormed()).toBe(true);
  });
});
