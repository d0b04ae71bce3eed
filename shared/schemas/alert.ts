import * as z from 'zod';
import { COHESION_RISKS } from '../domain/vocabulary.js';
import { CatalogId, FreeText, NOTE_MAX, PAGE_SIZE, Page, Timestamp } from './common.js';

export const ALERT_TYPES = ['cohesion-risk', 'cohesion-hotspot'] as const;
export const ALERT_STATUSES = ['open', 'acknowledged'] as const;

/** An alert for the migration directorate. Never carries personal data. */
export const Alert = z.object({
  id: z.string(),
  type: z.enum(ALERT_TYPES),
  status: z.enum(ALERT_STATUSES),
  riskTypes: z.array(z.enum(COHESION_RISKS)),
  district: CatalogId,
  neighbourhood: z.string().optional(),
  needIds: z.array(z.string()).describe('The flagged need(s) behind the alert'),
  raisedAt: Timestamp,
  firstFlaggedAt: Timestamp.describe('For a hotspot: the earliest flag in its window'),
  acknowledgedAt: Timestamp.optional(),
  acknowledgedBy: z.string().optional(),
  acknowledgementNote: z.string().optional(),
  version: z.number().int().min(1),
});
export type Alert = z.infer<typeof Alert>;

export const ListAlertsQuery = z.strictObject({
  status: z.enum(ALERT_STATUSES).optional(),
  district: CatalogId.optional(),
  type: z.enum(ALERT_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE.max).default(PAGE_SIZE.default),
  cursor: z.string().min(1).max(2048).optional(),
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuery>;
export const AlertPage = Page(Alert);

export const AcknowledgeAlertRequest = z.strictObject({ note: FreeText(NOTE_MAX) });
export type AcknowledgeAlertRequest = z.infer<typeof AcknowledgeAlertRequest>;

/** When flags in one neighbourhood make a hotspot; the directorate may change it. */
export const HotspotRuleSettings = z.strictObject({
  threshold: z.number().int().min(2).max(100).describe('Flags of distinct needs within the window'),
  windowDays: z.number().int().min(1).max(90),
});
export type HotspotRuleSettings = z.infer<typeof HotspotRuleSettings>;
