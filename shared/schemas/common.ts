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
