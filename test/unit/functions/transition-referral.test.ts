/**
 * POST /v1/referrals/{id}/transitions through the real handler, with DynamoDB simulated by
 * aws-sdk-client-mock (the adapters' document client) and IdempotencyRecords (Powertools'
 * records behind the plain client): every answer a client can get, and what is written.
 */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCouncilSettings } from '../../../infra/council.js';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import { needItem, referralItem } from '../../../shared/adapters/dynamodb/records.js';
import { councilSeedItems } from '../../../shared/adapters/dynamodb/seed.js';
import { recordReportedNeed } from '../../../shared/domain/need.js';
import type { SlaTrack } from '../../../shared/domain/sla-clock.js';
import type { ApiEvent, ApiResult } from '../../../shared/http/api-handler.js';
import { Referral } from '../../../shared/schemas/referral.js';
import { AMINA, maximalReport, referralRecord, SLA_SETTINGS } from '../builders.js';
import { apiEvent, CLAIMS, lambdaContext } from './api-gateway.js';
import { IdempotencyRecords } from './idempotency-records.js';

type Handler = (event: ApiEvent, context: ReturnType<typeof lambdaContext>) => Promise<ApiResult>;

const TABLE_NAME = 'jisr-unit-test';
const ddb = mockClient(DynamoDBDocumentClient);
const plain = mockClient(DynamoDBClient);
const idempotencyRecords = new IdempotencyRecords();
const [catalogItem, routingRulesItem, slaSettingsItem] = councilSeedItems(loadCouncilSettings('adana'));

const NEED_ID = '01KJP7ZD300000000000000001';
const REFERRAL_ID = '01KJP7ZD300000000000000002';
const accepted = referralRecord({
  id: REFERRAL_ID,
  needId: NEED_ID,
  memberId: CLAIMS.amina.sub,
  unitId: 'health',
  status: 'accepted',
  version: 2,
  acceptedAt: '2026-03-02T10:00:00.000Z',
  contactShared: true,
});

let transition: Handler;

beforeAll(async () => {
  process.env.TABLE_NAME = TABLE_NAME;
  process.env.AWS_REGION = 'eu-central-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  transition = (await import('../../../functions/transition-referral/handler.js')).handler;
});

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand, { Key: keys.catalog() }).resolves({ Item: catalogItem });
  ddb.on(GetCommand, { Key: keys.routingRules() }).resolves({ Item: routingRulesItem });
  ddb.on(GetCommand, { Key: keys.slaSettings() }).resolves({ Item: slaSettingsItem });
  ddb.on(GetCommand, { Key: keys.referral(REFERRAL_ID) }).resolves({ Item: referralItem(accepted) });
  ddb.on(TransactWriteCommand).resolves({});
  plain.reset();
  idempotencyRecords.clear();
  idempotencyRecords.attach(plain);
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  ddb.restore();
  plain.restore();
});

function request(args: {
  body: unknown;
  claims?: Record<string, string>;
  id?: string;
  key?: string;
  headers?: Record<string, string>;
}): ApiEvent {
  const id = args.id ?? REFERRAL_ID;
  return apiEvent({
    routeKey: 'POST /v1/referrals/{id}/transitions',
    path: `/v1/referrals/${id}/transitions`,
    claims: args.claims ?? CLAIMS.healthStaff,
    headers: args.headers ?? {
      'content-type': 'application/json',
      ...(args.key === undefined ? {} : { 'idempotency-key': args.key }),
    },
    pathParameters: { id },
    body: typeof args.body === 'string' ? args.body : JSON.stringify(args.body),
  });
}

const send = (event: ApiEvent) => transition(event, lambdaContext('transition-referral'));
const json = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(String(result.body));
const transactItems = (call = 0) =>
  (ddb.commandCalls(TransactWriteCommand)[call]?.args[0].input as TransactWriteCommandInput | undefined)
    ?.TransactItems ?? [];
const writtenKinds = (call = 0) =>
  transactItems(call).map((item) =>
    item.Put === undefined ? `Update ${String(item.Update?.Key?.sk)}` : item.Put.Item?.kind,
  );

