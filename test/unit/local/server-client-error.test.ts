/**
 * Requests Node's HTTP parser refuses before the local gateway sees them (found by fuzzing:
 * a 20 KB query string got Node's bare 431 with no body) are answered with a problem too.
 */
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalIssuer } from '../../../local/issuer.js';
import { createLocalServer } from '../../../local/server.js';

let server: ReturnType<typeof createLocalServer>;
let port: number;

beforeAll(async () => {
  server = createLocalServer({ routes: [], issuer: await LocalIssuer.create() });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends raw bytes and reads the whole answer (the server closes the connection after it). */
function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
    });
  });
}

describe('requests the HTTP parser refuses', () => {
  it.each([
    [
      'a 20 KB query string',
      `GET /v1/referrals?cursor=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      431,
    ],
    ['a 20 KB header', `GET /v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`, 431],
    ['a malformed request line', 'NOT HTTP AT ALL\r\n\r\n', 400],
    ['a bad header line', 'GET /v1/me HTTP/1.1\r\nno colon here\r\n\r\n', 400],
  ])('answers %s with a problem document', async (_, request, status) => {
    const answer = await raw(request);
    expect(answer.status).toBe(status);
    expect(answer.headers).toContain('content-type: application/problem+json');
    const problem = JSON.parse(answer.body) as Record<string, unknown>;
    expect(problem).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//) });
    expect(problem.title).toEqual(expect.any(String));
    expect(problem.detail).toEqual(expect.any(String));
  });
});
