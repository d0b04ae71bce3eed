/** The council report's query and answer, for the route table and the OpenAPI document. */
import * as z from 'zod';
import { LANGUAGES } from '../domain/vocabulary.js';
import { QuarterText } from './quarter.js';

export const CouncilReportQuery = z.strictObject({
  quarter: QuarterText,
  lang: z
    .enum(LANGUAGES)
    .optional()
    .describe("The report's language; default: the council's default language"),
});
export type CouncilReportQuery = z.infer<typeof CouncilReportQuery>;

export const CouncilReportHtml = z
  .string()
  .describe(
    'A self-contained, printable HTML page (inline CSS and SVG charts, no scripts, nothing fetched; A4 print styles; right-to-left in Arabic): headline figures, the units league table, the equity view by beneficiary profile and the cohesion-risk summary — figures of the dashboard, with the same small-cell suppression',
  );
