/**
 * The OpenAPI 3.1 document, derived from the route table and the same zod schemas that
 * validate requests, so the contract cannot drift from the code. `npm run openapi` writes
 * it to docs/openapi.json; a test fails when the committed file is stale.
 */
import * as z from 'zod';
import { Problem } from '../shared/schemas/problem.js';
import { ROUTES, type RouteDefinition } from './routes.js';

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return json;
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function operation(route: RouteDefinition) {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const querySchema = route.request?.query === undefined ? undefined : schemaOf(route.request.query, 'input');
  const queryProperties = (querySchema?.properties ?? {}) as Record<string, JsonSchema>;
  const requiredQuery = new Set((querySchema?.required as string[] | undefined) ?? []);
  const queryParameters = Object.entries(queryProperties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: requiredQuery.has(name),
    schema,
  }));
  const headerParameters = (route.request?.headers ?? []).map((header) => ({
    name: header.name,
    in: 'header',
    required: header.required,
    description: header.description,
    schema: { type: 'string' },
  }));
  return {
    operationId: route.functionName.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()),
    summary: route.summary,
    description: `Roles: ${route.roles.join(', ')}.`,
    security: [{ bearerAuth: [] }],
    parameters: [...pathParameters, ...queryParameters, ...headerParameters],
    ...(route.request?.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(route.request.body, 'input') } },
          },
        }),
    responses: {
      [String(route.response.status)]: {
        description: 'Success',
        content: {
          [route.response.contentType?.split(';')[0] ?? 'application/json']: {
            schema: schemaOf(route.response.body, 'output'),
          },
        },
      },
      '400': problem('Invalid input; `errors` names each offending field'),
      '401': problem('Missing, invalid or expired bearer token'),
      '403': problem('Your role may not do this'),
      ...(route.path.includes('{') ? { '404': problem('Not found, or not visible to you') } : {}),
      ...(route.request?.body === undefined
        ? {}
        : {
            '413': problem('Body larger than 32 KiB'),
            '415': problem('Body not application/json'),
            '422': problem('Idempotency-Key reused with a different body'),
          }),
      '503': problem('The database is not answering; retry after the Retry-After header'),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jisr API',
      version: '1.0.0',
      description:
        "Case referral and service inclusion for a city's Migrants and Refugees Council. Errors are RFC 9457 problem details.",
    },
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito ID token in AWS; a token from POST /auth/token in the local runtime',
        },
      },
      schemas: { Problem: schemaOf(Problem, 'output') },
    },
  };
}
