/**
 * The council report as one self-contained HTML page: inline CSS and SVG, no script, nothing
 * fetched (the Content-Security-Policy says so too), print styles for A4 with a page per
 * section, right-to-left in Arabic with logical CSS properties so the layout mirrors. Pure:
 * the figures come in as the dashboard's answers; every string from the translation tables;
 * every value is escaped by the `html` template.
 */

import type { Language, LocalizedText } from '../domain/vocabulary.js';
import {
  type DashboardGroup,
  type DashboardResponse,
  type Figure,
  SMALL_CELL_THRESHOLD,
} from '../schemas/dashboard.js';
import { barChart } from './charts.js';
import { type ReportFormat, reportFormat } from './format.js';
import { html, type SafeHtml, unsafeRaw } from './html.js';
import type { Quarter } from './quarter.js';
import { isMessageKey, type MessageKey } from './translations.js';

export const EQUITY_DIMENSIONS = ['gender', 'ageGroup', 'disability', 'language'] as const;
export type EquityDimension = (typeof EQUITY_DIMENSIONS)[number];

/** Everything the page shows: the dashboard's answers for the quarter, one per grouping. */
export interface CouncilReportData {
  readonly council: { readonly name: LocalizedText; readonly timeZone: string };
  readonly quarter: Quarter;
  readonly generatedAt: string;
  readonly byUnit: DashboardResponse;
  readonly byDistrict: DashboardResponse;
  readonly equity: Readonly<Record<EquityDimension, DashboardResponse>>;
}

/** Nothing but the page's own inline styles and data: images may only be data: URIs. */
export const REPORT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** The same policy where a <meta> can carry it (frame-ancestors only works as a header). */
const META_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = unsafeRaw(`
@page { size: A4; margin: 16mm 14mm 18mm; }
:root { color: #000; background: #fff; font-family: "Segoe UI", "Noto Sans", system-ui, Arial, sans-serif; font-size: 11pt; line-height: 1.45; }
html[lang="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Segoe UI", Tahoma, Arial, sans-serif; }
body { margin-block: 0; margin-inline: auto; max-inline-size: 190mm; padding-block: 10mm; padding-inline: 8mm; }
header.cover { border-block-end: 3px solid #000; padding-block-end: 5mm; margin-block-end: 6mm; }
.council { font-size: 1.15rem; font-weight: 600; margin: 0; }
h1 { font-size: 1.8rem; margin-block: 2mm 1mm; }
.subtitle, .quarter { margin-block: 0 2mm; }
.quarter { font-size: 1.25rem; font-weight: 600; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
section { margin-block-end: 8mm; }
h2 { font-size: 1.4rem; border-block-end: 1px solid #000; padding-block-end: 1mm; margin-block: 0 3mm; }
h3 { font-size: 1.1rem; margin-block: 6mm 2mm; }
.cards { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(40mm, 1fr)); gap: 3mm; }
.card { border: 1px solid #000; border-inline-start-width: 4px; padding-block: 2mm; padding-inline: 3mm; break-inside: avoid; }
.card-value { display: block; font-size: 1.45rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.card-label { display: block; font-size: 0.9rem; }
table { inline-size: 100%; border-collapse: collapse; margin-block: 3mm; font-size: 0.92rem; }
caption { caption-side: top; text-align: start; font-weight: 600; padding-block-end: 1mm; }
th, td { border-block-end: 1px solid #999; padding-block: 1.2mm; padding-inline: 2mm; text-align: start; vertical-align: top; }
thead th { border-block-end: 2px solid #000; font-weight: 600; vertical-align: bottom; }
th.number, td.number { text-align: end; font-variant-numeric: tabular-nums; }
td.number { white-space: nowrap; }
thead th { overflow-wrap: break-word; }
th[scope="row"] { min-inline-size: 28mm; }
tr, .card, figure { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.suppressed { font-style: italic; color: #333; }
figure { margin-block: 4mm; margin-inline: 0; }
figcaption { font-weight: 600; margin-block-end: 1mm; }
svg { display: block; inline-size: 100%; max-inline-size: 100%; block-size: auto; }
.note { font-size: 0.9rem; }
.notes li { margin-block-end: 1.5mm; }
footer { border-block-start: 1px solid #000; padding-block-start: 2mm; font-size: 0.85rem; }
@media print {
  :root { font-size: 10pt; }
  body { max-inline-size: none; padding: 0; }
  main > section + section { break-before: page; page-break-before: always; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`);

