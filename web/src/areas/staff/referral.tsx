/**
 * One referral as its unit sees it: the need's facts, the beneficiary's contact where consent
 * allows, the SLA clocks, the actions the unit may take now and the history. After a change —
 * the user's own, or someone else's found on a stale edit — it reloads the fresh state and
 * says what happened, keeping whatever the user typed.
 */
import type { RefObject } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ReferralStatus } from '../../../../shared/domain/vocabulary.js';
import type { Referral } from '../../../../shared/schemas/referral.js';
import type { SlaView } from '../../../../shared/schemas/sla.js';
import type { AuditEvent } from '../../../../shared/schemas/transition.js';
import { ApiProblem } from '../../api.js';
import { useApp } from '../../app-context.js';
import { formatList, formatMinutes, relativeTime } from '../../components/duration.js';
import { Page } from '../../components/page.js';
import { ProblemNotice } from '../../components/problem.js';
import { useResource } from '../../components/resource.js';
import { SLA_MESSAGES } from '../../components/sla/messages.js';
import { SlaBadge } from '../../components/sla-badge.js';
import { COMMON } from '../../i18n/common.js';
import { useFormat, useLocale, useT } from '../../i18n/locale.js';
import { catalogLabel } from '../../labels.js';
import { ActionForms, type ActionResult, type Draft, type Drafts } from './actions.js';
import { type UnitAction, unitActionsFor } from './allowed-actions.js';
import {
  categoryLabels,
  outcomeLabel,
  priorityLabel,
  type StaffT,
  statusLabel,
  unitLabel,
} from './labels.js';
import { STAFF } from './messages.js';

const ACTIVE: readonly ReferralStatus[] = ['routed', 'accepted', 'in_progress', 'on_hold'];

interface HistoryPage {
  readonly items: AuditEvent[];
  readonly nextCursor: string | null;
}

export function ReferralScreen(props: { id: string }) {
  const { api, me, catalog } = useApp();
  const t = useT(STAFF);
  const common = useT(COMMON);
  const { locale } = useLocale();
  const path = `/v1/referrals/${encodeURIComponent(props.id)}`;
  const referral = useResource((signal) => api.get<Referral>(path, { signal }), [api, path]);
  const history = useResource(
    async (signal) => {
      const items: AuditEvent[] = [];
      let cursor: string | null = null;
      for (let round = 0; round < 20; round++) {
        const query: string = cursor === null ? '' : `?cursor=${encodeURIComponent(cursor)}`;
        const page: HistoryPage = await api.get<HistoryPage>(`${path}/history${query}`, { signal });
        items.push(...page.items);
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
      return items;
    },
    [api, path],
  );
  const [drafts, setDrafts] = useState<Drafts>({});
  const [result, setResult] = useState<{ action: UnitAction; result: ActionResult } | undefined>(undefined);
  const notice = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (result !== undefined) notice.current?.focus();
  }, [result]);

  const onDraft = useCallback((action: UnitAction, draft: Draft) => {
    setDrafts((previous) => ({ ...previous, [action]: draft }));
  }, []);
  const onResult = (action: UnitAction, outcome: ActionResult) => {
    // The notice that says what happened takes the focus, so screen readers read it once.
    if (outcome.kind === 'done') setDrafts((previous) => ({ ...previous, [action]: undefined }));
    setResult({ action, result: outcome });
    referral.reload();
    history.reload();
  };

  const data = referral.data;
  if (data === undefined) {
    return (
      <Page title={referral.error === undefined ? common('loading') : t('notFoundTitle')}>
        {referral.error === undefined ? (
          <p class="loading" role="status">
            {common('loading')}
          </p>
        ) : referral.error instanceof ApiProblem && [400, 404].includes(referral.error.status) ? (
          // Not a referral id, or not one of the unit's: the same answer either way.
          <p class="notice notice-error" role="alert">
            {common('notFound')}
          </p>
        ) : (
          <ProblemNotice error={referral.error} onRetry={referral.reload} />
        )}
        <p>
          <a href="#/inbox">{t('backToInbox')}</a>
        </p>
      </Page>
    );
  }

  const actions = unitActionsFor(data, me.unitId, catalog.triageUnitId);
  const title = t('referralTitle', {
    categories: formatList(categoryLabels(catalog, data.categories, locale), locale),
  });
  return (
    <Page title={title}>
      <p>
        <a href="#/inbox">{t('backToInbox')}</a>
      </p>
      {result === undefined ? null : (
        <ResultNotice
          noticeRef={notice}
          result={result.result}
          drafts={drafts}
          actions={actions}
          current={data}
          t={t}
        />
      )}
      {referral.error === undefined ? null : (
        <ProblemNotice error={referral.error} onRetry={referral.reload} />
      )}
      <div class="grid-2 referral-layout">
        <div>
          <NeedFacts referral={data} t={t} />
          <Beneficiary referral={data} t={t} />
          <ContactDetails referral={data} t={t} />
        </div>
        <div>
          <section aria-labelledby="actions-title" class="referral-actions">
            <h2 id="actions-title">{t('sectionActions')}</h2>
            {actions.length === 0 ? (
              <p>{t('noActions', { status: statusLabel(t, data.status) })}</p>
            ) : (
              <ActionForms
                referral={data}
                actions={actions}
                drafts={drafts}
                onDraft={onDraft}
                onResult={onResult}
                onSubmit={() => setResult(undefined)}
              />
            )}
          </section>
          <SlaClocks sla={data.sla} status={data.status} t={t} />
        </div>
      </div>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('sectionHistory')}</h2>
        {history.error === undefined ? null : (
          <ProblemNotice error={history.error} onRetry={history.reload} />
        )}
        {history.data === undefined ? (
          history.error === undefined ? (
            <p class="loading">{common('loading')}</p>
          ) : null
        ) : (
          <History events={history.data} t={t} />
        )}
      </section>
    </Page>
  );
}

