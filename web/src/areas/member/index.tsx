/**
 * The council member's area: report a need (a guided form for a phone, with a draft kept
 * on the device), my reports (each need, its referrals, their outcome; confirm or reopen a
 * resolved one) and the notifications feed.
 */
import type { Area } from '../../area.js';
import { Page } from '../../components/page.js';
import { COMMON } from '../../i18n/common.js';
import { useT } from '../../i18n/locale.js';
import { matchPath } from '../../router.js';
import { MEMBER, type MemberMessage } from './messages.js';
import { MyReports } from './my-reports.js';
import { NeedPage } from './need-page.js';
import { Notifications } from './notifications.js';
import { ReportNeed } from './report-need.js';

const LINKS: readonly [string, MemberMessage][] = [
  ['/report', 'navReport'],
  ['/reports', 'navMyReports'],
  ['/notifications', 'navNotifications'],
];

function Navigation(props: { path: string }) {
  const t = useT(MEMBER);
  const path = props.path.split('?')[0] ?? props.path;
  return (
    <ul>
      {LINKS.map(([href, label]) => {
        const active = path === href || path.startsWith(`${href}/`);
        return (
          <li key={href}>
            <a href={`#${href}`} aria-current={active ? 'page' : undefined}>
              {t(label)}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

function NotFound() {
  const t = useT(MEMBER);
  const common = useT(COMMON);
  return (
    <Page title={t('notFoundTitle')}>
      <p>{common('notFound')}</p>
      <p>
        <a href="#/report">{t('navReport')}</a>
      </p>
    </Page>
  );
}

function Screen(props: { path: string }) {
  const { path } = props;
  if (matchPath('/report', path) !== undefined) return <ReportNeed />;
  if (matchPath('/reports', path) !== undefined) return <MyReports />;
  const need = matchPath('/reports/:needId', path);
  if (need?.needId !== undefined) return <NeedPage key={need.needId} needId={need.needId} />;
  if (matchPath('/notifications', path) !== undefined) return <Notifications />;
  return <NotFound />;
}

const area: Area = { home: '/report', Navigation, Screen };

export default area;
