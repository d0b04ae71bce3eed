/**
 * Charts as inline SVG, without a chart library: horizontal bars that grow from the
 * inline-start side (from the right in Arabic: the geometry is mirrored under dir="rtl"),
 * one or more series per row. Each chart is one image for assistive technology, named by
 * its visible caption and described by a text alternative that lists every figure; the
 * caller also shows the numbers in a table. A suppressed figure (too few referrals) gets no
 * bar, only its words — never a zero-length bar that would read as 0.
 */
import { useLocale } from '../i18n/locale.js';
import { directionOf } from '../i18n/messages.js';

export interface BarSeries {
  readonly label: string;
  /** `main` (the brand colour) or `alt` (a contrasting one) — series are also told apart in the legend. */
  readonly tone: 'main' | 'alt';
}

export interface BarRow {
  readonly key: string;
  readonly label: string;
  /** One value per series; null for a suppressed figure. */
  readonly values: readonly (number | null)[];
}

export interface BarChartProps {
  /** Unique on the page: ids of the caption and description derive from it. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows, in a sentence; the text alternative lists the figures after it. */
  readonly summary: string;
  readonly series: readonly BarSeries[];
  readonly rows: readonly BarRow[];
  readonly format: (value: number) => string;
  /** Written instead of a bar for a suppressed figure ("fewer than 5"). */
  readonly suppressedLabel: string;
  /** The end of the scale (100 for percentages); default the largest value. */
  readonly max?: number;
}

/**
 * Two layouts of the same chart, one shown at a time by a media query (the hidden one is out
 * of the accessibility tree): `wide` puts each label beside its bars; `stacked`, for phones,
 * puts it above them, so that the text stays readable when the image is scaled to the screen.
 */
interface Layout {
  readonly name: 'wide' | 'stacked';
  readonly width: number;
  /** Where the bars start (logical x). */
  readonly barStart: number;
  /** Room kept after the longest bar for its value. */
  readonly valueWidth: number;
  /** Height of the label line above the bars (stacked only). */
  readonly labelLine: number;
  readonly maxLabel: number;
}

const WIDE: Layout = { name: 'wide', width: 560, barStart: 180, valueWidth: 110, labelLine: 0, maxLabel: 28 };
const STACKED: Layout = {
  name: 'stacked',
  width: 340,
  barStart: 0,
  valueWidth: 110,
  labelLine: 18,
  maxLabel: 48,
};
const GAP = 8;
const BAR_HEIGHT = 16;
const BAR_GAP = 3;
const ROW_GAP = 12;
const LEGEND_HEIGHT = 26;

const shorten = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The figures in words, for the chart's text alternative. */
export function chartText(props: Pick<BarChartProps, 'series' | 'rows' | 'format' | 'suppressedLabel'>) {
  const valueText = (value: number | null) => (value === null ? props.suppressedLabel : props.format(value));
  return props.rows
    .map((row) =>
      props.series.length === 1
        ? `${row.label}: ${valueText(row.values[0] ?? null)}`
        : `${row.label}: ${props.series
            .map((series, index) => `${series.label} ${valueText(row.values[index] ?? null)}`)
            .join(', ')}`,
    )
    .join('; ');
}

export function BarChart(props: BarChartProps) {
  const captionId = `${props.id}-caption`;
  return (
    <figure class="chart-figure" id={props.id}>
      <figcaption id={captionId} class="chart-caption">
        {props.title}
      </figcaption>
      <ChartImage {...props} layout={WIDE} captionId={captionId} />
      <ChartImage {...props} layout={STACKED} captionId={captionId} />
    </figure>
  );
}

function ChartImage(props: BarChartProps & { layout: Layout; captionId: string }) {
  const { locale } = useLocale();
  const { layout } = props;
  const rtl = directionOf(locale) === 'rtl';
  const width = layout.width;
  // Logical x (from the inline-start edge) → physical x; a box of `size` mirrors as a whole.
  const x = (logical: number, size = 0) => (rtl ? width - logical - size : logical);
  const barArea = width - layout.barStart - layout.valueWidth - 1;
  const values = props.rows.flatMap((row) => row.values.filter((value): value is number => value !== null));
  const max = props.max ?? Math.max(1, ...values);
  const legend = props.series.length > 1;
  const barsHeight = props.series.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
  const rowHeight = layout.labelLine + barsHeight;
  const top = legend ? LEGEND_HEIGHT : 4;
  const height = top + props.rows.length * (rowHeight + ROW_GAP) + 4;
  const descriptionId = `${props.id}-description-${layout.name}`;
  const legendStep = (width - layout.barStart) / props.series.length;
  return (
    <svg
      class={`chart chart-${layout.name}`}
      role="img"
      aria-labelledby={props.captionId}
      aria-describedby={descriptionId}
      viewBox={`0 0 ${width} ${height}`}
      direction={rtl ? 'rtl' : 'ltr'}
      data-direction={rtl ? 'rtl' : 'ltr'}
    >
      <title>{props.title}</title>
      <desc id={descriptionId}>{`${props.summary} ${chartText(props)}`}</desc>
      {legend
        ? props.series.map((series, index) => {
            const start = layout.barStart + (layout.barStart === 0 ? 0 : GAP) + index * legendStep;
            return (
              <g key={series.label}>
                <rect
                  class={series.tone === 'main' ? 'bar' : 'bar-alt'}
                  x={x(start, 14)}
                  y={5}
                  width={14}
                  height={14}
                />
                <text x={x(start + 20)} y={12} dy="0.35em" text-anchor="start">
                  {series.label}
                </text>
              </g>
            );
          })
        : null}
      {layout.name === 'wide' ? (
        <line
          class="axis"
          x1={x(layout.barStart)}
          x2={x(layout.barStart)}
          y1={top - 2}
          y2={height - 2}
          stroke-width={1}
        />
      ) : null}
      {props.rows.map((row, rowIndex) => {
        const rowTop = top + rowIndex * (rowHeight + ROW_GAP);
        const barsTop = rowTop + layout.labelLine;
        return (
          <g key={row.key} class="chart-row" data-row={row.key}>
            {layout.name === 'wide' ? (
              <text
                class="chart-label"
                x={x(layout.barStart - GAP)}
                y={barsTop + barsHeight / 2}
                dy="0.35em"
                text-anchor="end"
              >
                {shorten(row.label, layout.maxLabel)}
              </text>
            ) : (
              <text class="chart-label" x={x(0)} y={rowTop + 7} dy="0.35em" text-anchor="start">
                {shorten(row.label, layout.maxLabel)}
              </text>
            )}
            {props.series.map((series, index) => {
              const value = row.values[index] ?? null;
              const y = barsTop + index * (BAR_HEIGHT + BAR_GAP);
              const start = layout.barStart + 1;
              if (value === null)
                return (
                  <text
                    key={series.label}
                    class="chart-suppressed"
                    x={x(start + 5)}
                    y={y + BAR_HEIGHT / 2}
                    dy="0.35em"
                    text-anchor="start"
                  >
                    {props.suppressedLabel}
                  </text>
                );
              const size = value <= 0 ? 0 : Math.max(2, (Math.min(value, max) / max) * barArea);
              return (
                <g key={series.label}>
                  <rect
                    class={series.tone === 'main' ? 'bar' : 'bar-alt'}
                    x={x(start, size)}
                    y={y}
                    width={size}
                    height={BAR_HEIGHT}
                  />
                  <text
                    class="chart-value"
                    x={x(start + size + 6)}
                    y={y + BAR_HEIGHT / 2}
                    dy="0.35em"
                    text-anchor="start"
                  >
                    {props.format(value)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
