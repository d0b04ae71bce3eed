/**
 * The dashboard's figures in words: counts, shares and business hours per locale, and a
 * suppressed figure as "fewer than 5" — never as 0 — plus the labels of each grouping's keys.
 */
import { useMemo } from 'preact/hooks';
import { PRIORITY_LABELS, type Priority } from '../../../../shared/domain/vocabulary.js';
import type { DashboardGroup, DashboardGrouping, Figure } from '../../../../shared/schemas/dashboard.js';
import { useApp } from '../../app-context.js';
import { INTL_LOCALE, useFormat, useLocale, useT } from '../../i18n/locale.js';
import type { Locale } from '../../i18n/messages.js';
import { catalogLabel } from '../../labels.js';
import { DIRECTORATE } from './messages.js';

/** The histograms' last bucket: a percentile of 2000 means "2000 hours or more". */
export const OPEN_ENDED_HOURS = 2000;

export const EQUITY_GROUPINGS = ['gender', 'ageGroup', 'disability', 'language'] as const;
export type EquityGrouping = (typeof EQUITY_GROUPINGS)[number];
export const isEquityGrouping = (groupBy: DashboardGrouping): groupBy is EquityGrouping =>
  (EQUITY_GROUPINGS as readonly string[]).includes(groupBy);

type Key = keyof (typeof DIRECTORATE)['tables']['en'] & string;

const GENDER_KEYS: Record<string, Key> = {
  female: 'genderFemale',
  male: 'genderMale',
  other: 'genderOther',
  undisclosed: 'genderUndisclosed',
};
const LANGUAGE_KEYS: Record<string, Key> = {
  ar: 'languageAr',
  tr: 'languageTr',
  en: 'languageEn',
  ku: 'languageKu',
  fa: 'languageFa',
  other: 'languageOther',
};

export interface FigureWords {
  /** A suppressed figure's words. */
  readonly fewerThanFive: string;
  count(figure: Figure): string;
  percent(figure: Figure): string;
  hours(figure: Figure): string;
  /** Business hours of a percentile (its bucket's upper bound). */
  hoursValue(hours: number): string;
  percentValue(percent: number): string;
  countValue(count: number): string;
  /** The label of a group of the dashboard's answer. */
  groupLabel(groupBy: DashboardGrouping, group: Pick<DashboardGroup, 'key' | 'label'>): string;
}

export function useFigureWords(): FigureWords {
  const t = useT(DIRECTORATE);
  const format = useFormat();
  const { locale } = useLocale();
  const { catalog } = useApp();
  return useMemo(() => {
    const hourFormat = new Intl.NumberFormat(INTL_LOCALE[locale], {
      style: 'unit',
      unit: 'hour',
      unitDisplay: 'short',
    });
    const fewerThanFive = t('fewerThanFive');
    const hoursValue = (hours: number) =>
      hours >= OPEN_ENDED_HOURS
        ? t('atLeast', { value: hourFormat.format(hours) })
        : t('upTo', { value: hourFormat.format(hours) });
    const shown = (figure: Figure, words: (value: number) => string) =>
      figure.suppressed || figure.value === null ? fewerThanFive : words(figure.value);
    const groupLabel: FigureWords['groupLabel'] = (groupBy, group) => {
      const { key } = group;
      switch (groupBy) {
        case 'unit':
          return group.label?.[locale] ?? catalogLabel(catalog.units, key, locale);
        case 'category':
          return group.label?.[locale] ?? catalogLabel(catalog.categories, key, locale);
        case 'district':
          return group.label?.[locale] ?? catalogLabel(catalog.districts, key, locale);
        case 'priority':
          return PRIORITY_LABELS[key as Priority]?.[locale] ?? key;
        case 'gender':
          return GENDER_KEYS[key] === undefined ? key : t(GENDER_KEYS[key]);
        case 'language':
          return LANGUAGE_KEYS[key] === undefined ? key : t(LANGUAGE_KEYS[key]);
        case 'disability':
          return key === 'yes' ? t('disabilityYes') : key === 'no' ? t('disabilityNo') : key;
        case 'ageGroup':
          return key === '60+'
            ? t('ageOver', { age: format.number(60) })
            : /^\d+-\d+$/.test(key)
              ? t('ageRange', {
                  from: format.number(Number(key.split('-')[0])),
                  to: format.number(Number(key.split('-')[1])),
                })
              : key;
        case 'month':
          return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
            year: 'numeric',
            month: 'long',
            timeZone: 'UTC',
          }).format(new Date(`${key}-01T00:00:00Z`));
      }
    };
    return {
      fewerThanFive,
      count: (figure) => shown(figure, (value) => format.number(value)),
      percent: (figure) => shown(figure, (value) => format.percent(value)),
      hours: (figure) => shown(figure, hoursValue),
      hoursValue,
      percentValue: (value) => format.percent(value),
      countValue: (value) => format.number(value),
      groupLabel,
    };
  }, [t, format, locale, catalog]);
}

/** Items joined as the locale lists them ("a, b and c" / "a، b و c"). */
export const listText = (items: readonly string[], locale: Locale) =>
  new Intl.ListFormat(INTL_LOCALE[locale], { type: 'conjunction', style: 'long' }).format(items);

/** A figure's value for a chart: null when suppressed. */
export const chartValue = (figure: Figure): number | null => (figure.suppressed ? null : figure.value);
