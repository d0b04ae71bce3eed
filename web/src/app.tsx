/**
 * The shell: language (and the page's direction), sign-in, who is signed in, the council's
 * catalog, the header with each role's navigation, and the role's lazily loaded area.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { CatalogResponse, MeResponse } from '../../shared/schemas/catalog.js';
import { ApiClient } from './api.js';
import { AppContext, type AppServices } from './app-context.js';
import type { Area } from './area.js';
import { loadSession, type Session, saveSession } from './auth.js';
import { ProblemNotice } from './components/problem.js';
import { COMMON } from './i18n/common.js';
import { LocaleProvider, useLocale, useT } from './i18n/locale.js';
import { directionOf, isLocale, type Locale } from './i18n/messages.js';
import { navigate, usePath } from './router.js';
import type { WebRuntimeConfig } from './runtime-config.js';
import { SignIn } from './screens/sign-in.js';

const LOCALE_KEY = 'jisr.locale';
const LANGUAGE_NAMES: Record<Locale, string> = { ar: 'العربية', tr: 'Türkçe', en: 'English' };

function initialLocale(config: WebRuntimeConfig): Locale {
  const stored = localStorage.getItem(LOCALE_KEY);
  if (isLocale(stored) && config.languages.includes(stored)) return stored;
  const preferred = navigator.languages
    .map((tag) => tag.slice(0, 2).toLowerCase())
    .find((tag): tag is Locale => isLocale(tag) && config.languages.includes(tag));
  return preferred ?? config.languages[0] ?? 'tr';
}

const loadArea = (role: MeResponse['role']): Promise<{ default: Area }> => {
  switch (role) {
    case 'council-member':
      return import('./areas/member/index.js');
    case 'unit-staff':
      return import('./areas/staff/index.js');
    case 'directorate':
      return import('./areas/directorate/index.js');
  }
};

export function App(props: { config: WebRuntimeConfig }) {
  const { config } = props;
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(config));
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(LOCALE_KEY, next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = directionOf(locale);
  }, [locale]);
  const localeState = useMemo(
    () => ({ locale, setLocale, timeZone: config.timeZone, languages: config.languages }),
    [locale, setLocale, config],
  );

  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  // The session ended (expired, 401): drafts stay, so signing in again finds them.
  const endSession = useCallback(() => {
    saveSession(undefined);
    setSession(undefined);
  }, []);
  // Signing out on purpose also forgets what this user left on the device (drafts hold
  // a beneficiary's details; phones are shared): everything Jisr stored but the language.
  const signOut = useCallback(() => {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith('jisr.') && key !== LOCALE_KEY) localStorage.removeItem(key);
    }
    endSession();
  }, [endSession]);
  const signedIn = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
  }, []);

  return (
    <LocaleProvider value={localeState}>
      {session === undefined ? (
        <Frame>
          <SignIn config={config} onSignedIn={signedIn} />
        </Frame>
      ) : (
        <SignedIn config={config} session={session} signOut={signOut} endSession={endSession} />
      )}
    </LocaleProvider>
  );
}

function SignedIn(props: {
  config: WebRuntimeConfig;
  session: Session;
  signOut: () => void;
  endSession: () => void;
}) {
  const { config, session, signOut, endSession } = props;
  const t = useT(COMMON);
  const api = useMemo(
    () => new ApiClient(config.apiBaseUrl, () => session.token, endSession),
    [config, session, endSession],
  );
  const [state, setState] = useState<
    { me: MeResponse; catalog: CatalogResponse; area: Area } | { error: unknown } | undefined
  >(undefined);
  const [attempt, setAttempt] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    let cancelled = false;
    setState(undefined);
    Promise.all([api.get<MeResponse>('/v1/me'), api.get<CatalogResponse>('/v1/catalog')])
      .then(async ([me, catalog]) => ({ me, catalog, area: (await loadArea(me.role)).default }))
      .then(
        (loaded) => !cancelled && setState(loaded),
        (error: unknown) => !cancelled && setState({ error }),
      );
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  const announce = useCallback((message: string) => {
    setAnnouncement('');
    window.setTimeout(() => setAnnouncement(message), 50);
  }, []);

  if (state === undefined)
    return (
      <Frame>
        <p class="loading" role="status">
          {t('loading')}
        </p>
      </Frame>
    );
  if ('error' in state)
    return (
      <Frame onSignOut={signOut}>
        <ProblemNotice error={state.error} onRetry={() => setAttempt((value) => value + 1)} />
      </Frame>
    );
  const services: AppServices = { api, me: state.me, catalog: state.catalog, config, announce };
  return (
    <AppContext.Provider value={services}>
      <AreaShell area={state.area} me={state.me} signOut={signOut} />
      <div class="visually-hidden" aria-live="polite" role="status">
        {announcement}
      </div>
    </AppContext.Provider>
  );
}

function AreaShell(props: { area: Area; me: MeResponse; signOut: () => void }) {
  const path = usePath();
  const { area } = props;
  useEffect(() => {
    if (path === '/' || path === '') navigate(area.home, { replace: true });
  }, [path, area]);
  return (
    <Frame
      onSignOut={props.signOut}
      username={props.me.username}
      navigation={<area.Navigation path={path} />}
    >
      <area.Screen path={path} />
    </Frame>
  );
}

/** Header (name, navigation, language, sign-out), skip link and the <main> landmark. */
function Frame(props: {
  children: preact.ComponentChildren;
  navigation?: preact.ComponentChildren;
  username?: string;
  onSignOut?: () => void;
}) {
  const t = useT(COMMON);
  return (
    <>
      {/* A button, not a link: `#main` would be taken for a route by the hash router. */}
      <button type="button" class="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        {t('skipToContent')}
      </button>
      <header class="app-header">
        <div class="app-title">
          <span class="app-name">{t('appName')}</span>
        </div>
        {props.navigation === undefined ? null : (
          <nav class="app-nav" aria-label={t('mainNavigation')}>
            {props.navigation}
          </nav>
        )}
        <div class="app-tools">
          <LanguageSwitcher />
          {props.username === undefined ? null : (
            <span class="signed-in-as">{t('signedInAs', { username: props.username })}</span>
          )}
          {props.onSignOut === undefined ? null : (
            <button type="button" class="button-link" onClick={props.onSignOut}>
              {t('signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}

function LanguageSwitcher() {
  const { locale, setLocale, languages } = useLocale();
  const t = useT(COMMON);
  return (
    <fieldset class="language-switcher">
      <legend class="visually-hidden">{t('language')}</legend>
      {languages.map((option) => (
        <button
          type="button"
          key={option}
          lang={option}
          aria-pressed={option === locale ? 'true' : 'false'}
          onClick={() => setLocale(option)}
        >
          {LANGUAGE_NAMES[option]}
        </button>
      ))}
    </fieldset>
  );
}
