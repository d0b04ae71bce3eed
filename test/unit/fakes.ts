/**
 * In-memory fakes of the ports in shared/application/ports.ts, so that use cases run in
 * unit tests without DynamoDB. They keep what they store inspectable, so a test can assert
 * what was (and was not) written.
 */
import { loadCouncilSettings } from '../../infra/council.js';
import type { ReferralListScope } from '../../shared/application/authorization.js';
import type {
  Clock,
  ContactRecord,
  CouncilConfiguration,
  CouncilConfigurationStore,
  Dependencies,
  IdempotencyRecord,
  IdGenerator,
  NeedStore,
  Page,
  RecordOutcome,
  ReferralStore,
} from '../../shared/application/ports.js';
import type { ReferralRecord, ReportedNeed } from '../../shared/domain/need.js';
import type { Need } from '../../shared/schemas/need.js';

export const FIXED_NOW = new Date('2026-03-02T09:30:00.000Z');

export class FixedClock implements Clock {
  constructor(private readonly instant: Date = FIXED_NOW) {}
  now(): Date {
    return new Date(this.instant.getTime());
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

export class InMemoryReferralStore implements ReferralStore {
  readonly stored = new Map<string, ReferralRecord>();

  add(referrals: readonly ReferralRecord[]): void {
    for (const referral of referrals) this.stored.set(referral.id, copy(referral));
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

  async list(
    scope: ReferralListScope,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ReferralRecord>> {
    const inScope = [...this.stored.values()]
      .filter((referral) => {
        if (scope.status !== undefined && referral.status !== scope.status) return false;
        if (scope.kind === 'unit') return referral.unitId === scope.unitId;
        if (scope.kind === 'member') return referral.memberId === scope.memberId;
        return true;
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const start = page.cursor === undefined ? 0 : Number(page.cursor);
    const items = inScope.slice(start, start + page.limit).map(copy);
    const end = start + items.length;
    return { items, nextCursor: end < inScope.length ? String(end) : null };
  }
}

/**
 * Writes a reported need, its referrals, its contact and its idempotency record all at once
 * (there is no await between the check and the writes), and refuses a second write for the
 * same member and key, as the DynamoDB transaction does.
 */
export class InMemoryNeedStore implements NeedStore {
  readonly needs = new Map<string, Need>();
  readonly contacts = new Map<string, ContactRecord>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  /** recordReportedNeed calls, whatever their outcome. */
  writeAttempts = 0;
  /** idempotencyRecord calls. */
  lookups = 0;
  /** While above zero, each lookup answers "not there yet" and counts this down. */
  private invisibleLookups = 0;

  constructor(private readonly referralStore: InMemoryReferralStore) {}

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
      reported.referrals.some((referral) => this.referralStore.stored.has(referral.id)) ||
      (contact !== undefined && this.contacts.has(contact.needId));
    if (taken) throw new Error('an item of this report exists already: ids must be new');
    this.idempotency.set(idempotencyKey, copy(idempotency));
    this.needs.set(reported.need.id, copy(reported.need));
    this.referralStore.add(reported.referrals);
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
    };
  }

  async load(): Promise<CouncilConfiguration> {
    return copy(this.configuration);
  }
}

export interface FakeDependencies extends Dependencies {
  readonly needs: InMemoryNeedStore;
  readonly referrals: InMemoryReferralStore;
  readonly councilConfiguration: StaticCouncilConfigurationStore;
}

export const FAKE_SETTINGS: Dependencies['settings'] = {
  idempotencyTtlSeconds: 3600,
  contactRetentionDays: 30,
};

export function fakeDependencies(settings: Dependencies['settings'] = FAKE_SETTINGS): FakeDependencies {
  const referrals = new InMemoryReferralStore();
  return {
    councilConfiguration: new StaticCouncilConfigurationStore(),
    needs: new InMemoryNeedStore(referrals),
    referrals,
    clock: new FixedClock(),
    ids: new SequentialUlids(),
    settings,
  };
}
