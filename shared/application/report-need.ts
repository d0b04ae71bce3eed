import type { Actor } from '../domain/actor.js';
import {
  type FieldIssue,
  TemporarilyUnavailable,
  Unprocessable,
  ValidationFailed,
} from '../domain/errors.js';
import { type ReportedNeed, recordReportedNeed, referralView } from '../domain/need.js';
import { routeNeed } from '../domain/routing.js';
import type { CouncilCatalog } from '../schemas/council.js';
import type { ReportNeedRequest } from '../schemas/need.js';
import type { ReportNeedResponse } from '../schemas/referral.js';
import { assertMayReportNeed } from './authorization.js';
import { canonicalJson, sha256 } from './canonical-json.js';
import type { Dependencies, SlaSettings } from './ports.js';

export interface ReportNeedResult {
  readonly response: ReportNeedResponse;
  /** True when this was a retry of an earlier report with the same Idempotency-Key. */
  readonly replayed: boolean;
}

/** How often a write that lost a race with a concurrent duplicate is tried again. */
const CONTENDED_ATTEMPTS = 5;

/**
 * A council member reports a need: it is validated against the council's catalog, routed
 * by the routing rules and written with its referrals in one transaction. A retry with the
 * same Idempotency-Key returns the first answer and writes nothing.
 */
export async function reportNeed(
  deps: Dependencies,
  actor: Actor,
  report: ReportNeedRequest,
  idempotencyKey: string,
): Promise<ReportNeedResult> {
  assertMayReportNeed(actor);
  const [{ catalog, routingRules }, sla] = await Promise.all([
    deps.councilConfiguration.load(),
    deps.slaSettings.load({ fresh: true }),
  ]);
  assertKnownIds(report, catalog);

  const requestHash = sha256(canonicalJson(report));
  const now = deps.clock.now();
  const assignments = routeNeed(report, routingRules, catalog.triageUnitId);
  const reported = recordReportedNeed({
    report,
    actor,
    needId: deps.ids.next(),
    referralIds: assignments.map(() => deps.ids.next()),
    assignments,
    now,
    sla,
  });
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const contact =
    report.contact === undefined
      ? undefined
      : {
          needId: reported.need.id,
          sealed: await deps.contactVault.seal(reported.need.id, report.contact),
          // Shortened when the need is closed; this is the cap for a need that never is.
          expiresAt: nowSeconds + deps.settings.contactMaxRetentionDays * 86_400,
        };
  const idempotency = {
    memberId: actor.userId,
    key: idempotencyKey,
    requestHash,
    needId: reported.need.id,
    createdAt: reported.need.createdAt,
    expiresAt: nowSeconds + deps.settings.idempotencyTtlSeconds,
  };

  for (let attempt = 1; attempt <= CONTENDED_ATTEMPTS; attempt++) {
    const { outcome } = await deps.needs.recordReportedNeed(reported, contact, idempotency);
    if (outcome === 'recorded') return { response: view(reported, sla, now), replayed: false };
    const replay = await replayOf(deps, actor, idempotencyKey, requestHash, sla);
    if (replay !== undefined) return { response: replay, replayed: true };
    // The key is taken by a write that has not committed yet: wait for it, then look again.
    await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
  }
  throw new TemporarilyUnavailable('A report with this Idempotency-Key is still being recorded');
}

async function replayOf(
  deps: Dependencies,
  actor: Actor,
  idempotencyKey: string,
  requestHash: string,
  sla: SlaSettings,
): Promise<ReportNeedResponse | undefined> {
  const earlier = await deps.needs.idempotencyRecord(actor.userId, idempotencyKey);
  if (earlier === undefined) return undefined;
  if (earlier.requestHash !== requestHash) {
    throw new Unprocessable(
      'This Idempotency-Key was already used for a different report; use a new key for a new report',
      'idempotency-key-reused',
    );
  }
  const need = await deps.needs.need(earlier.needId);
  if (need === undefined) throw new Error(`Idempotency record points at missing need ${earlier.needId}`);
  const referrals = await deps.referrals.referrals(need.referralIds);
  const now = deps.clock.now();
  return { need, referrals: referrals.map((referral) => referralView(referral, sla, now)) };
}

function view(reported: ReportedNeed, sla: SlaSettings, now: Date): ReportNeedResponse {
  return {
    need: reported.need,
    referrals: reported.referrals.map((referral) => referralView(referral, sla, now)),
  };
}

/** Ids must exist in this council's catalog; each unknown one is named. */
function assertKnownIds(report: ReportNeedRequest, catalog: CouncilCatalog): void {
  const issues: FieldIssue[] = [];
  const categories = new Set(catalog.categories.map((category) => category.id));
  const districts = new Set(catalog.districts.map((district) => district.id));
  const vulnerabilities = new Set(catalog.vulnerabilities.map((vulnerability) => vulnerability.id));
  report.categories.forEach((category, index) => {
    if (!categories.has(category))
      issues.push({ field: `categories.${index}`, message: `unknown category "${category}"` });
  });
  if (!districts.has(report.district))
    issues.push({ field: 'district', message: `unknown district "${report.district}"` });
  report.vulnerabilities?.forEach((vulnerability, index) => {
    if (!vulnerabilities.has(vulnerability))
      issues.push({ field: `vulnerabilities.${index}`, message: `unknown vulnerability "${vulnerability}"` });
  });
  if (issues.length > 0) throw new ValidationFailed(issues);
}
