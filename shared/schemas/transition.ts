import * as z from 'zod';
import {
  HOLD_REASONS,
  OUTCOMES,
  REFERRAL_ACTIONS,
  REFERRAL_STATUSES,
  REJECTION_REASONS,
  ROLES,
} from '../domain/vocabulary.js';
import { CatalogId, FreeText, NOTE_MAX, PAGE_SIZE, Page, Timestamp, Ulid } from './common.js';

/** A unit's note. */
const Note = FreeText(NOTE_MAX);

const base = { expectedVersion: z.number().int().min(1), note: Note.optional() };

/** Body of POST /v1/referrals/{id}/transitions: one shape per action. Unknown fields are refused. */
export const TransitionRequest = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept'), ...base }),
  z.strictObject({ action: z.literal('start'), ...base }),
  z.strictObject({ action: z.literal('hold'), ...base, holdReason: z.enum(HOLD_REASONS) }),
  z.strictObject({ action: z.literal('resume'), ...base }),
  z.strictObject({ action: z.literal('resolve'), ...base, outcome: z.enum(OUTCOMES) }),
  z.strictObject({ action: z.literal('reject'), ...base, reason: z.enum(REJECTION_REASONS), note: Note }),
  z.strictObject({ action: z.literal('transfer'), ...base, toUnitId: CatalogId }),
  z.strictObject({ action: z.literal('route'), ...base, toUnitId: CatalogId }),
  z.strictObject({ action: z.literal('close'), ...base }),
  z.strictObject({ action: z.literal('reopen'), ...base }),
  z.strictObject({ action: z.literal('cancel'), ...base }),
]);
export type TransitionRequest = z.infer<typeof TransitionRequest>;

/** One entry of a referral's audit trail. `note` is withheld from council members. */
export const AuditEvent = z.object({
  referralId: Ulid,
  needId: Ulid,
  unitId: CatalogId.describe('The unit holding the referral when this happened'),
  sequence: z.number().int().min(1).describe('Equals the referral version this change produced; gap-free'),
  action: z.enum([...REFERRAL_ACTIONS, 'report']),
  fromStatus: z.enum(REFERRAL_STATUSES).nullable(),
  toStatus: z.enum(REFERRAL_STATUSES),
  actorId: z.string().describe('Pseudonymous id of who acted'),
  actorRole: z.enum(ROLES),
  actorUnitId: CatalogId.optional(),
  outcome: z.enum(OUTCOMES).optional(),
  reason: z.enum(REJECTION_REASONS).optional(),
  holdReason: z.enum(HOLD_REASONS).optional(),
  toUnitId: CatalogId.optional(),
  relatedReferralId: Ulid.optional().describe('The other leg of a transfer, route or rejection'),
  note: z.string().optional(),
  at: Timestamp,
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const HistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE.max).default(PAGE_SIZE.max),
  cursor: z.string().min(1).max(2048).optional(),
});
export const HistoryPage = Page(AuditEvent);

/** A status change of one of a council member's needs, told in their language. */
export const Notification = z.object({
  needId: Ulid,
  referralId: Ulid,
  unitId: CatalogId,
  status: z.enum(REFERRAL_STATUSES),
  outcome: z.enum(OUTCOMES).optional(),
  at: Timestamp,
  language: z.enum(['ar', 'tr', 'en']),
  message: z.string(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE.max).default(PAGE_SIZE.default),
  cursor: z.string().min(1).max(2048).optional(),
});
export const NotificationPage = Page(Notification);
