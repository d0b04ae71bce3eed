/**
 * The directorate's alerts inbox (GET /v1/alerts, newest first): cohesion risks, hotspots,
 * SLA breaches and escalations, filtered by status, type and district in the address
 * (`#/alerts?status=open&type=…&district=…`). Acknowledging takes a short note; the alert
 * leaves the open list at once (optimistically) and comes back if the API refuses. The API
 * has no version check on alerts: a second acknowledgement is a 409, which we explain and
 * answer with a fresh list.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { COHESION_RISK_LABELS, PRIORITY_LABELS } from '../../../../shared/domain/vocabulary.js';
import type { Alert } from '../../../../shared/schemas/alert.js';
import { ApiProblem } from '../../api.js';
import { useApp } from '../../app-context.js';
import { ErrorSummary, Field } from '../../components/form.js';
import { Page } from '../../components/page.js';
import { ProblemNotice, problemMessage } from '../../components/problem.js';
import { COMMON } from '../../i18n/common.js';
import { useFormat, useLocale, useT } from '../../i18n/locale.js';
import { catalogLabel } from '../../labels.js';
import { navigate, queryOf } from '../../router.js';
import { type Feedback, FeedbackBox } from './feedback.js';
import { listText } from './figures.js';
import { DIRECTORATE } from './messages.js';

type AlertType = Alert['type'];
/** The API's alert types (shared/schemas/alert.ts holds zod: only its types come into the app). */
const ALERT_TYPES = [
  'cohesion-risk',
  'cohesion-hotspot',
  'sla-breach',
  'sla-escalation',
] as const satisfies readonly AlertType[];
type StatusFilter = 'open' | 'acknowledged' | 'all';

const TYPE_KEYS = {
  'cohesion-risk': 'alertTypeCohesionRisk',
  'cohesion-hotspot': 'alertTypeHotspot',
  'sla-breach': 'alertTypeSlaBreach',
  'sla-escalation': 'alertTypeSlaEscalation',
} as const satisfies Record<AlertType, string>;

const TYPE_BADGES: Record<AlertType, string> = {
  'cohesion-risk': 'badge badge-warning',
  'cohesion-hotspot': 'badge badge-breach',
  'sla-breach': 'badge badge-warning',
  'sla-escalation': 'badge badge-breach',
};

/** Keeps the note field's length in line with the API (NOTE_MAX). */
const NOTE_MAX = 1000;

interface Filters {
  readonly status: StatusFilter;
  readonly type: AlertType | '';
  readonly district: string;
}

const alertsPath = (filters: Filters) => {
  const query = new URLSearchParams({ status: filters.status });
  if (filters.type !== '') query.set('type', filters.type);
  if (filters.district !== '') query.set('district', filters.district);
  return `/alerts?${query}`;
};

