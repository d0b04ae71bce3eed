/**
 * The DynamoDB SLA settings store, with the document client simulated by aws-sdk-client-mock:
 * every referral view reads the settings, so a copy is kept for a minute; the directorate's
 * read-modify-write asks for fresh (strongly consistent) ones, and its writes refresh the copy.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, type GetCommandInput, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCouncilSettings } from '../../../infra/council.js';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import { councilSeedItems } from '../../../shared/adapters/dynamodb/seed.js';
import { DynamoSlaSettingsStore } from '../../../shared/adapters/dynamodb/sla-settings-store.js';
import { SLA_SETTINGS } from '../builders.js';

const TABLE_NAME = 'jisr-unit-test';
const CACHE_MILLIS = 60_000;
const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const seeded = councilSeedItems(loadCouncilSettings('adana')).find((item) => item.kind === 'SlaSettings');
if (seeded === undefined) throw new Error('the seed writes the SLA settings item');
const SEEDED: Record<string, unknown> = seeded;

/** A store on a clock the test moves. */
function storeAt(start = Date.parse('2026-03-02T09:30:00.000Z')) {
  let now = start;
  const store = new DynamoSlaSettingsStore(client, TABLE_NAME, CACHE_MILLIS, () => now);
  return {
    store,
    advance: (millis: number) => {
      now += millis;
    },
  };
}

const reads = () => ddb.commandCalls(GetCommand).map((call) => call.args[0].input as GetCommandInput);

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand, { Key: keys.slaSettings() }).resolves({ Item: SEEDED });
});

afterAll(() => {
  ddb.restore();
});

describe('DynamoSlaSettingsStore.load', () => {
  it('reads the SLA settings item: the policies, the calendar and the version', async () => {
    const { store } = storeAt();

    const settings = await store.load();

    expect(settings).toMatchObject({
      policies: SLA_SETTINGS.policies,
      calendar: SLA_SETTINGS.calendar,
      version: 1,
    });
    expect(settings).not.toHaveProperty('pk');
    expect(settings).not.toHaveProperty('kind');
    expect(reads()).toEqual([{ TableName: TABLE_NAME, Key: keys.slaSettings(), ConsistentRead: false }]);
  });

  it('answers a second load within the cache time from its copy, without a call', async () => {
    const { store, advance } = storeAt();
    const first = await store.load();

    advance(CACHE_MILLIS - 1);
    const second = await store.load();

    expect(second).toEqual(first);
    expect(reads()).toHaveLength(1);
  });

  it('reads again once the cache time has passed', async () => {
    const { store, advance } = storeAt();
    await store.load();
    ddb.on(GetCommand, { Key: keys.slaSettings() }).resolves({ Item: { ...SEEDED, version: 2 } });

    advance(CACHE_MILLIS);
    const later = await store.load();

    expect(later.version).toBe(2);
    expect(reads()).toHaveLength(2);
    expect(reads()[1]?.ConsistentRead).toBe(false);
  });

  it('always reads when asked for fresh settings, strongly consistent, even within the cache time', async () => {
    const { store } = storeAt();
    await store.load();
    ddb.on(GetCommand, { Key: keys.slaSettings() }).resolves({ Item: { ...SEEDED, version: 2 } });

    const fresh = await store.load({ fresh: true });
    const again = await store.load({ fresh: true });

    expect([fresh.version, again.version]).toEqual([2, 2]);
    expect(reads().map((input) => input.ConsistentRead)).toEqual([false, true, true]);
  });

  it('refreshes its copy with fresh settings: the next load sees them without a call', async () => {
    const { store } = storeAt();
    await store.load();
    ddb.on(GetCommand, { Key: keys.slaSettings() }).resolves({ Item: { ...SEEDED, version: 2 } });
    await store.load({ fresh: true });

    const cached = await store.load();

    expect(cached.version).toBe(2);
    expect(reads()).toHaveLength(2);
  });

  it('keeps one copy per store (per cold start): another store reads for itself', async () => {
    await storeAt().store.load();

    await storeAt().store.load();

    expect(reads()).toHaveLength(2);
  });

  it('says the settings are missing when the item is not there, and keeps nothing', async () => {
    const { store } = storeAt();
    ddb.on(GetCommand, { Key: keys.slaSettings() }).resolves({});

    await expect(store.load()).rejects.toThrow(/SLA settings are missing/);
    await expect(store.load()).rejects.toThrow(/SLA settings are missing/);
    expect(reads()).toHaveLength(2);
  });
});

describe('DynamoSlaSettingsStore.save', () => {
  it('writes the next version under the expected one and keeps what it wrote as its copy', async () => {
    const { store } = storeAt();
    const { version, ...current } = await store.load({ fresh: true });
    ddb.on(PutCommand).resolves({});

    const saved = await store.save({ ...current, policies: current.policies.slice(1) }, version);
    const loaded = await store.load();

    expect(saved).toMatchObject({ policies: current.policies.slice(1), version: 2 });
    expect(loaded).toEqual(saved);
    expect(reads()).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      TableName: TABLE_NAME,
      Item: { ...keys.slaSettings(), kind: 'SlaSettings', version: 2 },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 1 },
    });
  });

  it('answers conflict when another edit saved first, keeping its copy as it was', async () => {
    const { store } = storeAt();
    const { version, ...current } = await store.load();
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'stale', $metadata: {} }));

    const outcome = await store.save({ ...current, policies: [] }, version);
    const loaded = await store.load();

    expect(outcome).toBe('conflict');
    expect(loaded).toMatchObject({ policies: SLA_SETTINGS.policies, version: 1 });
  });
});