function ResultNotice(props: {
  noticeRef: RefObject<HTMLDivElement | null>;
  result: ActionResult;
  drafts: Drafts;
  actions: readonly UnitAction[];
  current: Referral;
  t: StaffT;
}) {
  const { t, result } = props;
  if (result.kind === 'done') {
    return (
      <div class="notice notice-success" role="status" tabIndex={-1} ref={props.noticeRef} data-result="done">
        <p>{t('actionDone', { status: statusLabel(t, result.referral.status) })}</p>
      </div>
    );
  }
  const typed = Object.entries(props.drafts).filter(
    (entry): entry is [UnitAction, Draft] => entry[1] !== undefined && entry[1].note.trim() !== '',
  );
  const keptInForm = typed.some(([action]) => props.actions.includes(action));
  const lost = typed.filter(([action]) => !props.actions.includes(action));
  return (
    <div
      class="notice notice-warning"
      role="alert"
      tabIndex={-1}
      ref={props.noticeRef}
      data-result={result.kind}
    >
      {result.kind === 'stale' ? (
        <>
          <h2>{t('staleTitle')}</h2>
          <p>{t('stale')}</p>
        </>
      ) : (
        <p>{t('notAllowedNow', { status: statusLabel(t, result.status ?? props.current.status) })}</p>
      )}
      {keptInForm ? <p>{t('staleKept')}</p> : null}
      {lost.map(([action, draft]) => (
        <p key={action} dir="auto" class="kept-text">
          {t('staleKeptText', { text: draft.note.trim() })}
        </p>
      ))}
    </div>
  );
}

