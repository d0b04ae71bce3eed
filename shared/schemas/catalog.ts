import * as z from 'zod';
import { ROLES } from '../domain/vocabulary.js';
import { CatalogId, LocalizedText } from './common.js';

const Entry = z.object({ id: z.string(), label: LocalizedText });

export const CatalogResponse = z.object({
  council: z.object({ id: CatalogId, name: LocalizedText, languages: z.array(z.string()) }),
  triageUnitId: CatalogId,
  categories: z.array(Entry),
  units: z.array(Entry),
  districts: z.array(Entry),
  priorities: z.array(Entry),
  cohesionRisks: z.array(Entry),
  vulnerabilities: z.array(Entry),
});
export type CatalogResponse = z.infer<typeof CatalogResponse>;

export const MeResponse = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  unitId: CatalogId.optional(),
});
export type MeResponse = z.infer<typeof MeResponse>;
