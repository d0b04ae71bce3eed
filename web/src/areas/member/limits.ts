/**
 * The limits the API enforces on a report (POST /v1/needs), mirrored here in ONE place.
 *
 * Why a copy: `NEED_LIMITS` lives in shared/schemas/need.ts, whose module body builds the zod
 * schemas; importing even the constant pulls zod (~90 KB minified) into the member's bundle,
 * which must stay small for phones. The values below are the same as `NEED_LIMITS`, the
 * phone rule of `Contact` and the control-character rule of `FreeText` (shared/schemas/common.ts);
 * test/browser/member.test.ts compares them with the API's constant, so a change there fails
 * the test until this copy follows.
 */
export const REPORT_LIMITS = {
  categories: { min: 1, max: 3 },
  description: { min: 1, max: 2000 },
  neighbourhood: { max: 100 },
  householdSize: { min: 1, max: 30 },
  vulnerabilities: { max: 10 },
  contactName: { max: 100 },
} as const;

/** `Contact.phone` in shared/schemas/need.ts. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{5,22}$/;

/** `FreeText` in shared/schemas/common.ts: no control characters other than line breaks and tabs. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits as ASCII: phones type either. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

/** `REOPEN_WINDOW_DAYS` in shared/domain/lifecycle.ts (a module too large to import here). */
export const REOPEN_WINDOW_DAYS = 14;
