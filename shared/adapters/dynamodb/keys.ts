/**
 * Every key of the single table is built here and nowhere else.
 * pk/sk identify an item; gsiNpk/gsiNsk place it in the indexes of table-design.ts.
 */
import type { ReferralStatus } from '../../domain/vocabulary.js';
import { TABLE_DESIGN } from './table-design.js';

const { indexes } = TABLE_DESIGN;

export type ItemKey = { pk: string; sk: string };

const AUDIT_PREFIX = 'AUDIT#';
const NOTIFICATION_PREFIX = 'NOTIFICATION#';
/**
 * One partition holds every referral with an SLA event to come, sorted by when it falls due:
 * the sweep reads only its due head. A council's open referrals number in the thousands and
 * change a few times a day each, far below one partition's write limit.
 */
const SLA_DUE_PARTITION = 'SLA_DUE';
const unitPartition = (unitId: string) => `UNIT#${unitId}`;
const memberPartition = (memberId: string) => `MEMBER#${memberId}`;
export type KeyAttributes = Record<string, string>;

export const keys = {
  need: (needId: string): ItemKey => ({ pk: `NEED#${needId}`, sk: 'NEED' }),
  /** Contact data (PII) lives in its own item beside the need, with its own retention. */
  needContact: (needId: string): ItemKey => ({ pk: `NEED#${needId}`, sk: 'CONTACT' }),
  referral: (referralId: string): ItemKey => ({ pk: `REFERRAL#${referralId}`, sk: 'REFERRAL' }),
  /**
   * "This member reported a need under this Idempotency-Key": written in the same transaction
   * as the need, so even a retry that slips past the idempotency layer cannot report twice.
   */
  idempotency: (memberId: string, idempotencyKey: string): ItemKey => ({
    pk: `REPORTED#${memberId}#${idempotencyKey}`,
    sk: 'REPORTED',
  }),
  /** A referral's audit trail sits under the referral, ordered by sequence. */
  auditEvent: (referralId: string, sequence: number): ItemKey => ({
    pk: `REFERRAL#${referralId}`,
    sk: `${AUDIT_PREFIX}${String(sequence).padStart(6, '0')}`,
  }),
  /** Every read of a referral's contact data, under the referral. */
  contactRead: (referralId: string, at: string, readId: string): ItemKey => ({
    pk: `REFERRAL#${referralId}`,
    sk: `CONTACT_READ#${at}#${readId}`,
  }),
  /** A member's notifications sit under the member, ordered by time. */
  notification: (memberId: string, at: string, referralId: string, sequence: number): ItemKey => ({
    pk: memberPartition(memberId),
    sk: `${NOTIFICATION_PREFIX}${at}#${referralId}#${String(sequence).padStart(6, '0')}`,
  }),
  alert: (alertId: string): ItemKey => ({ pk: `ALERT#${alertId}`, sk: 'ALERT' }),
  /** A cohesion flag of one place (district + neighbourhood), ordered by time: the hotspot window reads these. */
  cohesionFlag: (placeKey: string, flaggedAt: string, needId: string): ItemKey => ({
    pk: `FLAGS#${placeKey}`,
    sk: `${flaggedAt}#${needId}`,
  }),
  /** Until when a place's hotspot alert covers new flags. */
  hotspotState: (placeKey: string): ItemKey => ({ pk: `HOTSPOT#${placeKey}`, sk: 'STATE' }),
  /** Where Powertools idempotency keeps its records for one function (sk: the key's hash). */
  idempotencyPartition: (functionName: string) => `IDEMPOTENCY#${functionName}`,
  catalog: (): ItemKey => ({ pk: 'CONFIG', sk: 'CATALOG' }),
  routingRules: (): ItemKey => ({ pk: 'CONFIG', sk: 'ROUTING_RULES' }),
  slaSettings: (): ItemKey => ({ pk: 'CONFIG', sk: 'SLA' }),
  /**
   * A rollup cell: one scope × dimension per partition, sorted by period then group value, so
   * a dashboard reads a range of months (or days) of one grouping in one Query.
   */
  rollupCell: (cell: { scope: string; dimension: string; value: string; period: string }): ItemKey => ({
    pk: `ROLLUP#${cell.scope}#${cell.dimension}`,
    sk: `${cell.period}#${cell.value}`,
  }),
  /** What a referral (or hotspot alert) has contributed to the rollups so far, beside it. */
  rollupLedger: (subject: { kind: 'referral' | 'alert'; id: string }): ItemKey => ({
    pk: subject.kind === 'referral' ? `REFERRAL#${subject.id}` : `ALERT#${subject.id}`,
    sk: 'ROLLUP_LEDGER',
  }),
  /** Which version of the SLA settings the stored schedules follow (the sweep reconciles). */
  slaSettingsApplied: (): ItemKey => ({ pk: 'CONFIG', sk: 'SLA_APPLIED' }),
  /** One SLA event of a referral: its existence is what makes the event happen once. */
  slaEvent: (referralId: string, clock: string, threshold: string): ItemKey => ({
    pk: `REFERRAL#${referralId}`,
    sk: `SLA_EVENT#${clock}-${threshold}`,
  }),
} as const;

