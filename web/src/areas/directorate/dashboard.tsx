/**
 * The SLA dashboard (GET /v1/dashboard): a period and a grouping in the address
 * (`#/dashboard?from=…&to=…&groupBy=…`, so a view can be bookmarked and shared), the council's
 * headline figures, and per grouping: compliance, time to resolve and the backlog's age for
 * units, priorities, categories and months; who waits longer by beneficiary profile (the
 * equity view); cohesion-risk flags and hotspots by district. Every chart's numbers are also
 * in a table; suppressed figures read "fewer than 5", never 0.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Alert } from '../../../../shared/schemas/alert.js';
import type {
  DashboardGroup,
  DashboardGrouping,
  DashboardResponse,
  Figure,
} from '../../../../shared/schemas/dashboard.js';
import type { ApiClient } from '../../api.js';
import { useApp } from '../../app-context.js';
import { BarChart, type BarRow } from '../../components/charts.js';
import { ErrorSummary, Field } from '../../components/form.js';
import { Page } from '../../components/page.js';
import { ProblemNotice } from '../../components/problem.js';
import { useResource } from '../../components/resource.js';
import { type Translate, useFormat, useLocale, useT } from '../../i18n/locale.js';
import { catalogLabel } from '../../labels.js';
import { navigate, queryOf } from '../../router.js';
import { chartValue, type EquityGrouping, isEquityGrouping, useFigureWords } from './figures.js';
import { DIRECTORATE } from './messages.js';
import {
  isLocalDate,
  localDayOf,
  monthOf,
  type Period,
  periodProblems,
  previousQuarter,
  quarterPeriod,
  todayIn,
} from './period.js';

type AgingBucket = keyof NonNullable<DashboardGroup['now']>['aging'];
/** The backlog's age buckets (shared/schemas/dashboard.ts holds zod: only its types come into the app). */
const AGING_BUCKETS = ['0-5', '6-10', '11-20', '21-40', '>40'] as const satisfies readonly AgingBucket[];

const SERVICE_GROUPINGS = ['unit', 'priority', 'category', 'month'] as const;
const GROUPINGS: readonly DashboardGrouping[] = [
  ...SERVICE_GROUPINGS,
  'gender',
  'ageGroup',
  'disability',
  'language',
  'district',
];
const isGrouping = (value: string | null): value is DashboardGrouping =>
  value !== null && (GROUPINGS as readonly string[]).includes(value);

type T = Translate<keyof (typeof DIRECTORATE)['tables']['en'] & string>;

const GROUPING_KEYS = {
  unit: 'groupByUnit',
  priority: 'groupByPriority',
  category: 'groupByCategory',
  month: 'groupByMonth',
  gender: 'groupByGender',
  ageGroup: 'groupByAgeGroup',
  disability: 'groupByDisability',
  language: 'groupByLanguage',
  district: 'groupByDistrict',
} as const satisfies Record<DashboardGrouping, string>;

export const dashboardPath = (period: Period, groupBy: DashboardGrouping) =>
  `/dashboard?${new URLSearchParams({ from: period.from, to: period.to, groupBy })}`;

export function DashboardScreen(props: { path: string }) {
  const t = useT(DIRECTORATE);
  const { api } = useApp();
  const { timeZone } = useLocale();
  const today = todayIn(timeZone);
  const query = queryOf(props.path);
  const asked = { from: query.get('from') ?? '', to: query.get('to') ?? '' };
  const period: Period =
    isLocalDate(asked.from) && isLocalDate(asked.to) && Object.keys(periodProblems(asked)).length === 0
      ? asked
      : monthOf(today);
  const groupBy = isGrouping(query.get('groupBy')) ? (query.get('groupBy') as DashboardGrouping) : 'unit';

  const dashboard = useResource(
    (signal) =>
      api.get<DashboardResponse>(
        `/v1/dashboard?${new URLSearchParams({ from: period.from, to: period.to, groupBy })}`,
        { signal },
      ),
    [api, period.from, period.to, groupBy],
  );
  const data = dashboard.data;

  return (
    <Page title={t('dashboardTitle')}>
      <PeriodForm
        key={`${period.from}|${period.to}|${groupBy}`}
        period={period}
        groupBy={groupBy}
        today={today}
      />
      {dashboard.loading ? (
        <p class="loading" role="status">
          {t('loadingFigures')}
        </p>
      ) : null}
      <ProblemNotice error={dashboard.error} onRetry={dashboard.reload} />
      {data === undefined ? null : <DashboardBody data={data} />}
    </Page>
  );
}

