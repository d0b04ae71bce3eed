/**
 * Durations and relative times in the user's language, with the plural rules of Intl
 * (Arabic has six forms): "3 hours, 20 minutes", "in 2 days", "5 hours ago".
 */
import { INTL_LOCALE } from '../i18n/locale.js';
import type { Locale } from '../i18n/messages.js';

/** Minutes as hours and minutes (long unit names), e.g. SLA business minutes. */
export function formatMinutes(totalMinutes: number, locale: Locale): string {
  const tag = INTL_LOCALE[locale];
  const minutes = Math.max(0, Math.round(totalMinutes));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const unit = (value: number, name: 'hour' | 'minute') =>
    new Intl.NumberFormat(tag, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  if (hours === 0) return unit(rest, 'minute');
  if (rest === 0) return unit(hours, 'hour');
  return new Intl.ListFormat(tag, { type: 'unit', style: 'long' }).format([
    unit(hours, 'hour'),
    unit(rest, 'minute'),
  ]);
}

/** "in 3 hours", "2 days ago": the largest whole unit from now. */
export function relativeTime(iso: string, locale: Locale, now: number = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  const format = new Intl.RelativeTimeFormat(INTL_LOCALE[locale], { numeric: 'auto' });
  const magnitude = Math.abs(seconds);
  if (magnitude < 60) return format.format(Math.round(seconds), 'second');
  if (magnitude < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (magnitude < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

/** A list of labels joined as the language does ("a, b and c"). */
export const formatList = (items: readonly string[], locale: Locale): string =>
  new Intl.ListFormat(INTL_LOCALE[locale], { type: 'conjunction', style: 'long' }).format(items);
