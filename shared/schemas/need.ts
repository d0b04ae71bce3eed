import * as z from 'zod';
import {
  AGE_GROUPS,
  BENEFICIARY_LANGUAGES,
  COHESION_RISKS,
  GENDERS,
  PRIORITIES,
} from '../domain/vocabulary.js';
import { CatalogId, FreeText, Timestamp, Ulid } from './common.js';

export const NEED_LIMITS = {
  categories: { min: 1, max: 3 },
  description: { min: 1, max: 2000 },
  neighbourhood: { max: 100 },
  householdSize: { min: 1, max: 30 },
  vulnerabilities: { max: 10 },
  contactName: { max: 100 },
} as const;

const distinct = <T>(values: T[]) => new Set(values).size === values.length;

export const Beneficiary = z.strictObject({
  ageGroup: z.enum(AGE_GROUPS),
  gender: z.enum(GENDERS),
  householdSize: z.number().int().min(NEED_LIMITS.householdSize.min).max(NEED_LIMITS.householdSize.max),
  disability: z.boolean(),
  language: z.enum(BENEFICIARY_LANGUAGES),
});
export type Beneficiary = z.infer<typeof Beneficiary>;

export const Contact = z.strictObject({
  name: FreeText(NEED_LIMITS.contactName.max),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{5,22}$/, 'must be a phone number such as +90 322 123 45 67'),
});
export type Contact = z.infer<typeof Contact>;

/** Body of POST /v1/needs. Unknown fields are rejected. */
export const ReportNeedRequest = z.strictObject({
  categories: z
    .array(CatalogId)
    .min(NEED_LIMITS.categories.min)
    .max(NEED_LIMITS.categories.max)
    .refine(distinct, 'must not repeat a category'),
  description: FreeText(NEED_LIMITS.description.max),
  district: CatalogId,
  neighbourhood: FreeText(NEED_LIMITS.neighbourhood.max).optional(),
  priority: z.enum(PRIORITIES),
  beneficiary: Beneficiary,
  vulnerabilities: z
    .array(CatalogId)
    .max(NEED_LIMITS.vulnerabilities.max)
    .refine(distinct, 'must not repeat a vulnerability')
    .optional(),
  cohesionRisks: z
    .array(z.enum(COHESION_RISKS))
    .max(COHESION_RISKS.length)
    .refine(distinct, 'must not repeat a risk')
    .optional(),
  consent: z.strictObject({ shareWithUnits: z.boolean() }),
  contact: Contact.optional(),
});
export type ReportNeedRequest = z.infer<typeof ReportNeedRequest>;

export const Consent = z.object({
  shareWithUnits: z.boolean(),
  givenBy: z.string().describe('The council member who recorded the consent'),
  givenAt: Timestamp,
  scope: z.literal('service-units').describe('What the consent covers'),
});

/** A need as the API returns it. Contact data is never part of it. */
export const Need = z.object({
  id: Ulid,
  reportedBy: z.string(),
  categories: z.array(CatalogId),
  description: z.string(),
  district: CatalogId,
  neighbourhood: z.string().optional(),
  priority: z.enum(PRIORITIES),
  beneficiary: Beneficiary,
  vulnerabilities: z.array(CatalogId),
  cohesionRisks: z.array(z.enum(COHESION_RISKS)),
  consent: Consent,
  hasContact: z.boolean(),
  referralIds: z.array(Ulid),
  createdAt: Timestamp,
});
export type Need = z.infer<typeof Need>;
