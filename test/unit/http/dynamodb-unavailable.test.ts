/**
 * What the real DynamoDB client (shared/adapters/dynamodb/client.ts, with its retries and
 * timeouts) throws when the database is away or broken, and what the one error mapper makes
 * of it: a fake DynamoDB on loopback refuses, hangs up, hangs, or answers 5xx in the ways
 * DynamoDB, DynamoDB Local and proxies do. An outage is a 503 with Retry-After in bounded
 * time, never a 500; a client fault stays a 500.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createDocumentClient,
  DYNAMODB_CLIENT_LIMITS,
  dynamoDbRequestTimeoutMs,
} from '../../../shared/adapters/dynamodb/client.js';
import type { Environment } from '../../../shared/config/environment.js';
import { problemResponse } from '../../../shared/http/problem.js';

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

const servers: Server[] = [];

beforeAll(() => {
  // The client signs its requests; the fake does not check.
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  // The fake is an endpoint, as DynamoDB Local is: the client gets AWS's timeout explicitly.
  process.env.DYNAMODB_REQUEST_TIMEOUT_MS = String(DYNAMODB_CLIENT_LIMITS.requestTimeoutMs);
});

afterAll(() => {
  delete process.env.DYNAMODB_REQUEST_TIMEOUT_MS;
});

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function fakeDynamoDb(answer: Answer): Promise<{ endpoint: string; calls: () => number }> {
  let calls = 0;
  const server = createServer((request, response) => {
    calls++;
    request.resume();
    request.on('end', () => answer(request, response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls: () => calls };
}

/** A port nobody listens on: bound, then closed. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** One GetItem through the product's client; the mapped response and how long it took. */
async function getItemAgainst(endpoint: string) {
  const client = createDocumentClient({
    tableName: 'jisr-test',
    region: 'eu-central-1',
    dynamodbEndpoint: endpoint,
  } as Environment);
  const started = performance.now();
  try {
    await client.send(new GetCommand({ TableName: 'jisr-test', Key: { pk: 'NEED#1', sk: 'NEED' } }));
    throw new Error('expected the call to fail');
  } catch (error) {
    return { error, response: problemResponse(error, '/v1/needs/1'), millis: performance.now() - started };
  } finally {
    client.destroy();
  }
}

const json = (status: number, type: string, message = 'x'): Answer => {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify({ __type: type, message }));
  };
};

function expectUnavailable(response: ReturnType<typeof problemResponse>) {
  expect(response.statusCode).toBe(503);
  expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '2' });
  expect(JSON.parse(String(response.body))).toMatchObject({
    type: '/problems/temporarily-unavailable',
    status: 503,
  });
}

describe('the DynamoDB client against a database that is away', () => {
  it('is refused at once when nothing listens: 503 in well under a second', async () => {
    const { response, millis } = await getItemAgainst(await closedPort());
    expectUnavailable(response);
    expect(millis).toBeLessThan(2_000);
  });

  it('maps a connection the database drops mid-request (socket hang up) to 503, after retrying', async () => {
    const fake = await fakeDynamoDb((request) => request.socket.destroy());
    const { response } = await getItemAgainst(fake.endpoint);
    expectUnavailable(response);
    expect(fake.calls()).toBe(DYNAMODB_CLIENT_LIMITS.maxAttempts);
  });

  it.each([
    {
      label: "DynamoDB's InternalServerError (500)",
      answer: json(500, 'com.amazonaws.dynamodb.v20120810#InternalServerError'),
    },
    {
      label: 'an unmodelled InternalFailure (500)',
      answer: json(500, 'com.amazon.coral.service#InternalFailure'),
    },
    {
      label: 'an empty 503',
      answer: ((_request, response) => {
        response.writeHead(503);
        response.end();
      }) as Answer,
    },
    {
      label: "a proxy's HTML 502",
      answer: ((_request, response) => {
        response.writeHead(502, { 'content-type': 'text/html' });
        response.end('<html><body>502 Bad Gateway</body></html>');
      }) as Answer,
    },
    {
      label: 'a throttled request (400 ThrottlingException)',
      answer: json(400, 'com.amazonaws.dynamodb.v20120810#ThrottlingException'),
    },
  ])('maps $label to 503, after the client retried', async ({ answer }) => {
    const fake = await fakeDynamoDb(answer);
    const { response } = await getItemAgainst(fake.endpoint);
    expectUnavailable(response);
    expect(fake.calls()).toBe(DYNAMODB_CLIENT_LIMITS.maxAttempts);
  });

  it('gives up on a database that accepts and never answers, in bounded time: 503', async () => {
    const fake = await fakeDynamoDb(() => {
      // never answers
    });
    const { response, millis } = await getItemAgainst(fake.endpoint);
    expectUnavailable(response);
    const { maxAttempts, requestTimeoutMs } = DYNAMODB_CLIENT_LIMITS;
    // Each attempt ends at the request timeout; with the retries' short backoff, inside the
    // 10 s function timeout.
    expect(millis).toBeGreaterThanOrEqual(maxAttempts * requestTimeoutMs - 100);
    expect(millis).toBeLessThan(maxAttempts * requestTimeoutMs + 1_500);
    expect(millis).toBeLessThan(10_000);
    expect(fake.calls()).toBe(maxAttempts);
  }, 20_000);

  it('keeps a client fault (a missing table) a 500: it is a bug, not an outage, and is not retried', async () => {
    const fake = await fakeDynamoDb(
      json(400, 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', 'Requested resource not found'),
    );
    const { response } = await getItemAgainst(fake.endpoint);
    expect(response.statusCode).toBe(500);
    expect(response.headers).not.toHaveProperty('retry-after');
    expect(fake.calls()).toBe(1);
  });
});

describe('the request timeout', () => {
  const aws = { tableName: 't', region: 'eu-central-1', dynamodbEndpoint: undefined } as Environment;
  const local = { ...aws, dynamodbEndpoint: 'http://127.0.0.1:8000' } as Environment;

  it('is 2 s in AWS and 8 s against DynamoDB Local, unless DYNAMODB_REQUEST_TIMEOUT_MS says otherwise', () => {
    expect(dynamoDbRequestTimeoutMs(aws, {})).toBe(2_000);
    expect(dynamoDbRequestTimeoutMs(local, {})).toBe(8_000);
    expect(dynamoDbRequestTimeoutMs(aws, { DYNAMODB_REQUEST_TIMEOUT_MS: '1500' })).toBe(1_500);
    expect(dynamoDbRequestTimeoutMs(local, { DYNAMODB_REQUEST_TIMEOUT_MS: '' })).toBe(8_000);
  });

  it('keeps three attempts of it inside the 10 s function timeout in AWS', () => {
    const { maxAttempts, requestTimeoutMs } = DYNAMODB_CLIENT_LIMITS;
    expect(maxAttempts * requestTimeoutMs).toBeLessThan(10_000);
  });

  it.each(['0', '-5', '1.5', 'soon', '600000'])('refuses DYNAMODB_REQUEST_TIMEOUT_MS=%s', (value) => {
    expect(() => dynamoDbRequestTimeoutMs(aws, { DYNAMODB_REQUEST_TIMEOUT_MS: value })).toThrow(
      /DYNAMODB_REQUEST_TIMEOUT_MS must be 100-60000/,
    );
  });
});
