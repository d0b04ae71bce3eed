/**
 * Authorization headers the gateway must refuse: none, other schemes, garbage, genuine tokens
 * with forged claims (another group, another unit, another user, expired) under their old
 * signature, the same claims signed by another key, `alg: none`, HS256 keyed with the public
 * key, and mangled signatures. Each one must get 401, whatever route it is sent to.
 */
import { createHmac } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { DEMO_USERS, demoUserId } from '../../local/issuer.js';
import { GROUP_OF_ROLE } from '../../shared/http/claims.js';
import { headerSafe, hostileString } from './fuzz-arbitraries.js';

type Claims = Record<string, unknown>;

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Claims;

/** Claims a caller would like to have: another group, another unit, another user, no expiry... */
export function forgeries(genuine: Claims): { name: string; claims: Claims }[] {
  const now = Math.floor(Date.now() / 1000);
  const others = DEMO_USERS.filter((user) => user.username !== genuine['cognito:username']);
  const all: { name: string; claims: Claims }[] = [
    { name: 'directorate group', claims: { ...genuine, 'cognito:groups': [GROUP_OF_ROLE.directorate] } },
    {
      name: 'every group',
      claims: { ...genuine, 'cognito:groups': Object.values(GROUP_OF_ROLE) },
    },
    { name: 'group as a string', claims: { ...genuine, 'cognito:groups': 'directorate' } },
    {
      name: 'unit staff of health',
      claims: { ...genuine, 'cognito:groups': ['unit-staff'], 'custom:unitId': 'health' },
    },
    { name: 'another unit', claims: { ...genuine, 'custom:unitId': 'social-assistance' } },
    { name: 'the triage unit', claims: { ...genuine, 'custom:unitId': 'migration-desk' } },
    ...others.map((user) => ({
      name: `sub of ${user.username}`,
      claims: { ...genuine, sub: demoUserId(user.username), 'cognito:username': user.username },
    })),
    { name: 'expired', claims: { ...genuine, iat: now - 7200, exp: now - 3600 } },
    { name: 'expired a second ago', claims: { ...genuine, exp: now - 1 } },
    {
      name: 'no expiry',
      claims: Object.fromEntries(Object.entries(genuine).filter(([key]) => key !== 'exp')),
    },
    { name: 'expiring in 10 years', claims: { ...genuine, exp: now + 10 * 365 * 86_400 } },
    { name: 'not before next year', claims: { ...genuine, nbf: now + 365 * 86_400 } },
    { name: 'another issuer', claims: { ...genuine, iss: 'https://cognito-idp.evil.example/pool' } },
    { name: 'another audience', claims: { ...genuine, aud: 'another-client' } },
    { name: 'an access token', claims: { ...genuine, token_use: 'access' } },
    { name: 'an empty subject', claims: { ...genuine, sub: '' } },
  ];
  // A "forgery" that changes nothing is the genuine token (e.g. the directorate's group for the director).
  return all.filter((forged) => !isDeepStrictEqual(forged.claims, genuine));
}

export interface TokenMaterial {
  /** Genuine tokens of the demo users, from POST /auth/token. */
  readonly genuine: readonly string[];
  /** Bad Authorization headers, each with a name. */
  readonly headers: readonly { header: string | undefined; name: string }[];
}

