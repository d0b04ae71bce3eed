import * as z from 'zod';
import { LANGUAGES } from '../domain/vocabulary.js';
import { CatalogId, LocalizedText } from './common.js';

const Labelled = z.strictObject({ id: CatalogId, label: LocalizedText });

export const RoutingRule = z.strictObject({
  category: CatalogId,
  district: CatalogId.optional(),
  unitId: CatalogId,
});
export type RoutingRule = z.infer<typeof RoutingRule>;

export const CouncilCatalog = z.strictObject({
  triageUnitId: CatalogId,
  units: z.array(Labelled).min(1).max(100),
  categories: z.array(Labelled).min(1).max(100),
  districts: z.array(Labelled).min(1).max(200),
  vulnerabilities: z.array(Labelled).max(50),
});
export type CouncilCatalog = z.infer<typeof CouncilCatalog>;

/** A council's settings: one file per municipality, one deployment per council. */
export const CouncilSettings = z
  .strictObject({
    id: CatalogId,
    name: LocalizedText,
    timeZone: z.string().min(1),
    languages: z.array(z.enum(LANGUAGES)).min(1),
    defaultLanguage: z.enum(LANGUAGES),
    catalog: CouncilCatalog,
    routingRules: z.array(RoutingRule).max(1000),
    /** When flags in one neighbourhood make a hotspot (defaults: 3 flags in 7 days). */
    hotspotRule: z
      .strictObject({
        threshold: z.number().int().min(2).max(100),
        windowDays: z.number().int().min(1).max(90),
      })
      .optional(),
  })
  .superRefine((settings, ctx) => {
    const units = new Set(settings.catalog.units.map((unit) => unit.id));
    const categories = new Set(settings.catalog.categories.map((category) => category.id));
    const districts = new Set(settings.catalog.districts.map((district) => district.id));
    if (!units.has(settings.catalog.triageUnitId)) {
      ctx.addIssue({ code: 'custom', path: ['catalog', 'triageUnitId'], message: 'is not a unit' });
    }
    settings.routingRules.forEach((rule, index) => {
      if (!categories.has(rule.category))
        ctx.addIssue({
          code: 'custom',
          path: ['routingRules', index, 'category'],
          message: 'unknown category',
        });
      if (!units.has(rule.unitId))
        ctx.addIssue({ code: 'custom', path: ['routingRules', index, 'unitId'], message: 'unknown unit' });
      if (rule.district !== undefined && !districts.has(rule.district))
        ctx.addIssue({
          code: 'custom',
          path: ['routingRules', index, 'district'],
          message: 'unknown district',
        });
    });
  });
export type CouncilSettings = z.infer<typeof CouncilSettings>;