/** A promise the test settles when it wants to. */
function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe('POST /v1/referrals/{id}/transitions: a change', () => {
  it('answers 200 with the referral at its new version, written under the version condition', async () => {
    const result = await send(request({ body: { action: 'start', expectedVersion: 2 } }));

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    const body = Referral.strict().parse(json(result));
    expect(body).toMatchObject({ id: REFERRAL_ID, status: 'in_progress', version: 3 });
    expect(result.headers).not.toHaveProperty('idempotent-replayed');
    expect(writtenKinds()).toEqual(['Referral', 'AuditEvent', 'Notification']);
    expect(transactItems()[0]?.Put).toMatchObject({
      TableName: TABLE_NAME,
      ConditionExpression: 'version = :expected AND attribute_not_exists(slaRevision)',
      ExpressionAttributeValues: { ':expected': 2 },
      Item: { ...keys.referral(REFERRAL_ID), status: 'in_progress', version: 3 },
    });
    expect(transactItems()[1]?.Put?.Item).toMatchObject({
      ...keys.auditEvent(REFERRAL_ID, 3),
      action: 'start',
      fromStatus: 'accepted',
      toStatus: 'in_progress',
    });
  });

  it('writes the transfer, the new leg, its place in the need, two audit events and two notifications at once', async () => {
    const result = await send(
      request({ body: { action: 'transfer', toUnitId: 'housing', expectedVersion: 2 } }),
    );

    expect(result.statusCode).toBe(200);
    const { nextReferralId } = json(result) as { nextReferralId: string };
    expect(writtenKinds()).toEqual([
      'Referral',
      'Referral',
      'Update NEED',
      'AuditEvent',
      'AuditEvent',
      'Notification',
      'Notification',
    ]);
    expect(transactItems()[1]?.Put?.Item).toMatchObject({
      ...keys.referral(nextReferralId),
      unitId: 'housing',
      status: 'routed',
      previousReferralId: REFERRAL_ID,
    });
    // The leg that ends stops its clocks; the new one starts its own, in the SLA index, on the need's report time.
    expect(transactItems()[0]?.Put?.Item?.slaTrack).toMatchObject({ stoppedBy: 'handover' });
    const newLeg = transactItems()[1]?.Put?.Item as Record<string, unknown> & { slaTrack: SlaTrack };
    expect(newLeg.slaTrack).toMatchObject({ needReportedAt: accepted.slaTrack.needReportedAt, raised: {} });
    expect(newLeg.slaTrack).not.toHaveProperty('respondedAt');
    expect(newLeg).toMatchObject({
      gsi1sk: `routed#${newLeg.slaTrack.dueAt}#${nextReferralId}`,
      gsi3pk: 'SLA_DUE',
      gsi3sk: `${newLeg.slaTrack.nextEventAt}#${nextReferralId}`,
    });
    expect(transactItems()[2]?.Update).toMatchObject({
      Key: keys.need(NEED_ID),
      ExpressionAttributeValues: { ':leg': [nextReferralId] },
    });
  });

  it('moves the contact expiry in the same transaction when the last open leg is closed', async () => {
    const resolved = {
      ...accepted,
      status: 'resolved' as const,
      outcome: 'service_provided' as const,
      resolvedAt: '2026-03-03T00:00:00.000Z',
    };
    const { need } = recordReportedNeed({
      report: maximalReport(),
      actor: AMINA,
      needId: NEED_ID,
      referralIds: [REFERRAL_ID],
      assignments: [{ unitId: 'health', categories: ['health'], routedBy: 'rule' }],
      now: new Date('2026-03-02T09:30:00.000Z'),
      sla: SLA_SETTINGS,
    });
    ddb.on(GetCommand, { Key: keys.referral(REFERRAL_ID) }).resolves({ Item: referralItem(resolved) });
    ddb.on(GetCommand, { Key: keys.need(NEED_ID) }).resolves({ Item: needItem(need) });
    ddb
      .on(GetCommand, { Key: keys.needContact(NEED_ID) })
      .resolves({ Item: { sealed: 'c2VhbGVk', expiresAt: Math.floor(Date.now() / 1000) + 86_400 } });
    const before = Math.floor(Date.now() / 1000);

    const result = await send(
      request({ claims: CLAIMS.amina, body: { action: 'close', expectedVersion: 2 } }),
    );

    expect(result.statusCode).toBe(200);
    expect(writtenKinds()).toEqual(['Referral', 'AuditEvent', 'Notification', 'Update CONTACT']);
    const expiresAt = Number(transactItems()[3]?.Update?.ExpressionAttributeValues?.[':expiresAt']);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 86_400);
    expect(expiresAt).toBeLessThanOrEqual(before + 30 * 86_400 + 60);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  // The contact is read as present, then TTL deletes it before the write: DynamoDB cancels the
  // transaction on the contact's update, and the change is applied again without it.
  it('closes the last open leg even when TTL deletes the contact item between read and write', async () => {
    const resolved = {
      ...accepted,
      status: 'resolved' as const,
      outcome: 'declined' as const,
      resolvedAt: '2026-03-03T00:00:00.000Z',
    };
    const { need } = recordReportedNeed({
      report: maximalReport(),
      actor: AMINA,
      needId: NEED_ID,
      referralIds: [REFERRAL_ID],
      assignments: [{ unitId: 'health', categories: ['health'], routedBy: 'rule' }],
      now: new Date('2026-03-02T09:30:00.000Z'),
      sla: SLA_SETTINGS,
    });
    ddb.on(GetCommand, { Key: keys.referral(REFERRAL_ID) }).resolves({ Item: referralItem(resolved) });
    ddb.on(GetCommand, { Key: keys.need(NEED_ID) }).resolves({ Item: needItem(need) });
    ddb
      .on(GetCommand, { Key: keys.needContact(NEED_ID) })
      .resolves({ Item: { sealed: 'c2VhbGVk', expiresAt: Math.floor(Date.now() / 1000) + 60 } });
    // As DynamoDB answers when the contact item (attribute_exists(pk)) is gone.
    ddb.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
      const reasons = (input.TransactItems ?? []).map((item) => ({
        Code: item.Update?.Key?.sk === 'CONTACT' ? 'ConditionalCheckFailed' : 'None',
      }));
      if (reasons.some((reason) => reason.Code !== 'None')) {
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: reasons,
        });
      }
      return {};
    });

    const result = await send(
      request({ claims: CLAIMS.amina, body: { action: 'close', expectedVersion: 2 } }),
    );

    expect(result.statusCode).toBe(200);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });
});