/** A figure for a table cell or a card: the value, or the withheld mark (never 0). */
function figureCell(f: ReportFormat, figure: Figure, show: (value: number) => string): SafeHtml {
  if (figure.suppressed || figure.value === null) {
    return html`<span class="suppressed" data-suppressed="true">${suppressedMark(f)}</span>`;
  }
  return html`<span data-value="${figure.value}">${show(figure.value)}</span>`;
}

const suppressedMark = (f: ReportFormat) =>
  f.text('value.suppressed', { threshold: f.number(SMALL_CELL_THRESHOLD) });

/** The value as text, for charts' descriptions. */
const figureText = (f: ReportFormat, figure: Figure, show: (value: number) => string) =>
  figure.suppressed || figure.value === null ? suppressedMark(f) : show(figure.value);

const numberCell = (f: ReportFormat, figure: Figure | undefined, show: (value: number) => string) =>
  html`<td class="number">${figure === undefined ? '' : figureCell(f, figure, show)}</td>`;

/** A group's label: the catalog's (units, districts) or the report's own (beneficiary profiles). */
function groupLabel(f: ReportFormat, dimension: string, group: DashboardGroup): string {
  if (group.label !== undefined) return group.label[f.language];
  if (dimension === 'ageGroup') {
    const over = /^(\d+)\+$/.exec(group.key);
    if (over !== null) return f.text('age.over', { from: f.number(Number(over[1])) });
    const range = /^(\d+)-(\d+)$/.exec(group.key);
    if (range !== null)
      return f.text('age.range', { from: f.number(Number(range[1])), to: f.number(Number(range[2])) });
  }
  const key = `${dimension}.${group.key}`;
  return isMessageKey(key) ? f.text(key) : group.key;
}

/** Withheld figures after all shown ones; shown ones by value, highest first; then by label. */
function byFigureDescending(
  f: ReportFormat,
  figureOf: (group: DashboardGroup) => Figure,
  label: (g: DashboardGroup) => string,
) {
  return (a: DashboardGroup, b: DashboardGroup) => {
    const va = figureOf(a).value;
    const vb = figureOf(b).value;
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return vb - va;
    }
    return f.compare(label(a), label(b));
  };
}

function headline(f: ReportFormat, data: CouncilReportData): SafeHtml {
  const totals = data.byUnit.totals;
  const cards: [string, MessageKey, Figure | undefined, (value: number) => string][] = [
    ['opened', 'figure.opened', totals.period.opened, f.number],
    ['resolved', 'figure.resolved', totals.period.resolved, f.number],
    ['withinSlaPercent', 'figure.withinSla', totals.period.withinSlaPercent, f.percent],
    ['timeToResolve.median', 'figure.medianResolve', totals.period.timeToResolve.median, f.hours],
    ['timeToResolve.p90', 'figure.p90Resolve', totals.period.timeToResolve.p90, f.hours],
    ['open', 'figure.openNow', totals.now?.open, f.number],
    ['breached', 'figure.breachedNow', totals.now?.breached, f.number],
  ];
  const hours = new Set(['timeToResolve.median', 'timeToResolve.p90']);
  return html`<section id="headline" aria-labelledby="headline-heading"><h2 id="headline-heading">${f.text('section.headline')}</h2><ul class="cards">${cards.map(
    ([name, key, figure, show]) =>
      html`<li class="card" data-figure="${name}"><span class="card-value">${figure === undefined ? '' : figureCell(f, figure, show)}</span><span class="card-label">${hours.has(name) ? f.text('value.inHours', { label: f.text(key) }) : f.text(key)}</span></li>`,
  )}</ul></section>`;
}

