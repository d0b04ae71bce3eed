/**
 * Sign-in. Locally the local issuer (POST /auth/token); in AWS the council's Cognito user
 * pool, called directly (InitiateAuth with USER_PASSWORD_AUTH over HTTPS; first sign-in's
 * NEW_PASSWORD_REQUIRED and MFA codes answered with RespondToAuthChallenge). The ID token is
 * kept in sessionStorage only: closing the tab signs out, nothing lingers on a shared phone.
 */
import type { WebAuthConfig } from './runtime-config.js';

export interface Session {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

const SESSION_KEY = 'jisr.session';

export function loadSession(now = Date.now()): Session | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    if (stored === null || typeof stored.token !== 'string' || typeof stored.expiresAt !== 'number')
      return undefined;
    return stored.expiresAt > now + 30_000 ? stored : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session === undefined) sessionStorage.removeItem(SESSION_KEY);
  else sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

/** What a sign-in attempt asks of the user next. */
export type SignInStep =
  | { readonly kind: 'signed-in'; readonly session: Session }
  | { readonly kind: 'wrong-credentials' }
  | {
      readonly kind: 'challenge';
      readonly challenge: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA';
      readonly username: string;
      readonly cognitoSession: string;
    }
  | { readonly kind: 'failed'; readonly message: string };

export interface Authenticator {
  signIn(username: string, password: string): Promise<SignInStep>;
  /** Answers a challenge (new password or MFA code). */
  respond(step: Extract<SignInStep, { kind: 'challenge' }>, answer: string): Promise<SignInStep>;
}

export function authenticatorFor(config: WebAuthConfig, apiBaseUrl: string, fetcher = fetch): Authenticator {
  return config.kind === 'local'
    ? localAuthenticator(apiBaseUrl, fetcher)
    : cognitoAuthenticator(config.region, config.userPoolClientId, fetcher);
}

function localAuthenticator(apiBaseUrl: string, fetcher: typeof fetch): Authenticator {
  return {
    async signIn(username, password) {
      const response = await fetcher(`${apiBaseUrl}/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (response.status === 401 || response.status === 400) return { kind: 'wrong-credentials' };
      if (!response.ok) return { kind: 'failed', message: `${response.status} ${response.statusText}` };
      const { token, expiresIn } = (await response.json()) as { token: string; expiresIn: number };
      return { kind: 'signed-in', session: { token, expiresAt: Date.now() + expiresIn * 1000 } };
    },
    async respond() {
      return { kind: 'failed', message: 'The local issuer asks no challenges' };
    },
  };
}

const CHALLENGES = ['NEW_PASSWORD_REQUIRED', 'SOFTWARE_TOKEN_MFA', 'SMS_MFA'] as const;
const CHALLENGE_ANSWER: Record<(typeof CHALLENGES)[number], string> = {
  NEW_PASSWORD_REQUIRED: 'NEW_PASSWORD',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  SMS_MFA: 'SMS_MFA_CODE',
};

interface CognitoAnswer {
  AuthenticationResult?: { IdToken?: string; ExpiresIn?: number };
  ChallengeName?: string;
  Session?: string;
  __type?: string;
  message?: string;
}

function cognitoAuthenticator(region: string, clientId: string, fetcher: typeof fetch): Authenticator {
  const call = async (action: string, body: unknown): Promise<CognitoAnswer> => {
    const response = await fetcher(`https://cognito-idp.${region}.amazonaws.com/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(body),
    });
    return (await response.json()) as CognitoAnswer;
  };
  const stepOf = (answer: CognitoAnswer, username: string): SignInStep => {
    const token = answer.AuthenticationResult?.IdToken;
    if (token !== undefined) {
      const lifetime = answer.AuthenticationResult?.ExpiresIn ?? 3600;
      return { kind: 'signed-in', session: { token, expiresAt: Date.now() + lifetime * 1000 } };
    }
    const challenge = CHALLENGES.find((name) => name === answer.ChallengeName);
    if (challenge !== undefined && answer.Session !== undefined)
      return { kind: 'challenge', challenge, username, cognitoSession: answer.Session };
    const type = answer.__type?.split('#').pop();
    if (type === 'NotAuthorizedException' || type === 'UserNotFoundException')
      return { kind: 'wrong-credentials' };
    return { kind: 'failed', message: answer.message ?? answer.ChallengeName ?? 'Sign-in failed' };
  };
  return {
    async signIn(username, password) {
      const answer = await call('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      });
      return stepOf(answer, username);
    },
    async respond(step, answer) {
      const reply = await call('RespondToAuthChallenge', {
        ChallengeName: step.challenge,
        ClientId: clientId,
        Session: step.cognitoSession,
        ChallengeResponses: { USERNAME: step.username, [CHALLENGE_ANSWER[step.challenge]]: answer },
      });
      return stepOf(reply, step.username);
    },
  };
}
