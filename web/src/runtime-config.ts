/**
 * What the web app learns at start from `/config.json`, written next to the app by each
 * runtime: the local server answers it itself; in AWS the CDK app writes it into the bucket
 * (so one build serves every council and stage).
 */
export type WebAuthConfig =
  /** The local issuer: POST {apiBaseUrl}/auth/token with a demo user's name and password. */
  | {
      readonly kind: 'local';
      readonly demoUsers: readonly {
        readonly username: string;
        readonly role: 'council-member' | 'unit-staff' | 'directorate';
      }[];
      readonly demoPassword: string;
    }
  /** Cognito: InitiateAuth (USER_PASSWORD_AUTH) against the council's user pool client. */
  | { readonly kind: 'cognito'; readonly region: string; readonly userPoolClientId: string };

export interface WebRuntimeConfig {
  /** Origin (and base path) of the HTTP API, without a trailing slash; '' means same origin. */
  readonly apiBaseUrl: string;
  readonly auth: WebAuthConfig;
  /** The council's name in each of its languages (shown before sign-in). */
  readonly councilName: Readonly<Record<'ar' | 'tr' | 'en', string>>;
  /** The council's languages, first = default. */
  readonly languages: readonly ('ar' | 'tr' | 'en')[];
  /** The council's time zone: dates are shown in it, whatever the device's zone. */
  readonly timeZone: string;
}
