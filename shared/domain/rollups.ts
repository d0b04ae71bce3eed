/**
 * Dashboard rollups, in pure code. Each referral (and each hotspot alert) is reduced to a few
 * *facts* — its unit, categories, place, priority and beneficiary profile, the local days it
 * was routed, accepted and resolved, its SLA results, and, while open, its deadline — and its
 * facts to a *contribution*: counters added to rollup cells, one cell per scope × dimension ×
 * group value × period. A dashboard reads cells, never referrals, so its cost does not grow
 * with the number of referrals.
 *
 * Cells are kept for each local day (`D2026-06-01`) and each month (`M2026-06`), and for the
 * present backlog (`NOW`). Scopes: the council (`ALL`), and each unit (`UNIT#<id>`), whose
 * staff see their own figures only. Times to acknowledge and to resolve are kept as
 * histograms over fixed business-hour buckets, which add up across days and months, so
 * percentiles stay right however periods are combined.
 */

import { ACTIVE_STATUSES } from './lifecycle.js';
import type { ReferralRecord } from './need.js';
import type { SlaStage } from './sla-clock.js';

export const ROLLUP_DIMENSIONS = [
  'all',
  'unit',
  'category',
  'district',
  'priority',
  'gender',
  'ageGroup',
  'disability',
  'language',
] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

/**
 * Upper bounds (business hours, inclusive) of the histogram buckets of times to acknowledge
 * and to resolve; a time above the last falls in a last, open bucket.
 */
export const HOUR_BUCKETS = [
  1, 2, 4, 8, 12, 16, 24, 32, 40, 60, 80, 120, 160, 240, 320, 480, 800, 1200, 2000,
] as const;

/** The bucket of a duration in business minutes: an index into HOUR_BUCKETS, or its length (above all). */
export function hourBucket(minutes: number): number {
  const index = HOUR_BUCKETS.findIndex((bound) => minutes <= bound * 60);
  return index === -1 ? HOUR_BUCKETS.length : index;
}

/** What a referral contributes to the figures; stored in its rollup ledger. */
export interface ReferralFacts {
  readonly kind: 'referral';
  readonly unitId: string;
  readonly categories: readonly string[];
  readonly district: string;
  readonly priority: string;
  readonly gender: string;
  readonly ageGroup: string;
  readonly disability: 'yes' | 'no';
  readonly language: string;
  /** The local day the leg was routed to its unit. */
  readonly routedDay: string;
  /** The need carries cohesion-risk flags. */
  readonly flagged: boolean;
  /** Accepted: the day and the bucket of its time to acknowledge. */
  readonly acknowledged?: { readonly day: string; readonly bucket: number };
  /** Resolved: the day and the bucket of its time to resolve. */
  readonly resolved?: { readonly day: string; readonly bucket: number };
  /** Its resolve clock stopped met or breached (not cancelled, not passed on in time). */
  readonly slaOutcome?: { readonly day: string; readonly outcome: 'met' | 'breached' };
  /** Still waiting for its unit: the local day of its current deadline, and whether it is breached. */
  readonly open?: { readonly dueDay: string; readonly breached: boolean };
}

export interface HotspotFacts {
  readonly kind: 'hotspot';
  readonly district: string;
  readonly day: string;
}

export type RollupFacts = ReferralFacts | HotspotFacts;

/** The local calendar day of an instant in a time zone, YYYY-MM-DD. */
export function localDay(at: string | Date, timeZone: string): string {
  let format = DAY_FORMATS.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    DAY_FORMATS.set(timeZone, format);
  }
  return format.format(typeof at === 'string' ? new Date(at) : at);
}

/** Formatters are costly to make: one per time zone. */
const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

const STOPPED_COUNTED: readonly SlaStage[] = ['met', 'breached'];

export function referralFacts(referral: ReferralRecord, timeZone: string): ReferralFacts {
  const track = referral.slaTrack;
  const results = track.results;
  const governing = track.respondedAt === undefined ? 'acknowledge' : 'resolve';
  const resolveStage = results?.resolve?.stage;
  return {
    kind: 'referral',
    unitId: referral.unitId,
    categories: [...referral.categories].sort(),
    district: referral.district,
    priority: referral.priority,
    gender: referral.beneficiary.gender,
    ageGroup: referral.beneficiary.ageGroup,
    disability: referral.beneficiary.disability ? 'yes' : 'no',
    language: referral.beneficiary.language,
    routedDay: localDay(referral.createdAt, timeZone),
    flagged: referral.cohesionRisks.length > 0,
    ...(referral.acceptedAt === undefined || results?.acknowledge === undefined
      ? {}
      : {
          acknowledged: {
            day: localDay(referral.acceptedAt, timeZone),
            bucket: hourBucket(results.acknowledge.elapsedMinutes),
          },
        }),
    ...(referral.resolvedAt === undefined || results?.resolve === undefined
      ? {}
      : {
          resolved: {
            day: localDay(referral.resolvedAt, timeZone),
            bucket: hourBucket(results.resolve.elapsedMinutes),
          },
        }),
    ...(track.stoppedAt === undefined || resolveStage === undefined || !STOPPED_COUNTED.includes(resolveStage)
      ? {}
      : {
          slaOutcome: {
            day: localDay(track.stoppedAt, timeZone),
            outcome: resolveStage as 'met' | 'breached',
          },
        }),
    ...(ACTIVE_STATUSES.includes(referral.status)
      ? {
          open: {
            dueDay: localDay(track.dueAt, timeZone),
            breached: track.raised[`${governing}-breach`] !== undefined,
          },
        }
      : {}),
  };
}

