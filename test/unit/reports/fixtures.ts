/**
 * A first quarter of 2026 on the in-memory ports, with rollups kept as the stream would keep
 * them: referrals reported and moved through their lifecycle by the use cases, then each
 * referral's facts pushed through updateRollups.
 *
 * - health: 6 referrals (female, 0-4, Arabic-speaking, Seyhan, 5 of them flagged), 5 resolved
 *   within SLA, 1 still open → most of its figures shown, its backlog suppressed;
 * - social assistance: 2 referrals (male, 60+, with a disability, Yüreğir, 1 flagged), both
 *   resolved → every figure suppressed.
 */

import { councilReport } from '../../../shared/application/council-report.js';
import type { Dependencies } from '../../../shared/application/ports.js';
import { reportNeed } from '../../../shared/application/report-need.js';
import { updateRollups } from '../../../shared/application/rollups.js';
import { transitionReferral } from '../../../shared/application/transition-referral.js';
import type { Actor } from '../../../shared/domain/actor.js';
import { referralFacts } from '../../../shared/domain/rollups.js';
import type { Language } from '../../../shared/domain/vocabulary.js';
import type { ReportNeedRequest } from '../../../shared/schemas/need.js';
import { AMINA, DIRECTOR, HEALTH_STAFF, minimalReport, SOCIAL_STAFF } from '../builders.js';
import { DAY_MS, type FakeDependencies, fakeDependencies } from '../fakes.js';

const HOUR_MS = 3_600_000;

async function act(deps: FakeDependencies, actor: Actor, referralId: string, action: string, extra = {}) {
  const current = await deps.referrals.referral(referralId);
  await transitionReferral(deps, actor, referralId, {
    action,
    expectedVersion: current?.version,
    ...extra,
  } as never);
}

async function reported(deps: FakeDependencies, key: string, report: Partial<ReportNeedRequest>) {
  const { response } = await reportNeed(deps, AMINA, { ...minimalReport(), ...report }, key);
  return response.referrals[0]?.id as string;
}

/** Every referral's facts through the rollups, as the stream consumer does. */
export async function settleRollups(deps: FakeDependencies): Promise<void> {
  const { council } = await deps.councilConfiguration.load();
  for (const referral of deps.table.referrals.values()) {
    await updateRollups(
      deps,
      { kind: 'referral', id: referral.id },
      referralFacts(referral, council.timeZone),
    );
  }
}

export async function firstQuarterOf2026(): Promise<FakeDependencies> {
  const deps = fakeDependencies();
  const health: string[] = [];
  for (let index = 0; index < 6; index++) {
    health.push(
      await reported(deps, `health-${index}`, {
        categories: ['health'],
        district: 'seyhan',
        ...(index < 5 ? { cohesionRisks: ['discrimination'] } : {}),
      }),
    );
  }
  const social: string[] = [];
  for (let index = 0; index < 2; index++) {
    social.push(
      await reported(deps, `social-${index}`, {
        categories: ['social-assistance'],
        district: 'yuregir',
        beneficiary: { ageGroup: '60+', gender: 'male', householdSize: 2, disability: true, language: 'tr' },
        ...(index === 0 ? { cohesionRisks: ['eviction_threat'] } : {}),
      }),
    );
  }
  deps.clock.advance(HOUR_MS);
  for (const id of health) await act(deps, HEALTH_STAFF, id, 'accept');
  for (const id of social) await act(deps, SOCIAL_STAFF, id, 'accept');
  deps.clock.advance(DAY_MS);
  for (const id of health.slice(0, 5)) {
    await act(deps, HEALTH_STAFF, id, 'start');
    await act(deps, HEALTH_STAFF, id, 'resolve', { outcome: 'service_provided' });
  }
  for (const id of social) {
    await act(deps, SOCIAL_STAFF, id, 'start');
    await act(deps, SOCIAL_STAFF, id, 'resolve', { outcome: 'partially_provided' });
  }
  await settleRollups(deps);
  return deps;
}

export async function reportOf(
  deps: Pick<Dependencies, 'rollups' | 'slaSettings' | 'councilConfiguration' | 'clock'>,
  lang?: Language,
) {
  return await councilReport(deps, DIRECTOR, { quarter: '2026-Q1', ...(lang === undefined ? {} : { lang }) });
}

/** The text a reader sees: no tags, no style sheet, entities decoded. */
export function visibleText(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The inner HTML of the table row of a group in the element with this id. */
export function rowOf(page: string, tableId: string, group: string): string | undefined {
  const start = page.indexOf(`id="${tableId}"`);
  if (start === -1) return undefined;
  const end = page.indexOf('</table>', start);
  const table = page.slice(start, end);
  const escaped = group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`<tr data-group="${escaped}">([\\s\\S]*?)</tr>`).exec(table);
  return match?.[1];
}

/** The cells of a row: each as the value it shows (data-value), or 'suppressed', and its text. */
export function cellsOf(row: string): { value: number | 'suppressed' | 'empty'; text: string }[] {
  return [...row.matchAll(/<td class="number">([\s\S]*?)<\/td>/g)].map((match) => {
    const inner = match[1] as string;
    const value = /data-value="([^"]+)"/.exec(inner);
    return {
      value:
        value !== null ? Number(value[1]) : inner.includes('data-suppressed="true"') ? 'suppressed' : 'empty',
      text: visibleText(inner),
    };
  });
}
