/**
 * In-memory fakes of the ports in shared/application/ports.ts, so that use cases run in
 * unit tests without DynamoDB. They keep what they store inspectable, so a test can assert
 * what was (and was not) written. Each write that DynamoDB makes in one transaction is made
 * here without an await between its checks and its writes, so it is atomic too.
 */
import { loadCouncilSettings } from '../../infra/council.js';
import type { ReferralListScope } from '../../shared/application/authorization.js';
import type {
  AlertNotifier,
  AlertStore,
  Clock,
  ContactReadRecord,
  ContactRecord,
  ContactVault,
  CouncilConfiguration,
  CouncilConfigurationStore,
  Dependencies,
  IdempotencyRecord,
  IdGenerator,
  NeedStore,
  NotificationStore,
  Page,
  PageRequest,
  RecordOutcome,
  ReferralChange,
  ReferralOutline,
  ReferralStore,
  RollupCell,
  RollupLedger,
  RollupStore,
  RollupSubject,
  SlaRaise,
  SlaRaiseOutcome,
  SlaSettings,
  SlaSettingsStore,
  SlaStore,
} from '../../shared/application/ports.js';
import {
  type AlertRecord,
  type CohesionFlag,
  DEFAULT_HOTSPOT_RULE,
  type HotspotRule,
} from '../../shared/domain/alerts.js';
import type { AuditRecord, NotificationRecord } from '../../shared/domain/audit.js';
import type { PeriodPieces } from '../../shared/domain/dashboard-figures.js';
import { OPEN_STATUSES } from '../../shared/domain/lifecycle.js';
import type { ReferralRecord, ReportedNeed } from '../../shared/domain/need.js';
import {
  type Contribution,
  cellAddress,
  cellKey,
  type RollupDimension,
  type RollupFacts,
} from '../../shared/domain/rollups.js';
import type { SlaEventRecord } from '../../shared/domain/sla-events.js';
import { DEFAULT_SLA_POLICIES } from '../../shared/domain/sla-policy.js';
import type { ListAlertsQuery } from '../../shared/schemas/alert.js';
import type { Contact, Need } from '../../shared/schemas/need.js';

export const FIXED_NOW = new Date('2026-03-02T09:30:00.000Z');
export const DAY_MS = 86_400_000;

