/**
 * Turns verified JWT claims (Cognito ID token shape, as API Gateway's JWT authorizer passes
 * them) into an Actor. The role comes from `cognito:groups`, the unit from `custom:unitId`.
 */
import type { Actor } from '../domain/actor.js';
import { NotAuthenticated, NotPermitted } from '../domain/errors.js';
import type { Role } from '../domain/vocabulary.js';

export const GROUP_OF_ROLE: Record<Role, string> = {
  'council-member': 'council-members',
  'unit-staff': 'unit-staff',
  directorate: 'directorate',
};

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/** API Gateway passes array claims as "[a b]"; accept that, a JSON array, or a real array. */
export function claimList(value: Claims[string]): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    const inner = trimmed.slice(1, -1).trim();
    if (inner.startsWith('"')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        // fall through to the space-separated form
      }
    }
    return inner.split(/[\s,]+/).filter((group) => group.length > 0);
  }
  return trimmed.split(/[\s,]+/).filter((group) => group.length > 0);
}

export function actorFromClaims(claims: Claims | undefined): Actor {
  const userId = claims?.sub;
  if (typeof userId !== 'string' || userId === '')
    throw new NotAuthenticated('A valid bearer token is required');
  const username = String(claims?.['cognito:username'] ?? claims?.username ?? userId);
  const groups = new Set(claimList(claims?.['cognito:groups']));
  const unitId = typeof claims?.['custom:unitId'] === 'string' ? claims['custom:unitId'] : undefined;
  const locale = typeof claims?.locale === 'string' ? claims.locale : undefined;
  const base = { userId, username, ...(locale === undefined ? {} : { locale }) };
  if (groups.has(GROUP_OF_ROLE.directorate)) return { ...base, role: 'directorate' };
  if (groups.has(GROUP_OF_ROLE['unit-staff'])) {
    if (unitId === undefined || unitId === '')
      throw new NotPermitted('Your account is unit staff without a unit');
    return { ...base, role: 'unit-staff', unitId };
  }
  if (groups.has(GROUP_OF_ROLE['council-member'])) return { ...base, role: 'council-member' };
  throw new NotPermitted('Your account has no Jisr role');
}
