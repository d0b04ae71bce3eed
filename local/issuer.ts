/**
 * The local stand-in for Cognito: demo users sign in with a password and get an ID token
 * shaped like Cognito's (sub, cognito:username, cognito:groups, custom:unitId), signed with
 * a key made at start. The local server verifies it as API Gateway's JWT authorizer would.
 */
import { createHash, scryptSync, timingSafeEqual } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Role } from '../shared/domain/vocabulary.js';
import { GROUP_OF_ROLE } from '../shared/http/claims.js';

export const DEMO_PASSWORD = 'jisr-demo';
export const LOCAL_ISSUER = 'jisr-local-issuer';
export const LOCAL_AUDIENCE = 'jisr-local-web';
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface DemoUser {
  readonly username: string;
  readonly role: Role;
  readonly unitId?: string;
  readonly locale: 'ar' | 'tr' | 'en';
  readonly description: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'member.amina',
    role: 'council-member',
    locale: 'ar',
    description: 'council member (refugee representative)',
  },
  { username: 'member.mehmet', role: 'council-member', locale: 'tr', description: 'council member (NGO)' },
  {
    username: 'staff.health',
    role: 'unit-staff',
    unitId: 'health',
    locale: 'tr',
    description: 'health unit staff',
  },
  {
    username: 'staff.social',
    role: 'unit-staff',
    unitId: 'social-assistance',
    locale: 'tr',
    description: 'social assistance unit staff',
  },
  {
    username: 'staff.education',
    role: 'unit-staff',
    unitId: 'education',
    locale: 'en',
    description: 'education unit staff',
  },
  { username: 'director', role: 'directorate', locale: 'tr', description: 'migration directorate' },
];

/** A stable pseudonymous id per demo user, so persisted data stays theirs across restarts. */
export function demoUserId(username: string): string {
  const hex = createHash('sha256').update(`jisr-demo-user:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type CryptoKeyLike = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const SALT = 'jisr-local-issuer';
const hashPassword = (password: string) => scryptSync(password, SALT, 32);

export class LocalIssuer {
  private readonly passwordHash = hashPassword(DEMO_PASSWORD);

  private constructor(
    private readonly privateKey: CryptoKeyLike,
    private readonly publicKey: CryptoKeyLike,
    readonly jwks: { keys: JWK[] },
    private readonly users: readonly DemoUser[],
  ) {}

  static async create(users: readonly DemoUser[] = DEMO_USERS): Promise<LocalIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'local-1', alg: 'ES256', use: 'sig' };
    return new LocalIssuer(privateKey, publicKey, { keys: [jwk] }, users);
  }

  /** Returns an ID token, or undefined when the username or password is wrong. */
  async signIn(username: string, password: string): Promise<string | undefined> {
    const user = this.users.find((candidate) => candidate.username === username);
    const matches = timingSafeEqual(hashPassword(password), this.passwordHash);
    if (user === undefined || !matches) return undefined;
    return await this.tokenFor(user);
  }

  async tokenFor(user: DemoUser, lifetimeSeconds = TOKEN_LIFETIME_SECONDS): Promise<string> {
    return await new SignJWT({
      token_use: 'id',
      'cognito:username': user.username,
      'cognito:groups': [GROUP_OF_ROLE[user.role]],
      ...(user.unitId === undefined ? {} : { 'custom:unitId': user.unitId }),
      locale: user.locale,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'local-1', typ: 'JWT' })
      .setSubject(demoUserId(user.username))
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .sign(this.privateKey);
  }

  /** Verifies signature, issuer, audience and expiry; undefined if any fails. */
  async verify(token: string): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['ES256'],
      });
      return payload;
    } catch {
      return undefined;
    }
  }
}
