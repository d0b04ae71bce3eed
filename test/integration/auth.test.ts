import { describe, expect, inject, it } from 'vitest';
import { ROUTES } from '../../infra/routes.js';
import { ApiClient } from '../support/api-client.js';

const api = new ApiClient(inject('baseUrl'));

describe('POST /auth/token (local issuer)', () => {
  it('gives a demo user a token and its lifetime', async () => {
    const response = await api.request<{ token: string; expiresIn: number }>('POST', '/auth/token', {
      body: { username: 'member.amina', password: 'jisr-demo' },
    });
    expect(response.status).toBe(200);
    expect(response.body.token.split('.')).toHaveLength(3);
    expect(response.body.expiresIn).toBe(3600);
  });

  it.each([
    ['a wrong password', { username: 'member.amina', password: 'nope' }],
    ['an unknown user', { username: 'nobody', password: 'jisr-demo' }],
  ])('refuses %s with 401', async (_, credentials) => {
    const response = await api.request('POST', '/auth/token', { body: credentials });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('names the missing fields with 400', async () => {
    const response = await api.request<{ errors: { field: string }[] }>('POST', '/auth/token', { body: {} });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.field)).toEqual(['username', 'password']);
  });
});

describe('bearer tokens', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a malformed header', 'Token abc'],
    ['a garbage token', 'Bearer abc.def.ghi'],
  ])('%s → 401 problem', async (_, authorization) => {
    const response = await api.request('GET', '/v1/me', {
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 401, type: '/problems/not-authenticated' });
  });

  it('refuses a token whose claims were forged (signature no longer matches)', async () => {
    const token = await api.token('member.amina');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['directorate'] })).toString(
      'base64url',
    );
    const response = await api.request('GET', '/v1/me', {
      headers: { authorization: `Bearer ${header}.${forged}.${signature}` },
    });
    expect(response.status).toBe(401);
  });

  it('guards every declared route: without a token each answers 401, not 404', async () => {
    for (const route of ROUTES) {
      const path = route.path.replace('{id}', '01ARZ3NDEKTSV4RRFFQ69G5FAV');
      const response = await api.request(route.method, path);
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await api.as('director', 'GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('GET /v1/me', () => {
  it.each([
    ['member.amina', { username: 'member.amina', role: 'council-member' }],
    ['staff.health', { username: 'staff.health', role: 'unit-staff', unitId: 'health' }],
    ['staff.social', { username: 'staff.social', role: 'unit-staff', unitId: 'social-assistance' }],
    ['director', { username: 'director', role: 'directorate' }],
  ])('tells %s who they are', async (username, expected) => {
    const response = await api.as(username, 'GET', '/v1/me');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(expected);
  });
});
