import { ValidationFailed } from '../domain/errors.js';
import type { ApiRequest } from './api-handler.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

/** The Idempotency-Key header a client sends so that its retries write once. */
export function idempotencyKey(
  request: ApiRequest<unknown, unknown>,
  options: { required: boolean },
): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined || key === '') {
    if (!options.required) return undefined;
    throw new ValidationFailed(
      [
        {
          field: 'Idempotency-Key',
          message: 'header is required: a key you keep for retries of this report',
        },
      ],
      'The Idempotency-Key header is required',
    );
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationFailed([
      { field: 'Idempotency-Key', message: 'must be 1-100 characters of A-Z a-z 0-9 _ - . :' },
    ]);
  }
  return key;
}
