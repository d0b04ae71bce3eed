/** Labels of catalog entries and fixed vocabulary in the user's language. */
import type { LocalizedText } from '../../shared/domain/vocabulary.js';
import type { Locale } from './i18n/messages.js';

export const localized = (text: LocalizedText, locale: Locale) => text[locale];

/** The label of a catalog entry by id; the id itself if the catalog does not know it. */
export function catalogLabel(
  entries: readonly { id: string; label: LocalizedText }[],
  id: string,
  locale: Locale,
): string {
  return entries.find((entry) => entry.id === id)?.label[locale] ?? id;
}
