/** The small ports the use cases depend on; DynamoDB adapters and in-memory fakes implement them. */

import type * as z from 'zod';
import type { Actor } from '../domain/actor.js';
import type { AlertRecord, CohesionFlag, HotspotRule } from '../domain/alerts.js';
import type { AuditRecord, NotificationRecord } from '../domain/audit.js';
import type { WorkingHoursCalendar } from '../domain/business-calendar.js';
import type { PeriodPieces } from '../domain/dashboard-figures.js';
import type { ReferralRecord, ReportedNeed } from '../domain/need.js';
import type { CellAddress, Contribution, RollupDimension, RollupFacts } from '../domain/rollups.js';
import type { SlaEventRecord } from '../domain/sla-events.js';
import type { SlaPolicy } from '../domain/sla-policy.js';
import type { DomainEvent } from '../events/domain-events.js';
import type { ListAlertsQuery } from '../schemas/alert.js';
import type { LocalizedText } from '../schemas/common.js';
import type { CouncilCatalog, RoutingRule } from '../schemas/council.js';
import type { Contact, Need } from '../schemas/need.js';
import type { ReferralListScope } from './authorization.js';

export interface CouncilProfile {
  readonly id: string;
  readonly name: z.infer<typeof LocalizedText>;
  readonly languages: readonly string[];
  readonly timeZone: string;
  readonly defaultLanguage: string;
}

export interface CouncilConfiguration {
  readonly council: CouncilProfile;
  readonly catalog: CouncilCatalog;
  readonly routingRules: readonly RoutingRule[];
  readonly hotspotRule: HotspotRule;
}

export interface CouncilConfigurationStore {
  /** May be up to a minute old: configuration changes rarely. */
  load(): Promise<CouncilConfiguration>;
  saveHotspotRule(rule: HotspotRule): Promise<void>;
}

export interface IdempotencyRecord {
  readonly memberId: string;
  readonly key: string;
  /** SHA-256 of the request body, so a reused key with another body is caught. */
  readonly requestHash: string;
  readonly needId: string;
  readonly createdAt: string;
  /** Epoch seconds after which the record may be forgotten (DynamoDB TTL). */
  readonly expiresAt: number;
}

export interface ContactRecord {
  readonly needId: string;
  /** The contact, envelope-encrypted by the ContactVault. */
  readonly sealed: string;
  /** Epoch seconds (DynamoDB TTL): personal data does not outlive its purpose. */
  readonly expiresAt: number;
}

export type RecordOutcome = { readonly outcome: 'recorded' } | { readonly outcome: 'duplicate' };

