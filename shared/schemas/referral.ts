import * as z from 'zod';
import {
  COHESION_RISKS,
  HOLD_REASONS,
  OUTCOMES,
  PRIORITIES,
  REFERRAL_STATUSES,
  REJECTION_REASONS,
} from '../domain/vocabulary.js';
import { CatalogId, PAGE_SIZE, Page, Timestamp, Ulid } from './common.js';
import { Beneficiary, Contact, Need } from './need.js';
import { SlaView } from './sla.js';

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
  routedBy: z
    .enum(['rule', 'triage', 'transfer', 'rejection', 'directorate'])
    .describe(
      'How this leg came to its unit: a routing rule, triage (no rule matched), a transfer, a rejection back to triage, or the directorate routing from triage',
    ),
  previousReferralId: Ulid.optional().describe(
    'The leg this one continues (after a transfer, route or rejection)',
  ),
  nextReferralId: Ulid.optional().describe(
    'The leg that continues this one (it ended as transferred or rejected)',
  ),
  outcome: z.enum(OUTCOMES).optional(),
  rejectionReason: z.enum(REJECTION_REASONS).optional(),
  holdReason: z.enum(HOLD_REASONS).optional(),
  acceptedAt: Timestamp.optional(),
  resolvedAt: Timestamp.optional(),
  closedAt: Timestamp.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  sla: SlaView,
  contact: Contact.optional().describe(
    "The beneficiary's contact: only for staff of the unit holding this active referral, only with consent; every read is audited",
  ),
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
