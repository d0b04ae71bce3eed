import * as z from 'zod';
import { WorkingHoursCalendar } from '../domain/business-calendar.js';
import { SlaPolicies } from '../domain/sla-policy.js';

/** What the directorate reads: the policies, the calendar, and what needs their attention. */
export const SlaSettingsResponse = z.object({
  policies: SlaPolicies,
  calendar: WorkingHoursCalendar,
  version: z.number().int().min(1),
  warnings: z.array(
    z.object({
      code: z.literal('no-holidays-for-year'),
      year: z.number().int(),
      message: z.string(),
    }),
  ),
});
export type SlaSettingsResponse = z.infer<typeof SlaSettingsResponse>;

export const ReplaceSlaPoliciesRequest = z.strictObject({
  policies: SlaPolicies,
  expectedVersion: z.number().int().min(1),
});
export type ReplaceSlaPoliciesRequest = z.infer<typeof ReplaceSlaPoliciesRequest>;

export const ReplaceCalendarRequest = z.strictObject({
  calendar: WorkingHoursCalendar,
  expectedVersion: z.number().int().min(1),
});
export type ReplaceCalendarRequest = z.infer<typeof ReplaceCalendarRequest>;
