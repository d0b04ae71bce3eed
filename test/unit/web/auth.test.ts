/**
 * Sign-in against Cognito's API (InitiateAuth / RespondToAuthChallenge) with a fake fetch:
 * the request shapes the browser sends and each answer Cognito may give.
 */
import { describe, expect, it, vi } from 'vitest';
import { authenticatorFor } from '../../../web/src/auth.js';

const COGNITO = { kind: 'cognito', region: 'eu-central-1', userPoolClientId: 'client-123' } as const;

function fakeFetch(...answers: unknown[]) {
  const calls: { url: string; target: string; body: Record<string, unknown> }[] = [];
  const fetcher = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const headers = init?.headers as Record<string, string>;
    calls.push({
      url: String(url),
      target: headers['X-Amz-Target'] ?? '',
      body: JSON.parse(String(init?.body)),
    });
    return new Response(JSON.stringify(answers[calls.length - 1]), {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
    });
  });
  return { fetcher: fetcher as unknown as typeof fetch, calls };
}

describe('Cognito sign-in', () => {
  it('signs in with USER_PASSWORD_AUTH on the council’s client and keeps the ID token', async () => {
    const { fetcher, calls } = fakeFetch({
      AuthenticationResult: { IdToken: 'id.token.sig', ExpiresIn: 3600 },
    });
    const step = await authenticatorFor(COGNITO, '', fetcher).signIn('amina', 'correct horse');
    expect(step).toMatchObject({ kind: 'signed-in', session: { token: 'id.token.sig' } });
    expect(calls[0]).toEqual({
      url: 'https://cognito-idp.eu-central-1.amazonaws.com/',
      target: 'AWSCognitoIdentityProviderService.InitiateAuth',
      body: {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: 'client-123',
        AuthParameters: { USERNAME: 'amina', PASSWORD: 'correct horse' },
      },
    });
  });

  it('answers a first sign-in’s NEW_PASSWORD_REQUIRED challenge', async () => {
    const { fetcher, calls } = fakeFetch(
      { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'session-1', ChallengeParameters: {} },
      { AuthenticationResult: { IdToken: 'fresh.token', ExpiresIn: 3600 } },
    );
    const authenticator = authenticatorFor(COGNITO, '', fetcher);
    const challenge = await authenticator.signIn('amina', 'temporary');
    expect(challenge).toEqual({
      kind: 'challenge',
      challenge: 'NEW_PASSWORD_REQUIRED',
      username: 'amina',
      cognitoSession: 'session-1',
    });
    if (challenge.kind !== 'challenge') throw new Error('expected a challenge');
    const done = await authenticator.respond(challenge, 'a long new passphrase');
    expect(done.kind).toBe('signed-in');
    expect(calls[1]?.body).toEqual({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: 'client-123',
      Session: 'session-1',
      ChallengeResponses: { USERNAME: 'amina', NEW_PASSWORD: 'a long new passphrase' },
    });
  });

  it('sends an MFA code as the challenge asks', async () => {
    const { fetcher, calls } = fakeFetch(
      { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's' },
      { AuthenticationResult: { IdToken: 't' } },
    );
    const authenticator = authenticatorFor(COGNITO, '', fetcher);
    const challenge = await authenticator.signIn('director', 'pw');
    if (challenge.kind !== 'challenge') throw new Error('expected a challenge');
    await authenticator.respond(challenge, '123456');
    expect(calls[1]?.body.ChallengeResponses).toEqual({
      USERNAME: 'director',
      SOFTWARE_TOKEN_MFA_CODE: '123456',
    });
  });

  it.each([
    ['NotAuthorizedException', { kind: 'wrong-credentials' }],
    ['UserNotFoundException', { kind: 'wrong-credentials' }],
    ['PasswordResetRequiredException', { kind: 'failed', message: 'Password reset required' }],
  ])('maps %s', async (type, expected) => {
    const { fetcher } = fakeFetch({ __type: type, message: 'Password reset required' });
    expect(await authenticatorFor(COGNITO, '', fetcher).signIn('x', 'y')).toEqual(expected);
  });
});

describe('local sign-in', () => {
  it('posts to the local issuer and maps 401 to wrong credentials', async () => {
    const ok = vi.fn(
      async () => new Response(JSON.stringify({ token: 'local.token', expiresIn: 3600 }), { status: 200 }),
    );
    const step = await authenticatorFor(
      { kind: 'local', demoUsers: [], demoPassword: 'x' },
      'http://api',
      ok as unknown as typeof fetch,
    ).signIn('director', 'jisr-demo');
    expect(step).toMatchObject({ kind: 'signed-in', session: { token: 'local.token' } });
    expect(ok).toHaveBeenCalledWith('http://api/auth/token', expect.objectContaining({ method: 'POST' }));

    const refused = vi.fn(async () => new Response('{}', { status: 401 }));
    expect(
      await authenticatorFor(
        { kind: 'local', demoUsers: [], demoPassword: 'x' },
        '',
        refused as unknown as typeof fetch,
      ).signIn('director', 'wrong'),
    ).toEqual({ kind: 'wrong-credentials' });
  });
});
