/**
 * Each role's screens live in one lazily loaded area (`areas/member`, `areas/staff`,
 * `areas/directorate`), so each user downloads only their own screens.
 */
import type { FunctionComponent } from 'preact';

export interface Area {
  /** Where the user lands after sign-in. */
  readonly home: string;
  /** The area's links in the header (rendered inside the shell's <nav>). */
  readonly Navigation: FunctionComponent<{ path: string }>;
  /** The screen for a path (its own "not found" when nothing matches). */
  readonly Screen: FunctionComponent<{ path: string }>;
}
