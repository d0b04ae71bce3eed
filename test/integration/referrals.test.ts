import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Referral, ReportNeedResponse } from '../../shared/schemas/referral.js';
import { ApiClient, validReport } from '../support/api-client.js';
import { withoutElapsedTime } from '../support/sla.js';

const api = new ApiClient(inject('baseUrl'));

type Page = { items: Referral[]; nextCursor: string | null };
type Problem = { status: number; errors?: { field: string }[] };

/** Reads every page of a list, following nextCursor. */
async function allPages(username: string, query: string, limit = 100): Promise<Referral[]> {
  const items: Referral[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await api.as<Page>(username, 'GET', `/v1/referrals?limit=${limit}${query}${suffix}`);
    expect(response.status).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
  } while (cursor !== null);
  return items;
}

let healthReferral: Referral;
let socialReferral: Referral;
let mehmetReferral: Referral;

beforeAll(async () => {
  const amina = await api.reportNeed<ReportNeedResponse>(
    'member.amina',
    validReport({ categories: ['health', 'disability'], priority: 'priority' }),
  );
  [healthReferral, socialReferral] = amina.body.referrals as [Referral, Referral];
  const mehmet = await api.reportNeed<ReportNeedResponse>(
    'member.mehmet',
    validReport({ categories: ['education'] }),
  );
  mehmetReferral = mehmet.body.referrals[0] as Referral;
});

describe('GET /v1/referrals', () => {
  it("gives unit staff their unit's inbox and nothing else", async () => {
    const health = await allPages('staff.health', '');
    expect(health.map((referral) => referral.id)).toContain(healthReferral.id);
    expect(new Set(health.map((referral) => referral.unitId))).toEqual(new Set(['health']));
    const social = await allPages('staff.social', '');
    expect(social.map((referral) => referral.id)).toContain(socialReferral.id);
    expect(social.map((referral) => referral.id)).not.toContain(healthReferral.id);
  });

  it('refuses unit staff a look into another unit (403)', async () => {
    expect((await api.as('staff.health', 'GET', '/v1/referrals?unitId=education')).status).toBe(403);
    expect((await api.as('staff.health', 'GET', '/v1/referrals?unitId=health')).status).toBe(200);
  });

  it('gives a council member the referrals of their own needs only', async () => {
    const amina = (await allPages('member.amina', '')).map((referral) => referral.id);
    expect(amina).toEqual(expect.arrayContaining([healthReferral.id, socialReferral.id]));
    expect(amina).not.toContain(mehmetReferral.id);
    expect((await api.as('member.amina', 'GET', '/v1/referrals?unitId=health')).status).toBe(403);
  });

  it('gives the directorate every referral, newest first, filtered by unit or status', async () => {
    const all = await allPages('director', '');
    const ids = all.map((referral) => referral.id);
    expect(ids).toEqual(expect.arrayContaining([healthReferral.id, socialReferral.id, mehmetReferral.id]));
    expect([...ids].sort().reverse()).toEqual(ids);
    const education = await allPages('director', '&unitId=education');
    expect(education.map((referral) => referral.id)).toContain(mehmetReferral.id);
    expect(new Set(education.map((referral) => referral.unitId))).toEqual(new Set(['education']));
    const routed = await allPages('director', '&status=routed');
    expect(routed.map((referral) => referral.id)).toEqual(
      expect.arrayContaining([healthReferral.id, socialReferral.id, mehmetReferral.id]),
    );
    expect(new Set(routed.map((referral) => referral.status))).toEqual(new Set(['routed']));
    const resolved = await allPages('director', '&status=resolved');
    expect(resolved.map((referral) => referral.id)).not.toContain(healthReferral.id);
    for (const referral of resolved) expect(referral.status).toBe('resolved');
  });

  it('pages with an opaque cursor, without gaps or repeats', async () => {
    const whole = await allPages('director', '', 100);
    const paged = await allPages('director', '', 2);
    expect(paged.map((referral) => referral.id)).toEqual(whole.map((referral) => referral.id));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['status=lost', 'status'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['colour=red', 'colour'],
  ])('refuses ?%s with 400 naming %s', async (query, field) => {
    const response = await api.as<Problem>('director', 'GET', `/v1/referrals?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((error) => error.field)).toEqual([field]);
  });

  it("refuses a cursor of someone else's list, so a cursor cannot widen what is read", async () => {
    const first = await api.as<Page>('director', 'GET', '/v1/referrals?limit=1');
    const cursor = first.body.nextCursor;
    expect(cursor).not.toBeNull();
    const response = await api.as<Problem>('staff.health', 'GET', `/v1/referrals?cursor=${cursor}`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.field).toBe('cursor');
  });

  it('defaults to 25 items a page', async () => {
    const response = await api.as<Page>('director', 'GET', '/v1/referrals');
    expect(response.body.items.length).toBeLessThanOrEqual(25);
  });
});

describe('GET /v1/referrals/{id}', () => {
  it('shows a referral to its unit, its reporting member and the directorate; 404 to everyone else', async () => {
    const cases: [string, number][] = [
      ['staff.health', 200],
      ['member.amina', 200],
      ['director', 200],
      ['staff.social', 404],
      ['staff.education', 404],
      ['member.mehmet', 404],
    ];
    for (const [username, status] of cases) {
      const response = await api.as<Referral>(username, 'GET', `/v1/referrals/${healthReferral.id}`);
      expect(response.status, username).toBe(status);
      if (status === 200) {
        expect(withoutElapsedTime(response.body)).toEqual(withoutElapsedTime(healthReferral));
        for (const field of ['id', 'needId', 'unitId', 'status', 'version', 'createdAt', 'updatedAt']) {
          expect(response.body, field).toHaveProperty(field);
        }
        expect(response.body).not.toHaveProperty('memberId');
        expect(response.body).not.toHaveProperty('pk');
      }
    }
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await api.as('director', 'GET', '/v1/referrals/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await api.as('director', 'GET', '/v1/referrals/%F0%9F%98%80')).status).toBe(400);
  });
});
