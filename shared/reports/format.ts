/**
 * Numbers, percentages, hours, dates and lists for one report language, with Intl. Arabic
 * asks for Arabic-Indic digits explicitly (`-u-nu-arab`): current CLDR data give plain `ar`
 * Latin digits, and the council's Arabic readers expect ٠١٢٣.
 */
import { HOUR_BUCKETS } from '../domain/rollups.js';
import type { Language } from '../domain/vocabulary.js';
import { type MessageKey, message } from './translations.js';

export const INTL_LOCALES: Readonly<Record<Language, string>> = {
  ar: 'ar-u-nu-arab',
  tr: 'tr-TR',
  en: 'en-GB',
};

/** The instant at noon UTC of a local date, which any formatter in UTC shows as that date. */
const noonOf = (day: string) => new Date(`${day}T12:00:00Z`);

export interface ReportFormat {
  readonly language: Language;
  readonly dir: 'rtl' | 'ltr';
  text(key: MessageKey, parameters?: Readonly<Record<string, string>>): string;
  number(value: number): string;
  /** A year, without grouping separators. */
  year(value: number): string;
  /** `value` is a percentage (87.5 means 87.5 %). */
  percent(value: number): string;
  /** A histogram bucket's upper bound in hours: "≤ 24", or for the open last bucket "> 1200". */
  hours(value: number): string;
  /** Two local dates YYYY-MM-DD as one range. */
  dateRange(from: string, to: string): string;
  dateTime(instant: string, timeZone: string): string;
  list(items: readonly string[]): string;
  compare(a: string, b: string): number;
}

const LAST_BOUND = HOUR_BUCKETS[HOUR_BUCKETS.length - 1] as number;
const BOUND_BELOW_LAST = HOUR_BUCKETS[HOUR_BUCKETS.length - 2] as number;

export function reportFormat(language: Language): ReportFormat {
  const locale = INTL_LOCALES[language];
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const years = new Intl.NumberFormat(locale, { useGrouping: false });
  const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const lists = new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' });
  const collator = new Intl.Collator(locale);
  const text = (key: MessageKey, parameters?: Readonly<Record<string, string>>) =>
    message(language, key, parameters);
  return {
    language,
    dir: language === 'ar' ? 'rtl' : 'ltr',
    text,
    number: (value) => numbers.format(value),
    year: (value) => years.format(value),
    percent: (value) => percents.format(value / 100),
    hours: (value) =>
      value >= LAST_BOUND
        ? text('value.above', { value: numbers.format(BOUND_BELOW_LAST) })
        : text('value.atMost', { value: numbers.format(value) }),
    dateRange: (from, to) => dates.formatRange(noonOf(from), noonOf(to)),
    dateTime: (instant, timeZone) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(
        new Date(instant),
      ),
    list: (items) => lists.format(items),
    compare: (a, b) => collator.compare(a, b),
  };
}
