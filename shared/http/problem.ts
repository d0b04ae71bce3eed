/**
 * The one place where errors become HTTP responses: RFC 9457 problem details
 * (application/problem+json). Anything unexpected is a 500 without internals.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import {
  Conflict,
  type FieldIssue,
  JisrError,
  NotAuthenticated,
  NotFound,
  NotPermitted,
  PayloadTooLarge,
  TemporarilyUnavailable,
  Unprocessable,
  UnsupportedMediaType,
  ValidationFailed,
} from '../domain/errors.js';
import type { Problem } from '../schemas/problem.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Problem types are relative URIs; README lists them. */
const problemType = (slug: string) => `/problems/${slug}`;

const TITLES: Record<string, string> = {
  'validation-failed': 'Your request has invalid fields',
  'not-authenticated': 'Authentication required',
  'not-permitted': 'Not allowed for your role',
  'not-found': 'Not found',
  'payload-too-large': 'Request body too large',
  'unsupported-media-type': 'Unsupported content type',
  'temporarily-unavailable': 'Temporarily unavailable, please retry',
  'internal-error': 'Internal error',
};

const STATUS: Record<string, number> = {
  'validation-failed': 400,
  'not-authenticated': 401,
  'not-permitted': 403,
  'not-found': 404,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  conflict: 409,
  unprocessable: 422,
  'temporarily-unavailable': 503,
  'internal-error': 500,
};

/** SDK and network errors that mean "the database is not answering right now". */
const UNAVAILABLE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * Whether the service answered with a 5xx: the SDK marks such errors `$fault: "server"` and
 * keeps the status in `$metadata`, also when the body was not its JSON (a proxy's HTML 502,
 * an empty 503), which it then reports as an unknown or deserialization error.
 */
function isServerFault(error: Error): boolean {
  const { $fault, $metadata } = error as { $fault?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = $metadata?.httpStatusCode;
  return $fault === 'server' || (typeof status === 'number' && status >= 500 && status <= 599);
}

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  // A transaction DynamoDB cancelled because it throttled one of its items.
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (
    UNAVAILABLE_ERRORS.has(error.name) ||
    isServerFault(error) ||
    (Array.isArray(reasons) && reasons.some((reason) => reason?.Code === 'ThrottlingError')) ||
    (typeof code === 'string' && UNAVAILABLE_ERRORS.has(code)) ||
    (cause !== undefined && cause !== error && isUnavailable(cause)) ||
    (error instanceof AggregateError && error.errors.some(isUnavailable))
  );
}

/**
 * A key as a field names it: a key of nothing but blanks or invisible characters (`""`, `" "`,
 * a zero-width space) is quoted, so that the field is still named.
 */
const fieldName = (key: PropertyKey) => {
  const name = String(key);
  return /^[\p{White_Space}\p{Cf}]*$/u.test(name) ? JSON.stringify(name) : name;
};

/** Zod issues → field issues, one per offending field (unknown keys each named). */
export function fieldIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  const issues = error.issues.flatMap((issue) => {
    const base = [...(prefix === undefined ? [] : [prefix]), ...issue.path.map(fieldName)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...base, fieldName(key)].join('.'),
        message: 'is not a known field',
      }));
    }
    return [{ field: base.join('.') || (prefix ?? 'body'), message: issue.message }];
  });
  // One entry per field: the first issue (e.g. the wrong type) is the one worth reading.
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.field) && seen.add(issue.field));
}

export function problemResponse(error: unknown, instance?: string): APIGatewayProxyStructuredResultV2 {
  const normalized = normalize(error);
  const kind = normalized.kind;
  const status = STATUS[kind] ?? 500;
  const problem: Problem = {
    ...(normalized instanceof Unprocessable || normalized instanceof Conflict ? normalized.extensions : {}),
    type: problemType(
      normalized instanceof Unprocessable || normalized instanceof Conflict ? normalized.problemType : kind,
    ),
    title:
      TITLES[kind] ??
      (normalized instanceof Conflict
        ? 'Conflicting change'
        : normalized instanceof Unprocessable
          ? 'Request cannot be processed'
          : 'Error'),
    status,
    detail: normalized.message,
    ...(instance === undefined ? {} : { instance }),
    ...(normalized instanceof ValidationFailed ? { errors: [...normalized.issues] } : {}),
  };
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (
    normalized instanceof TemporarilyUnavailable ||
    (normalized instanceof Conflict && normalized.retryAfterSeconds !== undefined)
  ) {
    headers['retry-after'] = String(normalized.retryAfterSeconds);
  }
  if (normalized instanceof NotAuthenticated) headers['www-authenticate'] = 'Bearer';
  return { statusCode: status, headers, body: JSON.stringify(problem) };
}

class InternalError extends JisrError {
  readonly kind = 'internal-error';
}

function normalize(error: unknown): JisrError {
  if (error instanceof JisrError) return error;
  if (error instanceof z.ZodError) return new ValidationFailed(fieldIssues(error));
  if (isUnavailable(error)) return new TemporarilyUnavailable('The database is not answering; retry shortly');
  return new InternalError('Something went wrong on our side; it has been logged');
}

export const isClientError = (error: unknown) =>
  error instanceof ValidationFailed ||
  error instanceof NotAuthenticated ||
  error instanceof NotPermitted ||
  error instanceof NotFound ||
  error instanceof Unprocessable ||
  error instanceof Conflict ||
  error instanceof PayloadTooLarge ||
  error instanceof UnsupportedMediaType;