function units(f: ReportFormat, data: CouncilReportData): SafeHtml {
  const label = (group: DashboardGroup) => groupLabel(f, 'unit', group);
  const groups = [...data.byUnit.groups].sort(
    byFigureDescending(f, (group) => group.period.withinSlaPercent, label),
  );
  const heading = f.text('section.units');
  if (groups.length === 0) {
    return html`<section id="units" aria-labelledby="units-heading"><h2 id="units-heading">${heading}</h2><p>${f.text('units.none')}</p></section>`;
  }
  const chart = barChart({
    id: 'chart-within-sla-by-unit',
    title: f.text('chart.withinSlaByUnit'),
    description: f.list(
      groups.map((group) =>
        f.text('chart.item', {
          label: label(group),
          value: figureText(f, group.period.withinSlaPercent, f.percent),
        }),
      ),
    ),
    rows: groups.map((group) => ({
      label: label(group),
      value: group.period.withinSlaPercent.value,
      display: figureText(f, group.period.withinSlaPercent, f.percent),
    })),
    max: 100,
    ticks: [0, 25, 50, 75, 100].map((value) => ({ value, display: f.percent(value) })),
    dir: f.dir,
  });
  const inHours = (key: MessageKey) => f.text('value.inHours', { label: f.text(key) });
  return html`<section id="units" aria-labelledby="units-heading"><h2 id="units-heading">${heading}</h2>
<table id="league-table" class="league"><caption>${f.text('units.sortedBy')}</caption><thead><tr><th scope="col">${f.text('column.unit')}</th><th scope="col" class="number">${f.text('figure.opened')}</th><th scope="col" class="number">${f.text('figure.resolved')}</th><th scope="col" class="number">${f.text('figure.withinSla')}</th><th scope="col" class="number">${inHours('figure.medianResolve')}</th><th scope="col" class="number">${f.text('figure.openNow')}</th><th scope="col" class="number">${f.text('figure.breachedNow')}</th></tr></thead><tbody>${groups.map(
    (group) =>
      html`<tr data-group="${group.key}"><th scope="row">${label(group)}</th>${numberCell(f, group.period.opened, f.number)}${numberCell(f, group.period.resolved, f.number)}${numberCell(f, group.period.withinSlaPercent, f.percent)}${numberCell(f, group.period.timeToResolve.median, f.hours)}${numberCell(f, group.now?.open, f.number)}${numberCell(f, group.now?.breached, f.number)}</tr>`,
  )}</tbody></table>
<figure><figcaption aria-hidden="true">${f.text('chart.withinSlaByUnit')}</figcaption>${chart}</figure></section>`;
}

function equityDimension(f: ReportFormat, dimension: EquityDimension, answer: DashboardResponse): SafeHtml {
  const dimensionName = f.text(`dimension.${dimension}`);
  const label = (group: DashboardGroup) => groupLabel(f, dimension, group);
  const groups = answer.groups;
  const shown = groups.filter((group) => group.period.timeToResolve.median.value !== null);
  const longest = Math.max(...shown.map((group) => group.period.timeToResolve.median.value as number));
  const finding =
    shown.length < 2
      ? f.text('equity.tooFew')
      : shown.every((group) => group.period.timeToResolve.median.value === longest)
        ? f.text('equity.noDifference')
        : f.text('equity.longest', {
            groups: f.list(
              shown
                .filter((group) => group.period.timeToResolve.median.value === longest)
                .map((group) => `${label(group)} (${f.hours(longest)})`),
            ),
          });
  const chartTitle = f.text('chart.medianResolveBy', { dimension: dimensionName });
  const medians = groups.map((group) => group.period.timeToResolve.median);
  const max = Math.max(1, ...medians.map((median) => median.value ?? 0));
  const chart = barChart({
    id: `chart-resolve-by-${dimension}`,
    title: chartTitle,
    description: f.list(
      groups.map((group) =>
        f.text('chart.item', {
          label: label(group),
          value: figureText(f, group.period.timeToResolve.median, f.hours),
        }),
      ),
    ),
    rows: groups.map((group) => ({
      label: label(group),
      value: group.period.timeToResolve.median.value,
      display: figureText(f, group.period.timeToResolve.median, f.hours),
    })),
    max,
    ticks: [0, max / 2, max].map((value) => ({ value, display: f.number(value) })),
    dir: f.dir,
  });
  const inHours = (key: MessageKey) => f.text('value.inHours', { label: f.text(key) });
  return html`<div class="dimension" id="equity-${dimension}" data-dimension="${dimension}"><h3>${dimensionName}</h3>
<table><thead><tr><th scope="col">${f.text('column.group')}</th><th scope="col" class="number">${f.text('figure.opened')}</th><th scope="col" class="number">${inHours('figure.medianAcknowledge')}</th><th scope="col" class="number">${inHours('figure.p90Acknowledge')}</th><th scope="col" class="number">${inHours('figure.medianResolve')}</th><th scope="col" class="number">${inHours('figure.p90Resolve')}</th><th scope="col" class="number">${f.text('figure.withinSla')}</th></tr></thead><tbody>${groups.map(
    (group) =>
      html`<tr data-group="${group.key}"><th scope="row">${label(group)}</th>${numberCell(f, group.period.opened, f.number)}${numberCell(f, group.period.timeToAcknowledge.median, f.hours)}${numberCell(f, group.period.timeToAcknowledge.p90, f.hours)}${numberCell(f, group.period.timeToResolve.median, f.hours)}${numberCell(f, group.period.timeToResolve.p90, f.hours)}${numberCell(f, group.period.withinSlaPercent, f.percent)}</tr>`,
  )}</tbody></table>
<p class="finding">${finding}</p>
${groups.length === 0 ? '' : html`<figure><figcaption aria-hidden="true">${chartTitle}</figcaption>${chart}</figure>`}</div>`;
}

