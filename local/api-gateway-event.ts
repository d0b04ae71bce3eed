/**
 * Turns a local HTTP request into the API Gateway HTTP API (payload 2.0) event the Lambda
 * handlers receive in AWS, with the JWT claims stringified the way the authorizer does.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { JWTPayload } from 'jose';

/** API Gateway passes every claim as a string; arrays become "[a b]". */
export function authorizerClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) continue;
    claims[name] = Array.isArray(value)
      ? `[${value.join(' ')}]`
      : typeof value === 'string'
        ? value
        : String(value);
  }
  return claims;
}

export function apiGatewayEvent(args: {
  request: IncomingMessage;
  url: URL;
  routeKey: string;
  pathParameters: Record<string, string>;
  body: Buffer;
  claims: Record<string, string>;
  scopes?: string[];
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { request, url, body } = args;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // No prototype: `?__proto__=x` and `?constructor=x` are parameters like any other, as in AWS.
  const query = Object.create(null) as Record<string, string>;
  for (const [name, value] of url.searchParams)
    query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
  const textual = /^(application\/(json|problem\+json|x-www-form-urlencoded)|text\/)/i.test(
    headers['content-type'] ?? '',
  );
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: args.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length === 0 ? {} : { queryStringParameters: query }),
    ...(Object.keys(args.pathParameters).length === 0 ? {} : { pathParameters: args.pathParameters }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: args.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: args.claims, scopes: args.scopes ?? [] },
      },
    },
    ...(body.length === 0
      ? {}
      : textual
        ? { body: body.toString('utf8'), isBase64Encoded: false }
        : { body: body.toString('base64'), isBase64Encoded: true }),
    isBase64Encoded: body.length > 0 && !textual,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export function lambdaContext(functionName: string, requestId: string): Context {
  const deadline = Date.now() + 10_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
