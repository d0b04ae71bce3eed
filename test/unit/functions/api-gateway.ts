/** API Gateway HTTP API (payload 2.0) events and a Lambda context, for calling real handlers. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';

/** Claims as API Gateway's JWT authorizer passes them: every value a string, arrays as "[a b]". */
export const CLAIMS = {
  amina: { sub: 'sub-amina', 'cognito:username': 'member.amina', 'cognito:groups': '[council-members]' },
  mehmet: { sub: 'sub-mehmet', 'cognito:username': 'member.mehmet', 'cognito:groups': '[council-members]' },
  healthStaff: {
    sub: 'sub-staff-health',
    'cognito:username': 'staff.health',
    'cognito:groups': '[unit-staff]',
    'custom:unitId': 'health',
  },
  socialStaff: {
    sub: 'sub-staff-social',
    'cognito:username': 'staff.social',
    'cognito:groups': '[unit-staff]',
    'custom:unitId': 'social-assistance',
  },
  director: { sub: 'sub-director', 'cognito:username': 'director', 'cognito:groups': '[directorate]' },
} satisfies Record<string, Record<string, string>>;

export function apiEvent(args: {
  routeKey: string;
  path: string;
  /** Undefined: no authorizer context at all. */
  claims: Record<string, string> | undefined;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method = 'GET'] = args.routeKey.split(' ');
  return {
    version: '2.0',
    routeKey: args.routeKey,
    rawPath: args.path,
    rawQueryString: '',
    headers: { host: 'api.example.test', ...args.headers },
    ...(args.pathParameters === undefined ? {} : { pathParameters: args.pathParameters }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'unit',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path: args.path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: args.routeKey,
      stage: '$default',
      time: '02/Mar/2026:09:30:00 +0000',
      timeEpoch: 1_772_443_800_000,
      ...(args.claims === undefined
        ? {}
        : {
            authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: args.claims, scopes: [] } },
          }),
    },
    ...(args.body === undefined ? {} : { body: args.body }),
    isBase64Encoded: args.isBase64Encoded ?? false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'request-1',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'unit',
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
