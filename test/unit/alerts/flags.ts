/** Test data for cohesion alerts: flags, CohesionRiskFlagged details and times in days. */

import type { CouncilConfiguration } from '../../../shared/application/ports.js';
import type { CohesionFlag, HotspotRule } from '../../../shared/domain/alerts.js';
import type { CohesionRisk } from '../../../shared/domain/vocabulary.js';
import { type DomainEventDetail, domainEvent } from '../../../shared/events/domain-events.js';
import { DAY_MS, FIXED_NOW, StaticCouncilConfigurationStore } from '../fakes.js';

const HOUR_MS = 3_600_000;

/** The instant `days` (and `hours`) after FIXED_NOW, as an ISO timestamp. */
export const at = (days: number, hours = 0) =>
  new Date(FIXED_NOW.getTime() + days * DAY_MS + hours * HOUR_MS).toISOString();

/** A need id (a ULID) numbered n. */
export const needId = (n: number) => `01KJP7ZD3000000000000${String(n).padStart(5, '0')}`;

export function flag(n: number, flaggedAt: string, overrides: Partial<CohesionFlag> = {}): CohesionFlag {
  return {
    needId: needId(n),
    riskTypes: ['inter_community_tension'],
    district: 'seyhan',
    neighbourhood: 'İstasyon',
    flaggedAt,
    ...overrides,
  };
}

/** A CohesionRiskFlagged detail, validated by its schema as the outbox would build it. */
export function flagged(
  n: number,
  occurredAt: string,
  place: { district?: string; neighbourhood?: string | undefined; riskTypes?: CohesionRisk[] } = {},
): DomainEventDetail<'CohesionRiskFlagged'> {
  const neighbourhood = 'neighbourhood' in place ? place.neighbourhood : 'İstasyon';
  return domainEvent('CohesionRiskFlagged', {
    eventId: `cohesion-risk-flagged:${needId(n)}`,
    schemaVersion: 1,
    occurredAt,
    needId: needId(n),
    riskTypes: place.riskTypes ?? ['inter_community_tension'],
    district: place.district ?? 'seyhan',
    ...(neighbourhood === undefined ? {} : { neighbourhood }),
    priority: 'urgent',
  }).detail;
}

/** The council's configuration with a hotspot rule of the directorate's choosing. */
export class HotspotRuleStore extends StaticCouncilConfigurationStore {
  constructor(private readonly rule: HotspotRule) {
    super();
  }

  override async load(): Promise<CouncilConfiguration> {
    return { ...(await super.load()), hotspotRule: this.rule };
  }
}
