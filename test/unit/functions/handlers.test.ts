/**
 * The real route handlers behind the HTTP wrapper, with DynamoDB simulated by
 * aws-sdk-client-mock: the document client the adapters use, and the plain client through
 * which Powertools idempotency keeps its records (simulated by IdempotencyRecords). What a
 * client sees for each outcome of the database calls.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient, ThrottlingException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCouncilSettings } from '../../../infra/council.js';
import { setClock } from '../../../shared/adapters/clock.js';
import { contactVaultFromEnvironment } from '../../../shared/adapters/crypto/contact-vault.js';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import { referralItem, referralOf } from '../../../shared/adapters/dynamodb/records.js';
import { councilSeedItems } from '../../../shared/adapters/dynamodb/seed.js';
import { referralView } from '../../../shared/domain/need.js';
import type { ApiEvent, ApiResult } from '../../../shared/http/api-handler.js';
import { ReportNeedResponse } from '../../../shared/schemas/referral.js';
import { maximalReport, minimalReport, referralRecord, SLA_SETTINGS } from '../builders.js';
import { FIXED_NOW } from '../fakes.js';
import { apiEvent, CLAIMS, lambdaContext } from './api-gateway.js';
import { IdempotencyRecords } from './idempotency-records.js';

type Handler = (event: ApiEvent, context: ReturnType<typeof lambdaContext>) => Promise<ApiResult>;

const TABLE_NAME = 'jisr-unit-test';
const CONTACT_LOCAL_KEY = randomBytes(32).toString('base64');
const ddb = mockClient(DynamoDBDocumentClient);
const plain = mockClient(DynamoDBClient);
const idempotencyRecords = new IdempotencyRecords();
const vault = contactVaultFromEnvironment({ contactKeyArn: undefined, contactLocalKey: CONTACT_LOCAL_KEY });
const [catalogItem, routingRulesItem, slaSettingsItem] = councilSeedItems(loadCouncilSettings('adana'));

let getReferral: Handler;
let postNeed: Handler;

beforeAll(async () => {
  // The handlers read their configuration and build their clients at import time.
  process.env.TABLE_NAME = TABLE_NAME;
  process.env.AWS_REGION = 'eu-central-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.CONTACT_LOCAL_KEY = CONTACT_LOCAL_KEY;
  // The clock the handlers read stands still, so that an SLA view can be compared exactly.
  setClock(FIXED_NOW);
  getReferral = (await import('../../../functions/get-referral/handler.js')).handler;
  postNeed = (await import('../../../functions/report-need/handler.js')).handler;
});

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand, { Key: keys.catalog() }).resolves({ Item: catalogItem });
  ddb.on(GetCommand, { Key: keys.routingRules() }).resolves({ Item: routingRulesItem });
  ddb.on(GetCommand, { Key: keys.slaSettings() }).resolves({ Item: slaSettingsItem });
  plain.reset();
  idempotencyRecords.clear();
  idempotencyRecords.attach(plain);
});

afterAll(() => {
  setClock(undefined);
  ddb.restore();
  plain.restore();
});

const json = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(String(result.body));
const problemFields = (result: APIGatewayProxyStructuredResultV2) =>
  (json(result).errors as { field: string }[]).map((issue) => issue.field);

describe('GET /v1/referrals/{id}', () => {
  const stored = referralRecord({ unitId: 'health', memberId: CLAIMS.amina.sub });
  const request = (claims: Record<string, string> | undefined, id = stored.id) =>
    apiEvent({
      routeKey: 'GET /v1/referrals/{id}',
      path: `/v1/referrals/${id}`,
      claims,
      pathParameters: { id },
    });

  it.each([
    { who: 'staff of its unit', claims: CLAIMS.healthStaff },
    { who: 'the member who reported it', claims: CLAIMS.amina },
    { who: 'the directorate', claims: CLAIMS.director },
  ])('returns the referral itself to $who', async ({ claims }) => {
    ddb.on(GetCommand, { Key: keys.referral(stored.id) }).resolves({ Item: referralItem(stored) });

    const result = await getReferral(request(claims), lambdaContext('get-referral'));

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(json(result)).toEqual(referralView(stored, SLA_SETTINGS, FIXED_NOW));
  });

  it.each([
    { label: 'a referral that does not exist', claims: CLAIMS.healthStaff, item: undefined },
    { label: "another unit's referral", claims: CLAIMS.socialStaff, item: referralItem(stored) },
    { label: "another member's referral", claims: CLAIMS.mehmet, item: referralItem(stored) },
  ])('answers $label with 404', async ({ claims, item }) => {
    ddb.on(GetCommand, { Key: keys.referral(stored.id) }).resolves({ Item: item });

    const result = await getReferral(request(claims), lambdaContext('get-referral'));

    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(json(result)).toMatchObject({ status: 404, type: '/problems/not-found' });
  });

  describe('with the contact of the beneficiary', () => {
    const contact = { name: 'Zeynep Çelik', phone: '+90 322 987 65 43' };
    const shared = referralRecord({
      unitId: 'health',
      memberId: CLAIMS.amina.sub,
      status: 'accepted',
      contactShared: true,
    });
    const contactReads = () =>
      ddb
        .commandCalls(PutCommand)
        .map((call) => call.args[0].input as PutCommandInput)
        .filter((input) => input.Item?.kind === 'ContactRead');

    beforeEach(async () => {
      ddb.on(GetCommand, { Key: keys.referral(shared.id) }).resolves({ Item: referralItem(shared) });
      ddb.on(GetCommand, { Key: keys.needContact(shared.needId) }).resolves({
        Item: {
          sealed: await vault.seal(shared.needId, contact),
          expiresAt: Math.floor(Date.now() / 1000) + 3600,
        },
      });
    });

    it('gives staff of its unit the opened contact, after auditing the read', async () => {
      ddb.on(PutCommand).resolves({});

      const result = await getReferral(request(CLAIMS.healthStaff, shared.id), lambdaContext('get-referral'));

      expect(result.statusCode).toBe(200);
      expect(json(result).contact).toEqual(contact);
      expect(contactReads()).toHaveLength(1);
      expect(contactReads()[0]).toMatchObject({
        TableName: TABLE_NAME,
        ConditionExpression: 'attribute_not_exists(pk)',
        Item: {
          referralId: shared.id,
          needId: shared.needId,
          actorId: CLAIMS.healthStaff.sub,
          actorUnitId: 'health',
        },
      });
      expect(JSON.stringify(contactReads())).not.toContain(contact.phone);
    });

    it.each([
      { who: 'the directorate', claims: CLAIMS.director },
      { who: 'the reporting member', claims: CLAIMS.amina },
    ])('gives $who the referral without the contact, reading none', async ({ claims }) => {
      const result = await getReferral(request(claims, shared.id), lambdaContext('get-referral'));

      expect(result.statusCode).toBe(200);
      expect(json(result)).not.toHaveProperty('contact');
      expect(ddb.commandCalls(GetCommand, { Key: keys.needContact(shared.needId) })).toHaveLength(0);
    });

    it('answers 500 without the contact when the read cannot be audited', async () => {
      ddb.on(PutCommand).rejects(new Error('simulated failure of the audit write'));

      const result = await getReferral(request(CLAIMS.healthStaff, shared.id), lambdaContext('get-referral'));

      expect(result.statusCode).toBe(500);
      expect(result.body).not.toContain(contact.phone);
      expect(result.body).not.toContain(contact.name);
    });
  });

  it('answers a DynamoDB ThrottlingException with 503 and retry-after', async () => {
    ddb.on(GetCommand, { Key: keys.referral(stored.id) }).rejects(
      new ThrottlingException({
        message: 'Rate of requests exceeds the allowed throughput',
        $metadata: {},
      }),
    );

    const result = await getReferral(request(CLAIMS.healthStaff), lambdaContext('get-referral'));

    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '2' });
    expect(json(result)).toMatchObject({ status: 503, type: '/problems/temporarily-unavailable' });
  });

  it('answers an id that is not a ULID with 400 naming "id", without reading the table', async () => {
    const result = await getReferral(
      request(CLAIMS.healthStaff, 'REFERRAL#1'),
      lambdaContext('get-referral'),
    );

    expect(result.statusCode).toBe(400);
    expect(problemFields(result)).toEqual(['id']);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it.each([
    { label: 'no authorizer context', claims: undefined },
    { label: 'claims without sub', claims: { 'cognito:groups': '[directorate]' } },
  ])('answers $label with 401', async ({ claims }) => {
    const result = await getReferral(request(claims), lambdaContext('get-referral'));

    expect(result.statusCode).toBe(401);
    expect(result.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'www-authenticate': 'Bearer',
    });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});

describe('POST /v1/needs', () => {
  const request = (args: {
    claims?: Record<string, string> | undefined;
    body?: string;
    headers?: Record<string, string>;
    isBase64Encoded?: boolean;
  }) =>
    apiEvent({
      routeKey: 'POST /v1/needs',
      path: '/v1/needs',
      claims: 'claims' in args ? args.claims : CLAIMS.amina,
      headers: args.headers ?? { 'content-type': 'application/json', 'idempotency-key': 'key-1' },
      body: args.body ?? JSON.stringify(maximalReport()),
      ...(args.isBase64Encoded === undefined ? {} : { isBase64Encoded: args.isBase64Encoded }),
    });
  const transactItems = (call: number) => {
    const input = ddb.commandCalls(TransactWriteCommand)[call]?.args[0].input as
      | TransactWriteCommandInput
      | undefined;
    return input?.TransactItems ?? [];
  };
  const putItems = (call: number) => transactItems(call).map((item) => item.Put?.Item ?? {});

  it('records the report in one transaction and answers 201 with the routed referrals', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    const result = await postNeed(request({}), lambdaContext('report-need'));

    expect(result.statusCode).toBe(201);
    const body = ReportNeedResponse.parse(json(result));
    expect(body.referrals.map((referral) => referral.unitId)).toEqual(['legal-aid', 'health']);
    expect(result.headers).toMatchObject({
      location: `/v1/needs/${body.need.id}`,
      'idempotent-replayed': 'false',
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(putItems(0).map((item) => item.kind)).toEqual([
      'Reported',
      'Need',
      'Referral',
      'Referral',
      'AuditEvent',
      'AuditEvent',
      'Notification',
      'Notification',
      'NeedContact',
    ]);
    expect(transactItems(0).every((item) => item.Put?.TableName === TABLE_NAME)).toBe(true);
    expect(
      transactItems(0).every((item) => item.Put?.ConditionExpression === 'attribute_not_exists(pk)'),
    ).toBe(true);
    const written = putItems(0).filter((item) => item.kind === 'Referral');
    expect(body.referrals).toEqual(
      written.map((item) => referralView(referralOf(item), SLA_SETTINGS, FIXED_NOW)),
    );
    expect(body.referrals.map((referral) => referral.sla.stage)).toEqual(['running', 'running']);
    expect(written.map((item) => [item.gsi3pk, item.gsi3sk])).toEqual(
      written.map((item) => [
        'SLA_DUE',
        `${(item.slaTrack as { nextEventAt: string }).nextEventAt}#${item.id}`,
      ]),
    );
  });

  it('writes the contact only into its own item, sealed: its name and phone appear nowhere in clear', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const contact = maximalReport().contact ?? { name: '', phone: '' };

    await postNeed(request({}), lambdaContext('report-need'));

    const [contactItem] = putItems(0).filter((item) => item.kind === 'NeedContact');
    const everythingWritten = JSON.stringify([putItems(0), plain.calls().map((call) => call.args[0].input)]);
    expect(everythingWritten).not.toContain(contact.phone);
    expect(everythingWritten).not.toContain(contact.name);
    expect(Object.keys(contactItem ?? {}).sort()).toEqual([
      'expiresAt',
      'kind',
      'needId',
      'pk',
      'sealed',
      'sk',
    ]);
    expect(await vault.open(String(contactItem?.needId), String(contactItem?.sealed))).toEqual(contact);
  });

  it('keeps its Powertools idempotency record in the table, completed with the response', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await postNeed(request({}), lambdaContext('report-need'));

    expect(idempotencyRecords.calls).toEqual(['PutItem', 'UpdateItem']);
    const [record] = [...idempotencyRecords.items.values()];
    expect(record?.pk?.S).toBe(keys.idempotencyPartition('report-need'));
    expect(idempotencyRecords.statuses()).toEqual(['COMPLETED']);
  });

  describe('a retry with the same Idempotency-Key (Powertools)', () => {
    it('replays the first response with idempotent-replayed: true, writing once', async () => {
      ddb.on(TransactWriteCommand).resolves({});
      const first = await postNeed(request({}), lambdaContext('report-need'));

      const retry = await postNeed(request({}), lambdaContext('report-need'));

      expect(retry.statusCode).toBe(201);
      expect(retry.headers).toMatchObject({
        'idempotent-replayed': 'true',
        location: first.headers?.location,
      });
      expect(json(retry)).toEqual(json(first));
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    });

    it('refuses another body as 422 idempotency-key-reused, writing nothing more', async () => {
      ddb.on(TransactWriteCommand).resolves({});
      await postNeed(request({}), lambdaContext('report-need'));
      const otherBody = JSON.stringify({ ...maximalReport(), description: 'A different need' });

      const retry = await postNeed(request({ body: otherBody }), lambdaContext('report-need'));

      expect(retry.statusCode).toBe(422);
      expect(retry.headers?.['content-type']).toBe('application/problem+json');
      expect(json(retry)).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    });

    it("does not replay another member's report under the same key", async () => {
      ddb.on(TransactWriteCommand).resolves({});
      await postNeed(request({}), lambdaContext('report-need'));

      const mehmets = await postNeed(request({ claims: CLAIMS.mehmet }), lambdaContext('report-need'));

      expect(mehmets.statusCode).toBe(201);
      expect(mehmets.headers).toMatchObject({ 'idempotent-replayed': 'false' });
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    });

    it('leaves no record after a refused report, so the corrected body can use the same key', async () => {
      ddb.on(TransactWriteCommand).resolves({});
      const unknownDistrict = JSON.stringify({ ...minimalReport(), district: 'ankara' });

      const refused = await postNeed(request({ body: unknownDistrict }), lambdaContext('report-need'));
      const corrected = await postNeed(
        request({ body: JSON.stringify(minimalReport()) }),
        lambdaContext('report-need'),
      );

      expect(refused.statusCode).toBe(400);
      expect(corrected.statusCode).toBe(201);
      expect(corrected.headers).toMatchObject({ 'idempotent-replayed': 'false' });
    });
  });

  it('accepts a base64-encoded JSON body', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const body = Buffer.from(JSON.stringify(minimalReport()), 'utf8').toString('base64');

    const result = await postNeed(request({ body, isBase64Encoded: true }), lambdaContext('report-need'));

    expect(result.statusCode).toBe(201);
  });

  // The backstop behind Powertools: the first invocation timed out after its transaction
  // committed, so no completed Powertools record exists, and the retry runs the use case again.
  describe('a retry after the first transaction committed, with no Powertools record', () => {
    const alreadyReported = new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
      $metadata: {},
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
    });

    /** Reports once for real, then makes the table answer with what that report wrote. */
    async function reportOnceThenRefuseDuplicates() {
      ddb.on(TransactWriteCommand).resolves({});
      const first = await postNeed(request({}), lambdaContext('report-need'));
      idempotencyRecords.clear();
      const [idempotencyItem, needItem, ...rest] = putItems(0);
      const referralItems = rest.filter((item) => item.kind === 'Referral');
      ddb.on(TransactWriteCommand).rejects(alreadyReported);
      ddb
        .on(GetCommand, { Key: keys.idempotency(CLAIMS.amina.sub, 'key-1') })
        .resolves({ Item: idempotencyItem });
      ddb.on(GetCommand, { Key: keys.need(String(needItem?.id)) }).resolves({ Item: needItem });
      ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE_NAME]: referralItems } });
      return first;
    }

    it('replays the first response when the idempotency record was the cancelled condition', async () => {
      const first = await reportOnceThenRefuseDuplicates();

      const retry = await postNeed(request({}), lambdaContext('report-need'));

      expect(retry.statusCode).toBe(201);
      expect(retry.headers).toMatchObject({ location: first.headers?.location });
      expect(json(retry)).toEqual(json(first));
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    });

    // A replay found by the store's REPORTED# record (Powertools had no completed record) says so.
    it('says idempotent-replayed: true for a replay found by the store', async () => {
      await reportOnceThenRefuseDuplicates();

      const retry = await postNeed(request({}), lambdaContext('report-need'));

      expect(retry.headers).toMatchObject({ 'idempotent-replayed': 'true' });
    });

    it('refuses the same key with another body as 422 idempotency-key-reused', async () => {
      await reportOnceThenRefuseDuplicates();
      const otherBody = JSON.stringify({ ...maximalReport(), description: 'A different need' });

      const retry = await postNeed(request({ body: otherBody }), lambdaContext('report-need'));

      expect(retry.statusCode).toBe(422);
      expect(json(retry)).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });
    });
  });

  it('answers a throttled transaction with 503 and retry-after', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));

    const result = await postNeed(request({}), lambdaContext('report-need'));

    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '2' });
  });

  it('does not take a cancellation on another item than the idempotency record for a replay', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );

    const result = await postNeed(request({}), lambdaContext('report-need'));

    expect(result.statusCode).toBe(500);
    expect(ddb.commandCalls(GetCommand, { Key: keys.idempotency(CLAIMS.amina.sub, 'key-1') })).toHaveLength(
      0,
    );
  });

  // DynamoDB cancels a transaction it throttles with a CancellationReason 'ThrottlingError'.
  it.each([
    { reasons: [{ Code: 'ThrottlingError' }, { Code: 'None' }] },
    { reasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }] },
  ])(
    'answers a transaction cancelled for throttling ($reasons) with 503 and retry-after',
    async ({ reasons }) => {
      ddb.on(TransactWriteCommand).rejects(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: reasons,
        }),
      );

      const result = await postNeed(request({}), lambdaContext('report-need'));

      expect(result.statusCode).toBe(503);
      expect(result.headers).toMatchObject({ 'retry-after': '2' });
    },
  );

  it.each([
    {
      label: 'a malformed JSON body',
      event: () => request({ body: '{"categories": [' }),
      status: 400,
      fields: ['body'],
    },
    {
      label: 'an unknown field',
      event: () => request({ body: JSON.stringify({ ...minimalReport(), extra: true }) }),
      status: 400,
      fields: ['extra'],
    },
    {
      label: 'an oversize household',
      event: () =>
        request({
          body: JSON.stringify({
            ...minimalReport(),
            beneficiary: { ...minimalReport().beneficiary, householdSize: 31 },
          }),
        }),
      status: 400,
      fields: ['beneficiary.householdSize'],
    },
    {
      label: 'an unknown district',
      event: () => request({ body: JSON.stringify({ ...minimalReport(), district: 'ankara' }) }),
      status: 400,
      fields: ['district'],
    },
    {
      label: 'a missing Idempotency-Key',
      event: () => request({ headers: { 'content-type': 'application/json' } }),
      status: 400,
      fields: ['Idempotency-Key'],
    },
    {
      label: 'a malformed Idempotency-Key',
      event: () =>
        request({ headers: { 'content-type': 'application/json', 'idempotency-key': 'two words' } }),
      status: 400,
      fields: ['Idempotency-Key'],
    },
  ])('answers $label with 400 naming $fields, writing nothing', async ({ event, status, fields }) => {
    const result = await postNeed(event(), lambdaContext('report-need'));

    expect(result.statusCode).toBe(status);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(problemFields(result)).toEqual(fields);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it.each([
    {
      label: 'content-type text/plain',
      event: () => request({ headers: { 'content-type': 'text/plain', 'idempotency-key': 'key-1' } }),
      status: 415,
      type: '/problems/unsupported-media-type',
    },
    {
      label: 'no content-type',
      event: () => request({ headers: { 'idempotency-key': 'key-1' } }),
      status: 415,
      type: '/problems/unsupported-media-type',
    },
    {
      label: 'a body over 32 KiB',
      event: () =>
        request({ body: JSON.stringify({ ...minimalReport(), description: 'x'.repeat(32 * 1024) }) }),
      status: 413,
      type: '/problems/payload-too-large',
    },
    {
      label: 'no claims',
      event: () => request({ claims: undefined }),
      status: 401,
      type: '/problems/not-authenticated',
    },
    {
      label: 'unit staff',
      event: () => request({ claims: CLAIMS.healthStaff }),
      status: 403,
      type: '/problems/not-permitted',
    },
    {
      label: 'the directorate',
      event: () => request({ claims: CLAIMS.director }),
      status: 403,
      type: '/problems/not-permitted',
    },
  ])('answers $label with $status', async ({ event, status, type }) => {
    const result = await postNeed(event(), lambdaContext('report-need'));

    expect(result.statusCode).toBe(status);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(json(result)).toMatchObject({ status, type });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('accepts a content-type with a charset and in upper case', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const headers = { 'Content-Type': 'Application/JSON; charset=utf-8', 'Idempotency-Key': 'key-1' };

    const result = await postNeed(request({ headers }), lambdaContext('report-need'));

    expect(result.statusCode).toBe(201);
  });
});
