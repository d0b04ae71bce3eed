import { describe, expect, it } from 'vitest';
import type { NotificationRecord } from '../../../shared/domain/audit.js';
import { notificationMessage, preferredLanguage } from '../../../shared/domain/notification-messages.js';
import { LANGUAGES, OUTCOME_LABELS, REFERRAL_STATUSES } from '../../../shared/domain/vocabulary.js';

const HEALTH_LABEL = { ar: 'وحدة الصحة', tr: 'Sağlık Birimi', en: 'Health unit' };
const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
const LATIN_LETTER = /[A-Za-z]/;

const notification = (overrides: Partial<NotificationRecord> = {}): NotificationRecord => ({
  memberId: 'sub-amina',
  needId: '01KJP7ZD300000000000000001',
  referralId: '01KJP7ZD300000000000000002',
  unitId: 'health',
  status: 'routed',
  sequence: 1,
  at: '2026-03-02T09:30:00.000Z',
  ...overrides,
});

const EVERY_STATUS_AND_LANGUAGE = REFERRAL_STATUSES.flatMap((status) =>
  LANGUAGES.map((language) => ({ status, language })),
);

describe('notificationMessage', () => {
  it.each(EVERY_STATUS_AND_LANGUAGE)(
    'names the unit in its $language label ($status)',
    ({ status, language }) => {
      const message = notificationMessage(
        notification({ status, ...(status === 'resolved' ? { outcome: 'service_provided' } : {}) }),
        language,
        HEALTH_LABEL,
      );

      expect(message).toContain(HEALTH_LABEL[language]);
      expect(message.trim().length).toBeGreaterThan(HEALTH_LABEL[language].length + 10);
    },
  );

  it.each(REFERRAL_STATUSES)('writes Arabic in Arabic script, without Latin words (%s)', (status) => {
    const message = notificationMessage(notification({ status, outcome: 'declined' }), 'ar', HEALTH_LABEL);

    expect(message).toMatch(ARABIC_SCRIPT);
    expect(message).not.toMatch(LATIN_LETTER);
  });

  it.each(REFERRAL_STATUSES)('writes Turkish and English without Arabic script (%s)', (status) => {
    for (const language of ['tr', 'en'] as const) {
      const message = notificationMessage(
        notification({ status, outcome: 'declined' }),
        language,
        HEALTH_LABEL,
      );

      expect(message).not.toMatch(ARABIC_SCRIPT);
    }
  });

  it.each(LANGUAGES)('says something different for each status (%s)', (language) => {
    const messages = REFERRAL_STATUSES.map((status) =>
      notificationMessage(notification({ status }), language, HEALTH_LABEL),
    );

    expect(new Set(messages).size).toBe(REFERRAL_STATUSES.length);
  });

  it.each(LANGUAGES)('gives the outcome of a resolved referral in the same language (%s)', (language) => {
    const message = notificationMessage(
      notification({ status: 'resolved', outcome: 'partially_provided' }),
      language,
      HEALTH_LABEL,
    );

    expect(message).toContain(OUTCOME_LABELS.partially_provided[language]);
  });

  it.each(LANGUAGES)('falls back to the unit id when the unit has no label (%s)', (language) => {
    const message = notificationMessage(notification({ unitId: 'retired-unit' }), language, undefined);

    expect(message).toContain('retired-unit');
  });

  it('says the Turkish and English messages in their own words', () => {
    expect(notificationMessage(notification({ status: 'accepted' }), 'tr', HEALTH_LABEL)).toBe(
      'Sağlık Birimi yönlendirmeyi kabul etti.',
    );
    expect(notificationMessage(notification({ status: 'accepted' }), 'en', HEALTH_LABEL)).toBe(
      'The Health unit accepted the referral.',
    );
  });
});

describe('preferredLanguage', () => {
  it.each([
    { header: 'ar', profile: undefined, expected: 'ar' },
    { header: 'tr-TR,tr;q=0.9,en;q=0.8', profile: 'en', expected: 'tr' },
    { header: 'en-GB,en;q=0.9', profile: 'ar', expected: 'en' },
    { header: 'AR-sy', profile: undefined, expected: 'ar' },
    { header: 'ar_SY', profile: undefined, expected: 'ar' },
    { header: 'en;q=0.5, ar;q=0.8', profile: undefined, expected: 'ar' },
    { header: 'en;q=0.5,tr', profile: undefined, expected: 'tr' },
    { header: ' tr ; q=0.3 , en ; q=0.2 ', profile: undefined, expected: 'tr' },
    { header: 'fr-FR,fr;q=0.9,en;q=0.8', profile: 'ar', expected: 'en' },
    { header: 'de,ku;q=0.9,ar;q=0.1', profile: 'tr', expected: 'ar' },
    { header: '*', profile: 'ar', expected: 'ar' },
    { header: 'en;q=0,ar', profile: 'tr', expected: 'ar' },
    { header: 'en;q=0', profile: 'ar', expected: 'ar' },
    { header: 'en;q=0.000', profile: 'ar', expected: 'ar' },
    { header: 'en;q=abc', profile: 'ar', expected: 'ar' },
    { header: 'fr, de', profile: 'ar', expected: 'ar' },
    { header: 'fr, de', profile: 'ar-SY', expected: 'ar' },
    { header: 'fr', profile: 'de', expected: 'tr' },
    { header: '', profile: undefined, expected: 'tr' },
    { header: undefined, profile: 'en', expected: 'en' },
    { header: undefined, profile: undefined, expected: 'tr' },
    { header: ',,;', profile: undefined, expected: 'tr' },
  ])(
    'answers "$header" with profile $profile (council default tr) in $expected',
    ({ header, profile, expected }) => {
      const language = preferredLanguage(header, profile, 'tr');

      expect(language).toBe(expected);
    },
  );

  it('keeps the order the client gave among languages of equal weight', () => {
    expect(preferredLanguage('en, ar', undefined, 'tr')).toBe('en');
    expect(preferredLanguage('ar, en', undefined, 'tr')).toBe('ar');
  });

  it('answers in English when neither the request, the profile nor the council default is supported', () => {
    expect(preferredLanguage('fr', 'de', 'ku')).toBe('en');
  });

  // RFC 9110 §12.4.2: the weight's parameter name "q" is case-insensitive.
  // HTTP parameter names are case-insensitive: "Q=0" refuses a language as "q=0" does.
  it('reads the weight parameter case-insensitively (Q=0 refuses a language)', () => {
    expect(preferredLanguage('en;Q=0, ar', undefined, 'tr')).toBe('ar');
  });
});
