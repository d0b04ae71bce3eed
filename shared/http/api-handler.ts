/**
 * Every route's Lambda is this wrapper around one use-case call: it establishes the actor
 * from the authorizer's claims, parses and validates input with the route's zod schemas,
 * and maps any error to problem+json in one place. Handlers stay a few lines long.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod';
import { withCapacityTally } from '../adapters/dynamodb/capacity.js';
import type { Actor } from '../domain/actor.js';
import { PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from '../domain/errors.js';
import { logger } from '../observability/logger.js';
import { actorFromClaims } from './claims.js';
import { fieldIssues, isClientError, problemResponse } from './problem.js';

/** Largest JSON body any route accepts; the biggest valid report is well under it. */
export const MAX_BODY_BYTES = 32 * 1024;

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export interface ApiRequest<Body, Query> {
  readonly actor: Actor;
  readonly body: Body;
  readonly query: Query;
  readonly pathParameters: Readonly<Record<string, string | undefined>>;
  /** Header names are lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The Lambda context (remaining time, request id). */
  readonly context: Context;
}

/** A JSON answer, or (`text` and `contentType`) a text document: an export, a printable page. */
export type Reply =
  | { readonly status: number; readonly body: unknown; readonly headers?: Record<string, string> }
  | {
      readonly status: number;
      readonly text: string;
      readonly contentType: string;
      readonly headers?: Record<string, string>;
    };

interface Spec<BodySchema extends z.ZodType | undefined, QuerySchema extends z.ZodType | undefined> {
  readonly body?: BodySchema;
  readonly query?: QuerySchema;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export function apiHandler<
  BodySchema extends z.ZodType | undefined = undefined,
  QuerySchema extends z.ZodType | undefined = undefined,
>(
  spec: Spec<BodySchema, QuerySchema>,
  run: (request: ApiRequest<Infer<BodySchema>, Infer<QuerySchema>>) => Promise<Reply>,
) {
  const handle = async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const started = performance.now();
    const { result, capacity } = await withCapacityTally(async () => {
      try {
        const actor = actorFromClaims(event.requestContext.authorizer?.jwt?.claims);
        const headers = lowerCaseHeaders(event.headers);
        const body = (
          spec.body === undefined ? undefined : parseBody(spec.body, event, headers)
        ) as Infer<BodySchema>;
        const query = (
          spec.query === undefined ? undefined : parseQuery(spec.query, event.queryStringParameters)
        ) as Infer<QuerySchema>;
        const reply = await run({
          actor,
          body,
          query,
          pathParameters: event.pathParameters ?? {},
          headers,
          context,
        });
        return jsonResponse(reply);
      } catch (error) {
        if (isClientError(error)) logger.info('request refused', { error: (error as Error).name });
        else logger.error('request failed', error as Error);
        return problemResponse(error, event.rawPath);
      }
    });
    logger.info('request completed', {
      routeKey: event.routeKey,
      status: result.statusCode,
      durationMs: Math.round(performance.now() - started),
      consumedCapacity: capacity.total,
    });
    return result;
  };
  return middy<ApiEvent, ApiResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(handle);
}

function jsonResponse(reply: Reply): ApiResult {
  if ('text' in reply) {
    return {
      statusCode: reply.status,
      headers: { 'content-type': reply.contentType, ...reply.headers },
      body: reply.text,
    };
  }
  return {
    statusCode: reply.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...reply.headers },
    body: JSON.stringify(reply.body),
  };
}

function lowerCaseHeaders(headers: ApiEvent['headers'] | undefined): Record<string, string | undefined> {
  const lower: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) lower[name.toLowerCase()] = value;
  return lower;
}

function parseBody(schema: z.ZodType, event: ApiEvent, headers: Record<string, string | undefined>): unknown {
  const contentType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new UnsupportedMediaType('Send the body as application/json');
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > MAX_BODY_BYTES) {
    throw new PayloadTooLarge(`The body is ${bytes.byteLength} bytes; the limit is ${MAX_BODY_BYTES}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ValidationFailed(
      [{ field: 'body', message: 'is not valid JSON' }],
      'The body is not valid JSON',
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ValidationFailed(fieldIssues(parsed.error));
  return parsed.data;
}

function parseQuery(schema: z.ZodType, parameters: ApiEvent['queryStringParameters']): unknown {
  const parsed = schema.safeParse({ ...parameters });
  if (!parsed.success) throw new ValidationFailed(fieldIssues(parsed.error));
  return parsed.data;
}

/** Path ids are validated like any other input, naming the parameter. */
export function pathId(
  request: ApiRequest<unknown, unknown>,
  name: string,
  schema: z.ZodType<string>,
): string {
  const parsed = schema.safeParse(request.pathParameters[name]);
  if (!parsed.success) throw new ValidationFailed(fieldIssues(parsed.error, name));
  return parsed.data;
}