function NeedFacts(props: { referral: Referral; t: StaffT }) {
  const { catalog } = useApp();
  const format = useFormat();
  const { locale } = useLocale();
  const { referral, t } = props;
  const cohesion = referral.cohesionRisks.map((risk) => catalogLabel(catalog.cohesionRisks, risk, locale));
  return (
    <section aria-labelledby="need-title">
      <h2 id="need-title">{t('sectionNeed')}</h2>
      <dl class="facts">
        <dt>{t('factStatus')}</dt>
        <dd data-fact="status">
          {statusLabel(t, referral.status)} <SlaBadge sla={referral.sla} status={referral.status} />
        </dd>
        <dt>{t('factPriority')}</dt>
        <dd>{priorityLabel(referral.priority, locale)}</dd>
        <dt>{t('factCategories')}</dt>
        <dd>{formatList(categoryLabels(catalog, referral.categories, locale), locale)}</dd>
        <dt>{t('factDistrict')}</dt>
        <dd>{catalogLabel(catalog.districts, referral.district, locale)}</dd>
        {referral.neighbourhood === undefined ? null : (
          <>
            <dt>{t('factNeighbourhood')}</dt>
            <dd dir="auto">{referral.neighbourhood}</dd>
          </>
        )}
        <dt>{t('factDescription')}</dt>
        <dd dir="auto" class="description">
          {referral.description}
        </dd>
        <dt>{t('factReceived')}</dt>
        <dd>
          <time dateTime={referral.createdAt}>{format.dateTime(referral.createdAt)}</time>
        </dd>
        <dt>{t('factRoutedBy')}</dt>
        <dd>{t(`routedBy_${referral.routedBy}`)}</dd>
        {referral.acceptedAt === undefined ? null : (
          <>
            <dt>{t('factAcceptedAt')}</dt>
            <dd>{format.dateTime(referral.acceptedAt)}</dd>
          </>
        )}
        {referral.holdReason === undefined ? null : (
          <>
            <dt>{t('factHoldReason')}</dt>
            <dd>{t(`holdReason_${referral.holdReason}`)}</dd>
          </>
        )}
        {referral.resolvedAt === undefined ? null : (
          <>
            <dt>{t('factResolvedAt')}</dt>
            <dd>{format.dateTime(referral.resolvedAt)}</dd>
          </>
        )}
        {referral.outcome === undefined ? null : (
          <>
            <dt>{t('factOutcome')}</dt>
            <dd data-fact="outcome">{outcomeLabel(referral.outcome, locale)}</dd>
          </>
        )}
        {referral.rejectionReason === undefined ? null : (
          <>
            <dt>{t('factRejectionReason')}</dt>
            <dd>{t(`rejectReason_${referral.rejectionReason}`)}</dd>
          </>
        )}
        {referral.closedAt === undefined ? null : (
          <>
            <dt>{t('factClosedAt')}</dt>
            <dd>{format.dateTime(referral.closedAt)}</dd>
          </>
        )}
        {referral.vulnerabilities.length === 0 ? null : (
          <>
            <dt>{t('factVulnerabilities')}</dt>
            <dd>
              {formatList(
                referral.vulnerabilities.map((id) => catalogLabel(catalog.vulnerabilities, id, locale)),
                locale,
              )}
            </dd>
          </>
        )}
        {cohesion.length === 0 ? null : (
          <>
            <dt>{t('factCohesionRisks')}</dt>
            <dd>{formatList(cohesion, locale)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Beneficiary(props: { referral: Referral; t: StaffT }) {
  const common = useT(COMMON);
  const format = useFormat();
  const { beneficiary } = props.referral;
  const { t } = props;
  return (
    <section aria-labelledby="beneficiary-title">
      <h2 id="beneficiary-title">{t('sectionBeneficiary')}</h2>
      <dl class="facts">
        <dt>{t('factAgeGroup')}</dt>
        <dd>{t(`ageGroup_${beneficiary.ageGroup}`)}</dd>
        <dt>{t('factGender')}</dt>
        <dd>{t(`gender_${beneficiary.gender}`)}</dd>
        <dt>{t('factHouseholdSize')}</dt>
        <dd>{format.number(beneficiary.householdSize)}</dd>
        <dt>{t('factDisability')}</dt>
        <dd>{beneficiary.disability ? common('yes') : common('no')}</dd>
        <dt>{t('factLanguage')}</dt>
        <dd>{t(`language_${beneficiary.language}`)}</dd>
      </dl>
    </section>
  );
}

/** The API gives the contact only with consent, to the holding unit, while active: never a blank. */
function ContactDetails(props: { referral: Referral; t: StaffT }) {
  const { referral, t } = props;
  return (
    <section aria-labelledby="contact-title" class="contact-details">
      <h2 id="contact-title">{t('sectionContact')}</h2>
      {referral.contact !== undefined ? (
        <>
          <dl class="facts" data-contact="shown">
            <dt>{t('contactName')}</dt>
            <dd dir="auto">{referral.contact.name}</dd>
            <dt>{t('contactPhone')}</dt>
            <dd>
              <a href={`tel:${referral.contact.phone.replace(/[^0-9+]/g, '')}`} dir="ltr">
                {referral.contact.phone}
              </a>
            </dd>
          </dl>
          <p class="hint">{t('contactAudited')}</p>
        </>
      ) : ACTIVE.includes(referral.status) ? (
        <p class="notice notice-info" data-contact="withheld">
          {t('contactWithheld')}
        </p>
      ) : (
        <p class="notice notice-info" data-contact="inactive">
          {t('contactInactive')}
        </p>
      )}
    </section>
  );
}

function SlaClocks(props: { sla: SlaView; status: ReferralStatus; t: StaffT }) {
  const { t, sla } = props;
  const s = useT(SLA_MESSAGES);
  const format = useFormat();
  const { locale } = useLocale();
  const minutes = (value: number) => formatMinutes(value, locale);
  const clocks = [
    { name: 'acknowledge' as const, clock: sla.acknowledge },
    { name: 'resolve' as const, clock: sla.resolve },
  ];
  const { hold } = sla.resolve;
  return (
    <section aria-labelledby="sla-title" class="sla-clocks">
      <h2 id="sla-title">{t('sectionSla')}</h2>
      <p class="hint">
        {sla.policy.calendar === 'business' ? t('slaCalendarBusiness') : t('slaCalendar247')}
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section class="table-wrap" aria-labelledby="clock-caption" tabIndex={0}>
        <table class="data-table">
          <caption id="clock-caption">{t('clockCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colClock')}</th>
              <th scope="col">{t('colState')}</th>
              <th scope="col">{t('colDue')}</th>
              <th scope="col">{t('colUsed')}</th>
            </tr>
          </thead>
          <tbody>
            {clocks.map(({ name, clock }) => (
              <tr key={name} data-clock={name} data-stage={clock.stage}>
                <th scope="row">{s(`clock_${name}`)}</th>
                <td>{s(`stage_${clock.stage}`)}</td>
                <td>
                  <time dateTime={clock.dueAt}>{format.dateTime(clock.dueAt)}</time>
                  {clock.stoppedAt === undefined ? (
                    <span class="due-relative">{relativeTime(clock.dueAt, locale)}</span>
                  ) : (
                    <span class="due-relative">
                      {t('stoppedAt', { time: format.dateTime(clock.stoppedAt) })}
                    </span>
                  )}
                </td>
                <td>
                  {t('elapsedOf', {
                    elapsed: minutes(clock.elapsedMinutes),
                    target: minutes(clock.targetMinutes),
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {hold === undefined ? null : (
        <p data-hold={hold.capReached ? 'cap-reached' : 'paused'}>
          {hold.capReached
            ? t('holdCapReached', {
                since: format.dateTime(hold.since),
                cap: minutes(sla.resolve.holdCapMinutes),
              })
            : t('onHoldSince', {
                since: format.dateTime(hold.since),
                resumesAt: format.dateTime(hold.resumesAt),
                cap: minutes(sla.resolve.holdCapMinutes),
              })}
        </p>
      )}
      {sla.resolve.pausedMinutes === 0 ? null : (
        <p>{t('pausedTotal', { paused: minutes(sla.resolve.pausedMinutes) })}</p>
      )}
      <p class="meta">
        {t('endToEnd', {
          since: format.dateTime(sla.endToEnd.since),
          due: format.dateTime(sla.endToEnd.dueAt),
          elapsed: minutes(sla.endToEnd.elapsedMinutes),
        })}
      </p>
      {sla.events.length === 0 ? null : (
        <>
          <h3>{t('slaEventsTitle')}</h3>
          <ul class="sla-events">
            {sla.events.map((event) => (
              <li key={`${event.clock}-${event.threshold}`} data-threshold={event.threshold}>
                {t('slaEvent', {
                  threshold: s(`threshold_${event.threshold}`),
                  clock: s(`clock_${event.clock}`),
                  time: format.dateTime(event.at),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function History(props: { events: readonly AuditEvent[]; t: StaffT }) {
  const { catalog } = useApp();
  const common = useT(COMMON);
  const format = useFormat();
  const { locale } = useLocale();
  const { t } = props;
  if (props.events.length === 0) return <p>{t('historyEmpty')}</p>;
  const role = (event: AuditEvent) =>
    event.actorRole === 'council-member'
      ? common('roleMember')
      : event.actorRole === 'unit-staff'
        ? common('roleStaff')
        : common('roleDirectorate');
  return (
    <ol class="timeline referral-history">
      {props.events.map((event) => (
        <li key={event.sequence} data-action={event.action} data-sequence={event.sequence}>
          <p class="history-head">
            <strong>{t(`action_${event.action}`)}</strong>{' '}
            <time dateTime={event.at} class="meta">
              {format.dateTime(event.at)}
            </time>
          </p>
          <p class="meta">
            {event.fromStatus === null
              ? t('statusSet', { to: statusLabel(t, event.toStatus) })
              : t('statusChange', {
                  from: statusLabel(t, event.fromStatus),
                  to: statusLabel(t, event.toStatus),
                })}
            {' · '}
            {event.actorUnitId === undefined
              ? t('historyBy', { actor: role(event) })
              : t('historyByUnit', {
                  actor: role(event),
                  unit: unitLabel(catalog, event.actorUnitId, locale),
                })}
          </p>
          {event.reason === undefined ? null : (
            <p>{t('historyReason', { reason: t(`rejectReason_${event.reason}`) })}</p>
          )}
          {event.holdReason === undefined ? null : (
            <p>{t('historyHoldReason', { reason: t(`holdReason_${event.holdReason}`) })}</p>
          )}
          {event.outcome === undefined ? null : (
            <p>{t('historyOutcome', { outcome: outcomeLabel(event.outcome, locale) })}</p>
          )}
          {event.toUnitId === undefined ? null : (
            <p>{t('historyToUnit', { unit: unitLabel(catalog, event.toUnitId, locale) })}</p>
          )}
          {event.note === undefined ? null : (
            <blockquote class="history-note" dir="auto">
              <span class="visually-hidden">{t('historyNote')}: </span>
              {event.note}
            </blockquote>
          )}
        </li>
      ))}
    </ol>
  );
}
