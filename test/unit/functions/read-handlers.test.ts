/**
 * GET /v1/notifications and GET /v1/referrals/{id}/history through the real handlers, with
 * DynamoDB's document client simulated by aws-sdk-client-mock.
 */
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCouncilSettings } from '../../../infra/council.js';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import { auditItem, notificationItem, referralItem } from '../../../shared/adapters/dynamodb/records.js';
import { councilSeedItems } from '../../../shared/adapters/dynamodb/seed.js';
import type { AuditRecord, NotificationRecord } from '../../../shared/domain/audit.js';
import type { ApiEvent, ApiResult } from '../../../shared/http/api-handler.js';
import { HistoryPage, NotificationPage } from '../../../shared/schemas/transition.js';
import { referralRecord } from '../builders.js';
import { apiEvent, CLAIMS, lambdaContext } from './api-gateway.js';

type Handler = (event: ApiEvent, context: ReturnType<typeof lambdaContext>) => Promise<ApiResult>;

const TABLE_NAME = 'jisr-unit-test';
const ddb = mockClient(DynamoDBDocumentClient);
const [catalogItem, routingRulesItem] = councilSeedItems(loadCouncilSettings('adana'));
const NEED_ID = '01KJP7ZD300000000000000001';
const REFERRAL_ID = '01KJP7ZD300000000000000002';

let listNotifications: Handler;
let history: Handler;

beforeAll(async () => {
  process.env.TABLE_NAME = TABLE_NAME;
  process.env.AWS_REGION = 'eu-central-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  listNotifications = (await import('../../../functions/list-notifications/handler.js')).handler;
  history = (await import('../../../functions/get-referral-history/handler.js')).handler;
});

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand, { Key: keys.catalog() }).resolves({ Item: catalogItem });
  ddb.on(GetCommand, { Key: keys.routingRules() }).resolves({ Item: routingRulesItem });
});

afterAll(() => {
  ddb.restore();
});

const json = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(String(result.body));
const queries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input as QueryCommandInput);

describe('GET /v1/notifications', () => {
  const notification = (minute: number, overrides: Partial<NotificationRecord> = {}): NotificationRecord => ({
    memberId: CLAIMS.amina.sub,
    needId: NEED_ID,
    referralId: REFERRAL_ID,
    unitId: 'health',
    status: 'accepted',
    sequence: 2,
    at: `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`,
    ...overrides,
  });
  const request = (
    claims: Record<string, string>,
    args: { query?: Record<string, string>; headers?: Record<string, string> } = {},
  ) => {
    const event = apiEvent({
      routeKey: 'GET /v1/notifications',
      path: '/v1/notifications',
      claims,
      ...(args.headers === undefined ? {} : { headers: args.headers }),
    });
    return { ...event, ...(args.query === undefined ? {} : { queryStringParameters: args.query }) };
  };
  const send = (event: ApiEvent) => listNotifications(event, lambdaContext('list-notifications'));

  it("reads the member's own notifications, newest first, and tells them in the language asked for", async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        notificationItem(notification(3, { status: 'resolved', outcome: 'service_provided', sequence: 4 })),
        notificationItem(notification(2)),
      ],
    });

    const result = await send(
      request(CLAIMS.amina, { headers: { 'accept-language': 'ar-SY,ar;q=0.9,en;q=0.5' } }),
    );

    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ vary: 'Accept-Language' });
    const page = NotificationPage.parse(json(result));
    expect(page.items.map((item) => [item.status, item.language])).toEqual([
      ['resolved', 'ar'],
      ['accepted', 'ar'],
    ]);
    expect(page.items[0]?.message).toContain('وحدة الصحة');
    expect(json(result).items[0]).not.toHaveProperty('memberId');
    expect(json(result).items[0]).not.toHaveProperty('sequence');
    expect(queries()).toEqual([
      expect.objectContaining({
        TableName: TABLE_NAME,
        ScanIndexForward: false,
        Limit: 25,
        ExpressionAttributeValues: { ':pk': `MEMBER#${CLAIMS.amina.sub}`, ':prefix': 'NOTIFICATION#' },
      }),
    ]);
    expect(queries()[0]).not.toHaveProperty('IndexName');
  });

  it("answers in the council's default language (Turkish) when nothing else says", async () => {
    ddb.on(QueryCommand).resolves({ Items: [notificationItem(notification(2))] });

    const result = await send(request(CLAIMS.amina));

    expect(json(result).items[0]).toMatchObject({
      language: 'tr',
      message: 'Sağlık Birimi yönlendirmeyi kabul etti.',
    });
  });

  it('gives a cursor for the next page, bound to the member', async () => {
    const last = keys.notification(CLAIMS.amina.sub, '2026-03-02T10:02:00.000Z', REFERRAL_ID, 2);
    ddb.on(QueryCommand).resolves({ Items: [notificationItem(notification(2))], LastEvaluatedKey: last });

    const first = await send(request(CLAIMS.amina, { query: { limit: '1' } }));
    const next = await send(request(CLAIMS.amina, { query: { limit: '1', cursor: json(first).nextCursor } }));
    const stolen = await send(
      request(CLAIMS.mehmet, { query: { limit: '1', cursor: json(first).nextCursor } }),
    );

    expect(next.statusCode).toBe(200);
    expect(queries()[1]).toMatchObject({ Limit: 1, ExclusiveStartKey: last });
    expect(stolen.statusCode).toBe(400);
    expect(json(stolen)).toMatchObject({ errors: [{ field: 'cursor' }] });
  });

  it.each([
    { who: 'unit staff', claims: CLAIMS.healthStaff },
    { who: 'the directorate', claims: CLAIMS.director },
  ])('answers $who with 403, reading nothing', async ({ claims }) => {
    const result = await send(request(claims));

    expect(result.statusCode).toBe(403);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(json(result)).toMatchObject({ status: 403, type: '/problems/not-permitted' });
    expect(queries()).toHaveLength(0);
  });

  it.each<{ label: string; query: Record<string, string>; field: string }>([
    { label: 'a limit over 100', query: { limit: '101' }, field: 'limit' },
    { label: 'a limit of 0', query: { limit: '0' }, field: 'limit' },
    { label: 'an unknown parameter', query: { status: 'routed' }, field: 'status' },
  ])('answers $label with 400 naming $field', async ({ query, field }) => {
    const result = await send(request(CLAIMS.amina, { query }));

    expect(result.statusCode).toBe(400);
    expect((json(result).errors as { field: string }[]).map((issue) => issue.field)).toEqual([field]);
    expect(queries()).toHaveLength(0);
  });
});

