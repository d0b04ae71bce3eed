/** API Gateway v2 events for calling the handlers in-process (for capacity accounting). */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type RouteDefinition, routeKey } from '../infra/routes.js';
import { DEMO_USERS, demoUserId } from '../local/issuer.js';
import { GROUP_OF_ROLE } from '../shared/http/claims.js';

export function claimsOf(username: string): Record<string, string> {
  const user = DEMO_USERS.find((candidate) => candidate.username === username);
  if (user === undefined) throw new Error(`no demo user ${username}`);
  return {
    sub: demoUserId(username),
    'cognito:username': username,
    'cognito:groups': `[${GROUP_OF_ROLE[user.role]}]`,
    ...(user.unitId === undefined ? {} : { 'custom:unitId': user.unitId }),
  };
}

export function eventFor(
  route: RouteDefinition,
  options: {
    username: string;
    pathParameters?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
  },
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_, name: string) => options.pathParameters?.[name] ?? '');
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath,
    rawQueryString: new URLSearchParams(options.query).toString(),
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.query === undefined ? {} : { queryStringParameters: options.query }),
    ...(options.pathParameters === undefined ? {} : { pathParameters: options.pathParameters }),
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'bench',
      domainPrefix: 'bench',
      http: {
        method: route.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      requestId: 'bench',
      routeKey: routeKey(route),
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: claimsOf(options.username), scopes: [] },
      },
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}
