/**
 * The API Gateway event the local gateway builds from a request: query parameters as API
 * Gateway passes them. Found by fuzzing: `?__proto__=x` was dropped (so a strict query schema
 * let it through, where AWS refuses it) and `?constructor=x` arrived as
 * "function Object() { [native code] },x".
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { apiGatewayEvent } from '../../../local/api-gateway-event.js';
import { fieldIssues } from '../../../shared/http/problem.js';

const request = { method: 'GET', headers: {}, httpVersion: '1.1', socket: {} } as unknown as IncomingMessage;

const queryOf = (search: string) =>
  apiGatewayEvent({
    request,
    url: new URL(`http://localhost/v1/referrals${search}`),
    routeKey: 'GET /v1/referrals',
    pathParameters: {},
    body: Buffer.alloc(0),
    claims: {},
  }).queryStringParameters;

describe('query parameters of the local API Gateway event', () => {
  it('joins a repeated parameter with commas, as API Gateway does', () => {
    expect({ ...queryOf('?status=routed&status=accepted&limit=5') }).toEqual({
      status: 'routed,accepted',
      limit: '5',
    });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'passes ?%s=x as a parameter like any other',
    (name) => {
      const query = { ...queryOf(`?${name}=x&${name}=y`) };
      expect(Object.keys(query)).toEqual([name]);
      expect(Object.getOwnPropertyDescriptor(query, name)?.value).toBe('x,y');
    },
  );

  it('so that a strict query schema refuses ?__proto__=x, naming it', () => {
    const parsed = z.strictObject({ limit: z.string().optional() }).safeParse({ ...queryOf('?__proto__=x') });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(fieldIssues(parsed.error).map((issue) => issue.field)).toEqual(['__proto__']);
  });

  it('has no query parameters when there are none', () => {
    expect(queryOf('')).toBeUndefined();
  });
});
