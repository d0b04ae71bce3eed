/**
 * The unit's inbox: its referrals by the deadline they are worked to, with SLA badges.
 *
 * The API lists one status at a time in deadline order (`gsi1`: status, then due time). The
 * default view, every active status, merges those lists: a referral is shown only once every
 * list that may still hold an earlier deadline has been read past it, so "more" never inserts
 * a referral above those already shown.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { REFERRAL_STATUSES, type ReferralStatus } from '../../../../shared/domain/vocabulary.js';
import type { Referral } from '../../../../shared/schemas/referral.js';
import type { ApiClient } from '../../api.js';
import { useApp } from '../../app-context.js';
import { formatList, relativeTime } from '../../components/duration.js';
import { Field } from '../../components/form.js';
import { Page } from '../../components/page.js';
import { ProblemNotice } from '../../components/problem.js';
import { SlaBadge, workingClock, workingDueAt } from '../../components/sla-badge.js';
import { COMMON } from '../../i18n/common.js';
import { useFormat, useLocale, useT } from '../../i18n/locale.js';
import { catalogLabel } from '../../labels.js';
import { navigate } from '../../router.js';
import { categoryLabels, priorityLabel, snippet, statusLabel, unitLabel } from './labels.js';
import { STAFF } from './messages.js';

const PAGE_SIZE = 25;
const ACTIVE: readonly ReferralStatus[] = ['routed', 'accepted', 'in_progress', 'on_hold'];

interface ReferralPage {
  readonly items: Referral[];
  readonly nextCursor: string | null;
}

/** One status's list as read so far; `cursor` null once it is read to the end. */
interface Stream {
  readonly status: ReferralStatus;
  readonly items: readonly Referral[];
  readonly cursor: string | null;
}

const isStatus = (value: string | undefined): value is ReferralStatus =>
  value !== undefined && (REFERRAL_STATUSES as readonly string[]).includes(value);

/** The latest deadline read so far in a list (ISO instants sort as text). */
const lastDue = (stream: Stream) => stream.items.map(workingDueAt).sort().at(-1) ?? '';

const byDeadline = (a: Referral, b: Referral) =>
  workingDueAt(a).localeCompare(workingDueAt(b)) || a.id.localeCompare(b.id);

/** The referrals that can be shown in order, and whether more remain. */
export function visibleReferrals(streams: readonly Stream[]): { items: Referral[]; more: boolean } {
  const pending = streams.filter((stream) => stream.cursor !== null);
  const all = streams.flatMap((stream) => stream.items);
  if (streams.length === 1) return { items: all.sort(byDeadline), more: pending.length > 0 };
  const frontier = pending.map(lastDue).sort()[0];
  const shown = frontier === undefined ? all : all.filter((referral) => workingDueAt(referral) <= frontier);
  return { items: shown.sort(byDeadline), more: pending.length > 0 };
}

async function readStream(
  api: ApiClient,
  stream: Stream,
  signal: AbortSignal | undefined,
  first: boolean,
): Promise<Stream> {
  let { items, cursor } = stream;
  // Read until something arrives or the list ends (a page may come back empty with a cursor).
  for (let round = 0; round < 5 && (first || cursor !== null); round++) {
    const query = new URLSearchParams({ status: stream.status, limit: String(PAGE_SIZE) });
    if (cursor !== null) query.set('cursor', cursor);
    const page = await api.get<ReferralPage>(
      `/v1/referrals?${query.toString()}`,
      signal === undefined ? {} : { signal },
    );
    items = [...items, ...page.items];
    cursor = page.nextCursor;
    first = false;
    if (page.items.length > 0) break;
  }
  return { status: stream.status, items, cursor };
}

