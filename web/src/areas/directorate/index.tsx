/**
 * The migration directorate's area: the SLA dashboard (with the equity view and cohesion risk
 * by district), the alerts inbox, the triage queue, and the downloads (referral export, council
 * report).
 */
import type { Area } from '../../area.js';
import { Page } from '../../components/page.js';
import { COMMON } from '../../i18n/common.js';
import { useT } from '../../i18n/locale.js';
import { matchPath } from '../../router.js';
import { AlertsScreen } from './alerts.js';
import { DashboardScreen } from './dashboard.js';
import { DIRECTORATE } from './messages.js';
import { ReportsScreen } from './reports.js';
import { TriageScreen } from './triage.js';

const LINKS = [
  { path: '/dashboard', key: 'navDashboard' },
  { path: '/alerts', key: 'navAlerts' },
  { path: '/triage', key: 'navTriage' },
  { path: '/reports', key: 'navReports' },
] as const;

function Navigation(props: { path: string }) {
  const t = useT(DIRECTORATE);
  const current = props.path.split('?')[0] ?? props.path;
  return (
    <ul>
      {LINKS.map((link) => (
        <li key={link.path}>
          <a href={`#${link.path}`} aria-current={current === link.path ? 'page' : undefined}>
            {t(link.key)}
          </a>
        </li>
      ))}
    </ul>
  );
}

function NotFound() {
  const common = useT(COMMON);
  const t = useT(DIRECTORATE);
  return (
    <Page title={common('notFound')}>
      <p>
        <a href="#/dashboard">{t('backToDashboard')}</a>
      </p>
    </Page>
  );
}

function Screen(props: { path: string }) {
  const { path } = props;
  if (matchPath('/dashboard', path) !== undefined) return <DashboardScreen path={path} />;
  if (matchPath('/alerts', path) !== undefined) return <AlertsScreen path={path} />;
  if (matchPath('/triage', path) !== undefined) return <TriageScreen />;
  if (matchPath('/reports', path) !== undefined) return <ReportsScreen />;
  return <NotFound />;
}

const area: Area = { home: '/dashboard', Navigation, Screen };

export default area;
