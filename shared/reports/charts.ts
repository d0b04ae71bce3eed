/**
 * Horizontal bar charts as inline SVG: no script, no external request, black and greys only so
 * they read the same printed in grey-scale. Each row's label sits above its bar, so long unit
 * names never collide with the bars; in right-to-left pages the chart is mirrored (bars grow
 * from the right, `direction="rtl"` anchors the text from its right end). Every chart is an
 * image with a text alternative: `role="img"`, a <title> and a <desc> listing every value.
 */
import { html, type SafeHtml } from './html.js';

export interface BarRow {
  readonly label: string;
  /** The bar's length on the scale; null: no bar (a withheld figure). */
  readonly value: number | null;
  /** What is written after the bar (the formatted value, or the withheld mark). */
  readonly display: string;
}

export interface BarChart {
  /** Unique in the page: the ids of the title and description derive from it. */
  readonly id: string;
  readonly title: string;
  /** The text alternative: every row's label and value. */
  readonly description: string;
  readonly rows: readonly BarRow[];
  /** The scale's end (at least every value). */
  readonly max: number;
  /** Grid lines with their labels, e.g. 0, 50, 100 %. */
  readonly ticks: readonly { readonly value: number; readonly display: string }[];
  readonly dir: 'ltr' | 'rtl';
}

const WIDTH = 640;
const EDGE = 16;
/** Labels sit this far in from the axis. */
const INSET = 4;
/** Room after the longest bar for its value. */
const VALUE_ROOM = 130;
const ROW_HEIGHT = 36;
const BAR_HEIGHT = 14;
const TOP = 8;
const AXIS_ROOM = 22;

export function barChart(chart: BarChart): SafeHtml {
  const plot = WIDTH - 2 * EDGE - VALUE_ROOM;
  const scale = (value: number) => (chart.max <= 0 ? 0 : (Math.min(value, chart.max) / chart.max) * plot);
  const rtl = chart.dir === 'rtl';
  /** The x of a point `offset` from the chart's start edge. */
  const x = (offset: number) => (rtl ? WIDTH - EDGE - offset : EDGE + offset);
  /** A rectangle from the start edge: its left x in either direction. */
  const rectX = (offset: number, width: number) => (rtl ? WIDTH - EDGE - offset - width : EDGE + offset);
  const height = TOP + chart.rows.length * ROW_HEIGHT + AXIS_ROOM;
  const axisY = TOP + chart.rows.length * ROW_HEIGHT;
  const round = (n: number) => Math.round(n * 10) / 10;
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;

  const grid = chart.ticks.map(
    (tick) =>
      html`<line x1="${round(x(scale(tick.value)))}" x2="${round(x(scale(tick.value)))}" y1="${TOP}" y2="${axisY}" stroke="#999" stroke-width="0.75" stroke-dasharray="3 3"/><text x="${round(x(scale(tick.value)))}" y="${axisY + 15}" text-anchor="middle" font-size="10" fill="#333">${tick.display}</text>`,
  );
  const rows = chart.rows.map((row, index) => {
    const top = TOP + index * ROW_HEIGHT;
    const labelY = top + 12;
    const barY = top + 17;
    const length = row.value === null ? 0 : round(scale(row.value));
    const bar =
      row.value === null
        ? html``
        : html`<rect x="${round(rectX(0, length))}" y="${barY}" width="${length}" height="${BAR_HEIGHT}" fill="#555" stroke="#000" stroke-width="0.75"/>`;
    const valueText = html`<text x="${round(x(length + 6))}" y="${barY + 11}" font-size="11" fill="#000"${row.value === null ? html` font-style="italic"` : html``}>${row.display}</text>`;
    return html`<g><text x="${x(INSET)}" y="${labelY}" font-size="11" fill="#000">${row.label}</text>${bar}${valueText}</g>`;
  });
  return html`<svg role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" direction="${chart.dir}" font-family="inherit"><title id="${titleId}">${chart.title}</title><desc id="${descId}">${chart.description}</desc>${grid}<line x1="${x(0)}" x2="${x(0)}" y1="${TOP}" y2="${axisY}" stroke="#000" stroke-width="1"/>${rows}</svg>`;
}