function equity(f: ReportFormat, data: CouncilReportData): SafeHtml {
  return html`<section id="equity" aria-labelledby="equity-heading"><h2 id="equity-heading">${f.text('section.equity')}</h2><p>${f.text('equity.intro')}</p>${EQUITY_DIMENSIONS.map(
    (dimension) => equityDimension(f, dimension, data.equity[dimension]),
  )}</section>`;
}

function cohesion(f: ReportFormat, data: CouncilReportData): SafeHtml {
  const label = (group: DashboardGroup) => groupLabel(f, 'district', group);
  const groups = [...data.byDistrict.groups].sort(
    byFigureDescending(f, (group) => group.period.cohesionFlags, label),
  );
  const hotspots = data.byDistrict.hotspots;
  return html`<section id="cohesion" aria-labelledby="cohesion-heading"><h2 id="cohesion-heading">${f.text('section.cohesion')}</h2><p>${f.text('cohesion.intro')}</p>
<ul class="cards"><li class="card" data-figure="hotspots"><span class="card-value">${hotspots === null ? '' : figureCell(f, hotspots, f.number)}</span><span class="card-label">${f.text('figure.hotspots')}</span></li></ul>
${
  groups.length === 0
    ? html`<p>${f.text('cohesion.none')}</p>`
    : html`<table id="cohesion-table"><thead><tr><th scope="col">${f.text('column.district')}</th><th scope="col" class="number">${f.text('figure.opened')}</th><th scope="col" class="number">${f.text('figure.cohesionFlags')}</th></tr></thead><tbody>${groups.map(
        (group) =>
          html`<tr data-group="${group.key}"><th scope="row">${label(group)}</th>${numberCell(f, group.period.opened, f.number)}${numberCell(f, group.period.cohesionFlags, f.number)}</tr>`,
      )}</tbody></table>`
}</section>`;
}

function notes(f: ReportFormat, data: CouncilReportData): SafeHtml {
  const threshold = f.number(SMALL_CELL_THRESHOLD);
  const items = [
    f.text('note.suppression', { threshold }),
    f.text('note.times', { example: f.number(24) }),
    f.text('note.sla'),
    f.text('note.now'),
    f.text('note.period', { timeZone: data.council.timeZone }),
  ];
  return html`<section id="notes" aria-labelledby="notes-heading"><h2 id="notes-heading">${f.text('section.notes')}</h2><ul class="notes note">${items.map((item) => html`<li>${item}</li>`)}</ul></section>`;
}

export function renderCouncilReport(data: CouncilReportData, language: Language): string {
  const f = reportFormat(language);
  const councilName = data.council.name[language];
  const quarterLabel = f.text('report.quarter', {
    quarter: f.number(data.quarter.quarter),
    year: f.year(data.quarter.year),
  });
  const title = f.text('report.title');
  const page = html`<!doctype html>
<html lang="${language}" dir="${f.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<title>${councilName} — ${title} — ${quarterLabel}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="cover">
<p class="council">${councilName}</p>
<h1>${title}</h1>
<p class="subtitle">${f.text('report.subtitle')}</p>
<p class="quarter" data-quarter="${data.quarter.id}">${quarterLabel}</p>
<dl class="meta"><dt>${f.text('report.period')}</dt><dd data-from="${data.quarter.from}" data-to="${data.quarter.to}">${f.dateRange(data.quarter.from, data.quarter.to)}</dd><dt>${f.text('report.generatedAt')}</dt><dd><time datetime="${data.generatedAt}">${f.dateTime(data.generatedAt, data.council.timeZone)}</time></dd><dt>${f.text('report.timeZone')}</dt><dd><span dir="ltr">${data.council.timeZone}</span></dd></dl>
</header>
<main>
${headline(f, data)}
${units(f, data)}
${equity(f, data)}
${cohesion(f, data)}
${notes(f, data)}
</main>
<footer><p>${f.text('report.preparedBy')}</p></footer>
</body>
</html>
`;
  return page.value;
}
