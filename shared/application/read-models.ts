import type { Actor } from '../domain/actor.js';
import { referralView } from '../domain/need.js';
import { COHESION_RISK_LABELS, PRIORITIES, PRIORITY_LABELS } from '../domain/vocabulary.js';
import type { CatalogResponse, MeResponse } from '../schemas/catalog.js';
import type { Need } from '../schemas/need.js';
import type { ListReferralsQuery, Referral } from '../schemas/referral.js';
import { assertMaySeeNeed, assertMaySeeReferral, referralListScope } from './authorization.js';
import type { Dependencies, Page } from './ports.js';

export function whoAmI(actor: Actor): MeResponse {
  return {
    username: actor.username,
    role: actor.role,
    ...(actor.unitId === undefined ? {} : { unitId: actor.unitId }),
  };
}

export async function councilCatalog(deps: Dependencies): Promise<CatalogResponse> {
  const { council, catalog } = await deps.councilConfiguration.load();
  return {
    council: { id: council.id, name: council.name, languages: [...council.languages] },
    triageUnitId: catalog.triageUnitId,
    categories: catalog.categories,
    units: catalog.units,
    districts: catalog.districts,
    priorities: PRIORITIES.map((id) => ({ id, label: PRIORITY_LABELS[id] })),
    cohesionRisks: Object.entries(COHESION_RISK_LABELS).map(([id, label]) => ({ id, label })),
    vulnerabilities: catalog.vulnerabilities,
  };
}

export async function needWithReferrals(
  deps: Dependencies,
  actor: Actor,
  needId: string,
): Promise<Need & { referrals: Referral[] }> {
  const need = await deps.needs.need(needId);
  assertMaySeeNeed(actor, need);
  const referrals = await deps.referrals.referrals(need.referralIds);
  return { ...need, referrals: referrals.map(referralView) };
}

export async function referral(deps: Dependencies, actor: Actor, referralId: string): Promise<Referral> {
  const found = await deps.referrals.referral(referralId);
  assertMaySeeReferral(actor, found);
  return referralView(found);
}

export async function referralsVisibleTo(
  deps: Dependencies,
  actor: Actor,
  query: ListReferralsQuery,
): Promise<Page<Referral>> {
  const scope = referralListScope(actor, query);
  const page = await deps.referrals.list(scope, { limit: query.limit, cursor: query.cursor });
  return { items: page.items.map(referralView), nextCursor: page.nextCursor };
}
