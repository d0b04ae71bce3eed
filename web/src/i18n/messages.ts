/**
 * Translations. Each area of the app (common, member, staff, directorate) declares its
 * strings once with `defineMessages(en, ar, tr)`: the Arabic and Turkish tables must have
 * exactly the English keys (a missing key is a type error, and test/unit/web/i18n.test.ts
 * also checks placeholders and empty strings). Placeholders are written `{name}`.
 */
export const LOCALES = ['ar', 'tr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type MessageTable<K extends string> = Readonly<Record<K, string>>;

export interface Messages<K extends string> {
  readonly area: string;
  readonly tables: Readonly<Record<Locale, MessageTable<K>>>;
}

export function defineMessages<const E extends Record<string, string>>(
  area: string,
  en: E,
  ar: MessageTable<keyof E & string>,
  tr: MessageTable<keyof E & string>,
): Messages<keyof E & string> {
  return { area, tables: { en, ar, tr } };
}

export type Params = Readonly<Record<string, string | number>>;

/** Replaces `{name}` placeholders; a missing parameter stays visible rather than vanishing. */
export function interpolate(template: string, params: Params | undefined): string {
  if (params === undefined) return template;
  return template.replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

export const directionOf = (locale: Locale): 'rtl' | 'ltr' => (locale === 'ar' ? 'rtl' : 'ltr');
