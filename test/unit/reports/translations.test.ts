import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../shared/domain/vocabulary.js';
import { message, placeholdersOf, REPORT_MESSAGES } from '../../../shared/reports/translations.js';
import { firstQuarterOf2026, reportOf, visibleText } from './fixtures.js';

const allKeys = [...new Set(LANGUAGES.flatMap((language) => Object.keys(REPORT_MESSAGES[language])))].sort();

describe('the report translations', () => {
  it.each(LANGUAGES)('%s has every key, none empty', (language) => {
    const table = REPORT_MESSAGES[language] as Record<string, string>;
    expect(Object.keys(table).sort()).toEqual(allKeys);
    for (const key of allKeys) expect(table[key]?.trim(), `${language} ${key}`).not.toBe('');
  });

  it('every language fills the same placeholders', () => {
    for (const key of allKeys) {
      const expected = placeholdersOf((REPORT_MESSAGES.en as Record<string, string>)[key] as string);
      for (const language of LANGUAGES) {
        expect(
          placeholdersOf((REPORT_MESSAGES[language] as Record<string, string>)[key] as string),
          `${language} ${key}`,
        ).toEqual(expected);
      }
    }
  });

  it('Arabic strings are in Arabic: no Latin letters outside placeholders', () => {
    for (const [key, text] of Object.entries(REPORT_MESSAGES.ar)) {
      expect(text.replace(/\{\w+\}/g, ''), key).not.toMatch(/[A-Za-z]/);
    }
  });

  it('fills placeholders', () => {
    expect(message('en', 'value.suppressed', { threshold: '5' })).toBe('fewer than 5');
    expect(message('tr', 'report.quarter', { quarter: '4', year: '2026' })).toBe('2026 yılı 4. çeyrek');
  });

  it('every visible string of the Arabic page is Arabic, with Arabic-Indic digits', async () => {
    const { html } = await reportOf(await firstQuarterOf2026(), 'ar');
    // The time zone's IANA name is the one identifier shown as it is.
    const text = visibleText(html).replaceAll('Europe/Istanbul', '');
    expect(text).not.toMatch(/[A-Za-z]/);
    expect(text).not.toMatch(/[0-9]/);
    expect(text).toMatch(/[٠-٩]/);
  });

  it.each(['tr', 'en'] as const)('the %s page shows no string of another language', async (language) => {
    const { html } = await reportOf(await firstQuarterOf2026(), language);
    expect(visibleText(html)).not.toMatch(/[\u0600-\u06FF]/);
    const other = language === 'tr' ? 'en' : 'tr';
    for (const key of ['section.headline', 'section.units', 'section.equity', 'section.cohesion'] as const) {
      expect(html).toContain(REPORT_MESSAGES[language][key]);
      expect(html).not.toContain(REPORT_MESSAGES[other][key]);
    }
  });
});
