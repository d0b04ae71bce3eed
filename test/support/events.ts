/** Helpers for tests of the event backbone through the local runtime. */
import type { Alert } from '../../shared/schemas/alert.js';
import type { ApiClient } from './api-client.js';

/** Waits until the stream is drained and the bus has nothing in flight. */
export async function settle(api: ApiClient): Promise<void> {
  const response = await api.as('director', 'POST', '/local/events/settle');
  if (response.status !== 200) throw new Error(`settle failed: ${response.status}`);
}

export async function alertsOfNeed(api: ApiClient, needId: string): Promise<Alert[]> {
  const alerts: Alert[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await api.as<{ items: Alert[]; nextCursor: string | null }>(
      'director',
      'GET',
      `/v1/alerts?limit=100${suffix}`,
    );
    if (page.status !== 200) throw new Error(`alerts: ${page.status}`);
    alerts.push(...page.body.items.filter((alert) => alert.needIds.includes(needId)));
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return alerts;
}

export interface RuleStats {
  received: number;
  delivered: number;
  retried: number;
  deadLettered: number;
  replayed: number;
  lost: number;
}

export async function busStats(api: ApiClient): Promise<Record<string, RuleStats>> {
  const response = await api.as<{ rules: Record<string, RuleStats> }>(
    'director',
    'GET',
    '/local/events/stats',
  );
  return response.body.rules;
}
