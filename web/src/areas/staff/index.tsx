/**
 * The unit staff's area: the inbox of the unit's referrals by deadline, and each referral's
 * page with its facts, SLA clocks, history and the actions the unit may take.
 */
import type { Area } from '../../area.js';
import { Page } from '../../components/page.js';
import { COMMON } from '../../i18n/common.js';
import { useT } from '../../i18n/locale.js';
import { matchPath, queryOf } from '../../router.js';
import { Inbox } from './inbox.js';
import { STAFF } from './messages.js';
import { ReferralScreen } from './referral.js';

function Navigation(props: { path: string }) {
  const t = useT(STAFF);
  const inbox = matchPath('/inbox', props.path) !== undefined;
  return (
    <ul>
      <li>
        <a href="#/inbox" aria-current={inbox ? 'page' : undefined}>
          {t('navInbox')}
        </a>
      </li>
    </ul>
  );
}

function NotFound() {
  const t = useT(STAFF);
  const common = useT(COMMON);
  return (
    <Page title={t('notFoundTitle')}>
      <p>{common('notFound')}</p>
      <p>
        <a href="#/inbox">{t('backToInbox')}</a>
      </p>
    </Page>
  );
}

function Screen(props: { path: string }) {
  if (matchPath('/inbox', props.path) !== undefined)
    return <Inbox status={queryOf(props.path).get('status') ?? undefined} />;
  const referral = matchPath('/referrals/:id', props.path);
  if (referral?.id !== undefined) return <ReferralScreen key={referral.id} id={referral.id} />;
  return <NotFound />;
}

const area: Area = { home: '/inbox', Navigation, Screen };

export default area;