function PeriodForm(props: { period: Period; groupBy: DashboardGrouping; today: string }) {
  const t = useT(DIRECTORATE);
  const [from, setFrom] = useState(props.period.from);
  const [to, setTo] = useState(props.period.to);
  const [groupBy, setGroupBy] = useState<DashboardGrouping>(props.groupBy);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  // A new list only when a submission sets new errors: the summary takes focus when it changes.
  const summaryItems = useMemo(
    () => [
      ...(errors.from === undefined ? [] : [{ fieldId: 'dashboard-from', message: errors.from }]),
      ...(errors.to === undefined ? [] : [{ fieldId: 'dashboard-to', message: errors.to }]),
    ],
    [errors],
  );
  const submit = (event: Event) => {
    event.preventDefault();
    const problems = periodProblems({ from, to });
    const found = {
      ...(problems.from === undefined ? {} : { from: t(problems.from) }),
      ...(problems.to === undefined ? {} : { to: t(problems.to) }),
    };
    setErrors(found);
    if (Object.keys(found).length === 0) navigate(dashboardPath({ from, to }, groupBy));
  };
  const lastQuarter = quarterPeriod(previousQuarter(props.today));
  return (
    <>
      <ErrorSummary id="period-summary" title={t('errorSummaryTitle')} items={summaryItems} />
      <form
        class="filters directorate-filters"
        onSubmit={submit}
        noValidate
        aria-label={t('periodFormLabel')}
      >
        <Field id="dashboard-from" label={t('from')} error={errors.from}>
          {(described) => (
            <input
              {...described}
              type="date"
              name="from"
              value={from}
              onInput={(event) => setFrom(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="dashboard-to" label={t('to')} error={errors.to}>
          {(described) => (
            <input
              {...described}
              type="date"
              name="to"
              value={to}
              onInput={(event) => setTo(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="dashboard-group" label={t('groupBy')}>
          {(described) => (
            <select
              {...described}
              name="groupBy"
              value={groupBy}
              onChange={(event) => setGroupBy(event.currentTarget.value as DashboardGrouping)}
            >
              <optgroup label={t('groupingsService')}>
                {SERVICE_GROUPINGS.map((grouping) => (
                  <option key={grouping} value={grouping}>
                    {t(GROUPING_KEYS[grouping])}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('groupingsEquity')}>
                {(['gender', 'ageGroup', 'disability', 'language'] as const).map((grouping) => (
                  <option key={grouping} value={grouping}>
                    {t(GROUPING_KEYS[grouping])}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('groupingsPlaces')}>
                <option value="district">{t('groupByDistrictCohesion')}</option>
              </optgroup>
            </select>
          )}
        </Field>
        <div class="button-row">
          <button type="submit" class="button-primary">
            {t('showFigures')}
          </button>
          <button
            type="button"
            class="button-secondary"
            onClick={() => navigate(dashboardPath(monthOf(props.today), groupBy))}
          >
            {t('thisMonth')}
          </button>
          <button
            type="button"
            class="button-secondary"
            onClick={() => navigate(dashboardPath(lastQuarter, groupBy))}
          >
            {t('lastQuarter')}
          </button>
        </div>
      </form>
    </>
  );
}

function DashboardBody(props: { data: DashboardResponse }) {
  const t = useT(DIRECTORATE);
  const format = useFormat();
  const { data } = props;
  return (
    <div class="dashboard" data-group-by={data.groupBy}>
      <p class="meta" data-period={`${data.from}/${data.to}`}>
        {t('periodShown', {
          from: format.day(data.from),
          to: format.day(data.to),
          time: format.dateTime(data.generatedAt),
        })}
      </p>
      <Headline data={data} />
      {isEquityGrouping(data.groupBy) ? (
        <EquityView data={data} groupBy={data.groupBy} />
      ) : data.groupBy === 'district' ? (
        <CohesionView data={data} />
      ) : (
        <ServiceView data={data} />
      )}
      <p class="hint">{t('suppressionNote')}</p>
      <p class="hint">{t('hoursNote')}</p>
    </div>
  );
}

function Headline(props: { data: DashboardResponse }) {
  const t = useT(DIRECTORATE);
  const words = useFigureWords();
  const { totals } = props.data;
  const items: [string, string, string][] = [
    ['opened', t('figureOpened'), words.count(totals.period.opened)],
    ['resolved', t('figureResolved'), words.count(totals.period.resolved)],
    ['withinSlaPercent', t('figureWithinSla'), words.percent(totals.period.withinSlaPercent)],
    ['timeToResolveMedian', t('figureResolveMedian'), words.hours(totals.period.timeToResolve.median)],
    ...(totals.now === undefined
      ? []
      : ([
          ['open', t('figureOpenNow'), words.count(totals.now.open)],
          ['breached', t('figureBreachedNow'), words.count(totals.now.breached)],
          ['dueWithinOneBusinessDay', t('figureDueSoon'), words.count(totals.now.dueWithinOneBusinessDay)],
        ] as [string, string, string][])),
    ...(props.data.hotspots === null
      ? []
      : ([['hotspots', t('figureHotspots'), words.count(props.data.hotspots)]] as [
          string,
          string,
          string,
        ][])),
  ];
  return (
    <section aria-labelledby="headline-title">
      <h2 id="headline-title">{t('headlineTitle')}</h2>
      <dl class="headline-figures">
        {items.map(([key, label, value]) => (
          <div key={key} class="headline-figure">
            <dt>{label}</dt>
            <dd data-figure={`totals.${key}`}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const figureRows = (
  groups: readonly DashboardGroup[],
  label: (group: DashboardGroup) => string,
  values: (group: DashboardGroup) => Figure[],
): BarRow[] =>
  groups.map((group) => ({ key: group.key, label: label(group), values: values(group).map(chartValue) }));

function ServiceView(props: { data: DashboardResponse }) {
  const t = useT(DIRECTORATE);
  const words = useFigureWords();
  const { data } = props;
  const groupName = t(GROUPING_KEYS[data.groupBy]);
  const label = (group: DashboardGroup) => words.groupLabel(data.groupBy, group);
  if (data.groups.length === 0) return <p class="notice notice-info">{t('noGroups')}</p>;
  return (
    <>
      <section aria-labelledby="charts-title">
        <h2 id="charts-title">{t('chartsTitle', { grouping: groupName })}</h2>
        <div class="grid-2">
          <BarChart
            id="chart-compliance"
            title={t('complianceChartTitle', { grouping: groupName })}
            summary={t('complianceChartSummary')}
            series={[{ label: t('figureWithinSla'), tone: 'main' }]}
            rows={figureRows(data.groups, label, (group) => [group.period.withinSlaPercent])}
            max={100}
            format={words.percentValue}
            suppressedLabel={words.fewerThanFive}
          />
          <BarChart
            id="chart-resolve"
            title={t('resolveChartTitle', { grouping: groupName })}
            summary={t('resolveChartSummary')}
            series={[
              { label: t('median'), tone: 'main' },
              { label: t('p90'), tone: 'alt' },
            ]}
            rows={figureRows(data.groups, label, (group) => [
              group.period.timeToResolve.median,
              group.period.timeToResolve.p90,
            ])}
            format={words.hoursValue}
            suppressedLabel={words.fewerThanFive}
          />
          {data.totals.now === undefined ? null : <AgingChart data={data} />}
        </div>
      </section>
      <FiguresTable data={data} />
    </>
  );
}

function agingLabel(t: T, format: ReturnType<typeof useFormat>, bucket: (typeof AGING_BUCKETS)[number]) {
  if (bucket.startsWith('>')) return t('agingOver', { days: format.number(Number(bucket.slice(1))) });
  const [from, to] = bucket.split('-').map(Number) as [number, number];
  return t('agingRange', { from: format.number(from), to: format.number(to) });
}

function AgingChart(props: { data: DashboardResponse }) {
  const t = useT(DIRECTORATE);
  const format = useFormat();
  const words = useFigureWords();
  const { data } = props;
  const aging = data.totals.now?.aging;
  if (aging === undefined) return null;
  const groupsWithNow = data.groups.filter((group) => group.now !== undefined);
  return (
    <div>
      <BarChart
        id="chart-aging"
        title={t('agingChartTitle')}
        summary={t('agingChartSummary')}
        series={[{ label: t('figureOpenNow'), tone: 'main' }]}
        rows={AGING_BUCKETS.map((bucket) => ({
          key: bucket,
          label: agingLabel(t, format, bucket),
          values: [chartValue(aging[bucket])],
        }))}
        format={words.countValue}
        suppressedLabel={words.fewerThanFive}
      />
      <details class="chart-details">
        <summary>{t('agingByGroup', { grouping: t(GROUPING_KEYS[data.groupBy]) })}</summary>
        <ScrollableTable captionId="aging-table-caption">
          <table class="data-table" data-table="aging">
            <caption id="aging-table-caption">{t('agingTableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(GROUPING_KEYS[data.groupBy])}</th>
                {AGING_BUCKETS.map((bucket) => (
                  <th scope="col" class="number" key={bucket}>
                    {agingLabel(t, format, bucket)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr data-group="all">
                <th scope="row">{t('allReferrals')}</th>
                {AGING_BUCKETS.map((bucket) => (
                  <td class="number" key={bucket}>
                    {words.count(aging[bucket])}
                  </td>
                ))}
              </tr>
              {groupsWithNow.map((group) => (
                <tr key={group.key} data-group={group.key}>
                  <th scope="row">{words.groupLabel(data.groupBy, group)}</th>
                  {AGING_BUCKETS.map((bucket) => (
                    <td class="number" key={bucket}>
                      {group.now === undefined ? '—' : words.count(group.now.aging[bucket])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollableTable>
      </details>
    </div>
  );
}

/** A table that may scroll sideways on a phone: a focusable, named region (keyboard users can scroll it). */
function ScrollableTable(props: { captionId: string; children: preact.ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard
    <section class="table-wrap" aria-labelledby={props.captionId} tabIndex={0}>
      {props.children}
    </section>
  );
}

/** Every figure of the answer in two tables: the period's, and (except by month) the backlog now. */
function FiguresTable(props: { data: DashboardResponse }) {
  const t = useT(DIRECTORATE);
  const words = useFigureWords();
  const { data } = props;
  const grouping = t(GROUPING_KEYS[data.groupBy]);
  const rows: { key: string; label: string; group: DashboardGroup }[] = [
    ...data.groups.map((group) => ({ key: group.key, label: words.groupLabel(data.groupBy, group), group })),
    { key: 'all', label: t('allReferrals'), group: data.totals },
  ];
  const period: [string, string, (group: DashboardGroup) => string][] = [
    ['opened', t('figureOpened'), (group) => words.count(group.period.opened)],
    ['resolved', t('figureResolved'), (group) => words.count(group.period.resolved)],
    ['withinSlaPercent', t('figureWithinSla'), (group) => words.percent(group.period.withinSlaPercent)],
    [
      'timeToAcknowledge.median',
      t('ackMedian'),
      (group) => words.hours(group.period.timeToAcknowledge.median),
    ],
    ['timeToAcknowledge.p90', t('ackP90'), (group) => words.hours(group.period.timeToAcknowledge.p90)],
    ['timeToResolve.median', t('resolveMedian'), (group) => words.hours(group.period.timeToResolve.median)],
    ['timeToResolve.p90', t('resolveP90'), (group) => words.hours(group.period.timeToResolve.p90)],
  ];
  const now = (figure: (now: NonNullable<DashboardGroup['now']>) => Figure) => (group: DashboardGroup) =>
    group.now === undefined ? '—' : words.count(figure(group.now));
  const backlog: [string, string, (group: DashboardGroup) => string][] = [
    ['open', t('figureOpenNow'), now((figures) => figures.open)],
    ['breached', t('figureBreachedNow'), now((figures) => figures.breached)],
    ['dueWithinOneBusinessDay', t('figureDueSoon'), now((figures) => figures.dueWithinOneBusinessDay)],
  ];
  const table = (name: string, caption: string, columns: typeof period) => (
    <ScrollableTable captionId={`${name}-table-caption`}>
      <table class="data-table figures-table" data-table={name}>
        <caption id={`${name}-table-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{grouping}</th>
            {columns.map(([key, heading]) => (
              <th scope="col" class="number" key={key}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, label, group }) => (
            <tr key={key} data-group={key}>
              <th scope="row">{label}</th>
              {columns.map(([figure, , text]) => (
                <td class="number" data-figure={figure} key={figure}>
                  {text(group)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollableTable>
  );
  return (
    <>
      {table('figures', t('figuresTableCaption', { grouping }), period)}
      {data.totals.now === undefined
        ? null
        : table('backlog', t('backlogTableCaption', { grouping }), backlog)}
    </>
  );
}

/** Who waits longer: the same clocks side by side for each beneficiary group. */
function EquityView(props: { data: DashboardResponse; groupBy: EquityGrouping }) {
  const t = useT(DIRECTORATE);
  const words = useFigureWords();
  const { data, groupBy } = props;
  const groupName = t(GROUPING_KEYS[groupBy]);
  const label = (group: DashboardGroup) => words.groupLabel(groupBy, group);
  if (data.groups.length === 0) return <p class="notice notice-info">{t('noGroups')}</p>;
  const ranked = data.groups
    .filter((group) => !group.period.timeToResolve.median.suppressed)
    .sort((a, b) => (b.period.timeToResolve.median.value ?? 0) - (a.period.timeToResolve.median.value ?? 0));
  const longest = ranked[0];
  const shortest = ranked.at(-1);
  return (
    <section aria-labelledby="equity-title" class="equity-view">
      <h2 id="equity-title">{t('equityTitle', { grouping: groupName })}</h2>
      <p>{t('equityIntro')}</p>
      {longest !== undefined && shortest !== undefined && ranked.length >= 2 ? (
        <p class="notice notice-info" data-equity="longest-wait">
          {t('equityLongestWait', {
            longest: label(longest),
            longestHours: words.hours(longest.period.timeToResolve.median),
            shortest: label(shortest),
            shortestHours: words.hours(shortest.period.timeToResolve.median),
          })}
        </p>
      ) : (
        <p class="notice notice-info" data-equity="not-enough">
          {t('equityNotEnough')}
        </p>
      )}
      <ScrollableTable captionId="equity-table-caption">
        <table class="data-table" data-table="equity">
          <caption id="equity-table-caption">{t('equityTableCaption', { grouping: groupName })}</caption>
          <thead>
            <tr>
              <th scope="col">{groupName}</th>
              <th scope="col" class="number">
                {t('figureOpened')}
              </th>
              <th scope="col" class="number">
                {t('ackMedian')}
              </th>
              <th scope="col" class="number">
                {t('ackP90')}
              </th>
              <th scope="col" class="number">
                {t('resolveMedian')}
              </th>
              <th scope="col" class="number">
                {t('resolveP90')}
              </th>
              <th scope="col" class="number">
                {t('figureWithinSla')}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...data.groups, data.totals].map((group) => (
              <tr key={group.key} data-group={group.key}>
                <th scope="row">{group.key === 'all' ? t('allReferrals') : label(group)}</th>
                <td class="number" data-figure="opened">
                  {words.count(group.period.opened)}
                </td>
                <td class="number" data-figure="timeToAcknowledge.median">
                  {words.hours(group.period.timeToAcknowledge.median)}
                </td>
                <td class="number" data-figure="timeToAcknowledge.p90">
                  {words.hours(group.period.timeToAcknowledge.p90)}
                </td>
                <td class="number" data-figure="timeToResolve.median">
                  {words.hours(group.period.timeToResolve.median)}
                </td>
                <td class="number" data-figure="timeToResolve.p90">
                  {words.hours(group.period.timeToResolve.p90)}
                </td>
                <td class="number" data-figure="withinSlaPercent">
                  {words.percent(group.period.withinSlaPercent)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollableTable>
      <div class="grid-2">
        <BarChart
          id="chart-equity-acknowledge"
          title={t('equityAcknowledgeChartTitle', { grouping: groupName })}
          summary={t('acknowledgeChartSummary')}
          series={[
            { label: t('median'), tone: 'main' },
            { label: t('p90'), tone: 'alt' },
          ]}
          rows={figureRows(data.groups, label, (group) => [
            group.period.timeToAcknowledge.median,
            group.period.timeToAcknowledge.p90,
          ])}
          format={words.hoursValue}
          suppressedLabel={words.fewerThanFive}
        />
        <BarChart
          id="chart-equity-resolve"
          title={t('resolveChartTitle', { grouping: groupName })}
          summary={t('resolveChartSummary')}
          series={[
            { label: t('median'), tone: 'main' },
            { label: t('p90'), tone: 'alt' },
          ]}
          rows={figureRows(data.groups, label, (group) => [
            group.period.timeToResolve.median,
            group.period.timeToResolve.p90,
          ])}
          format={words.hoursValue}
          suppressedLabel={words.fewerThanFive}
        />
        <BarChart
          id="chart-equity-compliance"
          title={t('complianceChartTitle', { grouping: groupName })}
          summary={t('complianceChartSummary')}
          series={[{ label: t('figureWithinSla'), tone: 'main' }]}
          rows={figureRows(data.groups, label, (group) => [group.period.withinSlaPercent])}
          max={100}
          format={words.percentValue}
          suppressedLabel={words.fewerThanFive}
        />
      </div>
    </section>
  );
}

async function hotspotsIn(
  api: ApiClient,
  period: Period,
  timeZone: string,
  signal: AbortSignal,
): Promise<Alert[]> {
  const found: Alert[] = [];
  let cursor: string | null = null;
  // Newest first: stop at the first page that reaches before the period (at most 5 pages).
  for (let page = 0; page < 5; page += 1) {
    const query = new URLSearchParams({ type: 'cohesion-hotspot', limit: '100' });
    if (cursor !== null) query.set('cursor', cursor);
    const answer = await api.get<{ items: Alert[]; nextCursor: string | null }>(`/v1/alerts?${query}`, {
      signal,
    });
    for (const alert of answer.items) {
      const day = localDayOf(alert.raisedAt, timeZone);
      if (day >= period.from && day <= period.to) found.push(alert);
    }
    const last = answer.items.at(-1);
    if (answer.nextCursor === null || last === undefined || localDayOf(last.raisedAt, timeZone) < period.from)
      break;
    cursor = answer.nextCursor;
  }
  return found;
}

/** Cohesion risk by district: flags in the period, hotspots raised in it, the backlog now. */
function CohesionView(props: { data: DashboardResponse }) {
  const t = useT(DIRECTORATE);
  const words = useFigureWords();
  const format = useFormat();
  const { api, catalog } = useApp();
  const { locale, timeZone } = useLocale();
  const { data } = props;
  const hotspots = useResource(
    (signal) => hotspotsIn(api, { from: data.from, to: data.to }, timeZone, signal),
    [api, data.from, data.to, timeZone],
  );
  const byDistrict = new Map<string, Alert[]>();
  for (const alert of hotspots.data ?? [])
    byDistrict.set(alert.district, [...(byDistrict.get(alert.district) ?? []), alert]);
  const districts = [...new Set([...data.groups.map((group) => group.key), ...byDistrict.keys()])];
  const groupOf = (district: string) => data.groups.find((group) => group.key === district);
  const label = (group: DashboardGroup) => words.groupLabel('district', group);
  return (
    <section aria-labelledby="cohesion-title">
      <h2 id="cohesion-title">{t('cohesionTitle')}</h2>
      <p>{t('cohesionIntro')}</p>
      <ProblemNotice error={hotspots.error} onRetry={hotspots.reload} />
      {districts.length === 0 ? (
        <p class="notice notice-info">{t('noGroups')}</p>
      ) : (
        <>
          <ScrollableTable captionId="cohesion-table-caption">
            <table class="data-table" data-table="cohesion">
              <caption id="cohesion-table-caption">{t('cohesionTableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('groupByDistrict')}</th>
                  <th scope="col" class="number">
                    {t('figureCohesionFlags')}
                  </th>
                  <th scope="col">{t('hotspotsColumn')}</th>
                  <th scope="col" class="number">
                    {t('figureOpenNow')}
                  </th>
                  <th scope="col" class="number">
                    {t('figureBreachedNow')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {districts.map((district) => {
                  const group = groupOf(district);
                  const raised = byDistrict.get(district) ?? [];
                  return (
                    <tr key={district} data-group={district}>
                      <th scope="row">
                        {group === undefined
                          ? catalogLabel(catalog.districts, district, locale)
                          : label(group)}
                      </th>
                      <td class="number" data-figure="cohesionFlags">
                        {group === undefined ? words.fewerThanFive : words.count(group.period.cohesionFlags)}
                      </td>
                      <td data-figure="hotspots">
                        {hotspots.loading && hotspots.data === undefined
                          ? t('loadingShort')
                          : raised.length === 0
                            ? t('noHotspots')
                            : raised
                                .map((alert) =>
                                  t('hotspotEntry', {
                                    place: alert.neighbourhood ?? '—',
                                    count: format.number(alert.needIds.length),
                                    date: format.date(alert.raisedAt),
                                  }),
                                )
                                .join('; ')}
                      </td>
                      <td class="number" data-figure="open">
                        {group?.now === undefined ? words.fewerThanFive : words.count(group.now.open)}
                      </td>
                      <td class="number" data-figure="breached">
                        {group?.now === undefined ? words.fewerThanFive : words.count(group.now.breached)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollableTable>
          <BarChart
            id="chart-cohesion"
            title={t('cohesionChartTitle')}
            summary={t('cohesionChartSummary')}
            series={[{ label: t('figureCohesionFlags'), tone: 'main' }]}
            rows={figureRows(data.groups, label, (group) => [group.period.cohesionFlags])}
            format={words.countValue}
            suppressedLabel={words.fewerThanFive}
          />
        </>
      )}
    </section>
  );
}
