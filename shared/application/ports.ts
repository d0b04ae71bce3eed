/** The small ports the use cases depend on; DynamoDB adapters and in-memory fakes implement them. */

import type * as z from 'zod';
import type { ReferralRecord, ReportedNeed } from '../domain/need.js';
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
}

export interface CouncilConfigurationStore {
  load(): Promise<CouncilConfiguration>;
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
  readonly contact: Contact;
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
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface ReferralStore {
  referral(referralId: string): Promise<ReferralRecord | undefined>;
  referrals(referralIds: readonly string[]): Promise<ReferralRecord[]>;
  list(
    scope: ReferralListScope,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ReferralRecord>>;
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
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: {
    /** How long an Idempotency-Key is remembered. */
    readonly idempotencyTtlSeconds: number;
    /** How long contact data is kept after the report (until the lifecycle issue ties it to closure). */
    readonly contactRetentionDays: number;
  };
}
