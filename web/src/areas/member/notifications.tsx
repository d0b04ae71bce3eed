/** The member's notifications: what happened to their needs, newest first, in their language. */
import type { Notification } from '../../../../shared/schemas/transition.js';
import { Page } from '../../components/page.js';
import { ProblemNotice } from '../../components/problem.js';
import { COMMON } from '../../i18n/common.js';
import { useFormat, useLocale, useT } from '../../i18n/locale.js';
import { MEMBER } from './messages.js';
import { pageQuery, usePagedList } from './paging.js';

export function Notifications() {
  const t = useT(MEMBER);
  const common = useT(COMMON);
  const { locale } = useLocale();
  const format = useFormat();
  // The API writes each message in the language asked for: the interface's.
  const list = usePagedList<Notification>(
    (cursor) => `/v1/notifications?${pageQuery(25, cursor)}`,
    [locale],
    { 'Accept-Language': locale },
  );
  return (
    <Page title={t('notificationsTitle')}>
      <p>{t('notificationsIntro')}</p>
      <ProblemNotice error={list.error} onRetry={list.reload} />
      {list.loading && list.items.length === 0 ? (
        <p class="loading" role="status">
          {common('loading')}
        </p>
      ) : null}
      {!list.loading && list.error === undefined && list.items.length === 0 ? (
        <p>{t('notificationsEmpty')}</p>
      ) : null}
      <ul class="card-list member-notifications">
        {list.items.map((notification) => (
          <li class="card" key={`${notification.referralId}-${notification.at}-${notification.status}`}>
            <p lang={notification.language}>{notification.message}</p>
            <p class="meta">
              <time dateTime={notification.at}>{format.dateTime(notification.at)}</time>
              {' · '}
              <a href={`#/reports/${notification.needId}`}>{t('openReport')}</a>
            </p>
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
