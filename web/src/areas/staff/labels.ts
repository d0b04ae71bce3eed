/** Labels of the referral vocabulary in the staff area: statuses, priorities, catalog ids, outcomes. */
import {
  OUTCOME_LABELS,
  type Outcome,
  PRIORITY_LABELS,
  type Priority,
  type ReferralStatus,
} from '../../../../shared/domain/vocabulary.js';
import type { CatalogResponse } from '../../../../shared/schemas/catalog.js';
import type { Translate } from '../../i18n/locale.js';
import type { Locale } from '../../i18n/messages.js';
import { catalogLabel } from '../../labels.js';
import type { STAFF } from './messages.js';

export type StaffKey = keyof (typeof STAFF)['tables']['en'] & string;
export type StaffT = Translate<StaffKey>;

export const statusLabel = (t: StaffT, status: ReferralStatus) => t(`status_${status}`);

export const priorityLabel = (priority: Priority, locale: Locale) => PRIORITY_LABELS[priority][locale];

/** Outcomes are written to go inside a sentence; on their own they start with a capital. */
export function outcomeLabel(outcome: Outcome, locale: Locale): string {
  const text = OUTCOME_LABELS[outcome][locale];
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

export const unitLabel = (catalog: CatalogResponse, unitId: string, locale: Locale) =>
  catalogLabel(catalog.units, unitId, locale);

export const categoryLabels = (catalog: CatalogResponse, ids: readonly string[], locale: Locale) =>
  ids.map((id) => catalogLabel(catalog.categories, id, locale));

/** The first words of a description, to name a referral in a list. */
export function snippet(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
