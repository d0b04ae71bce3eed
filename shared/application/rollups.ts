/**
 * Keeping the dashboard's rollups, and checking them. Every change of a referral (and every
 * hotspot alert) arrives from the table's stream; its facts are compared with what its ledger
 * says it contributed, and only the difference is added to the cells — in one transaction
 * with the ledger, guarded by the ledger's revision. So a record handled twice, or late, or
 * after a lost one, changes nothing more than it should: replaying a batch changes nothing.
 *
 * `verifyRollups` recomputes every cell from the referrals themselves and compares; with
 * `repair` it overwrites what differs (and every ledger), after which increments go on.
 */

import type { AlertRecord } from '../domain/alerts.js';
import {
  type CellAddress,
  COUNCIL_SCOPE,
  type Contribution,
  cellAddress,
  cellKey,
  contributionOf,
  difference,
  hotspotFacts,
  type RollupFacts,
  referralFacts,
  sameFacts,
  stepsBetween,
  sumOf,
  unitScope,
} from '../domain/rollups.js';
import type { Dependencies, RollupSubject } from './ports.js';

/** Ledger writes tried before giving up on a record (the stream retries it then). */
const ATTEMPTS = 5;

export type RollupUpdate = 'applied' | 'unchanged' | 'stale';

/** Whether stream sequence number `a` comes before `b` (decimal strings of any length). */
const before = (a: string, b: string) => BigInt(a) < BigInt(b);

/**
 * Brings the rollups in line with a subject's facts as of a stream record (undefined facts:
 * it contributes nothing). A record older than the one the ledger last followed is 'stale'
 * and changes nothing, so a batch delivered again, even after later records, is harmless.
 */
export async function updateRollups(
  deps: Pick<Dependencies, 'rollups'>,
  subject: RollupSubject,
  facts: RollupFacts | undefined,
  sequence?: string,
): Promise<RollupUpdate> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let ledger = await deps.rollups.ledger(subject);
    if (sequence !== undefined && ledger.sequence !== undefined && before(sequence, ledger.sequence)) {
      return 'stale';
    }
    if (sameFacts(ledger.facts, facts)) return 'unchanged';
    let conflicted = false;
    for (const step of stepsBetween(ledger.facts, facts)) {
      const delta = difference(contributionOf(ledger.facts), contributionOf(step));
      if ((await deps.rollups.apply(subject, ledger.revision, step, delta, sequence)) === 'conflict') {
        conflicted = true;
        break;
      }
      ledger = { facts: step, revision: ledger.revision + 1 };
    }
    if (!conflicted) return 'applied';
    // Another writer (a repair, a redelivery) moved the ledger: wait a little, then start over.
    await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * Math.random()));
  }
  throw new Error(`The rollup ledger of ${subject.kind} ${subject.id} kept changing under this update`);
}

/** A hotspot alert counts; other alerts do not. */
export const factsOfAlert = (alert: AlertRecord, timeZone: string) =>
  alert.type === 'cohesion-hotspot' ? hotspotFacts(alert, timeZone) : undefined;

export interface RollupDifference {
  readonly cell: CellAddress;
  readonly field: string;
  readonly expected: number;
  readonly stored: number;
}

export interface RollupVerification {
  readonly referrals: number;
  readonly hotspots: number;
  readonly cells: number;
  readonly differences: RollupDifference[];
  readonly repaired: boolean;
}

/**
 * Recomputes every cell from the referrals and hotspot alerts (reading all of them: an
 * operator's command, not a request path) and compares with the stored cells.
 */
export async function verifyRollups(
  deps: Pick<Dependencies, 'rollups' | 'referrals' | 'alerts' | 'councilConfiguration'>,
  options: { readonly repair?: boolean } = {},
): Promise<RollupVerification> {
  const { council, catalog } = await deps.councilConfiguration.load();
  const facts = new Map<string, { subject: RollupSubject; facts: RollupFacts | undefined }>();
  let cursor: string | undefined;
  do {
    const page = await deps.referrals.list({ kind: 'all' }, { limit: 100, cursor });
    for (const referral of page.items) {
      facts.set(`referral:${referral.id}`, {
        subject: { kind: 'referral', id: referral.id },
        facts: referralFacts(referral, council.timeZone),
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  let hotspots = 0;
  cursor = undefined;
  do {
    const page = await deps.alerts.list({ type: 'cohesion-hotspot' }, { limit: 100, cursor });
    for (const alert of page.items) {
      hotspots++;
      facts.set(`alert:${alert.id}`, {
        subject: { kind: 'alert', id: alert.id },
        facts: factsOfAlert(alert, council.timeZone),
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);

  const expected = sumOf([...facts.values()].map((entry) => contributionOf(entry.facts)));
  const scopes = [COUNCIL_SCOPE, ...catalog.units.map((unit) => unitScope(unit.id))];
  const stored: Contribution = new Map();
  for (const cell of await deps.rollups.allCells(scopes)) {
    stored.set(cellKey(cell.address), new Map(Object.entries(cell.fields)));
  }
  const differences: RollupDifference[] = [];
  for (const [key, fields] of difference(stored, expected)) {
    for (const [field] of fields) {
      differences.push({
        cell: cellAddress(key),
        field,
        expected: expected.get(key)?.get(field) ?? 0,
        stored: stored.get(key)?.get(field) ?? 0,
      });
    }
  }
  if (options.repair === true && differences.length > 0) {
    const touched = new Set(differences.map((entry) => cellKey(entry.cell)));
    await deps.rollups.overwriteCells(
      [...touched].map((key) => ({
        address: cellAddress(key),
        fields: Object.fromEntries(expected.get(key) ?? new Map<string, number>()),
      })),
    );
    for (const entry of facts.values()) await deps.rollups.overwriteLedger(entry.subject, entry.facts);
  }
  return {
    referrals: [...facts.keys()].filter((key) => key.startsWith('referral:')).length,
    hotspots,
    cells: expected.size,
    differences,
    repaired: options.repair === true && differences.length > 0,
  };
}
