/**
 * Report a need: a short guided form for a phone (one hand, 360 px), step by step with a
 * progress indicator, the primary button in a bar at the bottom of the screen.
 *
 * The draft — every field, the current step and the submission key — is written to the
 * device on every change (draft.ts) and restored after a reload or a lost session. A lost
 * connection never loses it: the report waits on the device and is sent when the browser
 * says it is online again (or when the member presses "Try again").
 *
 * Sending exactly once — the Idempotency-Key:
 * - A key (UUID) is created the first time the draft is sent and stored WITH the draft before
 *   the request leaves; every retry (button, `online` event, reload, a new session after the
 *   old one expired) sends the same key. If an earlier try did reach the API, it answers with
 *   the first 201 again (`Idempotent-Replayed: true`) and records nothing new.
 * - The key is dropped only when a 2xx arrives (with the draft), or when the member asks to
 *   send the report as a new one (see below).
 * - After a failed try the member may go back and edit the draft. We KEEP the key across the
 *   edit rather than start a new one: if the earlier try never reached the API, the API has no
 *   record of the key and records the edited report normally; if it did land, a new key would
 *   silently create a second need, while the old key makes the API answer 422
 *   (`idempotency-key-reused`). We show that 422 as "your report may already have been sent
 *   — check My reports", and offer "send as a new report" (a fresh key) for when it is not
 *   there. A report is therefore never duplicated without the member choosing to.
 * - A 400 (nothing recorded) keeps the key too: the corrected report goes with it.
 */
import { type ComponentChildren, Fragment, type RefObject } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AGE_GROUPS, BENEFICIARY_LANGUAGES, GENDERS } from '../../../../shared/domain/vocabulary.js';
import type { CatalogResponse } from '../../../../shared/schemas/catalog.js';
import type { ReportNeedResponse } from '../../../../shared/schemas/referral.js';
import { ApiProblem, ApiUnreachable, newIdempotencyKey } from '../../api.js';
import { useApp } from '../../app-context.js';
import { Choices, Field } from '../../components/form.js';
import { Page } from '../../components/page.js';
import { problemMessage } from '../../components/problem.js';
import { COMMON } from '../../i18n/common.js';
import { INTL_LOCALE, useFormat, useLocale, useT } from '../../i18n/locale.js';
import { catalogLabel } from '../../labels.js';
import {
  checkAll,
  checkStep,
  type Draft,
  draftStore,
  emptyDraft,
  type FieldError,
  type FieldErrors,
  type FieldPath,
  fieldId,
  formFieldOf,
  hasContent,
  REVIEW_STEP,
  reportRequest,
  SERVER_FIELD_ERRORS,
  STEPS,
  type StepId,
  stepOf,
  type YesNo,
} from './draft.js';
import {
  AGE_GROUP_KEYS,
  CATEGORY_HINT_KEYS,
  COHESION_HINT_KEYS,
  GENDER_KEYS,
  LANGUAGE_KEYS,
  PRIORITY_HINT_KEYS,
} from './labels.js';
import { asciiDigits, REPORT_LIMITS } from './limits.js';
import { MEMBER, type MemberMessage } from './messages.js';

type SendState =
  | { readonly kind: 'editing' }
  | { readonly kind: 'sending' }
  /** No answer (offline, or the server could not be reached): the report waits on the device. */
  | { readonly kind: 'kept' }
  /** 409 key in use / 503: tried again by itself after `seconds`. */
  | { readonly kind: 'waiting'; readonly seconds: number }
  /** 422 idempotency-key-reused: an earlier version may have been recorded. */
  | { readonly kind: 'maybe-sent' }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'sent'; readonly response: ReportNeedResponse; readonly replayed: boolean };

const STEP_TITLES: Record<StepId, MemberMessage> = {
  need: 'stepNeed',
  place: 'stepPlace',
  person: 'stepPerson',
  urgency: 'stepUrgency',
  cohesion: 'stepCohesion',
  consent: 'stepConsent',
  review: 'stepReview',
};

/** Where focus goes after the next render. */
type FocusTarget = { kind: 'step' } | { kind: 'summary' } | { kind: 'field'; path: FieldPath };

