import type { Actor } from '../domain/actor.js';
import { referralView } from '../domain/need.js';
import { notificationMessage, preferredLanguage } from '../domain/notification-messages.js';
import { COHESION_RISK_LABELS, PRIORITIES, PRIORITY_LABELS } from '../domain/vocabulary.js';
import type { CatalogResponse } from '../schemas/catalog.js';
import type { Need } from '../schemas/need.js';
import type { ListReferralsQuery, Referral } from '../schemas/referral.js';
import type { AuditEvent, Notification } from '../schemas/transition.js';
import {
  assertMayReadNotifications,
  assertMaySeeNeed,
  assertMaySeeReferral,
  mayReadContact,
  referralListScope,
} from './authorization.js';
import type { Dependencies, Page, PageRequest } from './ports.js';

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
  const [referrals, sla] = await Promise.all([
    deps.referrals.referrals(need.referralIds),
    deps.slaSettings.load(),
  ]);
  const now = deps.clock.now();
  return { ...need, referrals: referrals.map((found) => referralView(found, sla, now)) };
}

/**
 * One referral. Staff of the unit holding it while it is active also get the beneficiary's
 * contact, if the member recorded consent; that read is audited before the data is returned.
 */
export async function referral(deps: Dependencies, actor: Actor, referralId: string): Promise<Referral> {
  const found = await deps.referrals.referral(referralId);
  assertMaySeeReferral(actor, found);
  const view = referralView(found, await deps.slaSettings.load(), deps.clock.now());
  if (!found.contactShared) return view;
  const { catalog } = await deps.councilConfiguration.load();
  if (!mayReadContact(actor, found, catalog.triageUnitId)) return view;
  const sealed = await deps.needs.sealedContact(found.needId);
  if (sealed === undefined) return view;
  const contact = await deps.contactVault.open(found.needId, sealed);
  await deps.referrals.recordContactRead({
    id: deps.ids.next(),
    referralId: found.id,
    needId: found.needId,
    actorId: actor.userId,
    actorRole: actor.role,
    ...(actor.unitId === undefined ? {} : { actorUnitId: actor.unitId }),
    at: deps.clock.now().toISOString(),
  });
  return { ...view, contact };
}

/** A referral's audit trail, oldest first; council members do not see the unit's notes or staff ids. */
export async function referralHistory(
  deps: Dependencies,
  actor: Actor,
  referralId: string,
  page: PageRequest,
): Promise<Page<AuditEvent>> {
  const found = await deps.referrals.referral(referralId);
  assertMaySeeReferral(actor, found);
  const { items, nextCursor } = await deps.referrals.history(referralId, page);
  const forMember = actor.role === 'council-member';
  return {
    items: items.map(({ note, actorId, actorUnitId, ...event }) => ({
      ...event,
      actorId: forMember && event.actorRole !== 'council-member' ? event.actorRole : actorId,
      ...(actorUnitId === undefined ? {} : { actorUnitId }),
      ...(forMember || note === undefined ? {} : { note }),
    })),
    nextCursor,
  };
}

/** The status changes of a council member's own needs, newest first, in their language. */
export async function notificationsOf(
  deps: Dependencies,
  actor: Actor,
  page: PageRequest,
  acceptLanguage: string | undefined,
): Promise<Page<Notification>> {
  assertMayReadNotifications(actor);
  const { council, catalog } = await deps.councilConfiguration.load();
  const language = preferredLanguage(acceptLanguage, actor.locale, council.defaultLanguage);
  const units = new Map(catalog.units.map((unit) => [unit.id, unit.label]));
  const { items, nextCursor } = await deps.notifications.list(actor.userId, page);
  return {
    items: items.map(({ memberId: _memberId, sequence: _sequence, ...notification }) => ({
      ...notification,
      language,
      message: notificationMessage(notification, language, units.get(notification.unitId)),
    })),
    nextCursor,
  };
}

export async function referralsVisibleTo(
  deps: Dependencies,
  actor: Actor,
  query: ListReferralsQuery,
): Promise<Page<Referral>> {
  const scope = referralListScope(actor, query);
  const [page, sla] = await Promise.all([
    deps.referrals.list(scope, { limit: query.limit, cursor: query.cursor }),
    deps.slaSettings.load(),
  ]);
  const now = deps.clock.now();
  return { items: page.items.map((found) => referralView(found, sla, now)), nextCursor: page.nextCursor };
}
