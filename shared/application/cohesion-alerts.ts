import type { Actor } from '../domain/actor.js';
import {
  alertNotice,
  type HotspotRule,
  hotspotAlert,
  placeKey,
  riskAlert,
  slaEscalationNotice,
  windowStart,
} from '../domain/alerts.js';
import { Conflict, NotFound, NotPermitted } from '../domain/errors.js';
import type { DomainEventDetail } from '../events/domain-events.js';
import type { Alert, ListAlertsQuery } from '../schemas/alert.js';
import type { Dependencies, Page } from './ports.js';

/**
 * A cohesion-risk flag becomes an alert at once, and its place's flags within the window are
 * counted: at the threshold, one hotspot alert covers the window. Every write is conditional,
 * so the same event handled twice acts once.
 */
export async function raiseCohesionAlert(
  deps: Dependencies,
  flagged: DomainEventDetail<'CohesionRiskFlagged'>,
): Promise<{ riskAlert: 'recorded' | 'exists'; hotspot: 'raised' | 'active' | 'below-threshold' }> {
  const now = deps.clock.now().toISOString();
  const flag = {
    needId: flagged.needId,
    riskTypes: flagged.riskTypes,
    district: flagged.district,
    neighbourhood: flagged.neighbourhood,
    flaggedAt: flagged.occurredAt,
  };
  const place = placeKey(flag.district, flag.neighbourhood);
  const recorded = await deps.alerts.recordRiskAlert(riskAlert(flag, now), flag, place);
  const { hotspotRule } = await deps.councilConfiguration.load();
  // Every window holding this flag: flags may be handled out of the order they were raised.
  const windowMillis = hotspotRule.windowDays * 86_400_000;
  const windowEnd = new Date(Date.parse(flag.flaggedAt) + windowMillis).toISOString();
  const flags = await deps.alerts.flagsSince(place, windowStart(flag.flaggedAt, hotspotRule), windowEnd);
  const hotspot = hotspotAlert(flags, hotspotRule, now, `hotspot-${deps.ids.next()}`);
  if (hotspot === undefined) return { riskAlert: recorded, hotspot: 'below-threshold' };
  const activeUntil = new Date(Date.parse(now) + windowMillis).toISOString();
  return { riskAlert: recorded, hotspot: await deps.alerts.raiseHotspot(hotspot, place, activeUntil) };
}

/** The directorate hears of a risk, a hotspot or an SLA escalation at once. */
export async function notifyDirectorate(
  deps: Dependencies,
  event:
    | { name: 'CohesionRiskFlagged'; detail: DomainEventDetail<'CohesionRiskFlagged'> }
    | { name: 'CohesionHotspotDetected'; detail: DomainEventDetail<'CohesionHotspotDetected'> }
    | { name: 'SlaEscalated'; detail: DomainEventDetail<'SlaEscalated'> },
): Promise<void> {
  if (event.name === 'SlaEscalated') {
    await deps.alertNotifier.notify(slaEscalationNotice(event.detail));
    return;
  }
  const notice =
    event.name === 'CohesionRiskFlagged'
      ? alertNotice({
          id: `risk-${event.detail.needId}`,
          type: 'cohesion-risk',
          district: event.detail.district,
          neighbourhood: event.detail.neighbourhood,
          riskTypes: event.detail.riskTypes,
          needIds: [event.detail.needId],
        })
      : alertNotice({
          id: event.detail.alertId,
          type: 'cohesion-hotspot',
          district: event.detail.district,
          neighbourhood: event.detail.neighbourhood,
          riskTypes: event.detail.riskTypes,
          needIds: event.detail.needIds,
        });
  await deps.alertNotifier.notify(notice);
}

function assertDirectorate(actor: Actor): void {
  if (actor.role !== 'directorate') throw new NotPermitted('Alerts are for the migration directorate');
}

const view = ({
  windowDays: _windowDays,
  flagCount: _flagCount,
  ...alert
}: Alert & { windowDays?: number; flagCount?: number }) => alert;

export async function alertsFor(
  deps: Dependencies,
  actor: Actor,
  query: ListAlertsQuery,
): Promise<Page<Alert>> {
  assertDirectorate(actor);
  const { limit, cursor, ...filters } = query;
  const page = await deps.alerts.list(filters, { limit, cursor });
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}

export async function acknowledgeAlert(
  deps: Dependencies,
  actor: Actor,
  alertId: string,
  note: string,
): Promise<Alert> {
  assertDirectorate(actor);
  const alert = await deps.alerts.alert(alertId);
  if (alert === undefined) throw new NotFound('No such alert');
  const alreadyAcknowledged = () =>
    new Conflict('This alert was already acknowledged', 'alert-already-acknowledged', {
      currentStatus: 'acknowledged',
    });
  if (alert.status !== 'open') throw alreadyAcknowledged();
  const acknowledged = await deps.alerts.acknowledge(alert, {
    by: actor.userId,
    note,
    at: deps.clock.now().toISOString(),
  });
  if (acknowledged === 'conflict') throw alreadyAcknowledged();
  return view(acknowledged);
}

export async function hotspotRuleFor(deps: Dependencies, actor: Actor): Promise<HotspotRule> {
  assertDirectorate(actor);
  const { hotspotRule } = await deps.councilConfiguration.load();
  return { threshold: hotspotRule.threshold, windowDays: hotspotRule.windowDays };
}

/** The directorate changes when a hotspot is raised; consumers see it within a minute. */
export async function changeHotspotRule(
  deps: Dependencies,
  actor: Actor,
  rule: HotspotRule,
): Promise<HotspotRule> {
  assertDirectorate(actor);
  await deps.councilConfiguration.saveHotspotRule(rule);
  return rule;
}
