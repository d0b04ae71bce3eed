/**
 * Dates and numbers in the locale's own conventions (Arabic-Indic digits in Arabic), always
 * in the council's time zone. Plain TypeScript (no JSX), so Node tests can import it.
 */
import type { Locale } from './messages.js';

/** BCP 47 tags: Arabic with Arabic-Indic digits, Turkish and British English (day first). */
export const INTL_LOCALE: Record<Locale, string> = { ar: 'ar-u-nu-arab', tr: 'tr-TR', en: 'en-GB' };

export interface Formatters {
  dateTime(iso: string): string;
  date(iso: string): string;
  /** A calendar date (YYYY-MM-DD) as the locale writes it, without time-zone shifts. */
  day(isoDay: string): string;
  number(value: number, maximumFractionDigits?: number): string;
  percent(value: number): string;
}

export function formatters(locale: Locale, timeZone: string): Formatters {
  const tag = INTL_LOCALE[locale];
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  const day = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let format = numbers.get(digits);
    if (format === undefined) {
      format = new Intl.NumberFormat(tag, { maximumFractionDigits: digits });
      numbers.set(digits, format);
    }
    return format;
  };
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  return {
    dateTime: (iso) => dateTime.format(new Date(iso)),
    date: (iso) => date.format(new Date(iso)),
    day: (isoDay) => day.format(new Date(`${isoDay}T00:00:00Z`)),
    number: (value, maximumFractionDigits = 0) => numberFormat(maximumFractionDigits).format(value),
    percent: (value) => percent.format(value / 100),
  };
}