describe('POST /v1/referrals/{id}/transitions: refusals', () => {
  const refusedWithoutWriting = (result: APIGatewayProxyStructuredResultV2, status: number) => {
    expect(result.statusCode).toBe(status);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(json(result)).toMatchObject({ status, instance: `/v1/referrals/${REFERRAL_ID}/transitions` });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  };

  it('answers a stale expectedVersion with 409 naming the current version', async () => {
    const result = await send(request({ body: { action: 'start', expectedVersion: 1 } }));

    refusedWithoutWriting(result, 409);
    expect(json(result)).toMatchObject({
      type: '/problems/stale-version',
      currentVersion: 2,
      currentStatus: 'accepted',
    });
  });

  it('answers a change that lost the race in the transaction with 409 and the version that won', async () => {
    const won = { ...accepted, status: 'in_progress' as const, version: 3 };
    ddb
      .on(GetCommand, { Key: keys.referral(REFERRAL_ID) })
      .resolvesOnce({ Item: referralItem(accepted) })
      .resolves({ Item: referralItem(won) });
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );

    const result = await send(request({ body: { action: 'start', expectedVersion: 2 } }));

    expect(result.statusCode).toBe(409);
    expect(json(result)).toMatchObject({
      type: '/problems/stale-version',
      currentVersion: 3,
      currentStatus: 'in_progress',
    });
  });

  // Two legs of one need opening new legs at once both update the need: the loser is told to retry.
  it('answers a transaction conflict on the need item with a retryable status, not 500', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'TransactionConflict' },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
        ],
      }),
    );

    const result = await send(
      request({ body: { action: 'transfer', toUnitId: 'housing', expectedVersion: 2 } }),
    );

    expect([409, 503]).toContain(result.statusCode);
  });

  it('answers an action not allowed in the current status with 422 naming it and the allowed actions', async () => {
    const result = await send(request({ body: { action: 'resume', expectedVersion: 2 } }));

    refusedWithoutWriting(result, 422);
    const problem = json(result);
    expect(problem).toMatchObject({ type: '/problems/transition-not-allowed', currentStatus: 'accepted' });
    expect([...problem.allowedActions].sort()).toEqual(['reject', 'start', 'transfer']);
  });

  it.each([
    {
      who: 'the reporting member accepting',
      claims: CLAIMS.amina,
      body: { action: 'accept', expectedVersion: 2 },
    },
    {
      who: 'the directorate starting',
      claims: CLAIMS.director,
      body: { action: 'start', expectedVersion: 2 },
    },
  ])('answers $who with 403', async ({ claims, body }) => {
    const result = await send(request({ claims, body }));

    refusedWithoutWriting(result, 403);
    expect(json(result)).toMatchObject({ type: '/problems/not-permitted' });
  });

  it.each([
    { who: 'staff of another unit', claims: CLAIMS.socialStaff },
    { who: 'another member', claims: CLAIMS.mehmet },
  ])('answers $who with 404, as for a referral that does not exist', async ({ claims }) => {
    const result = await send(request({ claims, body: { action: 'start', expectedVersion: 2 } }));

    refusedWithoutWriting(result, 404);
    expect(json(result)).toMatchObject({ type: '/problems/not-found' });
  });

  it('answers a referral that does not exist with 404', async () => {
    ddb.on(GetCommand, { Key: keys.referral(REFERRAL_ID) }).resolves({});

    const result = await send(request({ body: { action: 'start', expectedVersion: 2 } }));

    refusedWithoutWriting(result, 404);
  });

  it.each([
    { label: 'an unknown action', body: { action: 'archive', expectedVersion: 2 }, fields: ['action'] },
    { label: 'no expectedVersion', body: { action: 'start' }, fields: ['expectedVersion'] },
    {
      label: 'expectedVersion 0',
      body: { action: 'start', expectedVersion: 0 },
      fields: ['expectedVersion'],
    },
    {
      label: 'a resolve without outcome',
      body: { action: 'resolve', expectedVersion: 2 },
      fields: ['outcome'],
    },
    {
      label: 'an unknown outcome',
      body: { action: 'resolve', outcome: 'magic', expectedVersion: 2 },
      fields: ['outcome'],
    },
    {
      label: 'a reject without note',
      body: { action: 'reject', reason: 'other', expectedVersion: 2 },
      fields: ['note'],
    },
    { label: 'a hold without reason', body: { action: 'hold', expectedVersion: 2 }, fields: ['holdReason'] },
    {
      label: 'a note over 1000 characters',
      body: { action: 'start', note: 'x'.repeat(1001), expectedVersion: 2 },
      fields: ['note'],
    },
    {
      label: 'a field another action takes',
      body: { action: 'start', outcome: 'declined', expectedVersion: 2 },
      fields: ['outcome'],
    },
    {
      label: 'a malformed toUnitId',
      body: { action: 'transfer', toUnitId: 'Not A Unit', expectedVersion: 2 },
      fields: ['toUnitId'],
    },
    {
      label: 'a transfer to an unknown unit',
      body: { action: 'transfer', toUnitId: 'astrology', expectedVersion: 2 },
      fields: ['toUnitId'],
    },
    {
      label: 'a transfer to the triage desk',
      body: { action: 'transfer', toUnitId: 'migration-desk', expectedVersion: 2 },
      fields: ['toUnitId'],
    },
    { label: 'a body that is not JSON', body: '{"action":', fields: ['body'] },
  ])('answers $label with 400 naming $fields', async ({ body, fields }) => {
    const result = await send(request({ body }));

    refusedWithoutWriting(result, 400);
    expect(json(result)).toMatchObject({ type: '/problems/validation-failed' });
    expect((json(result).errors as { field: string }[]).map((issue) => issue.field)).toEqual(fields);
  });

  it('answers a path id that is not a ULID with 400 naming id, reading nothing', async () => {
    const result = await send(request({ id: 'REFERRAL#1', body: { action: 'start', expectedVersion: 2 } }));

    expect(result.statusCode).toBe(400);
    expect((json(result).errors as { field: string }[]).map((issue) => issue.field)).toEqual(['id']);
    expect(ddb.commandCalls(GetCommand, { Key: keys.referral('REFERRAL#1') })).toHaveLength(0);
  });

  it('answers a malformed Idempotency-Key with 400', async () => {
    const result = await send(request({ key: 'two words', body: { action: 'start', expectedVersion: 2 } }));

    refusedWithoutWriting(result, 400);
    expect((json(result).errors as { field: string }[]).map((issue) => issue.field)).toEqual([
      'Idempotency-Key',
    ]);
  });
});