export function ReportNeed() {
  const { api, me, catalog, announce } = useApp();
  const t = useT(MEMBER);
  const common = useT(COMMON);
  const format = useFormat();
  /** A field's error in the user's language, its numbers in the user's digits. */
  const say = (error: FieldError) =>
    t(
      error.key,
      Object.fromEntries(
        Object.entries(error.params ?? {}).map(([name, value]) => [name, format.number(value)]),
      ),
    );
  const store = useMemo(() => draftStore(me.username), [me.username]);
  const [initial] = useState(() => store.load());
  const [draft, setDraft] = useState<Draft>(() => initial ?? emptyDraft());
  const draftRef = useRef(draft);
  const [restoredAt, setRestoredAt] = useState(() =>
    initial !== undefined && hasContent(initial) ? initial.savedAt : undefined,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  /** Problems the API named on fields this form does not have (shown in the summary only). */
  const [otherProblems, setOtherProblems] = useState<readonly string[]>([]);
  const [send, setSend] = useState<SendState>(() =>
    initial?.submission?.queued === true ? { kind: 'kept' } : { kind: 'editing' },
  );
  const [discarding, setDiscarding] = useState(false);
  const [discarded, setDiscarded] = useState(false);
  const [online, setOnline] = useState(() => navigator.onLine);

  const stepHeading = useRef<HTMLHeadingElement>(null);
  const summaryBox = useRef<HTMLDivElement>(null);
  const focusNext = useRef<FocusTarget | undefined>(undefined);
  useEffect(() => {
    const target = focusNext.current;
    if (target === undefined) return;
    focusNext.current = undefined;
    if (target.kind === 'step') stepHeading.current?.focus();
    else if (target.kind === 'summary') summaryBox.current?.focus();
    else focusField(target.path);
  });

  const order = useMemo(
    () => ({
      categories: catalog.categories.map((entry) => entry.id),
      vulnerabilities: catalog.vulnerabilities.map((entry) => entry.id),
      cohesionRisks: catalog.cohesionRisks.map((entry) => entry.id),
    }),
    [catalog],
  );

  const commit = useCallback(
    (next: Draft) => {
      draftRef.current = next;
      store.save(next);
      setDraft(next);
    },
    [store],
  );

  /** A field changed: keep it on the device and forget that field's error. */
  const change = (fields: Partial<Draft>, path: FieldPath) => {
    commit({ ...draftRef.current, ...fields, savedAt: new Date().toISOString() });
    if (errors[path] !== undefined) {
      const { [path]: _gone, ...rest } = errors;
      setErrors(rest);
    }
  };

  const goTo = (step: number, focus: FocusTarget = { kind: 'step' }) => {
    const current = draftRef.current;
    // Editing again: nothing waits to be sent until the member presses "Send" again.
    const submission =
      current.submission === undefined ? undefined : { key: current.submission.key, queued: false };
    commit({ ...current, step, submission });
    if (send.kind !== 'sent' && send.kind !== 'sending') setSend({ kind: 'editing' });
    setRestoredAt(undefined);
    setDiscarded(false);
    focusNext.current = focus;
  };

  const showErrors = (found: FieldErrors, others: readonly string[] = []) => {
    setErrors(found);
    setOtherProblems(others);
    focusNext.current = { kind: 'summary' };
  };

  // --- Sending ------------------------------------------------------------------------------

  const inFlight = useRef(false);
  const sendReport = useCallback(
    async (options: { newKey?: boolean } = {}) => {
      if (inFlight.current) return;
      const current = draftRef.current;
      const problems = checkAll(current);
      if (Object.keys(problems).length > 0) {
        const first = Math.min(...(Object.keys(problems) as FieldPath[]).map(stepOf));
        commit({ ...current, step: first });
        setSend({ kind: 'editing' });
        showErrors(problems);
        return;
      }
      const key =
        options.newKey === true || current.submission === undefined
          ? newIdempotencyKey()
          : current.submission.key;
      // The key is on the device before the request leaves: a reload mid-request retries with it.
      commit({ ...current, submission: { key, queued: true } });
      inFlight.current = true;
      setSend({ kind: 'sending' });
      setOtherProblems([]);
      try {
        const response = await api.post<ReportNeedResponse>('/v1/needs', {
          body: reportRequest(current, order),
          headers: { 'Idempotency-Key': key },
        });
        store.clear();
        const fresh = emptyDraft();
        draftRef.current = fresh;
        setDraft(fresh);
        setErrors({});
        setSend({
          kind: 'sent',
          response: response.body,
          replayed: response.headers.get('Idempotent-Replayed') === 'true',
        });
      } catch (error) {
        if (error instanceof ApiUnreachable) {
          // Still queued: the `online` event (or "Try again") sends it with the same key.
          setSend({ kind: 'kept' }); // announced by its role="alert"
          return;
        }
        const latest = draftRef.current;
        const waitSeconds =
          error instanceof ApiProblem && (error.status === 409 || error.status === 503)
            ? (error.retryAfterSeconds ?? 5)
            : undefined;
        // The API answered: only a "try again later" keeps the report queued.
        commit({ ...latest, submission: { key, queued: waitSeconds !== undefined } });
        if (waitSeconds !== undefined) {
          setSend({ kind: 'waiting', seconds: waitSeconds });
        } else if (error instanceof ApiProblem && error.status === 400) {
          const found: FieldErrors = {};
          const others: string[] = [];
          for (const issue of error.problem.errors ?? []) {
            const path = formFieldOf(issue.field);
            if (path === undefined)
              others.push(common('fieldProblem', { field: issue.field, message: issue.message }));
            else found[path] ??= SERVER_FIELD_ERRORS[path];
          }
          const paths = Object.keys(found) as FieldPath[];
          const step = paths.length === 0 ? REVIEW_STEP : Math.min(...paths.map(stepOf));
          commit({ ...draftRef.current, step });
          setSend({ kind: 'editing' });
          showErrors(
            found,
            others.length === 0 && paths.length === 0 ? [problemMessage(error, common)] : others,
          );
        } else if (error instanceof ApiProblem && error.status === 422) {
          setSend({ kind: 'maybe-sent' });
          focusNext.current = { kind: 'summary' };
        } else {
          setSend({ kind: 'failed', error });
        }
      } finally {
        inFlight.current = false;
      }
    },
    [api, announce, commit, common, order, store, t],
  );
  const sendRef = useRef(sendReport);
  sendRef.current = sendReport;

  // Back online: send what was waiting. Also on arrival (a reload while a send was queued).
  useEffect(() => {
    const whenOnline = () => {
      setOnline(true);
      if (draftRef.current.submission?.queued === true) void sendRef.current();
    };
    const whenOffline = () => setOnline(false);
    window.addEventListener('online', whenOnline);
    window.addEventListener('offline', whenOffline);
    if (draftRef.current.submission?.queued === true && navigator.onLine) void sendRef.current();
    return () => {
      window.removeEventListener('online', whenOnline);
      window.removeEventListener('offline', whenOffline);
    };
  }, []);

  // 409 (a try still running) or 503: try again after the time the API asked for.
  useEffect(() => {
    if (send.kind !== 'waiting') return;
    const timer = window.setTimeout(() => void sendRef.current(), send.seconds * 1000);
    return () => window.clearTimeout(timer);
  }, [send]);

  // --- Navigation between steps ---------------------------------------------------------------

  const step = draft.step;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (step === REVIEW_STEP) {
      void sendReport();
      return;
    }
    const fields = STEPS[step]?.fields ?? [];
    const kept = Object.fromEntries(
      Object.entries(errors).filter(([path]) => (fields as readonly string[]).includes(path)),
    ) as FieldErrors;
    const stepErrors = { ...kept, ...checkStep(draft, step) };
    if (Object.keys(stepErrors).length > 0) {
      showErrors({ ...errors, ...stepErrors }, otherProblems);
      return;
    }
    goTo(step + 1);
  };

  const discard = () => {
    store.clear();
    const fresh = emptyDraft();
    draftRef.current = fresh;
    setDraft(fresh);
    setErrors({});
    setOtherProblems([]);
    setSend({ kind: 'editing' });
    setDiscarding(false);
    setRestoredAt(undefined);
    setDiscarded(true);
    announce(t('draftDiscarded'));
    focusNext.current = { kind: 'step' };
  };

  const reportAnother = () => {
    setSend({ kind: 'editing' });
    focusNext.current = { kind: 'step' };
  };

  if (send.kind === 'sent') {
    return <Sent response={send.response} replayed={send.replayed} onAnother={reportAnother} />;
  }

  const stepId = STEPS[step]?.id ?? 'need';
  const summaryItems = [
    ...(Object.entries(errors) as [FieldPath, NonNullable<FieldErrors[FieldPath]>][])
      .sort(([a], [b]) => stepOf(a) - stepOf(b))
      .map(([path, error]) => ({ path, message: say(error) })),
    ...otherProblems.map((message) => ({ path: undefined, message })),
  ];
  const errorOf = (path: FieldPath) => {
    const found = errors[path];
    return found === undefined ? undefined : say(found);
  };
  const sending = send.kind === 'sending';

  return (
    <Page title={t('reportTitle')}>
      {restoredAt === undefined ? null : <Restored savedAt={restoredAt} />}
      {discarded ? (
        <div class="notice notice-info" role="status">
          <p>{t('draftDiscarded')}</p>
        </div>
      ) : null}
      {step === 0 ? <p>{t('reportIntro')}</p> : null}
      <div class="member-step-head">
        <h2 id="report-step-title" tabIndex={-1} ref={stepHeading}>
          <span class="member-step-count">
            {t('stepOf', { number: format.number(step + 1), total: format.number(STEPS.length) })}
          </span>
          {t(STEP_TITLES[stepId])}
        </h2>
        <ol class="member-progress" aria-hidden="true">
          {STEPS.map((entry, index) => (
            <li
              key={entry.id}
              class={index < step ? 'member-progress-done' : index === step ? 'member-progress-current' : ''}
            />
          ))}
        </ol>
      </div>
      {summaryItems.length === 0 ? null : (
        <div
          class="error-summary"
          role="alert"
          tabIndex={-1}
          ref={summaryBox}
          aria-labelledby="report-error-summary-title"
        >
          <h2 id="report-error-summary-title">{t('errorSummaryTitle')}</h2>
          <ul>
            {summaryItems.map((item) => (
              <li key={item.path ?? item.message}>
                {item.path === undefined ? (
                  item.message
                ) : (
                  <a
                    href={`#${fieldId(item.path)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      const path = item.path as FieldPath;
                      if (stepOf(path) === step) focusField(path);
                      else goTo(stepOf(path), { kind: 'field', path });
                    }}
                  >
                    {item.message}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form class="member-form" noValidate onSubmit={onSubmit} aria-labelledby="report-step-title">
        <StepFields stepId={stepId} draft={draft} change={change} errorOf={errorOf} goTo={goTo} />
        {step === REVIEW_STEP ? (
          <SendStatus
            send={send}
            online={online}
            summaryBox={summaryBox}
            onRetry={() => void sendReport()}
            onSendAsNew={() => void sendReport({ newKey: true })}
          />
        ) : null}
        <div class="member-actions">
          {step > 0 ? (
            <button type="button" class="button-secondary" disabled={sending} onClick={() => goTo(step - 1)}>
              {t('previous')}
            </button>
          ) : null}
          <button type="submit" class="button-primary" disabled={sending}>
            {step === REVIEW_STEP ? (sending ? t('sending') : t('send')) : t('next')}
          </button>
        </div>
      </form>
      <div class="member-draft-tools">
        <p class="hint">{t('draftSavedHint')}</p>
        {!hasContent(draft) ? null : discarding ? (
          <div class="notice notice-warning">
            <p>{t('discardConfirm')}</p>
            <div class="button-row">
              <button type="button" class="button-danger" onClick={discard}>
                {t('discardYes')}
              </button>
              <button type="button" class="button-secondary" onClick={() => setDiscarding(false)}>
                {t('discardNo')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" class="button-link" disabled={sending} onClick={() => setDiscarding(true)}>
            {t('discardDraft')}
          </button>
        )}
      </div>
    </Page>
  );
}

/** Moves focus to a field's input (the first choice of a group). */
function focusField(path: FieldPath) {
  const element = document.getElementById(fieldId(path));
  const target = element instanceof HTMLFieldSetElement ? element.querySelector('input') : element;
  target?.focus();
  target?.scrollIntoView({ block: 'center' });
}

function Restored(props: { savedAt: string }) {
  const t = useT(MEMBER);
  const format = useFormat();
  return (
    <div class="notice notice-info" role="status">
      <p>{t('draftRestored', { time: format.dateTime(props.savedAt) })}</p>
    </div>
  );
}

// --- Steps -----------------------------------------------------------------------------------

interface StepProps {
  readonly draft: Draft;
  readonly change: (fields: Partial<Draft>, path: FieldPath) => void;
  readonly errorOf: (path: FieldPath) => string | undefined;
  readonly goTo: (step: number) => void;
}

function StepFields(props: StepProps & { stepId: StepId }) {
  switch (props.stepId) {
    case 'need':
      return <NeedStep {...props} />;
    case 'place':
      return <PlaceStep {...props} />;
    case 'person':
      return <PersonStep {...props} />;
    case 'urgency':
      return <UrgencyStep {...props} />;
    case 'cohesion':
      return <CohesionStep {...props} />;
    case 'consent':
      return <ConsentStep {...props} />;
    case 'review':
      return <Review {...props} />;
  }
}

const toggled = (list: readonly string[], id: string, on: boolean) =>
  on ? [...list.filter((item) => item !== id), id] : list.filter((item) => item !== id);

/** One checkbox or radio with its label and an optional plain-words hint. */
function Choice(props: {
  type: 'checkbox' | 'radio';
  name: string;
  value: string;
  label: string;
  hint?: string | undefined;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label class="choice">
      <input
        type={props.type}
        name={props.name}
        value={props.value}
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      <span>
        {props.label}
        {props.hint === undefined ? null : <span class="choice-hint">{props.hint}</span>}
      </span>
    </label>
  );
}

function NeedStep({ draft, change, errorOf }: StepProps) {
  const t = useT(MEMBER);
  const { locale } = useLocale();
  const format = useFormat();
  const { catalog } = useApp();
  const hintOf = (id: string) => {
    const key = CATEGORY_HINT_KEYS[id];
    return key === undefined ? undefined : t(key);
  };
  return (
    <>
      <Choices
        id={fieldId('categories')}
        legend={t('categoriesLegend')}
        hint={t('categoriesHint', { max: format.number(REPORT_LIMITS.categories.max) })}
        error={errorOf('categories')}
      >
        {catalog.categories.map((category) => (
          <Choice
            key={category.id}
            type="checkbox"
            name="categories"
            value={category.id}
            label={category.label[locale]}
            hint={hintOf(category.id)}
            checked={draft.categories.includes(category.id)}
            onChange={(on) =>
              change({ categories: toggled(draft.categories, category.id, on) }, 'categories')
            }
          />
        ))}
      </Choices>
      <Field
        id={fieldId('description')}
        label={t('descriptionLabel')}
        hint={t('descriptionHint')}
        error={errorOf('description')}
      >
        {(described) => (
          <>
            <textarea
              {...described}
              name="description"
              rows={5}
              value={draft.description}
              onInput={(event) => change({ description: event.currentTarget.value }, 'description')}
            />
            <p class="member-counter">
              {t('characterCount', {
                count: format.number(draft.description.trim().length),
                max: format.number(REPORT_LIMITS.description.max),
              })}
            </p>
          </>
        )}
      </Field>
    </>
  );
}

function PlaceStep({ draft, change, errorOf }: StepProps) {
  const t = useT(MEMBER);
  const common = useT(COMMON);
  const { locale } = useLocale();
  const { catalog } = useApp();
  return (
    <>
      <Field
        id={fieldId('district')}
        label={t('districtLabel')}
        hint={t('districtHint')}
        error={errorOf('district')}
      >
        {(described) => (
          <select
            {...described}
            name="district"
            value={draft.district}
            onChange={(event) => change({ district: event.currentTarget.value }, 'district')}
          >
            <option value="">{t('chooseOption')}</option>
            {catalog.districts.map((district) => (
              <option key={district.id} value={district.id}>
                {district.label[locale]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={fieldId('neighbourhood')}
        label={t('neighbourhoodLabel')}
        hint={t('neighbourhoodHint')}
        error={errorOf('neighbourhood')}
        required={false}
        optionalLabel={common('optional')}
      >
        {(described) => (
          <input
            {...described}
            name="neighbourhood"
            autocomplete="off"
            value={draft.neighbourhood}
            onInput={(event) => change({ neighbourhood: event.currentTarget.value }, 'neighbourhood')}
          />
        )}
      </Field>
    </>
  );
}

function YesNoChoices(props: {
  path: FieldPath;
  name: string;
  legend: string;
  hint: string;
  yes: string;
  no: string;
  value: YesNo;
  error: string | undefined;
  onChange: (value: YesNo) => void;
}) {
  return (
    <Choices id={fieldId(props.path)} legend={props.legend} hint={props.hint} error={props.error}>
      <Choice
        type="radio"
        name={props.name}
        value="yes"
        label={props.yes}
        checked={props.value === 'yes'}
        onChange={() => props.onChange('yes')}
      />
      <Choice
        type="radio"
        name={props.name}
        value="no"
        label={props.no}
        checked={props.value === 'no'}
        onChange={() => props.onChange('no')}
      />
    </Choices>
  );
}

function PersonStep({ draft, change, errorOf }: StepProps) {
  const t = useT(MEMBER);
  const common = useT(COMMON);
  const format = useFormat();
  return (
    <>
      <p>{t('personIntro')}</p>
      <Choices
        id={fieldId('beneficiary.ageGroup')}
        legend={t('ageGroupLegend')}
        error={errorOf('beneficiary.ageGroup')}
      >
        {AGE_GROUPS.map((age) => (
          <Choice
            key={age}
            type="radio"
            name="ageGroup"
            value={age}
            label={t(AGE_GROUP_KEYS[age])}
            checked={draft.ageGroup === age}
            onChange={() => change({ ageGroup: age }, 'beneficiary.ageGroup')}
          />
        ))}
      </Choices>
      <Choices
        id={fieldId('beneficiary.gender')}
        legend={t('genderLegend')}
        error={errorOf('beneficiary.gender')}
      >
        {GENDERS.map((gender) => (
          <Choice
            key={gender}
            type="radio"
            name="gender"
            value={gender}
            label={t(GENDER_KEYS[gender])}
            checked={draft.gender === gender}
            onChange={() => change({ gender }, 'beneficiary.gender')}
          />
        ))}
      </Choices>
      <Field
        id={fieldId('beneficiary.householdSize')}
        label={t('householdSizeLabel')}
        hint={t('householdSizeHint', {
          min: format.number(REPORT_LIMITS.householdSize.min),
          max: format.number(REPORT_LIMITS.householdSize.max),
        })}
        error={errorOf('beneficiary.householdSize')}
      >
        {(described) => (
          <input
            {...described}
            name="householdSize"
            class="member-short-input"
            inputMode="numeric"
            autocomplete="off"
            value={draft.householdSize}
            onInput={(event) =>
              change({ householdSize: event.currentTarget.value }, 'beneficiary.householdSize')
            }
          />
        )}
      </Field>
      <YesNoChoices
        path="beneficiary.disability"
        name="disability"
        legend={t('disabilityLegend')}
        hint={t('disabilityHint')}
        yes={common('yes')}
        no={common('no')}
        value={draft.disability}
        error={errorOf('beneficiary.disability')}
        onChange={(disability) => change({ disability }, 'beneficiary.disability')}
      />
      <Choices
        id={fieldId('beneficiary.language')}
        legend={t('languageLegend')}
        hint={t('languageHint')}
        error={errorOf('beneficiary.language')}
      >
        {BENEFICIARY_LANGUAGES.map((language) => (
          <Choice
            key={language}
            type="radio"
            name="language"
            value={language}
            label={t(LANGUAGE_KEYS[language])}
            checked={draft.language === language}
            onChange={() => change({ language }, 'beneficiary.language')}
          />
        ))}
      </Choices>
    </>
  );
}

function UrgencyStep({ draft, change, errorOf }: StepProps) {
  const t = useT(MEMBER);
  const { locale } = useLocale();
  const { catalog } = useApp();
  return (
    <>
      <Choices
        id={fieldId('priority')}
        legend={t('priorityLegend')}
        hint={t('priorityHint')}
        error={errorOf('priority')}
      >
        {catalog.priorities.map((priority) => {
          const hint = PRIORITY_HINT_KEYS[priority.id];
          return (
            <Choice
              key={priority.id}
              type="radio"
              name="priority"
              value={priority.id}
              label={priority.label[locale]}
              hint={hint === undefined ? undefined : t(hint)}
              checked={draft.priority === priority.id}
              onChange={() => change({ priority: priority.id }, 'priority')}
            />
          );
        })}
      </Choices>
      <Choices
        id={fieldId('vulnerabilities')}
        legend={t('vulnerabilitiesLegend')}
        hint={t('vulnerabilitiesHint')}
        error={errorOf('vulnerabilities')}
      >
        {catalog.vulnerabilities.map((vulnerability) => (
          <Choice
            key={vulnerability.id}
            type="checkbox"
            name="vulnerabilities"
            value={vulnerability.id}
            label={vulnerability.label[locale]}
            checked={draft.vulnerabilities.includes(vulnerability.id)}
            onChange={(on) =>
              change(
                { vulnerabilities: toggled(draft.vulnerabilities, vulnerability.id, on) },
                'vulnerabilities',
              )
            }
          />
        ))}
      </Choices>
    </>
  );
}

function CohesionStep({ draft, change, errorOf }: StepProps) {
  const t = useT(MEMBER);
  const { locale } = useLocale();
  const { catalog } = useApp();
  return (
    <Choices
      id={fieldId('cohesionRisks')}
      legend={t('cohesionLegend')}
      hint={t('cohesionHint')}
      error={errorOf('cohesionRisks')}
    >
      {catalog.cohesionRisks.map((risk) => {
        const hint = COHESION_HINT_KEYS[risk.id];
        return (
          <Choice
            key={risk.id}
            type="checkbox"
            name="cohesionRisks"
            value={risk.id}
            label={risk.label[locale]}
            hint={hint === undefined ? undefined : t(hint)}
            checked={draft.cohesionRisks.includes(risk.id)}
            onChange={(on) =>
              change({ cohesionRisks: toggled(draft.cohesionRisks, risk.id, on) }, 'cohesionRisks')
            }
          />
        );
      })}
    </Choices>
  );
}

function ConsentStep({ draft, change, errorOf }: StepProps) {
  const t = useT(MEMBER);
  const common = useT(COMMON);
  return (
    <>
      <YesNoChoices
        path="consent.shareWithUnits"
        name="consent"
        legend={t('consentLegend')}
        hint={t('consentHint')}
        yes={t('consentYes')}
        no={t('consentNo')}
        value={draft.consent}
        error={errorOf('consent.shareWithUnits')}
        onChange={(consent) => change({ consent }, 'consent.shareWithUnits')}
      />
      <section class="member-contact" aria-labelledby="report-contact-title">
        <h3 id="report-contact-title">{t('contactTitle')}</h3>
        <p class="hint">{t('contactIntro')}</p>
        <Field
          id={fieldId('contact.name')}
          label={t('contactNameLabel')}
          error={errorOf('contact.name')}
          required={false}
          optionalLabel={common('optional')}
        >
          {(described) => (
            <input
              {...described}
              name="contactName"
              autocomplete="off"
              value={draft.contactName}
              onInput={(event) => change({ contactName: event.currentTarget.value }, 'contact.name')}
            />
          )}
        </Field>
        <Field
          id={fieldId('contact.phone')}
          label={t('contactPhoneLabel')}
          hint={t('contactPhoneHint')}
          error={errorOf('contact.phone')}
          required={false}
          optionalLabel={common('optional')}
        >
          {(described) => (
            <input
              {...described}
              name="contactPhone"
              type="tel"
              dir="ltr"
              autocomplete="off"
              value={draft.contactPhone}
              onInput={(event) => change({ contactPhone: event.currentTarget.value }, 'contact.phone')}
            />
          )}
        </Field>
      </section>
    </>
  );
}

function Review({ draft, goTo }: StepProps) {
  const t = useT(MEMBER);
  const common = useT(COMMON);
  const { locale } = useLocale();
  const { catalog } = useApp();
  const listFormat = useMemo(
    () => new Intl.ListFormat(INTL_LOCALE[locale], { style: 'long', type: 'conjunction' }),
    [locale],
  );
  const list = (entries: CatalogResponse['categories'], ids: readonly string[]) =>
    ids.length === 0 ? common('none') : listFormat.format(ids.map((id) => catalogLabel(entries, id, locale)));
  const orNot = (text: string) => (text.trim() === '' ? t('notGiven') : text.trim());
  const yesNo = (value: YesNo, yes: string, no: string) =>
    value === 'yes' ? yes : value === 'no' ? no : t('notGiven');
  const section = (stepIndex: number, facts: [MemberMessage, ComponentChildren][]) => {
    const id = STEPS[stepIndex]?.id ?? 'need';
    return (
      <section class="member-review-section" key={id} aria-labelledby={`review-${id}`}>
        <div class="member-review-head">
          <h3 id={`review-${id}`}>{t(STEP_TITLES[id])}</h3>
          <button type="button" class="button-link" onClick={() => goTo(stepIndex)}>
            {t('change')}
            <span class="visually-hidden">: {t(STEP_TITLES[id])}</span>
          </button>
        </div>
        <dl class="facts member-facts">
          {facts.map(([label, value]) => (
            <Fragment key={label}>
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      </section>
    );
  };
  const householdSize = draft.householdSize.trim();
  return (
    <div class="member-review">
      <p>{t('reviewIntro')}</p>
      {section(0, [
        ['factCategories', list(catalog.categories, draft.categories)],
        ['factDescription', orNot(draft.description)],
      ])}
      {section(1, [
        [
          'factDistrict',
          draft.district === '' ? t('notGiven') : catalogLabel(catalog.districts, draft.district, locale),
        ],
        ['factNeighbourhood', orNot(draft.neighbourhood)],
      ])}
      {section(2, [
        [
          'factAge',
          draft.ageGroup === ''
            ? t('notGiven')
            : t(AGE_GROUP_KEYS[draft.ageGroup as keyof typeof AGE_GROUP_KEYS]),
        ],
        [
          'factGender',
          draft.gender === '' ? t('notGiven') : t(GENDER_KEYS[draft.gender as keyof typeof GENDER_KEYS]),
        ],
        ['factHousehold', householdSize === '' ? t('notGiven') : householdSize],
        ['factDisability', yesNo(draft.disability, common('yes'), common('no'))],
        [
          'factLanguage',
          draft.language === ''
            ? t('notGiven')
            : t(LANGUAGE_KEYS[draft.language as keyof typeof LANGUAGE_KEYS]),
        ],
      ])}
      {section(3, [
        [
          'factPriority',
          draft.priority === '' ? t('notGiven') : catalogLabel(catalog.priorities, draft.priority, locale),
        ],
        ['factVulnerabilities', list(catalog.vulnerabilities, draft.vulnerabilities)],
      ])}
      {section(4, [['factCohesion', list(catalog.cohesionRisks, draft.cohesionRisks)]])}
      {section(5, [
        ['factConsent', yesNo(draft.consent, common('yes'), common('no'))],
        [
          'factContact',
          draft.contactName.trim() === '' && draft.contactPhone.trim() === ''
            ? t('notGiven')
            : [
                <bdi key="name">{draft.contactName.trim()}</bdi>,
                ' · ',
                <bdi key="phone" dir="ltr">
                  {asciiDigits(draft.contactPhone.trim())}
                </bdi>,
              ],
        ],
      ])}
    </div>
  );
}

// --- Sending and sent ----------------------------------------------------------------------------

function SendStatus(props: {
  send: SendState;
  online: boolean;
  summaryBox: RefObject<HTMLDivElement | null>;
  onRetry: () => void;
  onSendAsNew: () => void;
}) {
  const t = useT(MEMBER);
  const common = useT(COMMON);
  const { send } = props;
  const box = useRef<HTMLDivElement>(null);
  // The bar at the bottom can be pressed from anywhere in the review: bring the answer into view.
  useEffect(() => {
    (box.current ?? props.summaryBox.current)?.scrollIntoView({ block: 'nearest' });
  }, [send.kind]);
  switch (send.kind) {
    case 'kept':
      return (
        <div class="notice notice-warning member-send-status" role="alert" ref={box}>
          <p>{props.online ? t('sendUnreachable') : t('sendOffline')}</p>
          <button type="button" class="button-secondary" onClick={props.onRetry}>
            {common('retry')}
          </button>
        </div>
      );
    case 'waiting':
      return (
        <div class="notice notice-warning member-send-status" role="status" ref={box}>
          <p>{t('sendWaiting', { seconds: send.seconds })}</p>
        </div>
      );
    case 'maybe-sent':
      return (
        <div
          class="notice notice-warning member-send-status"
          role="alert"
          tabIndex={-1}
          ref={props.summaryBox}
        >
          <p>{t('sendMaybeSent')}</p>
          <p>{t('sendMaybeSentHelp')}</p>
          <div class="button-row">
            <a class="button-secondary" href="#/reports">
              {t('openMyReports')}
            </a>
            <button type="button" class="button-secondary" onClick={props.onSendAsNew}>
              {t('sendAsNew')}
            </button>
          </div>
        </div>
      );
    case 'failed':
      return (
        <div class="notice notice-error member-send-status" role="alert" ref={box}>
          <p>{problemMessage(send.error, common)}</p>
          <p>{t('sendFailed')}</p>
          <button type="button" class="button-secondary" onClick={props.onRetry}>
            {common('retry')}
          </button>
        </div>
      );
    default:
      return null;
  }
}

function Sent(props: { response: ReportNeedResponse; replayed: boolean; onAnother: () => void }) {
  const t = useT(MEMBER);
  const { locale } = useLocale();
  const { catalog } = useApp();
  const unitIds = [...new Set(props.response.referrals.map((referral) => referral.unitId))];
  const triage = unitIds.includes(catalog.triageUnitId);
  return (
    <Page key="sent" title={t('sentTitle')}>
      <div class="notice notice-success">
        <p>{t('sentIntro')}</p>
        <ul class="member-units">
          {unitIds.map((unitId) => (
            <li key={unitId}>{catalogLabel(catalog.units, unitId, locale)}</li>
          ))}
        </ul>
        {triage ? <p>{t('sentTriage')}</p> : null}
        {props.replayed ? <p>{t('sentReplayed')}</p> : null}
      </div>
      <p>{t('sentNext')}</p>
      <div class="button-row">
        <a class="button-primary" href={`#/reports/${props.response.need.id}`}>
          {t('viewReport')}
        </a>
        <a class="button-secondary" href="#/reports">
          {t('openMyReports')}
        </a>
        <button type="button" class="button-secondary" onClick={props.onAnother}>
          {t('reportAnother')}
        </button>
      </div>
    </Page>
  );
}
