/**
 * Errors as the user should read them: a lost connection, an expired session, a stale edit,
 * a validation problem (the offending fields are shown next to each field by the form), or a
 * server fault — in the user's language, announced to screen readers (role="alert").
 */
import { ApiProblem, ApiUnreachable } from '../api.js';
import { COMMON } from '../i18n/common.js';
import { type Translate, useT } from '../i18n/locale.js';

export function problemMessage(
  error: unknown,
  t: Translate<keyof (typeof COMMON)['tables']['en'] & string>,
): string {
  if (error instanceof ApiUnreachable) return navigator.onLine ? t('networkError') : t('offline');
  if (error instanceof ApiProblem) {
    switch (error.status) {
      case 400:
        return t('formHasErrors');
      case 401:
        return t('sessionExpired');
      case 403:
        return t('notPermitted');
      case 404:
        return t('notFound');
      case 503:
        return t('serviceUnavailable', { seconds: error.retryAfterSeconds ?? 5 });
      default:
        return error.status >= 500 ? t('unexpectedError', { status: error.status }) : error.problem.detail;
    }
  }
  return t('unexpectedError', { status: '?' });
}

export function ProblemNotice(props: { error: unknown; onRetry?: () => void }) {
  const t = useT(COMMON);
  if (props.error === undefined || props.error === null) return null;
  return (
    <div class="notice notice-error" role="alert">
      <p>{problemMessage(props.error, t)}</p>
      {props.onRetry === undefined ? null : (
        <button type="button" class="button-secondary" onClick={props.onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}
