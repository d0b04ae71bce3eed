/**
 * The triage queue: referrals waiting at the council's triage desk (catalog.triageUnitId) —
 * needs whose categories no routing rule covers, and needs a unit rejected, which come back
 * here as a new leg. The directorate lists them with GET /v1/referrals?unitId=<desk>&status=routed
 * and routes each to a service unit (the `route` transition, with the referral's version for
 * optimistic locking: a stale version is a 409, answered with a fresh list).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  COHESION_RISK_LABELS,
  PRIORITY_LABELS,
  type RejectionReason,
} from '../../../../shared/domain/vocabulary.js';
import type { Referral } from '../../../../shared/schemas/referral.js';
import type { AuditEvent } from '../../../../shared/schemas/transition.js';
import { ApiProblem, newIdempotencyKey } from '../../api.js';
import { useApp } from '../../app-context.js';
import { ErrorSummary, Field } from '../../components/form.js';
import { Page } from '../../components/page.js';
import { ProblemNotice, problemMessage } from '../../components/problem.js';
import { useResource } from '../../components/resource.js';
import { SlaBadge } from '../../components/sla-badge.js';
import { COMMON } from '../../i18n/common.js';
import { useFormat, useLocale, useT } from '../../i18n/locale.js';
import { catalogLabel } from '../../labels.js';
import { type Feedback, FeedbackBox } from './feedback.js';
import { listText } from './figures.js';
import { DIRECTORATE } from './messages.js';

const NOTE_MAX = 1000;
const PAGE = 100;

const REASON_KEYS = {
  not_our_service: 'reasonNotOurService',
  outside_area: 'reasonOutsideArea',
  not_eligible: 'reasonNotEligible',
  duplicate: 'reasonDuplicate',
  insufficient_information: 'reasonInsufficientInformation',
  other: 'reasonOther',
} as const satisfies Record<RejectionReason, string>;

export function TriageScreen() {
  const t = useT(DIRECTORATE);
  const common = useT(COMMON);
  const { api, catalog, announce } = useApp();
  const { locale } = useLocale();
  const [list, setList] = useState<{
    items: Referral[];
    nextCursor: string | null;
    loading: boolean;
    error: unknown;
  }>({ items: [], nextCursor: null, loading: true, error: undefined });
  const [generation, setGeneration] = useState(0);
  const [feedback, setFeedback] = useState<Feedback | undefined>(undefined);

  const pageQuery = (cursor: string | null) => {
    const parameters = new URLSearchParams({
      unitId: catalog.triageUnitId,
      status: 'routed',
      limit: String(PAGE),
    });
    if (cursor !== null) parameters.set('cursor', cursor);
    return `/v1/referrals?${parameters}`;
  };
  useEffect(() => {
    const controller = new AbortController();
    setList((previous) => ({ ...previous, loading: true, error: undefined }));
    api
      .get<{ items: Referral[]; nextCursor: string | null }>(pageQuery(null), { signal: controller.signal })
      .then(
        (page) => {
          if (!controller.signal.aborted)
            setList({ items: page.items, nextCursor: page.nextCursor, loading: false, error: undefined });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setList((previous) => ({ ...previous, loading: false, error }));
        },
      );
    return () => controller.abort();
  }, [api, generation]);

  const loadMore = () => {
    if (list.nextCursor === null) return;
    setList((previous) => ({ ...previous, loading: true }));
    api.get<{ items: Referral[]; nextCursor: string | null }>(pageQuery(list.nextCursor)).then(
      (page) =>
        setList((previous) => ({
          items: [...previous.items, ...page.items],
          nextCursor: page.nextCursor,
          loading: false,
          error: undefined,
        })),
      (error: unknown) => setList((previous) => ({ ...previous, loading: false, error })),
    );
  };

  /** Routes one referral; returns the field problem to show in its form, if any. */
  const route = async (
    referral: Referral,
    toUnitId: string,
    note: string,
    idempotencyKey: string,
  ): Promise<ApiProblem | undefined> => {
    try {
      await api.post<Referral>(`/v1/referrals/${encodeURIComponent(referral.id)}/transitions`, {
        body: {
          action: 'route',
          expectedVersion: referral.version,
          toUnitId,
          ...(note === '' ? {} : { note }),
        },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      setList((previous) => ({
        ...previous,
        items: previous.items.filter((item) => item.id !== referral.id),
      }));
      const message = t('routed', { unit: catalogLabel(catalog.units, toUnitId, locale) });
      setFeedback({ kind: 'success', message });
      announce(message);
      return undefined;
    } catch (error) {
      if (error instanceof ApiProblem && (error.status === 409 || error.status === 422)) {
        setFeedback({
          kind: 'error',
          message: error.status === 409 ? t('routeStale') : t('routeNotAllowed'),
        });
        setGeneration((value) => value + 1);
        return undefined;
      }
      if (
        error instanceof ApiProblem &&
        error.status === 400 &&
        (error.fieldMessage('toUnitId') !== undefined || error.fieldMessage('note') !== undefined)
      )
        return error;
      setFeedback({ kind: 'error', message: problemMessage(error, common) });
      return undefined;
    }
  };

  return (
    <Page title={t('triageTitle')}>
      <p>{t('triageIntro', { desk: catalogLabel(catalog.units, catalog.triageUnitId, locale) })}</p>
      <FeedbackBox feedback={feedback} />
      <ProblemNotice error={list.error} onRetry={() => setGeneration((value) => value + 1)} />
      {list.loading && list.items.length === 0 ? (
        <p class="loading" role="status">
          {common('loading')}
        </p>
      ) : null}
      {!list.loading && list.error === undefined && list.items.length === 0 ? (
        <p class="notice notice-success">{t('triageEmpty')}</p>
      ) : null}
      <ul class="card-list" aria-label={t('triageListLabel')}>
        {list.items.map((referral) => (
          <TriageCard key={`${referral.id}:${referral.version}`} referral={referral} onRoute={route} />
        ))}
      </ul>
      {list.nextCursor === null ? null : (
        <p>
          <button type="button" class="button-secondary" onClick={loadMore} disabled={list.loading}>
            {t('showMore')}
          </button>
        </p>
      )}
    </Page>
  );
}

function TriageCard(props: {
  referral: Referral;
  onRoute: (
    referral: Referral,
    toUnitId: string,
    note: string,
    key: string,
  ) => Promise<ApiProblem | undefined>;
}) {
  const t = useT(DIRECTORATE);
  const format = useFormat();
  const { catalog } = useApp();
  const { locale } = useLocale();
  const { referral } = props;
  const titleId = `triage-${referral.id}-title`;
  const categories = listText(
    referral.categories.map((category) => catalogLabel(catalog.categories, category, locale)),
    locale,
  );
  const district = catalogLabel(catalog.districts, referral.district, locale);
  const place =
    referral.neighbourhood === undefined
      ? district
      : t('placeWithNeighbourhood', { district, neighbourhood: referral.neighbourhood });
  return (
    <li class="card triage-card" data-referral-id={referral.id} aria-labelledby={titleId}>
      <h2 id={titleId}>{t('triageCardTitle', { categories, place })}</h2>
      <p class="directorate-badges">
        <span class={referral.priority === 'routine' ? 'badge badge-neutral' : 'badge badge-warning'}>
          {PRIORITY_LABELS[referral.priority][locale]}
        </span>{' '}
        <SlaBadge sla={referral.sla} status={referral.status} />{' '}
        <span class="badge badge-neutral">
          {referral.routedBy === 'rejection' ? t('arrivedByRejection') : t('arrivedByTriage')}
        </span>
      </p>
      <dl class="facts">
        <dt>{t('arrivedAt')}</dt>
        <dd>{format.dateTime(referral.createdAt)}</dd>
        <dt>{t('answerDue')}</dt>
        <dd>{format.dateTime(referral.sla.acknowledge.dueAt)}</dd>
        {referral.cohesionRisks.length === 0 ? null : (
          <>
            <dt>{t('riskTypes')}</dt>
            <dd>
              {listText(
                referral.cohesionRisks.map((risk) => COHESION_RISK_LABELS[risk][locale]),
                locale,
              )}
            </dd>
          </>
        )}
        <dt>{t('description')}</dt>
        <dd dir="auto" class="description">
          {referral.description}
        </dd>
      </dl>
      {referral.routedBy === 'rejection' && referral.previousReferralId !== undefined ? (
        <RejectionDetails previousReferralId={referral.previousReferralId} />
      ) : null}
      <RouteForm
        referral={referral}
        title={t('triageCardTitle', { categories, place })}
        onRoute={props.onRoute}
      />
    </li>
  );
}

/** Why a unit sent the need back: the rejection in the previous leg's history. */
function RejectionDetails(props: { previousReferralId: string }) {
  const t = useT(DIRECTORATE);
  const { api, catalog } = useApp();
  const { locale } = useLocale();
  const history = useResource(
    (signal) =>
      api.get<{ items: AuditEvent[] }>(
        `/v1/referrals/${encodeURIComponent(props.previousReferralId)}/history`,
        {
          signal,
        },
      ),
    [api, props.previousReferralId],
  );
  const rejection = history.data?.items.filter((event) => event.action === 'reject').at(-1);
  if (rejection === undefined) return null;
  return (
    <div class="notice notice-warning rejection-details">
      <p>
        {t('rejectedBy', {
          unit: catalogLabel(catalog.units, rejection.unitId, locale),
          reason: rejection.reason === undefined ? '—' : t(REASON_KEYS[rejection.reason]),
        })}
      </p>
      {rejection.note === undefined ? null : (
        <p dir="auto" class="rejection-note">
          {rejection.note}
        </p>
      )}
    </div>
  );
}

function RouteForm(props: {
  referral: Referral;
  title: string;
  onRoute: (
    referral: Referral,
    toUnitId: string,
    note: string,
    key: string,
  ) => Promise<ApiProblem | undefined>;
}) {
  const t = useT(DIRECTORATE);
  const { catalog } = useApp();
  const { locale } = useLocale();
  const [unit, setUnit] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ unit?: string; note?: string }>({});
  const [sending, setSending] = useState(false);
  // One key per submission of this form: a retry after a lost answer is not a second route.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const unitField = `route-unit-${props.referral.id}`;
  const noteField = `route-note-${props.referral.id}`;
  const units = catalog.units.filter((entry) => entry.id !== catalog.triageUnitId);
  // A new list only when a submission sets new errors: the summary takes focus when it changes.
  const summaryItems = useMemo(
    () => [
      ...(errors.unit === undefined ? [] : [{ fieldId: unitField, message: errors.unit }]),
      ...(errors.note === undefined ? [] : [{ fieldId: noteField, message: errors.note }]),
    ],
    [errors, unitField, noteField],
  );
  const submit = async (event: Event) => {
    event.preventDefault();
    if (unit === '') {
      setErrors({ unit: t('chooseUnitError') });
      return;
    }
    setErrors({});
    setSending(true);
    const problem = await props.onRoute(props.referral, unit, note.trim(), idempotencyKey);
    setSending(false);
    if (problem !== undefined) {
      const unitMessage = problem.fieldMessage('toUnitId');
      const noteMessage = problem.fieldMessage('note');
      setErrors({
        ...(unitMessage === undefined ? {} : { unit: t('chooseUnitError') }),
        ...(noteMessage === undefined ? {} : { note: t('noteTooLong') }),
      });
    }
  };
  return (
    <form
      class="route-form"
      onSubmit={submit}
      noValidate
      aria-label={t('routeThis', { referral: props.title })}
    >
      <ErrorSummary
        id={`route-summary-${props.referral.id}`}
        title={t('errorSummaryTitle')}
        items={summaryItems}
      />
      <Field id={unitField} label={t('routeToUnit')} error={errors.unit}>
        {(described) => (
          <select
            {...described}
            name="toUnitId"
            value={unit}
            onChange={(event) => setUnit(event.currentTarget.value)}
          >
            <option value="">{t('chooseUnit')}</option>
            {units.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.label[locale]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={noteField}
        label={t('routeNote')}
        hint={t('routeNoteHint')}
        error={errors.note}
        required={false}
        optionalLabel={t('optional')}
      >
        {(described) => (
          <textarea
            {...described}
            name="note"
            maxLength={NOTE_MAX}
            value={note}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
        )}
      </Field>
      <div class="button-row">
        <button type="submit" class="button-primary" disabled={sending}>
          {t('route')}
        </button>
      </div>
    </form>
  );
}
