import type { Role } from './vocabulary.js';

/** Who is calling, as established from a verified token's claims (never from the request). */
export interface Actor {
  /** Stable, pseudonymous user id (the token's `sub`). */
  readonly userId: string;
  readonly username: string;
  readonly role: Role;
  /** Set for unit staff only. */
  readonly unitId?: string;
  /** Preferred language from the user's profile, if the token carries one. */
  readonly locale?: string;
}
