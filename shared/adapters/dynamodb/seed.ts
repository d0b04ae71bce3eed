import { DEFAULT_HOTSPOT_RULE } from '../../domain/alerts.js';
import type { WorkingHoursCalendar } from '../../domain/business-calendar.js';
import { DEFAULT_SLA_POLICIES } from '../../domain/sla-policy.js';
import type { CouncilSettings } from '../../schemas/council.js';
import { keys } from './keys.js';

/**
 * The items a new council's table starts with: its catalog, its routing rules, and its SLA
 * policies with the business calendar they run on.
 * The local runtime writes them at start (if absent); in AWS a custom resource writes them
 * once, when the stack is created, so later edits by the directorate are never overwritten.
 */
export function councilSeedItems(
  settings: CouncilSettings & { readonly businessCalendar: WorkingHoursCalendar },
): Record<string, unknown>[] {
  const council = {
    id: settings.id,
    name: settings.name,
    timeZone: settings.timeZone,
    languages: settings.languages,
    defaultLanguage: settings.defaultLanguage,
  };
  return [
    {
      ...keys.catalog(),
      kind: 'Catalog',
      council,
      catalog: settings.catalog,
      hotspotRule: settings.hotspotRule ?? DEFAULT_HOTSPOT_RULE,
      version: 1,
    },
    { ...keys.routingRules(), kind: 'RoutingRules', rules: settings.routingRules, version: 1 },
    {
      ...keys.slaSettings(),
      kind: 'SlaSettings',
      policies: settings.slaPolicies ?? DEFAULT_SLA_POLICIES,
      calendar: settings.businessCalendar,
      unitCalendars: {},
      version: 1,
    },
  ];
}
