/**
 * Cohesion-risk alerts and neighbourhood hotspots, in pure code. A flagged need raises one
 * alert at once; when the flags of one district + neighbourhood reach the threshold within
 * the sliding window, one hotspot alert is raised for that window, not one per flag.
 */
import type { Alert } from '../schemas/alert.js';
import type { CohesionRisk } from './vocabulary.js';

export interface HotspotRule {
  /** Flags needed within the window. */
  readonly threshold: number;
  readonly windowDays: number;
}

export const DEFAULT_HOTSPOT_RULE: HotspotRule = { threshold: 3, windowDays: 7 };

export interface CohesionFlag {
  readonly needId: string;
  readonly riskTypes: readonly CohesionRisk[];
  readonly district: string;
  readonly neighbourhood?: string | undefined;
  readonly flaggedAt: string;
}

/** Stored alerts carry, for hotspots, the window and the count that raised them. */
export type AlertRecord = Alert & { readonly windowDays?: number; readonly flagCount?: number };

/**
 * Neighbourhoods are free text: "Döşeme", " döşeme " and "DÖŞEME" are one place. Turkish
 * casing rules apply (İ/i, I/ı); a need without one counts for its district as a whole.
 */
export function placeKey(district: string, neighbourhood: string | undefined): string {
  const place = (neighbourhood ?? '').trim().replace(/\s+/g, ' ').toLocaleLowerCase('tr');
  return `${district}#${place === '' ? '-' : place}`;
}

export function riskAlert(flag: CohesionFlag, raisedAt: string): AlertRecord {
  return {
    id: `risk-${flag.needId}`,
    type: 'cohesion-risk',
    status: 'open',
    riskTypes: [...flag.riskTypes],
    district: flag.district,
    ...(flag.neighbourhood === undefined ? {} : { neighbourhood: flag.neighbourhood }),
    needIds: [flag.needId],
    raisedAt,
    firstFlaggedAt: flag.flaggedAt,
    version: 1,
  };
}

/** Start of the window that ends at `at`. */
export const windowStart = (at: string, rule: HotspotRule) =>
  new Date(Date.parse(at) - rule.windowDays * 86_400_000).toISOString();

/**
 * A hotspot alert if the flags of one place within the window (those up to and including the
 * newest) reach the threshold; undefined otherwise. Flags of the same need count once.
 */
export function hotspotAlert(
  flags: readonly CohesionFlag[],
  rule: HotspotRule,
  raisedAt: string,
  id: string,
): AlertRecord | undefined {
  const byNeed = new Map<string, CohesionFlag>();
  for (const flag of flags) if (!byNeed.has(flag.needId)) byNeed.set(flag.needId, flag);
  const distinct = [...byNeed.values()].sort((a, b) => a.flaggedAt.localeCompare(b.flaggedAt));
  if (distinct.length < rule.threshold) return undefined;
  const first = distinct[0] as CohesionFlag;
  const riskTypes = [...new Set(distinct.flatMap((flag) => flag.riskTypes))];
  return {
    id,
    type: 'cohesion-hotspot',
    status: 'open',
    riskTypes,
    district: first.district,
    ...(first.neighbourhood === undefined ? {} : { neighbourhood: first.neighbourhood }),
    needIds: distinct.map((flag) => flag.needId),
    raisedAt,
    firstFlaggedAt: first.flaggedAt,
    version: 1,
    windowDays: rule.windowDays,
    flagCount: distinct.length,
  };
}

/** What the directorate is told (SNS or the local log): ids and places, never personal data. */
export function alertNotice(
  alert: Pick<AlertRecord, 'type' | 'district' | 'neighbourhood' | 'riskTypes' | 'needIds' | 'id'>,
) {
  const place =
    alert.neighbourhood === undefined ? alert.district : `${alert.district} / ${alert.neighbourhood}`;
  const subject =
    alert.type === 'cohesion-hotspot'
      ? `Jisr: cohesion hotspot in ${place}`
      : `Jisr: cohesion risk flagged in ${place}`;
  const body = [
    subject,
    `Risks: ${alert.riskTypes.join(', ')}`,
    `Needs: ${alert.needIds.join(', ')}`,
    `Alert: ${alert.id} — open Jisr to acknowledge it.`,
  ].join('\n');
  return { subject: subject.slice(0, 99), body };
}
