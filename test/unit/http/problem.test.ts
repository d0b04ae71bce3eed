import {
  ConditionalCheckFailedException,
  DynamoDBServiceException,
  InternalServerError,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  Conflict,
  NotAuthenticated,
  NotFound,
  NotPermitted,
  PayloadTooLarge,
  TemporarilyUnavailable,
  Unprocessable,
  UnsupportedMediaType,
  ValidationFailed,
} from '../../../shared/domain/errors.js';
import { isClientError, isUnavailable, problemResponse } from '../../../shared/http/problem.js';
import { Problem } from '../../../shared/schemas/problem.js';

function problemOf(response: ReturnType<typeof problemResponse>) {
  return Problem.loose().parse(JSON.parse(String(response.body)));
}

const connectionRefused = (port: number) =>
  Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), { code: 'ECONNREFUSED' });

describe('problemResponse', () => {
  it.each([
    {
      error: new ValidationFailed([{ field: 'district', message: 'unknown district' }]),
      status: 400,
      type: '/problems/validation-failed',
    },
    { error: new NotAuthenticated('token missing'), status: 401, type: '/problems/not-authenticated' },
    { error: new NotPermitted('not for your role'), status: 403, type: '/problems/not-permitted' },
    { error: new NotFound('No such referral'), status: 404, type: '/problems/not-found' },
    { error: new PayloadTooLarge('too big'), status: 413, type: '/problems/payload-too-large' },
    { error: new UnsupportedMediaType('json only'), status: 415, type: '/problems/unsupported-media-type' },
    {
      error: new Unprocessable('key reused', 'idempotency-key-reused'),
      status: 422,
      type: '/problems/idempotency-key-reused',
    },
    {
      error: new Conflict('changed since you read it', 'stale-version'),
      status: 409,
      type: '/problems/stale-version',
    },
    { error: new TemporarilyUnavailable('busy'), status: 503, type: '/problems/temporarily-unavailable' },
  ])('maps $error.name to $status $type', ({ error, status, type }) => {
    const response = problemResponse(error, '/v1/needs');

    expect(response.statusCode).toBe(status);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    const problem = problemOf(response);
    expect(problem).toMatchObject({ type, status, detail: error.message, instance: '/v1/needs' });
    expect(problem.title.length).toBeGreaterThan(0);
  });

  it('names the offending fields of a validation failure', () => {
    const error = new ValidationFailed([
      { field: 'beneficiary.householdSize', message: 'too big' },
      { field: 'categories.1', message: 'unknown category' },
    ]);

    const problem = problemOf(problemResponse(error));

    expect(problem.errors).toEqual([
      { field: 'beneficiary.householdSize', message: 'too big' },
      { field: 'categories.1', message: 'unknown category' },
    ]);
    expect(problem.detail).toBe('Invalid beneficiary.householdSize, categories.1');
  });

  it('leaves out errors and instance when there are none', () => {
    const problem = problemOf(problemResponse(new NotFound('No such need')));

    expect(problem).not.toHaveProperty('errors');
    expect(problem).not.toHaveProperty('instance');
  });

  it('turns a ZodError into a 400 naming the field', () => {
    const parsed = z.strictObject({ limit: z.number().max(100) }).safeParse({ limit: 101 });
    if (parsed.success) throw new Error('expected a failure');

    const response = problemResponse(parsed.error);

    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.map((issue) => issue.field)).toEqual(['limit']);
  });

  it('adds the extensions of an Unprocessable to the problem', () => {
    const error = new Unprocessable('stale', 'stale-version', { currentVersion: 4 });

    const problem = problemOf(problemResponse(error));

    expect(problem).toMatchObject({ status: 422, type: '/problems/stale-version', currentVersion: 4 });
  });

  it('adds the extensions of a Conflict to the problem, under a conflict title', () => {
    const error = new Conflict('stale', 'stale-version', { currentVersion: 4, currentStatus: 'accepted' });

    const problem = problemOf(problemResponse(error, '/v1/referrals/R1/transitions'));

    expect(problem).toMatchObject({
      status: 409,
      type: '/problems/stale-version',
      currentVersion: 4,
      currentStatus: 'accepted',
      detail: 'stale',
      instance: '/v1/referrals/R1/transitions',
    });
  });

  it('does not let extensions override the core problem fields', () => {
    const error = new Conflict('stale', 'stale-version', {
      status: 200,
      type: 'about:blank',
      detail: 'fine',
    });

    const problem = problemOf(problemResponse(error));

    expect(problem).toMatchObject({ status: 409, type: '/problems/stale-version', detail: 'stale' });
  });

  it('asks for a bearer token on 401', () => {
    const response = problemResponse(new NotAuthenticated('A valid bearer token is required'));

    expect(response.headers?.['www-authenticate']).toBe('Bearer');
  });

  it('tells the client when to retry a TemporarilyUnavailable', () => {
    const response = problemResponse(new TemporarilyUnavailable('still being recorded', 7));

    expect(response.headers?.['retry-after']).toBe('7');
  });

  it.each([
    {
      label: "DynamoDB's ThrottlingException",
      error: new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }),
    },
    {
      label: "an error named 'ThrottlingException'",
      error: Object.assign(new Error('slow down'), { name: 'ThrottlingException' }),
    },
    {
      label: "an error named 'ProvisionedThroughputExceededException'",
      error: Object.assign(new Error('x'), { name: 'ProvisionedThroughputExceededException' }),
    },
    { label: "an error with code 'ECONNREFUSED'", error: connectionRefused(8000) },
    {
      label: 'an AggregateError of ECONNREFUSED errors',
      error: new AggregateError([connectionRefused(8000), connectionRefused(8001)], 'connect failed'),
    },
    {
      label: 'an error caused by ECONNRESET',
      error: new Error('socket hang up', {
        cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
      }),
    },
    {
      label: "the SDK's socket hang up (a TimeoutError with code ECONNRESET)",
      error: Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }),
    },
    {
      label: "the SDK's request timeout (throwOnRequestTimeout)",
      error: Object.assign(
        new Error(
          '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 2000 ms requestTimeout.',
        ),
        { name: 'TimeoutError', code: 'ETIMEDOUT' },
      ),
    },
    {
      label: "the SDK's connection timeout",
      error: Object.assign(new Error('the request socket did not establish a connection'), {
        name: 'TimeoutError',
      }),
    },
    {
      label: 'a DNS lookup that failed for now (EAI_AGAIN)',
      error: Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }),
    },
    {
      label: "DynamoDB's InternalServerError",
      error: new InternalServerError({
        message: 'Internal server error',
        $metadata: { httpStatusCode: 500 },
      }),
    },
    {
      label: 'an unmodelled 500 (InternalFailure, $fault server)',
      error: new DynamoDBServiceException({
        name: 'InternalFailure',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      }),
    },
    {
      label: 'an empty 503 (the SDK names it Unknown)',
      error: new DynamoDBServiceException({
        name: 'Unknown',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
      }),
    },
    {
      label: "a proxy's HTML 502 (the SDK fails to deserialize it, keeping the status)",
      error: Object.assign(new SyntaxError('Unexpected token \'<\', "<html>Bad "... is not valid JSON'), {
        $metadata: { httpStatusCode: 502 },
      }),
    },
    {
      label: 'a persistence error of the idempotency layer caused by a refused connection',
      error: new Error('Failed to save in progress record to idempotency store', {
        cause: connectionRefused(8000),
      }),
    },
  ])('answers $label with 503 and retry-after', ({ error }) => {
    const response = problemResponse(error);

    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'retry-after': '2',
    });
    expect(problemOf(response)).toMatchObject({ status: 503, type: '/problems/temporarily-unavailable' });
  });

  it.each([
    { label: 'an unknown Error', error: new Error('table jisr-prod-secret: item NEED#123 is corrupt') },
    { label: 'a TypeError', error: new TypeError("Cannot read properties of undefined (reading 'secret')") },
    { label: 'a thrown string', error: 'secret string' },
    {
      label: 'an AggregateError of unknown errors',
      error: new AggregateError([new Error('secret one')], 'secret'),
    },
    {
      label: 'a missing table (a client fault: a deployment bug, not an outage)',
      error: new ResourceNotFoundException({ message: 'secret table', $metadata: { httpStatusCode: 400 } }),
    },
    {
      label: 'a failed condition no use case expected',
      error: new ConditionalCheckFailedException({ message: 'secret', $metadata: { httpStatusCode: 400 } }),
    },
    {
      label: 'a 4xx the SDK does not know',
      error: new DynamoDBServiceException({
        name: 'ValidationException',
        message: 'secret',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    },
  ])('answers $label with a generic 500 that does not leak the message', ({ error }) => {
    const response = problemResponse(error, '/v1/needs');

    expect(response.statusCode).toBe(500);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.headers).not.toHaveProperty('retry-after');
    expect(String(response.body)).not.toContain('secret');
    expect(problemOf(response)).toMatchObject({ status: 500, type: '/problems/internal-error' });
  });
});

describe('isUnavailable and isClientError', () => {
  it('does not follow an error that is its own cause forever', () => {
    const error = new Error('loop');
    Object.assign(error, { cause: error });

    expect(isUnavailable(error)).toBe(false);
  });

  it.each([
    { error: new ValidationFailed([]), client: true },
    { error: new NotAuthenticated('x'), client: true },
    { error: new NotPermitted('x'), client: true },
    { error: new NotFound('x'), client: true },
    { error: new Unprocessable('x', 'y'), client: true },
    { error: new Conflict('x', 'y'), client: true },
    { error: new PayloadTooLarge('x'), client: true },
    { error: new UnsupportedMediaType('x'), client: true },
    { error: new TemporarilyUnavailable('x'), client: false },
    { error: new Error('x'), client: false },
  ])('counts $error.name as a client error: $client', ({ error, client }) => {
    expect(isClientError(error)).toBe(client);
  });
});
