import { DEFAULT_HOTSPOT_RULE } from '../../domain/alerts.js';
import type { CouncilSettings } from '../../schemas/council.js';
import { keys } from './keys.js';

/**
 * The items a new council's table starts with: its catalog and its routing rules.
 * The local runtime writes them at start (if absent); in AWS a custom resource writes them
 * once, when the stack is created, so later edits by the directorate are never overwritten.
 */
export function councilSeedItems(settings: CouncilSettings): Record<string, unknown>[] {
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
  ];
}
