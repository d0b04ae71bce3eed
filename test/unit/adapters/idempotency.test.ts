/**
 * shared/adapters/idempotency.ts: Powertools idempotency driven through a mocked DynamoDBClient
 * whose idempotency items are simulated (IdempotencyRecords). DynamoDB Local covers the same
 * ground in the integration tests; here each outcome is provoked on purpose.
 */
import { DynamoDBClient, PutItemCommand, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDEMPOTENCY_TTL_SECONDS, idempotent } from '../../../shared/adapters/idempotency.js';
import { Conflict, NotFound, Unprocessable } from '../../../shared/domain/errors.js';
import { isUnavailable } from '../../../shared/http/problem.js';
import { lambdaContext } from '../functions/api-gateway.js';
import { IdempotencyRecords } from '../functions/idempotency-records.js';

const plain = mockClient(DynamoDBClient);
const records = new IdempotencyRecords();
const context = lambdaContext('unit-idempotency');

interface Command {
  scope: string;
  key: string;
  payload: { referralId: string; action: string };
}

const command = (overrides: Partial<Command> = {}): Command => ({
  scope: 'sub-amina',
  key: 'key-1',
  payload: { referralId: '01KJP7ZD300000000000000002', action: 'accept' },
  ...overrides,
});

/** A promise the test settles when it wants to. */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

beforeAll(() => {
  process.env.TABLE_NAME = 'jisr-unit-test';
  process.env.AWS_REGION = 'eu-central-1';
});

beforeEach(() => {
  plain.reset();
  records.clear();
  records.attach(plain);
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  plain.restore();
});

describe('idempotent', () => {
  it('runs the first request once, records its answer as completed and says it is not replayed', async () => {
    const run = vi.fn(async (_command: Command) => ({ outcome: 'accepted', version: 2 }));
    const once = idempotent('unit-test', run);
    const nowSeconds = Math.floor(Date.now() / 1000);

    const result = await once(command(), context);

    expect(result).toEqual({ outcome: 'accepted', version: 2, replayed: false });
    expect(run).toHaveBeenCalledTimes(1);
    expect(records.calls).toEqual(['PutItem', 'UpdateItem']);
    const [item] = [...records.items.values()];
    expect(item?.pk?.S).toBe('IDEMPOTENCY#unit-test');
    expect(item?.status?.S).toBe('COMPLETED');
    expect(Number(item?.expiresAt?.N)).toBeGreaterThanOrEqual(nowSeconds + IDEMPOTENCY_TTL_SECONDS - 1);
    expect(Number(item?.expiresAt?.N)).toBeLessThanOrEqual(nowSeconds + IDEMPOTENCY_TTL_SECONDS + 60);
  });

  it('answers a retry with the same key and payload with the recorded answer, replayed, without running again', async () => {
    const run = vi.fn(async (_command: Command) => ({ outcome: 'accepted', version: 2 }));
    const once = idempotent('unit-test', run);
    await once(command(), context);

    const retry = await once(command(), context);

    expect(retry).toEqual({ outcome: 'accepted', version: 2, replayed: true });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('refuses the same key with another payload as idempotency-key-reused, without running', async () => {
    const run = vi.fn(async (_command: Command) => ({ outcome: 'accepted' }));
    const once = idempotent('unit-test', run);
    await once(command(), context);

    const error = await once(
      command({ payload: { referralId: '01KJP7ZD300000000000000002', action: 'start' } }),
      context,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Unprocessable);
    expect((error as Unprocessable).problemType).toBe('idempotency-key-reused');
    expect(run).toHaveBeenCalledTimes(1);
  });

  it.each([
    { label: 'another caller', other: command({ scope: 'sub-mehmet' }) },
    { label: 'another key', other: command({ key: 'key-2' }) },
  ])('runs again for $label: keys are scoped to the caller', async ({ other }) => {
    const run = vi.fn(async (_command: Command) => ({ outcome: 'accepted' }));
    const once = idempotent('unit-test', run);
    await once(command(), context);

    const result = await once(other, context);

    expect(result.replayed).toBe(false);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('keeps the records of two functions apart', async () => {
    const first = idempotent('report-need', async (_command: Command) => ({ from: 'report-need' }));
    const second = idempotent('transition-referral', async (_command: Command) => ({
      from: 'transition-referral',
    }));
    await first(command(), context);

    const result = await second(command(), context);

    expect(result).toEqual({ from: 'transition-referral', replayed: false });
    expect([...records.items.values()].map((item) => item.pk?.S).sort()).toEqual([
      'IDEMPOTENCY#report-need',
      'IDEMPOTENCY#transition-referral',
    ]);
  });

  it('lets a refused request leave no record, so the same key can be used again once it is fixed', async () => {
    const run = vi
      .fn(async (_command: Command) => ({ outcome: 'accepted' }))
      .mockRejectedValueOnce(new NotFound('No such referral'));
    const once = idempotent('unit-test', run);

    const refused = await once(command(), context).catch((e: unknown) => e);
    const retried = await once(command(), context);

    expect(refused).toBeInstanceOf(NotFound);
    expect(records.calls.slice(0, 2)).toEqual(['PutItem', 'DeleteItem']);
    expect(retried).toEqual({ outcome: 'accepted', replayed: false });
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('makes a duplicate wait for a request in progress with its key, then replays its answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const gate = deferred<void>();
    const run = vi.fn(async (_command: Command) => {
      await gate.promise;
      return { outcome: 'accepted' };
    });
    const once = idempotent('unit-test', run);
    const first = once(command(), context);
    await vi.advanceTimersByTimeAsync(0);

    const duplicate = once(command(), context);
    await vi.advanceTimersByTimeAsync(200);
    gate.resolve();
    await vi.runAllTimersAsync();

    expect(await first).toEqual({ outcome: 'accepted', replayed: false });
    expect(await duplicate).toEqual({ outcome: 'accepted', replayed: true });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('gives up on a request that stays in progress with Conflict idempotency-key-in-use, retry after 1 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const gate = deferred<void>();
    const run = vi.fn(async (_command: Command) => {
      await gate.promise;
      return { outcome: 'accepted' };
    });
    const once = idempotent('unit-test', run);
    const first = once(command(), context);
    await vi.advanceTimersByTimeAsync(0);

    const duplicate = once(command(), context).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = await duplicate;
    gate.resolve();
    await first;

    expect(error).toBeInstanceOf(Conflict);
    expect(error).toMatchObject({ problemType: 'idempotency-key-in-use', retryAfterSeconds: 1 });
    expect(run).toHaveBeenCalledTimes(1);
    // The duplicate asked again after each wait before giving up: 1 + 6 attempts.
    expect(records.calls.filter((call) => call === 'PutItem')).toHaveLength(1 + 7);
  });

  it('lets a throttled idempotency table surface as unavailable (503), not as a server error', async () => {
    plain.on(PutItemCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    const run = vi.fn(async (_command: Command) => ({ outcome: 'accepted' }));
    const once = idempotent('unit-test', run);

    const error = await once(command(), context).catch((e: unknown) => e);

    expect(isUnavailable(error)).toBe(true);
    expect(run).not.toHaveBeenCalled();
  });
});
