/**
 * The active language and the council's time zone, for every screen: `useT(messages)` gives
 * a translator for one area's table, `useFormat()` dates and numbers in the locale's own
 * conventions (Arabic-Indic digits in Arabic), always in the council's time zone.
 */
import { type ComponentChildren, createContext } from 'preact';
import { useContext, useMemo } from 'preact/hooks';
import { interpolate, type Locale, type Messages, type Params } from './messages.js';

export interface LocaleState {
  readonly locale: Locale;
  readonly timeZone: string;
  readonly setLocale: (locale: Locale) => void;
  /** The council's languages, first = default. */
  readonly languages: readonly Locale[];
}

const LocaleContext = createContext<LocaleState>({
  locale: 'en',
  timeZone: 'UTC',
  setLocale: () => undefined,
  languages: ['en'],
});

export function LocaleProvider(props: { value: LocaleState; children: ComponentChildren }) {
  return <LocaleContext.Provider value={props.value}>{props.children}</LocaleContext.Provider>;
}

export const useLocale = () => useContext(LocaleContext);

export type Translate<K extends string> = (key: K, params?: Params) => string;

export function translator<K extends string>(messages: Messages<K>, locale: Locale): Translate<K> {
  const table = messages.tables[locale];
  return (key, params) => interpolate(table[key], params);
}

export function useT<K extends string>(messages: Messages<K>): Translate<K> {
  const { locale } = useLocale();
  return useMemo(() => translator(messages, locale), [messages, locale]);
}

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

export function useFormat(): Formatters {
  const { locale, timeZone } = useLocale();
  return useMemo(() => formatters(locale, timeZone), [locale, timeZone]);
}
