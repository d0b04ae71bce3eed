/**
 * Domain events: versioned, zod-validated, without personal data (no descriptions, no
 * beneficiary profile, no contact). `source` is `jisr.<aggregate>`, `detail-type` the event
 * name; `detail.eventId` is derived from what happened, so a re-published event keeps its id
 * and consumers can deduplicate on it.
 */
import * as z from 'zod';
import { SLA_CLOCKS } from '../domain/sla-clock.js';
import { COHESION_RISKS, PRIORITIES, REFERRAL_ACTIONS, REFERRAL_STATUSES } from '../domain/vocabulary.js';
import { CatalogId, Timestamp, Ulid } from '../schemas/common.js';

/** Event sources: `jisr.<aggregate>`; detail-types are the event names (`NeedReported`, ...). */
export const EVENT_SOURCES = {
  needs: 'jisr.needs',
  referrals: 'jisr.referrals',
  cohesion: 'jisr.cohesion',
  sla: 'jisr.sla',
} as const;

const envelope = {
  eventId: z.string().min(1).max(200),
  schemaVersion: z.literal(1),
  occurredAt: Timestamp,
};

export const NeedReported = z.strictObject({
  ...envelope,
  needId: Ulid,
  categories: z.array(CatalogId),
  district: CatalogId,
  priority: z.enum(PRIORITIES),
  referralIds: z.array(Ulid),
  cohesionRisks: z.array(z.enum(COHESION_RISKS)),
});

export const ReferralRouted = z.strictObject({
  ...envelope,
  referralId: Ulid,
  needId: Ulid,
  unitId: CatalogId,
  categories: z.array(CatalogId),
  priority: z.enum(PRIORITIES),
  district: CatalogId,
  cause: z
    .enum(['report', ...REFERRAL_ACTIONS])
    .describe('What opened this leg: the report, or a transfer/route/reject'),
  previousReferralId: Ulid.optional(),
});

export const ReferralStatusChanged = z.strictObject({
  ...envelope,
  referralId: Ulid,
  needId: Ulid,
  unitId: CatalogId,
  action: z.enum(REFERRAL_ACTIONS),
  fromStatus: z.enum(REFERRAL_STATUSES),
  toStatus: z.enum(REFERRAL_STATUSES),
  version: z.number().int().min(2),
  actorRole: z.enum(['council-member', 'unit-staff', 'directorate']),
});

export const CohesionRiskFlagged = z.strictObject({
  ...envelope,
  needId: Ulid,
  riskTypes: z.array(z.enum(COHESION_RISKS)).min(1),
  district: CatalogId,
  neighbourhood: z.string().max(100).optional(),
  priority: z.enum(PRIORITIES),
});

export const CohesionHotspotDetected = z.strictObject({
  ...envelope,
  alertId: z.string().min(1).max(100),
  district: CatalogId,
  neighbourhood: z.string().max(100).optional(),
  riskTypes: z.array(z.enum(COHESION_RISKS)).min(1),
  needIds: z.array(Ulid).min(1),
  flagCount: z.number().int().min(1),
  windowDays: z.number().int().min(1),
  firstFlaggedAt: Timestamp,
});

/** A referral's SLA clock crossed a threshold: 75 % of its target, its deadline, or 2 business days past it. */
const SlaThresholdCrossed = z.strictObject({
  ...envelope,
  referralId: Ulid,
  needId: Ulid,
  unitId: CatalogId,
  clock: z.enum(SLA_CLOCKS).describe('acknowledge (routed → accepted) or resolve (routed → resolved)'),
  dueAt: Timestamp.describe("The clock's deadline"),
  priority: z.enum(PRIORITIES),
  categories: z.array(CatalogId),
  district: CatalogId,
});
export const SlaWarning = SlaThresholdCrossed;
export const SlaBreached = SlaThresholdCrossed;
export const SlaEscalated = SlaThresholdCrossed;

/** Every event: its source, its detail-type (the key) and the schema of its detail. */
export const DOMAIN_EVENTS = {
  NeedReported: { source: EVENT_SOURCES.needs, schema: NeedReported },
  ReferralRouted: { source: EVENT_SOURCES.referrals, schema: ReferralRouted },
  ReferralStatusChanged: { source: EVENT_SOURCES.referrals, schema: ReferralStatusChanged },
  CohesionRiskFlagged: { source: EVENT_SOURCES.needs, schema: CohesionRiskFlagged },
  CohesionHotspotDetected: { source: EVENT_SOURCES.cohesion, schema: CohesionHotspotDetected },
  SlaWarning: { source: EVENT_SOURCES.sla, schema: SlaWarning },
  SlaBreached: { source: EVENT_SOURCES.sla, schema: SlaBreached },
  SlaEscalated: { source: EVENT_SOURCES.sla, schema: SlaEscalated },
} as const;

export type DomainEventName = keyof typeof DOMAIN_EVENTS;
export type DomainEventDetail<N extends DomainEventName> = z.infer<(typeof DOMAIN_EVENTS)[N]['schema']>;

export interface DomainEvent<N extends DomainEventName = DomainEventName> {
  readonly name: N;
  readonly source: string;
  readonly detail: DomainEventDetail<N>;
}

/** Builds a domain event, validating its detail against its schema (a bug fails loudly here). */
export function domainEvent<N extends DomainEventName>(
  name: N,
  detail: DomainEventDetail<N>,
): DomainEvent<N> {
  const definition = DOMAIN_EVENTS[name];
  return { name, source: definition.source, detail: definition.schema.parse(detail) as DomainEventDetail<N> };
}