export function hotspotFacts(alert: { district: string; raisedAt: string }, timeZone: string): HotspotFacts {
  return { kind: 'hotspot', district: alert.district, day: localDay(alert.raisedAt, timeZone) };
}

// ---------------------------------------------------------------------------------------------
// Cells and contributions
// ---------------------------------------------------------------------------------------------

/** Where a cell lives: scope, dimension, group value, period (`D…`, `M…` or `NOW`). */
export interface CellAddress {
  readonly scope: string;
  readonly dimension: RollupDimension;
  readonly value: string;
  readonly period: string;
}

export const COUNCIL_SCOPE = 'ALL';
export const unitScope = (unitId: string) => `UNIT#${unitId}`;
export const dayPeriod = (day: string) => `D${day}`;
export const monthPeriod = (day: string) => `M${day.slice(0, 7)}`;
export const NOW_PERIOD = 'NOW';

export const cellKey = (cell: CellAddress) => `${cell.scope}|${cell.dimension}|${cell.value}|${cell.period}`;
export function cellAddress(key: string): CellAddress {
  const [scope, dimension, value, period] = key.split('|') as [string, RollupDimension, string, string];
  return { scope, dimension, value, period };
}

/** Counters by field name, by cell key. */
export type Contribution = Map<string, Map<string, number>>;

function add(contribution: Contribution, cell: CellAddress, field: string, amount = 1): void {
  const key = cellKey(cell);
  const fields = contribution.get(key) ?? new Map<string, number>();
  fields.set(field, (fields.get(field) ?? 0) + amount);
  contribution.set(key, fields);
}

/** The (scope, dimension, value) groups a referral counts in. */
function groupsOf(facts: ReferralFacts): { scope: string; dimension: RollupDimension; value: string }[] {
  const values: [RollupDimension, string][] = [
    ['all', 'all'],
    ['unit', facts.unitId],
    ...facts.categories.map((category): [RollupDimension, string] => ['category', category]),
    ['district', facts.district],
    ['priority', facts.priority],
    ['gender', facts.gender],
    ['ageGroup', facts.ageGroup],
    ['disability', facts.disability],
    ['language', facts.language],
  ];
  return [
    ...values.map(([dimension, value]) => ({ scope: COUNCIL_SCOPE, dimension, value })),
    // A unit's own figures: grouping its referrals by unit would say nothing more.
    ...values
      .filter(([dimension]) => dimension !== 'unit')
      .map(([dimension, value]) => ({ scope: unitScope(facts.unitId), dimension, value })),
  ];
}

/** Both periods (the day and its month) of a local day. */
const periodsOf = (day: string) => [dayPeriod(day), monthPeriod(day)];

export function contributionOf(facts: RollupFacts | undefined): Contribution {
  const contribution: Contribution = new Map();
  if (facts === undefined) return contribution;
  if (facts.kind === 'hotspot') {
    for (const period of periodsOf(facts.day)) {
      add(contribution, { scope: COUNCIL_SCOPE, dimension: 'all', value: 'all', period }, 'hotspots');
      add(
        contribution,
        { scope: COUNCIL_SCOPE, dimension: 'district', value: facts.district, period },
        'hotspots',
      );
    }
    return contribution;
  }
  for (const group of groupsOf(facts)) {
    const at = (period: string): CellAddress => ({ ...group, period });
    for (const period of periodsOf(facts.routedDay)) {
      add(contribution, at(period), 'opened');
      if (facts.flagged) add(contribution, at(period), 'flagged');
    }
    if (facts.acknowledged !== undefined) {
      for (const period of periodsOf(facts.acknowledged.day)) {
        add(contribution, at(period), 'acknowledged');
        add(contribution, at(period), `ack_${facts.acknowledged.bucket}`);
      }
    }
    if (facts.resolved !== undefined) {
      for (const period of periodsOf(facts.resolved.day)) {
        add(contribution, at(period), 'resolved');
        add(contribution, at(period), `res_${facts.resolved.bucket}`);
      }
    }
    if (facts.slaOutcome !== undefined) {
      for (const period of periodsOf(facts.slaOutcome.day))
        add(contribution, at(period), facts.slaOutcome.outcome);
    }
    if (facts.open !== undefined) {
      const now = at(NOW_PERIOD);
      add(contribution, now, 'open');
      add(contribution, now, `age_${facts.routedDay}`);
      if (facts.open.breached) add(contribution, now, 'breachedNow');
      else add(contribution, now, `due_${facts.open.dueDay}`);
    }
  }
  return contribution;
}

