import * as z from 'zod';
import { SLA_CLOCKS } from '../domain/sla-clock.js';
import { COHESION_RISKS, PRIORITIES } from '../domain/vocabulary.js';
import { CatalogId, FreeText, NOTE_MAX, PAGE_SIZE, Page, Timestamp } from './common.js';

export const ALERT_TYPES = ['cohesion-risk', 'cohesion-hotspot', 'sla-breach', 'sla-escalation'] as const;
export const ALERT_STATUSES = ['open', 'acknowledged'] as const;

/**
 * An alert's id: `risk-<need>`, `hotspot-<ulid>`, or `sla-<breach|escalation>-<clock>-<referral>`
 * (shared/domain/alerts.ts and sla-events.ts build them).
 */
export const AlertId = z
  .string()
  .regex(
    new RegExp(`^(risk|hotspot|sla-(breach|escalation)-(${SLA_CLOCKS.join('|')}))-[0-9A-HJKMNP-TV-Z]{26}$`),
    'must be an alert id',
  );

/** An alert for the migration directorate. Never carries personal data. */
export const Alert = z.object({
  id: z.string(),
  type: z.enum(ALERT_TYPES),
  status: z.enum(ALERT_STATUSES),
  riskTypes: z.array(z.enum(COHESION_RISKS)).describe('Empty for SLA alerts'),
  district: CatalogId,
  neighbourhood: z.string().optional(),
  needIds: z
    .array(z.string())
    .describe('The flagged need(s) behind the alert, or the need of the late referral'),
  raisedAt: Timestamp,
  firstFlaggedAt: Timestamp.optional().describe(
    'Cohesion alerts: when the need was flagged (for a hotspot, the earliest flag in its window)',
  ),
  sla: z
    .object({
      referralId: z.string(),
      unitId: CatalogId,
      clock: z.enum(SLA_CLOCKS),
      priority: z.enum(PRIORITIES),
      dueAt: Timestamp.describe('The deadline that passed'),
      fellDueAt: Timestamp.describe('When the breach (or its escalation) fell due'),
    })
    .optional()
    .describe('SLA alerts: the referral that is late, its unit and the clock that ran out'),
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
