/**
 * One of the member's needs: what they reported, the units it went to and where each
 * referral stands. A resolved referral asks the member to confirm the outcome ("close") or to
 * reopen it; a stale version (409) reloads the page and says so.
 */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { OUTCOME_LABELS } from '../../../../shared/domain/vocabulary.js';
import type { Need } from '../../../../shared/schemas/need.js';
import type { Referral } from '../../../../shared/schemas/referral.js';
import { ApiProblem } from '../../api.js';
import { useApp } from '../../app-context.js';
import { Page } from '../../components/page.js';
import { ProblemNotice, problemMessage } from '../../components/problem.js';
import { useResource } from '../../components/resource.js';
import { COMMON } from '../../i18n/common.js';
import { INTL_LOCALE, useFormat, useLocale, useT } from '../../i18n/locale.js';
import { catalogLabel } from '../../labels.js';
import { AGE_GROUP_KEYS, GENDER_KEYS, LANGUAGE_KEYS, STATUS_BADGE, STATUS_KEYS } from './labels.js';
import { REOPEN_WINDOW_DAYS } from './limits.js';
import { MEMBER, type MemberMessage } from './messages.js';

type NeedWithReferrals = Need & { referrals: Referral[] };

type Outcome =
  | { kind: 'done'; message: MemberMessage }
  | { kind: 'changed'; message: MemberMessage }
  | { kind: 'failed'; error: unknown };

export function NeedPage(props: { needId: string }) {
  const t = useT(MEMBER);
  const common = useT(COMMON);
  const { locale } = useLocale();
  const format = useFormat();
  const { api, catalog, announce } = useApp();
  const need = useResource(
    (signal) => api.get<NeedWithReferrals>(`/v1/needs/${encodeURIComponent(props.needId)}`, { signal }),
    [props.needId],
  );
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);

  async function act(referral: Referral, action: 'close' | 'reopen') {
    setBusy(referral.id);
    setOutcome(undefined);
    try {
      await api.post(`/v1/referrals/${encodeURIComponent(referral.id)}/transitions`, {
        body: { action, expectedVersion: referral.version },
      });
      const message = action === 'close' ? 'closedDone' : 'reopenedDone';
      setOutcome({ kind: 'done', message });
      announce(t(message));
      need.reload();
    } catch (error) {
      if (error instanceof ApiProblem && (error.status === 409 || error.status === 422)) {
        // Someone changed it meanwhile (409 stale version) or it no longer applies (422):
        // show what it is now, and let the member choose again.
        setOutcome({ kind: 'changed', message: error.status === 409 ? 'staleVersion' : 'notAllowedNow' });
        need.reload();
      } else setOutcome({ kind: 'failed', error });
    } finally {
      setBusy(undefined);
    }
  }

  if (need.data === undefined) {
    return (
      <Page title={t('myReportsTitle')}>
        {need.error === undefined ? (
          <p class="loading" role="status">
            {common('loading')}
          </p>
        ) : (
          <ProblemNotice error={need.error} onRetry={need.reload} />
        )}
        <p>
          <a href="#/reports">{t('navMyReports')}</a>
        </p>
      </Page>
    );
  }

  const found = need.data;
  const list = new Intl.ListFormat(INTL_LOCALE[locale], { style: 'long', type: 'conjunction' });
  const labels = (entries: typeof catalog.categories, ids: readonly string[]) =>
    ids.length === 0 ? common('none') : list.format(ids.map((id) => catalogLabel(entries, id, locale)));
  const facts: [MemberMessage, string][] = [
    ['factReportedOn', format.dateTime(found.createdAt)],
    ['factCategories', labels(catalog.categories, found.categories)],
    ['factDistrict', catalogLabel(catalog.districts, found.district, locale)],
    ['factNeighbourhood', found.neighbourhood ?? t('notGiven')],
    ['factPriority', catalogLabel(catalog.priorities, found.priority, locale)],
    ['factAge', t(AGE_GROUP_KEYS[found.beneficiary.ageGroup])],
    ['factGender', t(GENDER_KEYS[found.beneficiary.gender])],
    ['factHousehold', format.number(found.beneficiary.householdSize)],
    ['factDisability', found.beneficiary.disability ? common('yes') : common('no')],
    ['factLanguage', t(LANGUAGE_KEYS[found.beneficiary.language])],
    ['factVulnerabilities', labels(catalog.vulnerabilities, found.vulnerabilities)],
    ['factCohesion', labels(catalog.cohesionRisks, found.cohesionRisks)],
    ['factConsent', found.consent.shareWithUnits ? common('yes') : common('no')],
    ['factContact', found.hasContact ? t('contactGiven') : t('notGiven')],
  ];
  const referrals = [...found.referrals].sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  return (
    <Page title={t('needTitle', { date: format.date(found.createdAt) })}>
      <p>
        <a href="#/reports">{t('navMyReports')}</a>
      </p>
      <p class="member-description" dir="auto">
        {found.description}
      </p>
      <h2>{t('needReferrals')}</h2>
      {outcome === undefined ? null : outcome.kind === 'failed' ? (
        <ProblemNotice error={outcome.error} />
      ) : (
        <div class={outcome.kind === 'done' ? 'notice notice-success' : 'notice notice-warning'} role="alert">
          <p>{t(outcome.message)}</p>
        </div>
      )}
      <ul class="card-list member-referral-cards">
        {referrals.map((referral) => (
          <li class="card" key={referral.id}>
            <h3>{catalogLabel(catalog.units, referral.unitId, locale)}</h3>
            <p>
              <span class={STATUS_BADGE[referral.status]}>{t(STATUS_KEYS[referral.status])}</span>
            </p>
            {referral.outcome === undefined ? null : (
              <p>{t('outcomeIs', { outcome: OUTCOME_LABELS[referral.outcome][locale] })}</p>
            )}
            <p class="meta">{t('lastChange', { date: format.dateTime(referral.updatedAt) })}</p>
            {referral.status === 'resolved' ? (
              <div class="member-confirm">
                <p>{t('closeExplain', { days: format.number(REOPEN_WINDOW_DAYS) })}</p>
                <div class="button-row">
                  <button
                    type="button"
                    class="button-primary"
                    disabled={busy !== undefined}
                    onClick={() => void act(referral, 'close')}
                  >
                    {t('closeButton')}
                  </button>
                  <button
                    type="button"
                    class="button-secondary"
                    disabled={busy !== undefined}
                    onClick={() => void act(referral, 'reopen')}
                  >
                    {t('reopenButton')}
                  </button>
                </div>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t('needDetails')}</h2>
      <dl class="facts member-facts">
        {facts.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      {need.error === undefined ? null : <p class="field-error">{problemMessage(need.error, common)}</p>}
    </Page>
  );
}
