/** Calendar quarters (`2026-Q4`): the council report's period. */
import * as z from 'zod';
import { ValidationFailed } from '../domain/errors.js';

export const MIN_REPORT_YEAR = 2000;
export const MAX_REPORT_YEAR = 2100;

export interface Quarter {
  /** `YYYY-Qn`. */
  readonly id: string;
  readonly year: number;
  readonly quarter: 1 | 2 | 3 | 4;
  /** First local day, YYYY-MM-DD. */
  readonly from: string;
  /** Last local day, YYYY-MM-DD (inclusive). */
  readonly to: string;
}

const PATTERN = /^(\d{4})-Q([1-4])$/;
const PATTERN_MESSAGE = 'must be a quarter YYYY-Qn with n from 1 to 4, e.g. 2026-Q4';

/** Why `text` is not a quarter, or undefined when it is one. */
function problemOf(text: string): string | undefined {
  const match = PATTERN.exec(text);
  if (match === null) return PATTERN_MESSAGE;
  const year = Number(match[1]);
  if (year < MIN_REPORT_YEAR || year > MAX_REPORT_YEAR)
    return `the year must be from ${MIN_REPORT_YEAR} to ${MAX_REPORT_YEAR}`;
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The quarter `YYYY-Qn` (n 1–4, years 2000–2100); anything else is a 400 naming `quarter`. */
export function parseQuarter(text: string): Quarter {
  const problem = problemOf(text);
  if (problem !== undefined) throw new ValidationFailed([{ field: 'quarter', message: problem }]);
  const match = PATTERN.exec(text) as RegExpExecArray;
  const year = Number(match[1]);
  const quarter = Number(match[2]) as Quarter['quarter'];
  const firstMonth = (quarter - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return {
    id: text,
    year,
    quarter,
    from: `${year}-${pad(firstMonth)}-01`,
    to: `${year}-${pad(lastMonth)}-${pad(lastDay)}`,
  };
}

export const QuarterText = z
  .string()
  .regex(PATTERN, PATTERN_MESSAGE)
  .superRefine((text, ctx) => {
    const problem = problemOf(text);
    // The pattern's own message comes from .regex; this adds the years' limits.
    if (problem !== undefined && PATTERN.test(text)) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe(`A calendar quarter YYYY-Qn, n 1–4, years ${MIN_REPORT_YEAR}–${MAX_REPORT_YEAR} (e.g. 2026-Q4)`);
