/**
 * Sign-in: username and password; a first Cognito sign-in asks for a new password, an
 * enrolled user for their MFA code. Locally, the demo users are listed (development only:
 * the list comes from the local server's config.json and never exists in AWS).
 */
import { useMemo, useState } from 'preact/hooks';
import { authenticatorFor, type Session, type SignInStep } from '../auth.js';
import { Field } from '../components/form.js';
import { COMMON } from '../i18n/common.js';
import { useLocale, useT } from '../i18n/locale.js';
import type { WebRuntimeConfig } from '../runtime-config.js';

const ROLE_LABEL = {
  'council-member': 'roleMember',
  'unit-staff': 'roleStaff',
  directorate: 'roleDirectorate',
} as const;

export function SignIn(props: { config: WebRuntimeConfig; onSignedIn: (session: Session) => void }) {
  const t = useT(COMMON);
  const { locale } = useLocale();
  const { config } = props;
  const authenticator = useMemo(() => authenticatorFor(config.auth, config.apiBaseUrl), [config]);
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<SignInStep | undefined>(undefined);

  const challenge = step?.kind === 'challenge' ? step : undefined;

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      const next =
        challenge === undefined
          ? await authenticator.signIn(username.trim(), secret)
          : await authenticator.respond(challenge, secret.trim());
      if (next.kind === 'signed-in') props.onSignedIn(next.session);
      else {
        if (next.kind === 'challenge') setSecret('');
        setStep(next);
      }
    } catch {
      setStep({ kind: 'failed', message: t('networkError') });
    } finally {
      setBusy(false);
    }
  }

  const title =
    challenge === undefined
      ? t('signInTitle')
      : challenge.challenge === 'NEW_PASSWORD_REQUIRED'
        ? t('newPasswordTitle')
        : t('mfaTitle');
  const error =
    step?.kind === 'wrong-credentials'
      ? t('wrongCredentials')
      : step?.kind === 'failed'
        ? step.message
        : undefined;

  return (
    <section class="page sign-in" aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      <p class="council-name">{config.councilName[locale]}</p>
      <p>{challenge?.challenge === 'NEW_PASSWORD_REQUIRED' ? t('newPasswordIntro') : t('signInIntro')}</p>
      {error === undefined ? null : (
        <div class="notice notice-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        {challenge === undefined ? (
          <>
            <Field id="username" label={t('username')}>
              {(described) => (
                <input
                  {...described}
                  name="username"
                  autocomplete="username"
                  autocapitalize="none"
                  spellcheck={false}
                  required
                  value={username}
                  onInput={(event) => setUsername(event.currentTarget.value)}
                />
              )}
            </Field>
            <Field id="password" label={t('password')}>
              {(described) => (
                <input
                  {...described}
                  name="password"
                  type="password"
                  autocomplete="current-password"
                  required
                  value={secret}
                  onInput={(event) => setSecret(event.currentTarget.value)}
                />
              )}
            </Field>
          </>
        ) : (
          <Field
            id="challenge-answer"
            label={challenge.challenge === 'NEW_PASSWORD_REQUIRED' ? t('newPassword') : t('mfaCode')}
          >
            {(described) =>
              challenge.challenge === 'NEW_PASSWORD_REQUIRED' ? (
                <input
                  {...described}
                  name="answer"
                  type="password"
                  autocomplete="new-password"
                  required
                  value={secret}
                  onInput={(event) => setSecret(event.currentTarget.value)}
                />
              ) : (
                <input
                  {...described}
                  name="answer"
                  inputMode="numeric"
                  autocomplete="one-time-code"
                  required
                  value={secret}
                  onInput={(event) => setSecret(event.currentTarget.value)}
                />
              )
            }
          </Field>
        )}
        <button type="submit" class="button-primary" disabled={busy}>
          {busy
            ? t('signingIn')
            : challenge === undefined
              ? t('signIn')
              : challenge.challenge === 'NEW_PASSWORD_REQUIRED'
                ? t('savePassword')
                : t('confirmCode')}
        </button>
      </form>
      {config.auth.kind === 'local' && config.auth.demoUsers.length > 0 ? (
        <section class="demo-users" aria-labelledby="demo-users-title">
          <h2 id="demo-users-title">{t('demoUsersTitle')}</h2>
          <p>{t('demoUsersPassword', { password: config.auth.demoPassword })}</p>
          <ul>
            {config.auth.demoUsers.map((user) => (
              <li key={user.username}>
                <button
                  type="button"
                  class="button-link"
                  onClick={() => {
                    setUsername(user.username);
                    if (config.auth.kind === 'local') setSecret(config.auth.demoPassword);
                  }}
                  aria-label={t('useDemoUser', { username: user.username })}
                >
                  <code>{user.username}</code>
                </button>{' '}
                — {t(ROLE_LABEL[user.role])}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
