import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import type { Need } from '../../shared/schemas/need.js';
import type { Referral, ReportNeedResponse } from '../../shared/schemas/referral.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { settle } from '../support/events.js';
import { withoutElapsedTime } from '../support/sla.js';
import { tableInspector } from '../support/table.js';

const api = new ApiClient(inject('baseUrl'));
const table = tableInspector(inject('dynamodbEndpoint'), inject('tableName'));
/**
 * The table's item count once the stream consumers are done: the dashboard's rollups (cells and
 * ledgers) are written from the stream a moment after every report, whoever made it.
 */
const settledCount = async () => {
  await settle(api);
  return await table.count();
};

const needCount = async () => (await table.items()).filter((item) => item.kind === 'Need').length;

type Problem = {
  type: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
};

describe('POST /v1/needs', () => {
  it('records the need and routes it: one referral per unit, triage when no rule matches', async () => {
    const response = await api.reportNeed<ReportNeedResponse>(
      'member.amina',
      validReport({ categories: ['documentation', 'legal-aid', 'other'], cohesionRisks: ['discrimination'] }),
    );
    expect(response.status).toBe(201);
    const { need, referrals } = response.body;
    expect(response.headers.get('location')).toBe(`/v1/needs/${need.id}`);
    expect(response.headers.get('idempotent-replayed')).toBe('false');
    expect(need).toMatchObject({
      categories: ['documentation', 'legal-aid', 'other'],
      district: 'seyhan',
      cohesionRisks: ['discrimination'],
      vulnerabilities: [],
      hasContact: false,
      consent: { shareWithUnits: true, scope: 'service-units' },
    });
    expect(referrals.map((referral) => [referral.unitId, referral.categories, referral.routedBy])).toEqual([
      ['legal-aid', ['documentation', 'legal-aid'], 'rule'],
      ['migration-desk', ['other'], 'triage'],
    ]);
    for (const referral of referrals) {
      expect(referral).toMatchObject({ needId: need.id, status: 'routed', version: 1 });
      expect(referral.createdAt).toBe(need.createdAt);
      expect(referral.updatedAt).toBe(need.createdAt);
    }
    expect(need.referralIds).toEqual(referrals.map((referral) => referral.id));
  });

  it('keeps contact data out of every response, sealed in an item of its own with an expiry', async () => {
    const response = await api.reportNeed<ReportNeedResponse>(
      'member.amina',
      validReport({ contact: { name: 'Zeynab Canary-7731', phone: '+90 555 000 77 31' } }),
    );
    expect(response.status).toBe(201);
    expect(JSON.stringify(response.body)).not.toContain('Canary-7731');
    expect(response.body.need.hasContact).toBe(true);
    const read = await api.as('member.amina', 'GET', `/v1/needs/${response.body.need.id}`);
    expect(JSON.stringify(read.body)).not.toContain('Canary-7731');
    const items = await table.items();
    const contact = items.find(
      (item) => item.pk === `NEED#${response.body.need.id}` && item.sk === 'CONTACT',
    );
    expect(typeof contact?.sealed).toBe('string');
    expect(typeof contact?.expiresAt).toBe('number');
    // Envelope-encrypted: the plain name and phone are nowhere in the table.
    expect(items.filter((item) => JSON.stringify(item).includes('Canary-7731'))).toEqual([]);
    expect(items.filter((item) => JSON.stringify(item).includes('555 000 77 31'))).toEqual([]);
  });

  describe('Idempotency-Key', () => {
    it('returns the first answer to a retry and writes nothing more', async () => {
      const key = randomUUID();
      const first = await api.reportNeed<ReportNeedResponse>('member.mehmet', validReport(), key);
      const itemsAfterFirst = await settledCount();
      const retry = await api.reportNeed<ReportNeedResponse>('member.mehmet', validReport(), key);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      // The same need and referrals; only the SLA clocks have moved on since the first answer.
      expect({ ...retry.body, referrals: retry.body.referrals.map(withoutElapsedTime) }).toEqual({
        ...first.body,
        referrals: first.body.referrals.map(withoutElapsedTime),
      });
      expect(await settledCount()).toBe(itemsAfterFirst);
    });

    it('refuses the same key with a different body (422) and writes nothing', async () => {
      const key = randomUUID();
      await api.reportNeed('member.mehmet', validReport(), key);
      const before = await settledCount();
      const response = await api.reportNeed<Problem>(
        'member.mehmet',
        validReport({ priority: 'urgent' }),
        key,
      );
      expect(response.status).toBe(422);
      expect(response.body.type).toBe('/problems/idempotency-key-reused');
      expect(await settledCount()).toBe(before);
    });

    it('never records two needs for concurrent duplicates', async () => {
      const key = randomUUID();
      const needsBefore = await needCount();
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          api.reportNeed<ReportNeedResponse>('member.amina', validReport(), key),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
      expect(new Set(responses.map((response) => response.body.need.id)).size).toBe(1);
      expect(await needCount()).toBe(needsBefore + 1);
    });

    it('scopes keys to the member: the same key from two members makes two needs', async () => {
      const key = randomUUID();
      const amina = await api.reportNeed<ReportNeedResponse>('member.amina', validReport(), key);
      const mehmet = await api.reportNeed<ReportNeedResponse>('member.mehmet', validReport(), key);
      expect(amina.body.need.id).not.toBe(mehmet.body.need.id);
    });

    it.each([
      ['missing', undefined],
      ['too long', 'k'.repeat(101)],
      ['with spaces', 'my key'],
    ])('is required and well-formed (%s → 400 naming it)', async (_, key) => {
      const response = await api.as<Problem>('member.amina', 'POST', '/v1/needs', {
        body: validReport(),
        headers: key === undefined ? {} : { 'idempotency-key': key },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors?.map((error) => error.field)).toEqual(['Idempotency-Key']);
    });
  });

  const base = validReport();
  it.each<[string, unknown, string[]]>([
    ['no categories', { ...base, categories: [] }, ['categories']],
    [
      'four categories',
      { ...base, categories: ['health', 'education', 'housing', 'employment'] },
      ['categories'],
    ],
    ['a repeated category', { ...base, categories: ['health', 'health'] }, ['categories']],
    ['an unknown category', { ...base, categories: ['health', 'astrology'] }, ['categories.1']],
    ['an unknown district', { ...base, district: 'atlantis' }, ['district']],
    ['an unknown vulnerability', { ...base, vulnerabilities: ['bad_luck'] }, ['vulnerabilities.0']],
    ['an unknown cohesion risk', { ...base, cohesionRisks: ['gossip'] }, ['cohesionRisks.0']],
    ['an empty description', { ...base, description: '   ' }, ['description']],
    ['a 2001-character description', { ...base, description: 'ع'.repeat(2001) }, ['description']],
    ['a 101-character neighbourhood', { ...base, neighbourhood: 'x'.repeat(101) }, ['neighbourhood']],
    ['a wrong priority', { ...base, priority: 'asap' }, ['priority']],
    [
      'a household of 31',
      { ...base, beneficiary: { ...base.beneficiary, householdSize: 31 } },
      ['beneficiary.householdSize'],
    ],
    [
      'a fractional household',
      { ...base, beneficiary: { ...base.beneficiary, householdSize: 2.5 } },
      ['beneficiary.householdSize'],
    ],
    [
      'disability as a string',
      { ...base, beneficiary: { ...base.beneficiary, disability: 'yes' } },
      ['beneficiary.disability'],
    ],
    [
      'an unknown age group',
      { ...base, beneficiary: { ...base.beneficiary, ageGroup: '100+' } },
      ['beneficiary.ageGroup'],
    ],
    ['an unknown field', { ...base, urgency: 'high' }, ['urgency']],
    [
      'an unknown nested field',
      { ...base, consent: { shareWithUnits: true, forever: true } },
      ['consent.forever'],
    ],
    ['missing consent', { ...base, consent: undefined }, ['consent']],
    ['a bad phone', { ...base, contact: { name: 'A', phone: 'call me' } }, ['contact.phone']],
    ['a control character', { ...base, description: 'a\u0000b' }, ['description']],
    ['an array body', [base], ['body']],
  ])('refuses %s with 400 naming the field, writing nothing', async (_, body, fields) => {
    const before = await settledCount();
    const response = await api.reportNeed<Problem>('member.amina', body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.errors?.map((error) => error.field)).toEqual(fields);
    expect(await settledCount()).toBe(before);
  });

  it('refuses malformed JSON (400), another content type (415) and an oversize body (413)', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const malformed = await api.as<Problem>('member.amina', 'POST', '/v1/needs', {
      rawBody: '{"categories":',
      headers,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.[0]?.field).toBe('body');
    const text = await api.as('member.amina', 'POST', '/v1/needs', {
      rawBody: 'hello',
      headers: { ...headers, 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const huge = await api.as('member.amina', 'POST', '/v1/needs', {
      body: { ...validReport(), description: 'x'.repeat(40_000) },
      headers,
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toBe('application/problem+json');
  });

  it.each(['staff.health', 'director'])('is for council members only: %s gets 403', async (username) => {
    const response = await api.reportNeed<Problem>(username, validReport());
    expect(response.status).toBe(403);
    expect(response.body.type).toBe('/problems/not-permitted');
  });
});

describe('GET /v1/needs/{id}', () => {
  it('shows the reporting member and the directorate the need with its referrals; others get 404', async () => {
    const reported = await api.reportNeed<ReportNeedResponse>(
      'member.amina',
      validReport({ categories: ['health', 'housing'] }),
    );
    const id = reported.body.need.id;
    for (const username of ['member.amina', 'director']) {
      const response = await api.as<Need & { referrals: Referral[] }>(username, 'GET', `/v1/needs/${id}`);
      expect(response.status, username).toBe(200);
      expect(response.body.id).toBe(id);
      expect(response.body.referrals.map((referral) => referral.unitId)).toEqual(['health', 'housing']);
    }
    for (const username of ['member.mehmet', 'staff.health', 'staff.social']) {
      const response = await api.as<Problem>(username, 'GET', `/v1/needs/${id}`);
      expect(response.status, username).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await api.as('director', 'GET', '/v1/needs/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    const malformed = await api.as<Problem>('director', 'GET', '/v1/needs/not-an-id');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.[0]?.field).toBe('id');
  });
});
