import * as z from 'zod';
import { SlaPolicies } from '../domain/sla-policy.js';
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
    /**
     * The business calendar SLA clocks run on: the zone, its fixed offset, and the holiday files
     * (config/calendars/<name>.json, one per year, loaded as data — never computed).
     */
    calendar: z
      .strictObject({
        timeZone: z.string().min(1).max(64),
        utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/, 'must be a UTC offset ±HH:MM'),
        holidayFiles: z
          .array(z.string().regex(/^[a-z0-9-]{1,40}$/, 'must name a file of config/calendars'))
          .max(20),
      })
      .default({ timeZone: 'Europe/Istanbul', utcOffset: '+03:00', holidayFiles: [] }),
    /** SLA policies; the defaults of DEFAULT_SLA_POLICIES when absent. */
    slaPolicies: SlaPolicies.optional(),
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
    settings.slaPolicies?.forEach((policy, index) => {
      if (policy.category !== undefined && !categories.has(policy.category))
        ctx.addIssue({
          code: 'custom',
          path: ['slaPolicies', index, 'category'],
          message: 'unknown category',
        });
    });
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
