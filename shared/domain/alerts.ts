/**
 * Cohesion-risk alerts and neighbourhood hotspots, in pure code. A flagged need raises one
 * alert at once; when the flags of one district + neighbourhood reach the threshold within
 * the sliding window, one hotspot alert is raised for that window, not one per flag.
 */
import type { Alert } from '../schemas/alert.js';
import { ESCALATION_BUSINESS_DAYS } from './sla-clock.js';
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
  const place = (neighbourhood ?? '').normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('tr');
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
 * A hotspot alert if some window of `rule.windowDays` holds at least `rule.threshold` flags of
 * distinct needs; undefined otherwise. The flags may arrive in any order: every window over
 * them is tried, earliest first, so a late-arriving older flag completes a cluster too.
 */
export function hotspotAlert(
  flags: readonly CohesionFlag[],
  rule: HotspotRule,
  raisedAt: string,
  id: string,
): AlertRecord | undefined {
  const byNeed = new Map<string, CohesionFlag>();
  for (const flag of flags) {
    const known = byNeed.get(flag.needId);
    if (known === undefined || flag.flaggedAt < known.flaggedAt) byNeed.set(flag.needId, flag);
  }
  const distinct = [...byNeed.values()].sort((a, b) => a.flaggedAt.localeCompare(b.flaggedAt));
  const windowMillis = rule.windowDays * 86_400_000;
  for (let first = 0; first + rule.threshold <= distinct.length; first++) {
    const start = Date.parse((distinct[first] as CohesionFlag).flaggedAt);
    const inWindow = distinct
      .slice(first)
      .filter((flag) => Date.parse(flag.flaggedAt) - start <= windowMillis);
    if (inWindow.length >= rule.threshold) return hotspotOf(inWindow, rule, raisedAt, id);
  }
  return undefined;
}

function hotspotOf(flags: CohesionFlag[], rule: HotspotRule, raisedAt: string, id: string): AlertRecord {
  const first = flags[0] as CohesionFlag;
  return {
    id,
    type: 'cohesion-hotspot',
    status: 'open',
    riskTypes: [...new Set(flags.flatMap((flag) => flag.riskTypes))],
    district: first.district,
    ...(first.neighbourhood === undefined ? {} : { neighbourhood: first.neighbourhood }),
    needIds: flags.map((flag) => flag.needId),
    raisedAt,
    firstFlaggedAt: first.flaggedAt,
    version: 1,
    windowDays: rule.windowDays,
    flagCount: flags.length,
  };
}

/**
 * What the directorate is told (SNS or the local log): ids and places, never personal data.
 * SNS subjects must be ASCII, one line, under 100 characters: the subject names the district
 * (an ASCII id); the neighbourhood, free text in any script, goes in the body only.
 */
export function alertNotice(
  alert: Pick<AlertRecord, 'type' | 'district' | 'neighbourhood' | 'riskTypes' | 'needIds' | 'id'>,
) {
  const subject = (
    alert.type === 'cohesion-hotspot'
      ? `Jisr: cohesion hotspot in ${alert.district}`
      : `Jisr: cohesion risk flagged in ${alert.district}`
  )
    .replace(/[^\x20-\x7E]/g, '')
    .slice(0, 99);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const neighbourhood = alert.neighbourhood?.replace(/[\u0000-\u001F\u007F]/g, ' ');
  const body = [
    subject,
    `Place: ${alert.district}${neighbourhood === undefined ? '' : ` / ${neighbourhood}`}`,
    `Risks: ${alert.riskTypes.join(', ')}`,
    `Needs: ${alert.needIds.join(', ')}`,
    `Alert: ${alert.id} — open Jisr to acknowledge it.`,
  ].join('\n');
  return { subject, body };
}

/** What the directorate is told of an SLA escalation: the referral, its unit and the deadline. */
export function slaEscalationNotice(escalated: {
  referralId: string;
  needId: string;
  unitId: string;
  clock: string;
  priority: string;
  dueAt: string;
}) {
  const subject = `Jisr: SLA escalation, ${escalated.priority} referral at ${escalated.unitId}`
    .replace(/[^\x20-\x7E]/g, '')
    .slice(0, 99);
  const body = [
    subject,
    `Referral: ${escalated.referralId} (need ${escalated.needId})`,
    `The ${escalated.clock} deadline ${escalated.dueAt} passed ${ESCALATION_BUSINESS_DAYS} business days ago and still stands.`,
    `Alert: sla-escalation-${escalated.clock}-${escalated.referralId} — open Jisr to acknowledge it.`,
  ].join('\n');
  return { subject, body };
}