/** What to add to every cell to go from one contribution to another (zeros left out). */
export function difference(from: Contribution, to: Contribution): Contribution {
  const delta: Contribution = new Map();
  for (const key of new Set([...from.keys(), ...to.keys()])) {
    const before = from.get(key) ?? new Map<string, number>();
    const after = to.get(key) ?? new Map<string, number>();
    for (const field of new Set([...before.keys(), ...after.keys()])) {
      const change = (after.get(field) ?? 0) - (before.get(field) ?? 0);
      if (change !== 0) add(delta, cellAddress(key), field, change);
    }
  }
  return delta;
}

/** Sums contributions (a rebuild: every referral's at once). */
export function sumOf(contributions: Iterable<Contribution>): Contribution {
  const total: Contribution = new Map();
  for (const contribution of contributions) {
    for (const [key, fields] of contribution) {
      for (const [field, amount] of fields) add(total, cellAddress(key), field, amount);
    }
  }
  return total;
}

/** The aspects of a referral's facts that change over its life, in the order they usually do. */
const ASPECTS = ['acknowledged', 'resolved', 'slaOutcome', 'open'] as const;

/** A referral's facts as when it was routed: its groups, its routing day and its flags only. */
function routedOnly(facts: ReferralFacts): ReferralFacts {
  const { acknowledged: _a, resolved: _r, slaOutcome: _s, open: _o, ...base } = facts;
  return base;
}

function aspectSteps(from: ReferralFacts, to: ReferralFacts): ReferralFacts[] {
  const steps: ReferralFacts[] = [];
  let current = from;
  for (const aspect of ASPECTS) {
    if (sameValue(current[aspect], to[aspect])) continue;
    const { [aspect]: _dropped, ...rest } = current;
    current = (to[aspect] === undefined ? rest : { ...rest, [aspect]: to[aspect] }) as ReferralFacts;
    steps.push(current);
  }
  if (!sameValue(current, to)) steps.push(to);
  return steps;
}

/**
 * The facts between `from` and `to`, one aspect changing at a time (routing, acknowledgement,
 * resolution, SLA outcome, the open backlog), so that each step changes few enough cells (at
 * most 2 periods × 21 groups) to be written in one transaction. Every step's facts are facts a
 * referral could have: a crash between steps leaves the ledger and the cells agreeing, and the
 * next attempt goes on from there.
 */
export function stepsBetween(
  from: RollupFacts | undefined,
  to: RollupFacts | undefined,
): (RollupFacts | undefined)[] {
  const referralFrom = from?.kind === 'referral' ? from : undefined;
  const referralTo = to?.kind === 'referral' ? to : undefined;
  if ((from !== undefined && referralFrom === undefined) || (to !== undefined && referralTo === undefined)) {
    return from === undefined || to === undefined || from.kind === to.kind ? [to] : [undefined, to];
  }
  if (referralFrom === undefined && referralTo === undefined) return [];
  const up = (target: ReferralFacts) => [routedOnly(target), ...aspectSteps(routedOnly(target), target)];
  const down = (source: ReferralFacts) => [...aspectSteps(source, routedOnly(source)), undefined];
  if (referralFrom === undefined) return up(referralTo as ReferralFacts);
  if (referralTo === undefined) return down(referralFrom);
  const { acknowledged: _a1, resolved: _r1, slaOutcome: _s1, open: _o1, ...groupsFrom } = referralFrom;
  const { acknowledged: _a2, resolved: _r2, slaOutcome: _s2, open: _o2, ...groupsTo } = referralTo;
  if (!sameValue(groupsFrom, groupsTo)) return [...down(referralFrom), ...up(referralTo)];
  return aspectSteps(referralFrom, referralTo);
}

export const sameFacts = (a: RollupFacts | undefined, b: RollupFacts | undefined) => sameValue(a, b);

/**
 * Deep equality of plain data, whatever the order of object keys: facts read back from
 * DynamoDB come with their map keys in any order. Arrays compare in order (categories are
 * sorted when facts are made).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameValue(item, b[index]))
    );
  }
  const keysOf = (value: object) =>
    Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key]) => key)
      .sort();
  const [left, right] = [keysOf(a), keysOf(b)];
  return (
    left.length === right.length &&
    left.every(
      (key, index) =>
        key === right[index] &&
        sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}