/** Index placements: the attributes an item carries to appear in an index. */
export const placements = {
  needOfMember: (memberId: string, createdAt: string, needId: string): KeyAttributes => ({
    [indexes.memberItems.partitionKey]: memberPartition(memberId),
    [indexes.memberItems.sortKey]: `NEED#${createdAt}#${needId}`,
  }),
  alert: (alert: { id: string; status: string; raisedAt: string }): KeyAttributes => ({
    [indexes.timeline.partitionKey]: 'ALERT',
    [indexes.timeline.sortKey]: `${alert.raisedAt}#${alert.id}`,
    ...placements.alertStatus(alert.status),
    [indexes.statusTimeline.sortKey]: `${alert.raisedAt}#${alert.id}`,
  }),
  /** The one attribute that moves an alert between status lists. */
  alertStatus: (status: string): KeyAttributes => ({
    [indexes.statusTimeline.partitionKey]: `ALERT#${status}`,
  }),
  /**
   * A referral: in its unit's inbox by status then deadline, in its member's list, in the
   * timelines, and — while an SLA threshold can still fall due — in the SLA sweep's index.
   */
  referral: (referral: {
    id: string;
    unitId: string;
    memberId: string;
    status: ReferralStatus;
    createdAt: string;
    dueAt: string;
    nextSlaEventAt: string | undefined;
  }): KeyAttributes => ({
    ...(referral.nextSlaEventAt === undefined
      ? {}
      : {
          [indexes.slaDue.partitionKey]: SLA_DUE_PARTITION,
          [indexes.slaDue.sortKey]: `${referral.nextSlaEventAt}#${referral.id}`,
        }),
    [indexes.unitInbox.partitionKey]: unitPartition(referral.unitId),
    [indexes.unitInbox.sortKey]: `${referral.status}#${referral.dueAt}#${referral.id}`,
    [indexes.memberItems.partitionKey]: memberPartition(referral.memberId),
    [indexes.memberItems.sortKey]: `REFERRAL#${referral.createdAt}#${referral.id}`,
    [indexes.timeline.partitionKey]: 'REFERRAL',
    [indexes.timeline.sortKey]: `${referral.createdAt}#${referral.id}`,
    [indexes.statusTimeline.partitionKey]: `REFERRAL#${referral.status}`,
    [indexes.statusTimeline.sortKey]: `${referral.createdAt}#${referral.id}`,
  }),
} as const;

/** Key conditions for the queries the API makes; each names its index and partition. */
export const queries = {
  unitInbox: (unitId: string, status?: ReferralStatus) => ({
    index: indexes.unitInbox,
    partition: unitPartition(unitId),
    sortKeyPrefix: status === undefined ? undefined : `${status}#`,
  }),
  referralsOfMember: (memberId: string) => ({
    index: indexes.memberItems,
    partition: memberPartition(memberId),
    sortKeyPrefix: 'REFERRAL#',
  }),
  allReferrals: () => ({ index: indexes.timeline, partition: 'REFERRAL', sortKeyPrefix: undefined }),
  alerts: (status?: string) =>
    status === undefined
      ? { index: indexes.timeline, partition: 'ALERT', sortKeyPrefix: undefined }
      : { index: indexes.statusTimeline, partition: `ALERT#${status}`, sortKeyPrefix: undefined },
  /** Referrals whose next SLA event is due at or before `now` (an ISO instant), earliest first. */
  slaDue: (now: string) => ({
    index: indexes.slaDue,
    partition: SLA_DUE_PARTITION,
    // Every sort key `${instant}#${id}` with instant <= now sorts before `${now}#~`.
    sortKeyBefore: `${now}#~`,
  }),
  /** Every referral with an SLA event to come. */
  slaPending: () => ({ index: indexes.slaDue, partition: SLA_DUE_PARTITION, sortKeyPrefix: undefined }),
  referralsInStatus: (status: ReferralStatus) => ({
    index: indexes.statusTimeline,
    partition: `REFERRAL#${status}`,
    sortKeyPrefix: undefined,
  }),
  /** Referrals routed at or after `from` and before `to` (ISO instants), oldest first (exports). */
  referralsRoutedBetween: (from: string, to: string) => ({
    index: indexes.timeline,
    partition: 'REFERRAL',
    // Sort keys are `${createdAt}#${id}`: `${from}#` <= key <= `${to}#` exactly when from <= createdAt < to.
    sortKeyBetween: [`${from}#`, `${to}#`] as const,
  }),
} as const;

/** Key conditions on the table itself (no index). */
export const tableQueries = {
  /** The cells of one scope × dimension whose period lies between two periods (same kind: D… or M…). */
  rollupCells: (scope: string, dimension: string, firstPeriod: string, lastPeriod: string) => ({
    partition: `ROLLUP#${scope}#${dimension}`,
    sortKeyBetween: [`${firstPeriod}#`, `${lastPeriod}#\uffff`] as const,
  }),
  /** Every cell of one scope × dimension (a rebuild). */
  allRollupCells: (scope: string, dimension: string) => ({ partition: `ROLLUP#${scope}#${dimension}` }),
  history: (referralId: string) => ({ partition: `REFERRAL#${referralId}`, sortKeyPrefix: AUDIT_PREFIX }),
  notifications: (memberId: string) => ({
    partition: memberPartition(memberId),
    sortKeyPrefix: NOTIFICATION_PREFIX,
  }),
  cohesionFlags: (placeKey: string) => ({ partition: `FLAGS#${placeKey}` }),
} as const;

export const TABLE_KEY = { name: undefined, partitionKey: 'pk', sortKey: 'sk' } as const;

export type IndexQuery = {
  index: { name: string | undefined; partitionKey: string; sortKey: string };
  partition: string;
  sortKeyPrefix: string | undefined;
};