describe('GET /v1/referrals/{id}/history', () => {
  const stored = referralRecord({
    id: REFERRAL_ID,
    needId: NEED_ID,
    memberId: CLAIMS.amina.sub,
    unitId: 'health',
    status: 'accepted',
    version: 2,
  });
  const trail: AuditRecord[] = [
    {
      referralId: REFERRAL_ID,
      needId: NEED_ID,
      unitId: 'health',
      sequence: 1,
      action: 'report',
      fromStatus: null,
      toStatus: 'routed',
      actorId: CLAIMS.amina.sub,
      actorRole: 'council-member',
      at: '2026-03-02T09:30:00.000Z',
    },
    {
      referralId: REFERRAL_ID,
      needId: NEED_ID,
      unitId: 'health',
      sequence: 2,
      action: 'accept',
      fromStatus: 'routed',
      toStatus: 'accepted',
      actorId: CLAIMS.healthStaff.sub,
      actorRole: 'unit-staff',
      actorUnitId: 'health',
      note: 'Family called; appointment on Monday',
      at: '2026-03-02T10:00:00.000Z',
    },
  ];
  const request = (claims: Record<string, string>) =>
    apiEvent({
      routeKey: 'GET /v1/referrals/{id}/history',
      path: `/v1/referrals/${REFERRAL_ID}/history`,
      claims,
      pathParameters: { id: REFERRAL_ID },
    });
  const send = (event: ApiEvent) => history(event, lambdaContext('get-referral-history'));

  beforeEach(() => {
    ddb.on(GetCommand, { Key: keys.referral(REFERRAL_ID) }).resolves({ Item: referralItem(stored) });
    ddb.on(QueryCommand).resolves({ Items: trail.map(auditItem) });
  });

  it('gives staff of its unit the whole trail in order, from the referral partition', async () => {
    const result = await send(request(CLAIMS.healthStaff));

    expect(result.statusCode).toBe(200);
    expect(HistoryPage.parse(json(result))).toEqual({ items: trail, nextCursor: null });
    expect(queries()[0]).toMatchObject({
      ScanIndexForward: true,
      Limit: 100,
      ExpressionAttributeValues: { ':pk': `REFERRAL#${REFERRAL_ID}`, ':prefix': 'AUDIT#' },
    });
  });

  it('gives the reporting member the trail without the note or the staff member', async () => {
    const result = await send(request(CLAIMS.amina));

    expect(result.statusCode).toBe(200);
    expect(result.body).not.toContain('appointment on Monday');
    expect(result.body).not.toContain(CLAIMS.healthStaff.sub);
    expect(json(result).items[1]).toMatchObject({
      actorId: 'unit-staff',
      actorRole: 'unit-staff',
      action: 'accept',
    });
  });

  it.each([
    { who: 'staff of another unit', claims: CLAIMS.socialStaff },
    { who: 'another member', claims: CLAIMS.mehmet },
  ])('answers $who with 404, reading no history', async ({ claims }) => {
    const result = await send(request(claims));

    expect(result.statusCode).toBe(404);
    expect(queries()).toHaveLength(0);
  });
});
