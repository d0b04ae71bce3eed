import * as z from 'zod';
import { COHESION_RISKS, PRIORITIES, REFERRAL_STATUSES } from '../domain/vocabulary.js';
import { CatalogId, PAGE_SIZE, Page, Timestamp, Ulid } from './common.js';
import { Beneficiary, Need } from './need.js';

/** A referral: one need routed to one service unit. */
export const Referral = z.object({
  id: Ulid,
  needId: Ulid,
  unitId: CatalogId,
  categories: z.array(CatalogId).describe('The need categories this unit is asked to serve'),
  status: z.enum(REFERRAL_STATUSES),
  version: z.number().int().min(1).describe('Optimistic-locking version; every change increments it'),
  priority: z.enum(PRIORITIES),
  district: CatalogId,
  neighbourhood: z.string().optional(),
  description: z.string(),
  beneficiary: Beneficiary,
  vulnerabilities: z.array(CatalogId),
  cohesionRisks: z.array(z.enum(COHESION_RISKS)),
  routedBy: z.enum(['rule', 'triage']).describe('"triage" when no routing rule matched'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Referral = z.infer<typeof Referral>;

export const ReportNeedResponse = z.object({ need: Need, referrals: z.array(Referral) });
export type ReportNeedResponse = z.infer<typeof ReportNeedResponse>;

export const NeedWithReferrals = Need.extend({ referrals: z.array(Referral) });

export const ListReferralsQuery = z.strictObject({
  status: z.enum(REFERRAL_STATUSES).optional(),
  unitId: CatalogId.optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE.max).default(PAGE_SIZE.default),
  cursor: z.string().min(1).max(2048).optional(),
});
export type ListReferralsQuery = z.infer<typeof ListReferralsQuery>;

export const ReferralPage = Page(Referral);