export function Inbox(props: { status: string | undefined }) {
  const { api, me, catalog, announce } = useApp();
  const t = useT(STAFF);
  const common = useT(COMMON);
  const format = useFormat();
  const { locale } = useLocale();
  const filter = isStatus(props.status) ? props.status : undefined;
  const [streams, setStreams] = useState<readonly Stream[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [choice, setChoice] = useState<string>(filter ?? '');
  const focusFrom = useRef<number | undefined>(undefined);
  const table = useRef<HTMLTableElement>(null);

  useEffect(() => setChoice(filter ?? ''), [filter]);

  useEffect(() => {
    const controller = new AbortController();
    setStreams(undefined);
    setError(undefined);
    const statuses = filter === undefined ? ACTIVE : [filter];
    Promise.all(
      statuses.map((status) => readStream(api, { status, items: [], cursor: null }, controller.signal, true)),
    ).then(
      (loaded) => !controller.signal.aborted && setStreams(loaded),
      (failure: unknown) => !controller.signal.aborted && setError(failure),
    );
    return () => controller.abort();
  }, [api, filter, attempt]);

  const visible = streams === undefined ? undefined : visibleReferrals(streams);

  useEffect(() => {
    // After "more": focus the first referral just added, so the keyboard goes on from there.
    if (focusFrom.current === undefined || visible === undefined) return;
    const links = table.current?.querySelectorAll<HTMLAnchorElement>('tbody a');
    links?.[focusFrom.current]?.focus();
    focusFrom.current = undefined;
  });

  const more = async () => {
    if (streams === undefined || visible === undefined) return;
    setLoadingMore(true);
    setError(undefined);
    const pending = streams.filter((stream) => stream.cursor !== null);
    const frontier = pending.map(lastDue).sort()[0];
    try {
      const next = await Promise.all(
        streams.map((stream) =>
          stream.cursor !== null && (streams.length === 1 || lastDue(stream) === frontier)
            ? readStream(api, stream, undefined, false)
            : stream,
        ),
      );
      const added = visibleReferrals(next).items.length - visible.items.length;
      focusFrom.current = added > 0 ? visible.items.length : undefined;
      setStreams(next);
      announce(t('moreShown', { count: format.number(added) }));
    } catch (failure) {
      setError(failure);
    } finally {
      setLoadingMore(false);
    }
  };

  const unit = me.unitId === undefined ? '' : unitLabel(catalog, me.unitId, locale);
  const filterName = filter === undefined ? t('filterActive') : statusLabel(t, filter);
  const summary =
    visible === undefined
      ? ''
      : t('inboxCaption', { filter: filterName, count: format.number(visible.items.length) });
  return (
    <Page title={t('inboxTitle', { unit })}>
      <p>{t('inboxIntro')}</p>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(choice === '' ? '/inbox' : `/inbox?status=${choice}`);
        }}
      >
        <Field id="status-filter" label={t('filterLabel')}>
          {(described) => (
            <select
              {...described}
              name="status"
              value={choice}
              onChange={(event) => setChoice(event.currentTarget.value)}
            >
              <option value="">{t('filterActive')}</option>
              {REFERRAL_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {statusLabel(t, status)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="button-secondary">
          {t('filterApply')}
        </button>
      </form>
      <ProblemNotice error={error} onRetry={() => setAttempt((value) => value + 1)} />
      {visible === undefined ? (
        error === undefined ? (
          <p class="loading" role="status">
            {common('loading')}
          </p>
        ) : null
      ) : visible.items.length === 0 && !visible.more ? (
        <p class="notice notice-info">{t('inboxEmpty')}</p>
      ) : (
        <>
          <p class="inbox-summary" aria-hidden="true">
            {summary}
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
          <section class="table-wrap" aria-label={t('listRegion')} tabIndex={0}>
            <table class="data-table inbox-table" ref={table}>
              <caption class="visually-hidden">{summary}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colReferral')}</th>
                  <th scope="col">{t('colDeadline')}</th>
                  <th scope="col">{t('colSla')}</th>
                  <th scope="col">{t('colStatus')}</th>
                  <th scope="col">{t('colPriority')}</th>
                  <th scope="col">{t('colCategories')}</th>
                  <th scope="col">{t('colDistrict')}</th>
                  <th scope="col">{t('colReceived')}</th>
                </tr>
              </thead>
              <tbody>
                {visible.items.map((referral) => {
                  const due = workingDueAt(referral);
                  const clock = workingClock(referral.status);
                  const { stoppedAt } = referral.sla[clock];
                  return (
                    <tr
                      key={referral.id}
                      data-referral-id={referral.id}
                      data-status={referral.status}
                      data-due={due}
                    >
                      <th scope="row">
                        <a href={`#/referrals/${referral.id}`} dir="auto">
                          {snippet(referral.description)}
                        </a>
                      </th>
                      <td class="deadline">
                        <time dateTime={due}>
                          {t(clock === 'acknowledge' ? 'dueAcknowledge' : 'dueResolve', {
                            time: format.dateTime(due),
                          })}
                        </time>
                        <span class="due-relative">
                          {stoppedAt === undefined
                            ? relativeTime(due, locale)
                            : t('clockStopped', { time: format.dateTime(stoppedAt) })}
                        </span>
                      </td>
                      <td>
                        <SlaBadge sla={referral.sla} status={referral.status} />
                      </td>
                      <td>{statusLabel(t, referral.status)}</td>
                      <td class={`priority priority-${referral.priority}`}>
                        {priorityLabel(referral.priority, locale)}
                      </td>
                      <td>{formatList(categoryLabels(catalog, referral.categories, locale), locale)}</td>
                      <td>{catalogLabel(catalog.districts, referral.district, locale)}</td>
                      <td>
                        <time dateTime={referral.createdAt}>{format.date(referral.createdAt)}</time>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          {visible.more ? (
            <div class="button-row inbox-more">
              <button type="button" class="button-secondary" onClick={more} disabled={loadingMore}>
                {loadingMore ? common('loading') : t('loadMore')}
              </button>
            </div>
          ) : null}
        </>
      )}
    </Page>
  );
}