/** A clock that stands still until a test moves it. */
export class FixedClock implements Clock {
  private instant: Date;
  constructor(instant: Date = FIXED_NOW) {
    this.instant = new Date(instant.getTime());
  }
  now(): Date {
    return new Date(this.instant.getTime());
  }
  set(instant: Date): void {
    this.instant = new Date(instant.getTime());
  }
  advance(milliseconds: number): void {
    this.instant = new Date(this.instant.getTime() + milliseconds);
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function crockford(value: number, length: number): string {
  let text = '';
  let rest = value;
  for (let index = 0; index < length; index++) {
    text = CROCKFORD.charAt(rest % 32) + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}

/** ULIDs whose time part is the clock's instant and whose random part counts up: 1, 2, 3... */
export class SequentialUlids implements IdGenerator {
  private counter = 0;
  constructor(private readonly instant: Date = FIXED_NOW) {}
  next(): string {
    this.counter += 1;
    return crockford(this.instant.getTime(), 10) + crockford(this.counter, 16);
  }
}

const copy = <T>(value: T): T => structuredClone(value);

/** Offset cursors over an already ordered list. */
function pageOf<T>(ordered: readonly T[], page: PageRequest): Page<T> {
  const start = page.cursor === undefined ? 0 : Number(page.cursor);
  const items = ordered.slice(start, start + page.limit).map(copy);
  const end = start + items.length;
  return { items, nextCursor: end < ordered.length ? String(end) : null };
}

/** Everything the fakes store, shared by them as the single table is shared by the adapters. */
export class InMemoryTable {
  readonly needs = new Map<string, Need>();
  readonly contacts = new Map<string, ContactRecord>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly referrals = new Map<string, ReferralRecord>();
  /** Audit events by referral id, in the order they were written. */
  readonly audit = new Map<string, AuditRecord[]>();
  readonly notifications: NotificationRecord[] = [];
  readonly contactReads: ContactReadRecord[] = [];

  auditOf(referralId: string): AuditRecord[] {
    return this.audit.get(referralId) ?? [];
  }
}

/** A write the DynamoDB transaction would have cancelled on an item other than the referral itself. */
export class FakeTransactionCancelled extends Error {
  override readonly name = 'FakeTransactionCancelled';
}

export class InMemoryReferralStore implements ReferralStore {
  readonly stored: Map<string, ReferralRecord>;
  /** Set to make every recordContactRead fail with this error (the audit write failing). */
  contactReadFailure: Error | undefined;
  /** Runs once at the start of the next applyChange: another writer committing first. */
  private interleaved: (() => void) | undefined;
  /** applyChange calls, whatever their outcome. */
  changeAttempts = 0;

  constructor(private readonly table: InMemoryTable) {
    this.stored = table.referrals;
  }

  add(referrals: readonly ReferralRecord[]): void {
    for (const referral of referrals) this.stored.set(referral.id, copy(referral));
  }

  /** Lets a concurrent change commit between this use case's read and its write. */
  interleaveBeforeNextChange(change: () => void): void {
    this.interleaved = change;
  }

  async referral(referralId: string): Promise<ReferralRecord | undefined> {
    const found = this.stored.get(referralId);
    return found === undefined ? undefined : copy(found);
  }

  async referrals(referralIds: readonly string[]): Promise<ReferralRecord[]> {
    return referralIds.flatMap((id) => {
      const found = this.stored.get(id);
      return found === undefined ? [] : [copy(found)];
    });
  }

  async list(scope: ReferralListScope, page: PageRequest): Promise<Page<ReferralRecord>> {
    const inScope = [...this.stored.values()]
      .filter((referral) => {
        if (scope.status !== undefined && referral.status !== scope.status) return false;
        if (scope.kind === 'unit') return referral.unitId === scope.unitId;
        if (scope.kind === 'member') return referral.memberId === scope.memberId;
        return true;
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return pageOf(inScope, page);
  }

  /**
   * As the DynamoDB transaction: the referral must still be at before.version ('conflict'
   * otherwise); every other condition failing (a taken key, a missing need or contact) cancels
   * the whole change with an error. Nothing is written unless everything can be.
   */
  async applyChange(change: ReferralChange): Promise<'applied' | 'conflict'> {
    this.changeAttempts += 1;
    const interleaved = this.interleaved;
    this.interleaved = undefined;
    interleaved?.();

    const current = this.stored.get(change.before.id);
    if (
      current === undefined ||
      current.version !== change.before.version ||
      current.slaRevision !== change.before.slaRevision
    ) {
      return 'conflict';
    }
    if (change.after.id !== change.before.id) throw new FakeTransactionCancelled('after is another referral');
    const { newLeg } = change;
    const need = newLeg === undefined ? undefined : this.table.needs.get(newLeg.needId);
    if (newLeg !== undefined && (this.stored.has(newLeg.id) || need === undefined)) {
      throw new FakeTransactionCancelled('the new leg exists already or its need does not');
    }
    const auditTaken = change.audit.some((event) =>
      this.table.auditOf(event.referralId).some((existing) => existing.sequence === event.sequence),
    );
    if (auditTaken) throw new FakeTransactionCancelled('an audit event with this sequence exists already');
    const notificationTaken = change.notifications.some((notification) =>
      this.table.notifications.some(
        (existing) =>
          existing.memberId === notification.memberId &&
          existing.referralId === notification.referralId &&
          existing.sequence === notification.sequence &&
          existing.at === notification.at,
      ),
    );
    if (notificationTaken) throw new FakeTransactionCancelled('this notification exists already');
    const contact = this.table.contacts.get(change.after.needId);
    if (change.contactExpiresAt !== undefined && contact === undefined) {
      throw new FakeTransactionCancelled('the need has no contact item whose expiry could move');
    }

    this.stored.set(change.after.id, copy(change.after));
    if (newLeg !== undefined && need !== undefined) {
      this.stored.set(newLeg.id, copy(newLeg));
      this.table.needs.set(need.id, { ...need, referralIds: [...need.referralIds, newLeg.id] });
    }
    for (const event of change.audit)
      this.table.audit.set(event.referralId, [...this.table.auditOf(event.referralId), copy(event)]);
    for (const notification of change.notifications) this.table.notifications.push(copy(notification));
    if (change.contactExpiresAt !== undefined && contact !== undefined) {
      this.table.contacts.set(contact.needId, { ...contact, expiresAt: change.contactExpiresAt });
    }
    return 'applied';
  }

  async history(referralId: string, page: PageRequest): Promise<Page<AuditRecord>> {
    const ordered = [...this.table.auditOf(referralId)].sort((a, b) => a.sequence - b.sequence);
    return pageOf(ordered, page);
  }

  async recordContactRead(record: ContactReadRecord): Promise<void> {
    if (this.contactReadFailure !== undefined) throw this.contactReadFailure;
    this.table.contactReads.push(copy(record));
  }

  /** routedBetween calls, with their arguments. */
  readonly routedBetweenCalls: { from: string; to: string; unitId?: string | undefined; limit: number }[] =
    [];

  /** As the adapter: the timeline's key range, the unit filter, the limit, the outline's attributes only. */
  async routedBetween(
    range: { readonly from: string; readonly to: string },
    options: { readonly unitId?: string | undefined; readonly limit: number },
  ): Promise<ReferralOutline[]> {
    this.routedBetweenCalls.push({ ...range, ...options });
    const timelineKey = (referral: ReferralRecord) => `${referral.createdAt}#${referral.id}`;
    return [...this.stored.values()]
      .filter((referral) => referral.createdAt >= range.from && referral.createdAt < range.to)
      .filter((referral) => options.unitId === undefined || referral.unitId === options.unitId)
      .sort((a, b) => timelineKey(a).localeCompare(timelineKey(b)))
      .slice(0, options.limit)
      .map(
        (referral): ReferralOutline =>
          copy({
            id: referral.id,
            needId: referral.needId,
            unitId: referral.unitId,
            categories: referral.categories,
            district: referral.district,
            priority: referral.priority,
            status: referral.status,
            routedBy: referral.routedBy,
            createdAt: referral.createdAt,
            ...(referral.acceptedAt === undefined ? {} : { acceptedAt: referral.acceptedAt }),
            ...(referral.resolvedAt === undefined ? {} : { resolvedAt: referral.resolvedAt }),
            ...(referral.closedAt === undefined ? {} : { closedAt: referral.closedAt }),
            slaTrack: referral.slaTrack,
          }),
      );
  }

  get contactReads(): readonly ContactReadRecord[] {
    return this.table.contactReads;
  }

  auditTrail(referralId: string): AuditRecord[] {
    return copy(this.table.auditOf(referralId));
  }
}

/** Orders as the notification sort key does: time, then referral, then sequence. */
const notificationSortKey = (notification: NotificationRecord) =>
  `${notification.at}#${notification.referralId}#${String(notification.sequence).padStart(6, '0')}`;

export class InMemoryNotificationStore implements NotificationStore {
  constructor(private readonly table: InMemoryTable) {}

  /** Adds notifications directly (as if earlier changes had written them). */
  add(notifications: readonly NotificationRecord[]): void {
    for (const notification of notifications) this.table.notifications.push(copy(notification));
  }

  get stored(): readonly NotificationRecord[] {
    return this.table.notifications;
  }

  async list(memberId: string, page: PageRequest): Promise<Page<NotificationRecord>> {
    const newestFirst = this.table.notifications
      .filter((notification) => notification.memberId === memberId)
      .sort((a, b) => (notificationSortKey(a) < notificationSortKey(b) ? 1 : -1));
    return pageOf(newestFirst, page);
  }
}

/**
 * Writes a reported need, its referrals, their audit events and notifications, its contact
 * and its idempotency record all at once, and refuses a second write for the same member
 * and key, as the DynamoDB transaction does.
 */
export class InMemoryNeedStore implements NeedStore {
  readonly needs: Map<string, Need>;
  readonly contacts: Map<string, ContactRecord>;
  readonly idempotency: Map<string, IdempotencyRecord>;
  /** recordReportedNeed calls, whatever their outcome. */
  writeAttempts = 0;
  /** idempotencyRecord calls. */
  lookups = 0;
  /** While above zero, each lookup answers "not there yet" and counts this down. */
  private invisibleLookups = 0;

  constructor(
    private readonly table: InMemoryTable,
    private readonly clock: Clock,
  ) {
    this.needs = table.needs;
    this.contacts = table.contacts;
    this.idempotency = table.idempotency;
  }

  /**
   * Simulates a winner whose write has not committed yet: the next `lookups` idempotency
   * lookups see nothing, although a write with the key is refused as a duplicate.
   */
  hideIdempotencyRecordsFor(lookups: number): void {
    this.invisibleLookups = lookups;
  }

  async recordReportedNeed(
    reported: ReportedNeed,
    contact: ContactRecord | undefined,
    idempotency: IdempotencyRecord,
  ): Promise<RecordOutcome> {
    this.writeAttempts += 1;
    const idempotencyKey = `${idempotency.memberId}#${idempotency.key}`;
    if (this.idempotency.has(idempotencyKey)) return { outcome: 'duplicate' };
    const taken =
      this.needs.has(reported.need.id) ||
      reported.referrals.some((referral) => this.table.referrals.has(referral.id)) ||
      (contact !== undefined && this.contacts.has(contact.needId));
    if (taken) throw new Error('an item of this report exists already: ids must be new');
    this.idempotency.set(idempotencyKey, copy(idempotency));
    this.needs.set(reported.need.id, copy(reported.need));
    for (const referral of reported.referrals) this.table.referrals.set(referral.id, copy(referral));
    for (const event of reported.audit)
      this.table.audit.set(event.referralId, [...this.table.auditOf(event.referralId), copy(event)]);
    for (const notification of reported.notifications) this.table.notifications.push(copy(notification));
    if (contact !== undefined) this.contacts.set(contact.needId, copy(contact));
    return { outcome: 'recorded' };
  }

  async idempotencyRecord(memberId: string, key: string): Promise<IdempotencyRecord | undefined> {
    this.lookups += 1;
    if (this.invisibleLookups > 0) {
      this.invisibleLookups -= 1;
      return undefined;
    }
    const found = this.idempotency.get(`${memberId}#${key}`);
    return found === undefined ? undefined : copy(found);
  }

  async need(needId: string): Promise<Need | undefined> {
    const found = this.needs.get(needId);
    return found === undefined ? undefined : copy(found);
  }

  /** As the adapter: an expired contact counts as gone even before TTL deletes it. */
  async sealedContact(needId: string): Promise<string | undefined> {
    const found = this.contacts.get(needId);
    if (found === undefined || found.expiresAt * 1000 < this.clock.now().getTime()) return undefined;
    return found.sealed;
  }
}

/**
 * A vault that is deliberately NOT the identity: the sealed form is the base64 of the reversed
 * JSON of { needId, contact }, so a test can tell sealed from plain, and a contact sealed for
 * one need does not open as another's. Not encryption, of course: the real vault has its own tests.
 */
export class FakeContactVault implements ContactVault {
  opens = 0;

  async seal(needId: string, contact: Contact): Promise<string> {
    const json = JSON.stringify({ needId, contact });
    return Buffer.from([...json].reverse().join(''), 'utf8').toString('base64');
  }

  async open(needId: string, sealed: string): Promise<Contact> {
    this.opens += 1;
    const json = [...Buffer.from(sealed, 'base64').toString('utf8')].reverse().join('');
    const { needId: sealedFor, contact } = JSON.parse(json) as { needId: string; contact: Contact };
    if (sealedFor !== needId) throw new Error('sealed for another need');
    return contact;
  }
}

/** The council's configuration as the seed writes it, straight from config/councils/<id>.json. */
export class StaticCouncilConfigurationStore implements CouncilConfigurationStore {
  readonly configuration: CouncilConfiguration;

  constructor(councilId = 'adana') {
    const settings = loadCouncilSettings(councilId);
    this.configuration = {
      council: {
        id: settings.id,
        name: settings.name,
        languages: settings.languages,
        timeZone: settings.timeZone,
        defaultLanguage: settings.defaultLanguage,
      },
      catalog: settings.catalog,
      routingRules: settings.routingRules,
      hotspotRule: settings.hotspotRule ?? DEFAULT_HOTSPOT_RULE,
    };
  }

  async load(): Promise<CouncilConfiguration> {
    return copy(this.configuration);
  }

  async saveHotspotRule(rule: HotspotRule): Promise<void> {
    (this.configuration as { hotspotRule: HotspotRule }).hotspotRule = copy(rule);
  }
}

/** Alerts, flags and hotspot windows in memory, with the adapter's conditions. */
export class InMemoryAlertStore implements AlertStore {
  readonly alerts = new Map<string, AlertRecord>();
  readonly flags = new Map<string, CohesionFlag[]>();
  readonly activeUntil = new Map<string, string>();

  async recordRiskAlert(
    alert: AlertRecord,
    flag: CohesionFlag,
    placeKey: string,
  ): Promise<'recorded' | 'exists'> {
    const flags = this.flags.get(placeKey) ?? [];
    if (
      this.alerts.has(alert.id) ||
      flags.some((known) => known.needId === flag.needId && known.flaggedAt === flag.flaggedAt)
    ) {
      return 'exists';
    }
    this.alerts.set(alert.id, copy(alert));
    this.flags.set(
      placeKey,
      [...flags, copy(flag)].sort((a, b) => a.flaggedAt.localeCompare(b.flaggedAt)),
    );
    return 'recorded';
  }

  async flagsSince(placeKey: string, from: string, to: string): Promise<CohesionFlag[]> {
    return copy(
      (this.flags.get(placeKey) ?? []).filter((flag) => flag.flaggedAt >= from && flag.flaggedAt <= to),
    );
  }

  async raiseHotspot(
    alert: AlertRecord,
    placeKey: string,
    activeUntil: string,
  ): Promise<'raised' | 'active'> {
    const live = this.activeUntil.get(placeKey);
    if ((live !== undefined && live >= alert.raisedAt) || this.alerts.has(alert.id)) return 'active';
    this.activeUntil.set(placeKey, activeUntil);
    this.alerts.set(alert.id, copy(alert));
    return 'raised';
  }

  async alert(alertId: string): Promise<AlertRecord | undefined> {
    const found = this.alerts.get(alertId);
    return found === undefined ? undefined : copy(found);
  }

  async list(
    filters: Omit<ListAlertsQuery, 'limit' | 'cursor'>,
    page: PageRequest,
  ): Promise<Page<AlertRecord>> {
    const items = [...this.alerts.values()]
      .filter((alert) => filters.status === undefined || alert.status === filters.status)
      .filter((alert) => filters.district === undefined || alert.district === filters.district)
      .filter((alert) => filters.type === undefined || alert.type === filters.type)
      .sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
    return { items: copy(items.slice(0, page.limit)), nextCursor: null };
  }

  async acknowledge(
    alert: AlertRecord,
    acknowledgement: { by: string; note: string; at: string },
  ): Promise<AlertRecord | 'conflict'> {
    const stored = this.alerts.get(alert.id);
    if (stored === undefined || stored.status !== 'open' || stored.version !== alert.version)
      return 'conflict';
    const acknowledged: AlertRecord = {
      ...stored,
      status: 'acknowledged',
      acknowledgedAt: acknowledgement.at,
      acknowledgedBy: acknowledgement.by,
      acknowledgementNote: acknowledgement.note,
      version: stored.version + 1,
    };
    this.alerts.set(alert.id, acknowledged);
    return copy(acknowledged);
  }
}

/** SLA settings in memory, versioned like the adapter's item. */
export class InMemorySlaSettingsStore implements SlaSettingsStore {
  settings: SlaSettings;

  constructor(councilId = 'adana') {
    const council = loadCouncilSettings(councilId);
    this.settings = {
      policies: council.slaPolicies ?? DEFAULT_SLA_POLICIES,
      calendar: council.businessCalendar,
      unitCalendars: {},
      version: 1,
    };
  }

  async load(): Promise<SlaSettings> {
    return copy(this.settings);
  }

  async save(
    settings: Omit<SlaSettings, 'version'>,
    expectedVersion: number,
  ): Promise<SlaSettings | 'conflict'> {
    if (this.settings.version !== expectedVersion) return 'conflict';
    this.settings = { ...copy(settings), version: expectedVersion + 1 };
    return copy(this.settings);
  }
}

export class RecordingAlertNotifier implements AlertNotifier {
  readonly notices: { subject: string; body: string }[] = [];

  async notify(notice: { subject: string; body: string }): Promise<void> {
    this.notices.push(copy(notice));
  }
}

/** The SLA sweep's store over the shared referrals, with the adapter's conditions. */
export class InMemorySlaStore implements SlaStore {
  /** SLA events by `${referralId}#${clock}-${threshold}`, as their items are keyed. */
  readonly events = new Map<string, SlaEventRecord>();
  appliedVersion: number | undefined;
  /** Runs once at the start of the next raise: another writer committing first. */
  private interleaved: (() => void) | undefined;

  constructor(
    private readonly table: InMemoryTable,
    private readonly alerts: InMemoryAlertStore,
  ) {}

  interleaveBeforeNextRaise(change: () => void): void {
    this.interleaved = change;
  }

  async dueReferrals(now: string, limit: number): Promise<ReferralRecord[]> {
    return [...this.table.referrals.values()]
      .filter(
        (referral) => referral.slaTrack.nextEventAt !== undefined && referral.slaTrack.nextEventAt <= now,
      )
      .sort((a, b) => `${a.slaTrack.nextEventAt}#${a.id}`.localeCompare(`${b.slaTrack.nextEventAt}#${b.id}`))
      .slice(0, limit)
      .map(copy);
  }

  async raise(change: SlaRaise): Promise<SlaRaiseOutcome> {
    const interleaved = this.interleaved;
    this.interleaved = undefined;
    interleaved?.();
    const current = this.table.referrals.get(change.before.id);
    if (!unchangedSince(current, change.before)) return { kind: 'conflict' };
    const existing = change.events.filter((event) => this.events.has(slaEventId(event)));
    if (existing.length > 0) return { kind: 'already-raised', events: copy(existing) };
    if (change.alerts.some((alert) => this.alerts.alerts.has(alert.id))) {
      throw new FakeTransactionCancelled('an alert with this id exists already');
    }
    this.table.referrals.set(change.after.id, copy(withSweepRevision(change.before, change.after)));
    for (const event of change.events) this.events.set(slaEventId(event), copy(event));
    for (const alert of change.alerts) this.alerts.alerts.set(alert.id, copy(alert));
    return { kind: 'raised' };
  }

  async reschedule(before: ReferralRecord, after: ReferralRecord): Promise<'applied' | 'conflict'> {
    if (!unchangedSince(this.table.referrals.get(before.id), before)) return 'conflict';
    this.table.referrals.set(after.id, copy(withSweepRevision(before, after)));
    return 'applied';
  }

  async *referralsWithClocks(): AsyncIterable<readonly ReferralRecord[]> {
    const all = [...this.table.referrals.values()].filter(
      (referral) => OPEN_STATUSES.includes(referral.status) || referral.slaTrack.nextEventAt !== undefined,
    );
    for (let start = 0; start < all.length; start += 100) yield copy(all.slice(start, start + 100));
  }

  async appliedSettingsVersion(): Promise<number | undefined> {
    return this.appliedVersion;
  }

  async markSettingsApplied(version: number): Promise<void> {
    this.appliedVersion = version;
  }
}

/** As the adapter's condition: no lifecycle change (version) and no sweep write (slaRevision) since. */
const unchangedSince = (current: ReferralRecord | undefined, before: ReferralRecord) =>
  current !== undefined && current.version === before.version && current.slaRevision === before.slaRevision;

/** The sweep keeps the version and counts its own writes. */
const withSweepRevision = (before: ReferralRecord, after: ReferralRecord): ReferralRecord => ({
  ...after,
  slaRevision: (before.slaRevision ?? 0) + 1,
});

const slaEventId = (event: SlaEventRecord) => `${event.referralId}#${event.clock}-${event.threshold}`;

/** Rollup cells and ledgers in memory, with the adapter's revision check and cell limit. */
export class InMemoryRollupStore implements RollupStore {
  readonly cellsByKey = new Map<string, Map<string, number>>();
  readonly ledgers = new Map<string, RollupLedger>();
  applyCalls = 0;

  async ledger(subject: RollupSubject): Promise<RollupLedger> {
    return copy(this.ledgers.get(`${subject.kind}:${subject.id}`) ?? { facts: undefined, revision: 0 });
  }

  async apply(
    subject: RollupSubject,
    expectedRevision: number,
    facts: RollupFacts | undefined,
    delta: Contribution,
    sequence?: string,
  ): Promise<'applied' | 'conflict'> {
    this.applyCalls += 1;
    if (delta.size > 99) throw new Error(`A rollup step changes ${delta.size} cells`);
    const current = this.ledgers.get(`${subject.kind}:${subject.id}`)?.revision ?? 0;
    if (current !== expectedRevision) return 'conflict';
    this.ledgers.set(
      `${subject.kind}:${subject.id}`,
      copy({ facts, revision: expectedRevision + 1, ...(sequence === undefined ? {} : { sequence }) }),
    );
    for (const [key, fields] of delta) {
      const cell = this.cellsByKey.get(key) ?? new Map<string, number>();
      for (const [field, amount] of fields) cell.set(field, (cell.get(field) ?? 0) + amount);
      this.cellsByKey.set(key, cell);
    }
    return 'applied';
  }

  async cells(
    scope: string,
    dimension: RollupDimension,
    pieces: PeriodPieces,
    withNow: boolean,
  ): Promise<RollupCell[]> {
    const periods = new Set([
      ...pieces.months.map((month) => `M${month}`),
      ...pieces.dayRuns.flatMap((run) => {
        const days: string[] = [];
        for (
          let day = run.first;
          day <= run.last;
          day = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
        ) {
          days.push(`D${day}`);
        }
        return days;
      }),
      ...(withNow ? ['NOW'] : []),
    ]);
    return this.stored().filter(
      (cell) =>
        cell.address.scope === scope &&
        cell.address.dimension === dimension &&
        periods.has(cell.address.period),
    );
  }

  async allCells(scopes: readonly string[]): Promise<RollupCell[]> {
    return this.stored().filter((cell) => scopes.includes(cell.address.scope));
  }

  async overwriteCells(cells: readonly RollupCell[]): Promise<void> {
    for (const cell of cells)
      this.cellsByKey.set(cellKey(cell.address), new Map(Object.entries(cell.fields)));
  }

  async overwriteLedger(subject: RollupSubject, facts: RollupFacts | undefined): Promise<void> {
    const current = await this.ledger(subject);
    this.ledgers.set(
      `${subject.kind}:${subject.id}`,
      copy({ ...current, facts, revision: current.revision + 1 }),
    );
  }

  private stored(): RollupCell[] {
    return [...this.cellsByKey].map(([key, fields]) => ({
      address: cellAddress(key),
      fields: Object.fromEntries([...fields].filter(([, amount]) => amount !== 0)),
    }));
  }
}

export interface FakeDependencies extends Dependencies {
  readonly rollups: InMemoryRollupStore;
  readonly sla: InMemorySlaStore;
  readonly slaSettings: InMemorySlaSettingsStore;
  readonly alerts: InMemoryAlertStore;
  readonly alertNotifier: RecordingAlertNotifier;
  readonly table: InMemoryTable;
  readonly needs: InMemoryNeedStore;
  readonly referrals: InMemoryReferralStore;
  readonly notifications: InMemoryNotificationStore;
  readonly contactVault: FakeContactVault;
  readonly councilConfiguration: StaticCouncilConfigurationStore;
  readonly clock: FixedClock;
}

export const FAKE_SETTINGS: Dependencies['settings'] = {
  idempotencyTtlSeconds: 3600,
  contactRetentionDaysAfterClose: 30,
  contactMaxRetentionDays: 365,
};

export function fakeDependencies(settings: Dependencies['settings'] = FAKE_SETTINGS): FakeDependencies {
  const table = new InMemoryTable();
  const clock = new FixedClock();
  const alerts = new InMemoryAlertStore();
  return {
    table,
    councilConfiguration: new StaticCouncilConfigurationStore(),
    needs: new InMemoryNeedStore(table, clock),
    referrals: new InMemoryReferralStore(table),
    notifications: new InMemoryNotificationStore(table),
    alerts,
    slaSettings: new InMemorySlaSettingsStore(),
    sla: new InMemorySlaStore(table, alerts),
    rollups: new InMemoryRollupStore(),
    contactVault: new FakeContactVault(),
    alertNotifier: new RecordingAlertNotifier(),
    clock,
    ids: new SequentialUlids(),
    settings,
  };
}
