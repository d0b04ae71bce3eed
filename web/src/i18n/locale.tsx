/**
 * The active language and the council's time zone, for every screen: `useT(messages)` gives
 * a translator for one area's table, `useFormat()` dates and numbers in the locale's own
 * conventions (Arabic-Indic digits in Arabic), always in the council's time zone.
 */
import { type ComponentChildren, createContext } from 'preact';
import { useContext, useMemo } from 'preact/hooks';
import { type Formatters, formatters } from './format.js';

export { type Formatters, formatters, INTL_LOCALE } from './format.js';

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

export function useFormat(): Formatters {
  const { locale, timeZone } = useLocale();
  return useMemo(() => formatters(locale, timeZone), [locale, timeZone]);
}
