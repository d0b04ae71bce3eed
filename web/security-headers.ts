/**
 * The security headers the web app is served with — one definition for both runtimes: the
 * local server sends them on every static file and CloudFront's response headers policy
 * (infra/stacks/web-stack.ts) sets the same values.
 */
export interface WebSecurityHeadersInput {
  /** Origins the app may call besides its own (the API, Cognito); none locally. */
  readonly connectSources: readonly string[];
}

export function contentSecurityPolicy({ connectSources }: WebSecurityHeadersInput): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ['connect-src', "'self'", ...connectSources].join(' '),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** HSTS lifetime: two years, the value browsers' preload lists ask for. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

export function webSecurityHeaders(input: WebSecurityHeadersInput): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(input),
    'Strict-Transport-Security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
