import * as z from 'zod';
import { LANGUAGES } from '../domain/vocabulary.js';

/** Ids of catalog entries (units, categories, districts...): ASCII, lower case, short. */
export const CatalogId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a lower-case ASCII id');

/** ULIDs: 26 Crockford base32 characters, sortable by creation time. */
export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID');

export const Timestamp = z.iso.datetime({ offset: false });

export const LocalizedText = z.strictObject(
  Object.fromEntries(LANGUAGES.map((language) => [language, z.string().min(1).max(200)])) as Record<
    (typeof LANGUAGES)[number],
    z.ZodString
  >,
);

export const PAGE_SIZE = { default: 25, max: 100 } as const;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Free text: trimmed, 1..max characters, and no control characters other than line breaks and tabs. */
export const FreeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    .regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/, 'must not contain control characters');

/** The most a note (a unit's, the directorate's) may hold. */
export const NOTE_MAX = 1000;