export interface NeedStore {
  /** Writes the need, its referrals, its contact and the idempotency record atomically. */
  recordReportedNeed(
    reported: ReportedNeed,
    contact: ContactRecord | undefined,
    idempotency: IdempotencyRecord,
  ): Promise<RecordOutcome>;
  idempotencyRecord(memberId: string, key: string): Promise<IdempotencyRecord | undefined>;
  need(needId: string): Promise<Need | undefined>;
  /** The sealed contact data of a need, if it has any (and it has not expired). */
  sealedContact(needId: string): Promise<string | undefined>;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** Everything one lifecycle change writes, atomically. */
export interface ReferralChange {
  readonly before: ReferralRecord;
  readonly after: ReferralRecord;
  /** The leg a transfer, route or rejection opens. */
  readonly newLeg?: ReferralRecord | undefined;
  readonly audit: readonly AuditRecord[];
  readonly notifications: readonly NotificationRecord[];
  /** When the need's contact data should now expire (epoch seconds), if that changes. */
  readonly contactExpiresAt?: number | undefined;
}

/** A read of personal data, itself audited. */
export interface ContactReadRecord {
  readonly id: string;
  readonly referralId: string;
  readonly needId: string;
  readonly actorId: string;
  readonly actorRole: Actor['role'];
  readonly actorUnitId?: string;
  readonly at: string;
}

/**
 * What an export reads of a referral: ids, routing, status, times and SLA facts — never its
 * case summary (description, neighbourhood), beneficiary profile, member or contact.
 */
export type ReferralOutline = Pick<
  ReferralRecord,
  | 'id'
  | 'needId'
  | 'unitId'
  | 'categories'
  | 'district'
  | 'priority'
  | 'status'
  | 'routedBy'
  | 'createdAt'
  | 'acceptedAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'slaTrack'
>;

export interface ReferralStore {
  referral(referralId: string): Promise<ReferralRecord | undefined>;
  referrals(referralIds: readonly string[]): Promise<ReferralRecord[]>;
  list(scope: ReferralListScope, page: PageRequest): Promise<Page<ReferralRecord>>;
  /** Applies the change if the referral is still at before.version; 'conflict' otherwise. */
  applyChange(change: ReferralChange): Promise<'applied' | 'conflict'>;
  history(referralId: string, page: PageRequest): Promise<Page<AuditRecord>>;
  recordContactRead(record: ContactReadRecord): Promise<void>;
  /**
   * Outlines of the referrals routed at or after `from` and before `to` (ISO instants), oldest
   * first, of one unit if `unitId` is given; at most `limit`. Reads the council's timeline of
   * the period (for one unit too: the read costs the period's referrals of every unit).
   */
  routedBetween(
    range: { readonly from: string; readonly to: string },
    options: { readonly unitId?: string | undefined; readonly limit: number },
  ): Promise<ReferralOutline[]>;
}

export interface NotificationStore {
  /** A member's notifications, newest first. */
  list(memberId: string, page: PageRequest): Promise<Page<NotificationRecord>>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new id that sorts after every id this generator made before. */
  next(): string;
}

export interface Dependencies {
  readonly councilConfiguration: CouncilConfigurationStore;
  readonly needs: NeedStore;
  readonly referrals: ReferralStore;
  readonly notifications: NotificationStore;
  readonly alerts: AlertStore;
  readonly slaSettings: SlaSettingsStore;
  readonly sla: SlaStore;
  readonly rollups: RollupStore;
  readonly contactVault: ContactVault;
  readonly alertNotifier: AlertNotifier;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: {
    /** How long an Idempotency-Key is remembered. */
    readonly idempotencyTtlSeconds: number;
    /** Contact data expires this many days after its need is closed (or cancelled). */
    readonly contactRetentionDaysAfterClose: number;
    /** The longest contact data is ever kept, even for a need that is never closed. */
    readonly contactMaxRetentionDays: number;
  };
}

/**
 * Seals and opens beneficiaries' contact data with envelope encryption (AWS Encryption SDK:
 * a KMS keyring in AWS, a local AES key locally). The need id is bound into the encryption
 * context, so a sealed contact cannot be moved to another need.
 */
export interface ContactVault {
  seal(needId: string, contact: Contact): Promise<string>;
  open(needId: string, sealed: string): Promise<Contact>;
}

/** Publishes domain events to the event bus (EventBridge in AWS, the local bus locally). */
export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

export interface AlertStore {
  /** The alert and its flag, once: a retry of the same event finds them there. */
  recordRiskAlert(alert: AlertRecord, flag: CohesionFlag, placeKey: string): Promise<'recorded' | 'exists'>;
  /** A place's flags from `from` up to and including `to`, oldest first. */
  flagsSince(placeKey: string, from: string, to: string): Promise<CohesionFlag[]>;
  /** Raises the hotspot unless one is live for the place ('active'). */
  raiseHotspot(alert: AlertRecord, placeKey: string, activeUntil: string): Promise<'raised' | 'active'>;
  alert(alertId: string): Promise<AlertRecord | undefined>;
  list(filters: Omit<ListAlertsQuery, 'limit' | 'cursor'>, page: PageRequest): Promise<Page<AlertRecord>>;
  acknowledge(
    alert: AlertRecord,
    acknowledgement: { by: string; note: string; at: string },
  ): Promise<AlertRecord | 'conflict'>;
}

/** Tells the directorate at once (SNS in AWS; a log the directorate reads, locally). */
export interface AlertNotifier {
  notify(notice: { subject: string; body: string }): Promise<void>;
}

/** The council's SLA policies and the business calendar they run on, in one versioned item. */
export interface SlaSettings {
  readonly policies: SlaPolicy[];
  /** The council's working calendar. */
  readonly calendar: WorkingHoursCalendar;
  /** Units that keep other hours: their own calendar, by unit id (none by default). */
  readonly unitCalendars: Record<string, WorkingHoursCalendar>;
  readonly version: number;
}

/** What the sweep writes when thresholds fall due, atomically. */
export interface SlaRaise {
  readonly before: ReferralRecord;
  /** The same version, with the thresholds marked raised and the next SLA event moved on. */
  readonly after: ReferralRecord;
  readonly events: readonly SlaEventRecord[];
  readonly alerts: readonly AlertRecord[];
}

export type SlaRaiseOutcome =
  | { readonly kind: 'raised' }
  /** The referral changed since it was read: read it again. */
  | { readonly kind: 'conflict' }
  /** These events exist already (raised by an earlier run): nothing was written. */
  | { readonly kind: 'already-raised'; readonly events: readonly SlaEventRecord[] };

export interface SlaStore {
  /** Referrals whose next SLA event is due at or before `now`, earliest first. */
  dueReferrals(now: string, limit: number): Promise<ReferralRecord[]>;
  /** Records the events once each (an event that exists already fails the whole write). */
  raise(change: SlaRaise): Promise<SlaRaiseOutcome>;
  /** Replaces the referral's SLA schedule if it is still at before.version. */
  reschedule(before: ReferralRecord, after: ReferralRecord): Promise<'applied' | 'conflict'>;
  /** Pages of every referral whose clocks may still matter: open, or with an SLA event to come. */
  referralsWithClocks(): AsyncIterable<readonly ReferralRecord[]>;
  /** The version of the SLA settings the stored schedules were computed with. */
  appliedSettingsVersion(): Promise<number | undefined>;
  markSettingsApplied(version: number): Promise<void>;
}

/** A rollup cell as stored: where it is, and its counters. */
export interface RollupCell {
  readonly address: CellAddress;
  readonly fields: Readonly<Record<string, number>>;
}

/** The referral or hotspot alert a rollup ledger belongs to. */
export interface RollupSubject {
  readonly kind: 'referral' | 'alert';
  readonly id: string;
}

export interface RollupLedger {
  /** What the subject's contribution was computed from; undefined: nothing contributed yet. */
  readonly facts: RollupFacts | undefined;
  /** Optimistic lock: 0 before the first write. */
  readonly revision: number;
  /** The stream sequence number of the record it was last brought in line with, if any. */
  readonly sequence?: string;
}

export interface RollupStore {
  ledger(subject: RollupSubject): Promise<RollupLedger>;
  /**
   * Adds `delta` to the cells and records `facts` in the ledger, atomically, if the ledger is
   * still at `expectedRevision` ('conflict' otherwise). At most 99 cells per call.
   */
  apply(
    subject: RollupSubject,
    expectedRevision: number,
    facts: RollupFacts | undefined,
    delta: Contribution,
    sequence?: string,
  ): Promise<'applied' | 'conflict'>;
  /** The cells of one scope × dimension: whole months, days at the edges, and (if asked) NOW. */
  cells(
    scope: string,
    dimension: RollupDimension,
    pieces: PeriodPieces,
    withNow: boolean,
  ): Promise<RollupCell[]>;
  /** Every stored cell of these scopes (a rebuild compares them with a recomputation). */
  allCells(scopes: readonly string[]): Promise<RollupCell[]>;
  /** Sets these cells' counters to exactly these values (a rebuild's repair). */
  overwriteCells(cells: readonly RollupCell[]): Promise<void>;
  /** Sets a subject's ledger outright (a rebuild's repair). */
  overwriteLedger(subject: RollupSubject, facts: RollupFacts | undefined): Promise<void>;
}

export interface SlaSettingsStore {
  /**
   * The settings; clocks may read a copy up to a minute old, the directorate's read-modify-write
   * asks for `fresh` ones.
   */
  load(options?: { readonly fresh?: boolean }): Promise<SlaSettings>;
  /** Replaces them if still at `expectedVersion`; 'conflict' otherwise. */
  save(settings: Omit<SlaSettings, 'version'>, expectedVersion: number): Promise<SlaSettings | 'conflict'>;
}