describe('POST /v1/referrals/{id}/transitions with an Idempotency-Key', () => {
  it('says the first answer is not replayed, and replays it for a retry without writing again', async () => {
    const first = await send(request({ key: 'start-1', body: { action: 'start', expectedVersion: 2 } }));

    const retry = await send(request({ key: 'start-1', body: { action: 'start', expectedVersion: 2 } }));

    expect(first.statusCode).toBe(200);
    expect(first.headers).toMatchObject({ 'idempotent-replayed': 'false' });
    expect(retry.statusCode).toBe(200);
    expect(retry.headers).toMatchObject({ 'idempotent-replayed': 'true' });
    expect(json(retry)).toEqual(json(first));
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it.each([
    {
      label: 'another body',
      id: REFERRAL_ID,
      body: { action: 'transfer', toUnitId: 'housing', expectedVersion: 2 },
    },
    {
      label: 'another referral',
      id: '01KJP7ZD300000000000000009',
      body: { action: 'start', expectedVersion: 2 },
    },
  ])('answers the same key with $label with 422 idempotency-key-reused', async ({ id, body }) => {
    await send(request({ key: 'start-1', body: { action: 'start', expectedVersion: 2 } }));

    const reused = await send(request({ id, key: 'start-1', body }));

    expect(reused.statusCode).toBe(422);
    expect(reused.headers?.['content-type']).toBe('application/problem+json');
    expect(json(reused)).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('remembers no refusal: after a 422, the same key works for a corrected request', async () => {
    const refused = await send(request({ key: 'k-1', body: { action: 'resume', expectedVersion: 2 } }));
    ddb.on(GetCommand, { Key: keys.referral(REFERRAL_ID) }).resolves({ Item: referralItem(accepted) });

    const corrected = await send(request({ key: 'k-1', body: { action: 'start', expectedVersion: 2 } }));

    expect(refused.statusCode).toBe(422);
    expect(corrected.statusCode).toBe(200);
    expect(corrected.headers).toMatchObject({ 'idempotent-replayed': 'false' });
  });

  it('answers a duplicate of a request still in progress with 409 idempotency-key-in-use', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const gate = deferred();
    ddb
      .on(GetCommand, { Key: keys.referral(REFERRAL_ID) })
      .callsFake(async () => gate.promise.then(() => ({ Item: referralItem(accepted) })));
    const first = send(request({ key: 'slow-1', body: { action: 'start', expectedVersion: 2 } }));
    await vi.advanceTimersByTimeAsync(0);

    const duplicate = send(request({ key: 'slow-1', body: { action: 'start', expectedVersion: 2 } }));
    await vi.runAllTimersAsync();
    const answer = await duplicate;
    gate.resolve();
    await first;

    expect(answer.statusCode).toBe(409);
    expect(answer.headers?.['content-type']).toBe('application/problem+json');
    expect(json(answer)).toMatchObject({ status: 409, type: '/problems/idempotency-key-in-use' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('tells the client when to retry a duplicate of a request in progress (retry-after)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const gate = deferred();
    ddb
      .on(GetCommand, { Key: keys.referral(REFERRAL_ID) })
      .callsFake(async () => gate.promise.then(() => ({ Item: referralItem(accepted) })));
    const first = send(request({ key: 'slow-1', body: { action: 'start', expectedVersion: 2 } }));
    await vi.advanceTimersByTimeAsync(0);

    const duplicate = send(request({ key: 'slow-1', body: { action: 'start', expectedVersion: 2 } }));
    await vi.runAllTimersAsync();
    const answer = await duplicate;
    gate.resolve();
    await first;

    expect(answer.headers).toMatchObject({ 'retry-after': '1' });
  });
});
