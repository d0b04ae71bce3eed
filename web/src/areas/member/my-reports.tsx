/**
 * My reports: the member's needs, newest first, each with the units it went to, where each
 * referral stands and its outcome; a resolved one asks the member to confirm it. Read from
 * GET /v1/referrals, which for a council member lists the referrals of their own needs.
 */

import { OUTCOME_LABELS } from '../../../../shared/domain/vocabulary.js';
import type { Referral } from '../../../../shared/schemas/referral.js';
import { useApp } from '../../app-context.js';
import { Page } from '../../components/page.js';
import { ProblemNotice } from '../../components/problem.js';
import { COMMON } from '../../i18n/common.js';
import { useFormat, useLocale, useT } from '../../i18n/locale.js';
import { catalogLabel } from '../../labels.js';
import { STATUS_BADGE, STATUS_KEYS } from './labels.js';
import { MEMBER } from './messages.js';
import { pageQuery, usePagedList } from './paging.js';

interface NeedGroup {
  readonly needId: string;
  readonly description: string;
  readonly reportedAt: string;
  readonly referrals: Referral[];
}

/** Referrals grouped by need, in the order the API gave them (newest first). */
function byNeed(referrals: readonly Referral[]): NeedGroup[] {
  const groups = new Map<string, NeedGroup>();
  for (const referral of referrals) {
    const group = groups.get(referral.needId);
    if (group === undefined)
      groups.set(referral.needId, {
        needId: referral.needId,
        description: referral.description,
        reportedAt: referral.createdAt,
        referrals: [referral],
      });
    else {
      group.referrals.push(referral);
      if (referral.createdAt < group.reportedAt)
        groups.set(referral.needId, { ...group, reportedAt: referral.createdAt });
    }
  }
  return [...groups.values()].map((group) => ({
    ...group,
    referrals: [...group.referrals].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  }));
}

export const excerpt = (text: string, length = 90) =>
  text.length <= length ? text : `${text.slice(0, length).trimEnd()}…`;

export function MyReports() {
  const t = useT(MEMBER);
  const common = useT(COMMON);
  const { locale } = useLocale();
  const format = useFormat();
  const { catalog } = useApp();
  const list = usePagedList<Referral>((cursor) => `/v1/referrals?${pageQuery(100, cursor)}`, []);
  const groups = byNeed(list.items);
  return (
    <Page
      title={t('myReportsTitle')}
      actions={
        <a class="button-primary" href="#/report">
          {t('navReport')}
        </a>
      }
    >
      <p>{t('myReportsIntro')}</p>
      <ProblemNotice error={list.error} onRetry={list.reload} />
      {list.loading && groups.length === 0 ? (
        <p class="loading" role="status">
          {common('loading')}
        </p>
      ) : null}
      {!list.loading && list.error === undefined && groups.length === 0 ? <p>{t('myReportsEmpty')}</p> : null}
      <ul class="card-list member-reports">
        {groups.map((group) => (
          <li class="card" key={group.needId}>
            <h2>
              <a href={`#/reports/${group.needId}`} dir="auto">
                {excerpt(group.description)}
              </a>
            </h2>
            <p class="meta">{t('reportedOn', { date: format.dateTime(group.reportedAt) })}</p>
            <ul class="member-referrals">
              {group.referrals.map((referral) => (
                <li key={referral.id}>
                  <span class="member-unit">{catalogLabel(catalog.units, referral.unitId, locale)}</span>{' '}
                  <span class={STATUS_BADGE[referral.status]}>{t(STATUS_KEYS[referral.status])}</span>
                  {referral.outcome === undefined ? null : (
                    <span class="member-outcome">
                      {t('outcomeIs', { outcome: OUTCOME_LABELS[referral.outcome][locale] })}
                    </span>
                  )}
                  {referral.status === 'resolved' ? (
                    <strong class="member-confirm-needed">{t('confirmNeeded')}</strong>
                  ) : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {list.hasMore ? (
        <button
          type="button"
          class="button-secondary member-more"
          disabled={list.loading}
          onClick={list.loadMore}
        >
          {t('showMore')}
        </button>
      ) : null}
    </Page>
  );
}