/** Builds every bad header once (signing is slow); the arbitrary picks among them. */
export async function badAuthorizations(
  genuine: readonly string[],
  jwks: { keys: JWK[] },
): Promise<TokenMaterial> {
  const own = await generateKeyPair('ES256');
  const ownJwk = await exportJWK(own.publicKey);
  const headers: { header: string | undefined; name: string }[] = [
    { header: undefined, name: 'no token' },
    { header: '', name: 'an empty header' },
    { header: 'Bearer', name: 'Bearer alone' },
    { header: 'Bearer ', name: 'Bearer and a space' },
    { header: 'Basic bWVtYmVyLmFtaW5hOmppc3ItZGVtbw==', name: 'Basic credentials' },
    { header: `Token ${genuine[0]}`, name: 'a genuine token under another scheme' },
    { header: `Bearer ${genuine[0]} ${genuine[1]}`, name: 'two tokens' },
    { header: `Bearer ${genuine[0]},${genuine[1]}`, name: 'two tokens with a comma' },
    { header: `${genuine[0]}`, name: 'a genuine token without a scheme' },
    { header: 'Bearer abc.def.ghi', name: 'garbage' },
    { header: 'Bearer ..', name: 'empty segments' },
    { header: `Bearer ${'A'.repeat(7_000)}`, name: 'a 7,000-character token' },
  ];
  for (const token of genuine) {
    const [header = '', payload = '', signature = ''] = token.split('.');
    const claims = decode(payload);
    const who = String(claims['cognito:username']);
    const middle = Math.floor(signature.length / 2);
    const flipped = `${signature.slice(0, middle)}${signature[middle] === 'A' ? 'B' : 'A'}${signature.slice(middle + 1)}`;
    headers.push(
      { header: `Bearer ${header}.${payload}.${flipped}`, name: `${who}: one signature character changed` },
      {
        header: `Bearer ${header}.${payload}.${signature.slice(0, 40)}`,
        name: `${who}: signature truncated`,
      },
      { header: `Bearer ${header}.${payload}.`, name: `${who}: no signature` },
      { header: `Bearer ${header}.${payload}`, name: `${who}: two segments` },
      { header: `Bearer ${token}.${signature}`, name: `${who}: four segments` },
      {
        header: `Bearer ${header}.${payload}.${(genuine.find((other) => other !== token) ?? token).split('.')[2]}`,
        name: `${who}: another token's signature`,
      },
      {
        header: `Bearer ${b64({ alg: 'ES256', kid: 'other-key', typ: 'JWT' })}.${payload}.${signature}`,
        name: `${who}: another kid`,
      },
    );
    for (const forged of forgeries(claims)) {
      const forgedPayload = b64(forged.claims);
      headers.push(
        {
          header: `Bearer ${header}.${forgedPayload}.${signature}`,
          name: `${who}: ${forged.name}, old signature`,
        },
        {
          header: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${forgedPayload}.`,
          name: `${who}: ${forged.name}, alg none`,
        },
        {
          header: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${forgedPayload}.${signature}`,
          name: `${who}: ${forged.name}, alg none with a signature`,
        },
        {
          header: `Bearer ${await new SignJWT(forged.claims).setProtectedHeader({ alg: 'ES256', kid: 'local-1', typ: 'JWT' }).sign(own.privateKey)}`,
          name: `${who}: ${forged.name}, signed by another key`,
        },
        {
          header: `Bearer ${await new SignJWT(forged.claims)
            .setProtectedHeader({ alg: 'ES256', typ: 'JWT', jwk: ownJwk })
            .sign(own.privateKey)}`,
          name: `${who}: ${forged.name}, signed by a key it carries`,
        },
      );
      // HS256 keyed with the issuer's public key: the classic algorithm confusion.
      const hsHeader = b64({ alg: 'HS256', kid: 'local-1', typ: 'JWT' });
      for (const [keyName, secret] of [
        ['the public JWK', JSON.stringify(jwks.keys[0])],
        ['its x coordinate', String(jwks.keys[0]?.x)],
      ] as const) {
        const signed = createHmac('sha256', secret)
          .update(`${hsHeader}.${forgedPayload}`)
          .digest('base64url');
        headers.push({
          header: `Bearer ${hsHeader}.${forgedPayload}.${signed}`,
          name: `${who}: ${forged.name}, HS256 keyed with ${keyName}`,
        });
      }
    }
  }
  return { genuine, headers };
}

/** A bad Authorization header: one of the prepared ones, or a random string after "Bearer ". */
export function badAuthorization(
  material: TokenMaterial,
): fc.Arbitrary<{ header: string | undefined; name: string }> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...material.headers) },
    {
      weight: 1,
      arbitrary: hostileString
        .map((value) => `Bearer ${value}`)
        .filter(headerSafe)
        .map((header) => ({ header, name: `random ${JSON.stringify(header).slice(0, 40)}` })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.base64String({ maxLength: 80 }),
          fc.base64String({ maxLength: 200 }),
          fc.base64String({ maxLength: 90 }),
        )
        .map(([a, b, c]) => ({
          header: `Bearer ${a}.${b}.${c}`.replaceAll('=', ''),
          name: 'random segments',
        })),
    },
  );
}
