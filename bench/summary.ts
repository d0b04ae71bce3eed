/**
 * The summary table `npm run bench` ends with: one row per figure with a target (and a few
 * figures shown for context): our figure, what it is compared to, the ratio, the target, met.
 * Each measuring module turns its results into rows; bench/run.ts adds them in order.
 */
import { printTable, ratio } from './stats.js';

export interface SummaryRow {
  readonly item: string;
  readonly ours: string;
  /** What ours is compared to (the floor, the smaller size, the minimal handler); '' if nothing. */
  readonly floor: string;
  readonly ratio?: number;
  /** Absent: shown for context, no target. */
  readonly target?: string;
  readonly met?: boolean;
}

export class Summary {
  private readonly sections: { title: string; rows: SummaryRow[] }[] = [];

  /** Rows under a section title (a title added again gets the rows appended). */
  add(title: string, rows: readonly SummaryRow[]): void {
    const existing = this.sections.find((section) => section.title === title);
    if (existing === undefined) this.sections.push({ title, rows: [...rows] });
    else existing.rows.push(...rows);
  }

  /** Rows with a target, and how many of them are met. */
  tally(): { targets: number; met: number } {
    const targeted = this.sections.flatMap((section) => section.rows).filter((row) => row.met !== undefined);
    return { targets: targeted.length, met: targeted.filter((row) => row.met).length };
  }

  print(): void {
    const rows = this.sections.flatMap((section) => [
      [`**${section.title}**`, '', '', '', '', ''],
      ...section.rows.map((row) => [
        row.item,
        row.ours,
        row.floor,
        row.ratio === undefined || !Number.isFinite(row.ratio) ? '' : ratio(row.ratio),
        row.target ?? '',
        row.met === undefined ? '' : row.met ? 'yes' : 'NO',
      ]),
    ]);
    const { targets, met } = this.tally();
    printTable(
      `SUMMARY — ${met} of ${targets} targets met (ours vs. the floor, the smaller size or the minimal handler)`,
      ['figure', 'ours', 'compared to', 'ratio', 'target', 'met'],
      rows,
    );
  }
}