export function AlertsScreen(props: { path: string }) {
  const t = useT(DIRECTORATE);
  const common = useT(COMMON);
  const { api, catalog, announce } = useApp();
  const query = queryOf(props.path);
  const status =
    (['open', 'acknowledged', 'all'] as const).find((value) => value === query.get('status')) ?? 'open';
  const type = ALERT_TYPES.find((value) => value === query.get('type')) ?? '';
  const districtParameter = query.get('district') ?? '';
  const district = catalog.districts.some((entry) => entry.id === districtParameter) ? districtParameter : '';
  const filters: Filters = { status, type, district };

  const [list, setList] = useState<{
    items: Alert[];
    nextCursor: string | null;
    loading: boolean;
    error: unknown;
  }>({ items: [], nextCursor: null, loading: true, error: undefined });
  const [generation, setGeneration] = useState(0);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [feedback, setFeedback] = useState<Feedback | undefined>(undefined);

  const pageQuery = (cursor: string | null) => {
    const parameters = new URLSearchParams({ limit: '25' });
    if (status !== 'all') parameters.set('status', status);
    if (type !== '') parameters.set('type', type);
    if (district !== '') parameters.set('district', district);
    if (cursor !== null) parameters.set('cursor', cursor);
    return `/v1/alerts?${parameters}`;
  };

  useEffect(() => {
    const controller = new AbortController();
    setList((previous) => ({ ...previous, loading: true, error: undefined }));
    api
      .get<{ items: Alert[]; nextCursor: string | null }>(pageQuery(null), { signal: controller.signal })
      .then(
        (page) => {
          if (controller.signal.aborted) return;
          setHidden(new Set());
          setList({ items: page.items, nextCursor: page.nextCursor, loading: false, error: undefined });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setList((previous) => ({ ...previous, loading: false, error }));
        },
      );
    return () => controller.abort();
  }, [api, status, type, district, generation]);

  const loadMore = () => {
    if (list.nextCursor === null) return;
    setList((previous) => ({ ...previous, loading: true }));
    api.get<{ items: Alert[]; nextCursor: string | null }>(pageQuery(list.nextCursor)).then(
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

  /** Optimistic: the alert leaves the open list now; it comes back if the API refuses. */
  const acknowledge = async (alert: Alert, note: string): Promise<ApiProblem | undefined> => {
    if (status === 'open') setHidden((previous) => new Set([...previous, alert.id]));
    const place = placeOf(alert);
    try {
      const answer = await api.post<Alert>(`/v1/alerts/${encodeURIComponent(alert.id)}/acknowledge`, {
        body: { note },
      });
      setList((previous) => ({
        ...previous,
        items: previous.items.map((item) => (item.id === alert.id ? answer.body : item)),
      }));
      const message = t('acknowledged', { alert: t(TYPE_KEYS[alert.type]), place });
      setFeedback({ kind: 'success', message });
      announce(message);
      return undefined;
    } catch (error) {
      setHidden((previous) => new Set([...previous].filter((id) => id !== alert.id)));
      if (error instanceof ApiProblem && error.status === 409) {
        setFeedback({ kind: 'error', message: t('alreadyAcknowledged') });
        setGeneration((value) => value + 1);
        return undefined;
      }
      if (error instanceof ApiProblem && error.status === 400 && error.fieldMessage('note') !== undefined)
        return error;
      if (error instanceof ApiProblem && error.status === 400 && error.fieldMessage('id') !== undefined) {
        // The API refused the alert's id itself: nothing the user can correct here.
        setFeedback({ kind: 'error', message: t('alertNotAcknowledgeable') });
        return undefined;
      }
      setFeedback({ kind: 'error', message: problemMessage(error, common) });
      return undefined;
    }
  };

  const { locale } = useLocale();
  const placeOf = (alert: Alert) =>
    alert.neighbourhood === undefined
      ? catalogLabel(catalog.districts, alert.district, locale)
      : t('placeWithNeighbourhood', {
          district: catalogLabel(catalog.districts, alert.district, locale),
          neighbourhood: alert.neighbourhood,
        });

  const shown = list.items.filter((alert) => !hidden.has(alert.id));
  return (
    <Page title={t('alertsTitle')}>
      <AlertFilters key={`${status}|${type}|${district}`} filters={filters} />
      <FeedbackBox feedback={feedback} />
      <ProblemNotice error={list.error} onRetry={() => setGeneration((value) => value + 1)} />
      {list.loading && list.items.length === 0 ? (
        <p class="loading" role="status">
          {common('loading')}
        </p>
      ) : null}
      {!list.loading && list.error === undefined && shown.length === 0 ? (
        <p class="notice notice-info">{status === 'open' ? t('noOpenAlerts') : t('noAlerts')}</p>
      ) : null}
      <ul class="card-list" aria-label={t('alertsListLabel')}>
        {shown.map((alert) => (
          <AlertCard key={alert.id} alert={alert} place={placeOf(alert)} onAcknowledge={acknowledge} />
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

function AlertFilters(props: { filters: Filters }) {
  const t = useT(DIRECTORATE);
  const { catalog } = useApp();
  const { locale } = useLocale();
  const [filters, setFilters] = useState<Filters>(props.filters);
  return (
    <form
      class="filters directorate-filters"
      aria-label={t('alertFiltersLabel')}
      onSubmit={(event) => {
        event.preventDefault();
        navigate(alertsPath(filters));
      }}
    >
      <Field id="alerts-status" label={t('alertStatus')}>
        {(described) => (
          <select
            {...described}
            name="status"
            value={filters.status}
            onChange={(event) =>
              setFilters({ ...filters, status: event.currentTarget.value as StatusFilter })
            }
          >
            <option value="open">{t('statusOpen')}</option>
            <option value="acknowledged">{t('statusAcknowledged')}</option>
            <option value="all">{t('statusAll')}</option>
          </select>
        )}
      </Field>
      <Field id="alerts-type" label={t('alertType')}>
        {(described) => (
          <select
            {...described}
            name="type"
            value={filters.type}
            onChange={(event) =>
              setFilters({ ...filters, type: event.currentTarget.value as AlertType | '' })
            }
          >
            <option value="">{t('allTypes')}</option>
            {ALERT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(TYPE_KEYS[type])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="alerts-district" label={t('district')}>
        {(described) => (
          <select
            {...described}
            name="district"
            value={filters.district}
            onChange={(event) => setFilters({ ...filters, district: event.currentTarget.value })}
          >
            <option value="">{t('allDistricts')}</option>
            {catalog.districts.map((district) => (
              <option key={district.id} value={district.id}>
                {district.label[locale]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="button-row">
        <button type="submit" class="button-primary">
          {t('applyFilters')}
        </button>
      </div>
    </form>
  );
}

function AlertCard(props: {
  alert: Alert;
  place: string;
  onAcknowledge: (alert: Alert, note: string) => Promise<ApiProblem | undefined>;
}) {
  const t = useT(DIRECTORATE);
  const format = useFormat();
  const { catalog } = useApp();
  const { locale } = useLocale();
  const { alert } = props;
  const titleId = `alert-${alert.id}-title`;
  const title =
    alert.type === 'cohesion-hotspot'
      ? t('alertTitleHotspot', { count: format.number(alert.needIds.length), place: props.place })
      : alert.type === 'cohesion-risk'
        ? t('alertTitleCohesion', { place: props.place })
        : t(alert.type === 'sla-breach' ? 'alertTitleSlaBreach' : 'alertTitleSlaEscalation', {
            unit: catalogLabel(catalog.units, alert.sla?.unitId ?? '', locale),
          });
  return (
    <li
      class="card alert-card"
      data-alert-id={alert.id}
      data-alert-type={alert.type}
      aria-labelledby={titleId}
    >
      <h2 id={titleId}>{title}</h2>
      <p class="directorate-badges">
        <span class={TYPE_BADGES[alert.type]}>{t(TYPE_KEYS[alert.type])}</span>{' '}
        <span class={alert.status === 'open' ? 'badge badge-neutral' : 'badge badge-ok'}>
          {alert.status === 'open' ? t('statusOpen') : t('statusAcknowledged')}
        </span>
      </p>
      <dl class="facts">
        <dt>{t('raisedAt')}</dt>
        <dd>
          <time dateTime={alert.raisedAt}>{format.dateTime(alert.raisedAt)}</time>
        </dd>
        <dt>{t('place')}</dt>
        <dd>{props.place}</dd>
        {alert.riskTypes.length === 0 ? null : (
          <>
            <dt>{t('riskTypes')}</dt>
            <dd>
              {listText(
                alert.riskTypes.map((risk) => COHESION_RISK_LABELS[risk][locale]),
                locale,
              )}
            </dd>
          </>
        )}
        {alert.firstFlaggedAt === undefined ? null : (
          <>
            <dt>{alert.type === 'cohesion-hotspot' ? t('firstFlaggedAt') : t('flaggedAt')}</dt>
            <dd>{format.dateTime(alert.firstFlaggedAt)}</dd>
          </>
        )}
        {alert.sla === undefined ? null : (
          <>
            <dt>{t('unit')}</dt>
            <dd>{catalogLabel(catalog.units, alert.sla.unitId, locale)}</dd>
            <dt>{t('slaClock')}</dt>
            <dd>{alert.sla.clock === 'acknowledge' ? t('clockAcknowledge') : t('clockResolve')}</dd>
            <dt>{t('priority')}</dt>
            <dd>{PRIORITY_LABELS[alert.sla.priority][locale]}</dd>
            <dt>{t('dueAt')}</dt>
            <dd>{format.dateTime(alert.sla.dueAt)}</dd>
            <dt>{t('referral')}</dt>
            <dd>
              <code>{alert.sla.referralId}</code>
            </dd>
          </>
        )}
        {alert.acknowledgedAt === undefined ? null : (
          <>
            <dt>{t('acknowledgedAt')}</dt>
            <dd>{format.dateTime(alert.acknowledgedAt)}</dd>
          </>
        )}
        {alert.acknowledgementNote === undefined ? null : (
          <>
            <dt>{t('acknowledgementNote')}</dt>
            <dd dir="auto">{alert.acknowledgementNote}</dd>
          </>
        )}
      </dl>
      {alert.status === 'open' ? (
        <AcknowledgeControl alert={alert} title={title} onAcknowledge={props.onAcknowledge} />
      ) : null}
    </li>
  );
}

function AcknowledgeControl(props: {
  alert: Alert;
  title: string;
  onAcknowledge: (alert: Alert, note: string) => Promise<ApiProblem | undefined>;
}) {
  const t = useT(DIRECTORATE);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  // An object, new at each refused submission: the summary takes focus when it changes.
  const [error, setError] = useState<{ message: string } | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const noteField = useRef<HTMLTextAreaElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const fieldId = `ack-note-${props.alert.id}`;
  const summaryItems = useMemo(
    () => (error === undefined ? [] : [{ fieldId, message: error.message }]),
    [error, fieldId],
  );
  const wasOpen = useRef(false);
  useEffect(() => {
    // Opening moves focus to the note; cancelling brings it back to the button.
    if (open) noteField.current?.focus();
    else if (wasOpen.current) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  if (!open)
    return (
      <div class="button-row">
        <button
          type="button"
          class="button-primary"
          ref={opener}
          aria-label={t('acknowledgeThis', { alert: props.title })}
          onClick={() => setOpen(true)}
        >
          {t('acknowledge')}
        </button>
      </div>
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    if (note.trim() === '') {
      setError({ message: t('noteRequired') });
      return;
    }
    setError(undefined);
    setSending(true);
    const problem = await props.onAcknowledge(props.alert, note.trim());
    setSending(false);
    if (problem !== undefined) setError({ message: t('noteTooLong') });
  };
  return (
    <form
      class="acknowledge-form"
      onSubmit={submit}
      noValidate
      aria-label={t('acknowledgeThis', { alert: props.title })}
    >
      <ErrorSummary
        id={`ack-summary-${props.alert.id}`}
        title={t('errorSummaryTitle')}
        items={summaryItems}
      />
      <Field
        id={fieldId}
        label={t('acknowledgementNote')}
        hint={t('acknowledgementHint')}
        error={error?.message}
      >
        {(described) => (
          <textarea
            {...described}
            ref={noteField}
            name="note"
            maxLength={NOTE_MAX}
            value={note}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
        )}
      </Field>
      <div class="button-row">
        <button type="submit" class="button-primary" disabled={sending}>
          {t('confirmAcknowledge')}
        </button>
        <button
          type="button"
          class="button-secondary"
          onClick={() => {
            setOpen(false);
            setError(undefined);
          }}
        >
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
