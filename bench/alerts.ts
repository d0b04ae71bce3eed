/**
 * Publish-to-alert latency: a flagged need's report until its alert is listed (table stream →
 * publisher → bus → consumer → table), polled every 10 ms; one need at a time.
 */
import type { ReportNeedResponse } from '../shared/schemas/referral.js';
import { type ApiClient, validReport } from '../test/support/api-client.js';
import { ms, printTable, summarize } from './stats.js';

export async function measurePublishToAlert(api: ApiClient, samples: number): Promise<void> {
  const latencies: number[] = [];
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    const flagged = await api.reportNeed<ReportNeedResponse>(
      'member.mehmet',
      validReport({ cohesionRisks: ['misinformation'], neighbourhood: `Bench ${index}` }),
    );
    const alertId = `risk-${flagged.body.need.id}`;
    for (;;) {
      const page = await api.as<{ items: { id: string }[] }>('director', 'GET', '/v1/alerts?limit=5');
      if (page.body.items.some((alert) => alert.id === alertId)) break;
      if (performance.now() - started > 30_000) throw new Error(`no alert for ${alertId} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    latencies.push(performance.now() - started);
  }
  const summary = summarize(latencies);
  printTable(
    `Event publish-to-alert latency (ms; ${samples} flagged needs, one at a time; the local stream is polled every 100 ms)`,
    ['path', 'p50', 'p90', 'p99', 'mean'],
    [
      [
        'POST /v1/needs → stream → bus → alert listed',
        ms(summary.p50),
        ms(summary.p90),
        ms(summary.p99),
        ms(summary.mean),
      ],
    ],
  );
}
