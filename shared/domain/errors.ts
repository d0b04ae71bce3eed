/**
 * Errors the application raises, in the domain's words. shared/http/problem.ts is the one
 * place that turns them into HTTP responses.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. "beneficiary.ageGroup" or "categories.1". */
  readonly field: string;
  readonly message: string;
}

export abstract class JisrError extends Error {
  abstract readonly kind: string;
}

/** The request is malformed: wrong types, unknown fields or ids, oversize strings. */
export class ValidationFailed extends JisrError {
  readonly kind = 'validation-failed';
  override readonly name = 'ValidationFailed';
  constructor(
    readonly issues: readonly FieldIssue[],
    detail = `Invalid ${issues.map((issue) => issue.field).join(', ')}`,
  ) {
    super(detail);
  }
}

export class NotAuthenticated extends JisrError {
  readonly kind = 'not-authenticated';
  override readonly name = 'NotAuthenticated';
}

/** The caller is known but their role may not do this. */
export class NotPermitted extends JisrError {
  readonly kind = 'not-permitted';
  override readonly name = 'NotPermitted';
}

/** Does not exist, or the caller may not know that it exists. */
export class NotFound extends JisrError {
  readonly kind = 'not-found';
  override readonly name = 'NotFound';
}

/** The request is well-formed but conflicts with what was already recorded. */
export class Unprocessable extends JisrError {
  readonly kind = 'unprocessable';
  override readonly name = 'Unprocessable';
  constructor(
    message: string,
    readonly problemType: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class PayloadTooLarge extends JisrError {
  readonly kind = 'payload-too-large';
  override readonly name = 'PayloadTooLarge';
}

export class UnsupportedMediaType extends JisrError {
  readonly kind = 'unsupported-media-type';
  override readonly name = 'UnsupportedMediaType';
}

/** A dependency (the database) is unavailable or throttling; the client should retry. */
export class TemporarilyUnavailable extends JisrError {
  readonly kind = 'temporarily-unavailable';
  override readonly name = 'TemporarilyUnavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds = 2,
  ) {
    super(message);
  }
}

/** The request raced another change: e.g. a stale expectedVersion. Re-read and try again. */
export class Conflict extends JisrError {
  readonly kind = 'conflict';
  override readonly name = 'Conflict';
  constructor(
    message: string,
    readonly problemType: string,
    readonly extensions: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
