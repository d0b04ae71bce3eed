import type { Actor } from '../domain/actor.js';
import type { MeResponse } from '../schemas/catalog.js';

/** Who the caller is, from the token's claims alone (its own module: get-me stays small). */
export function whoAmI(actor: Actor): MeResponse {
  return {
    username: actor.username,
    role: actor.role,
    ...(actor.unitId === undefined ? {} : { unitId: actor.unitId }),
  };
}
