import * as z from 'zod';
import { WorkingHoursCalendar } from '../domain/business-calendar.js';
import { SLA_CLOCKS, SLA_STAGES, SLA_THRESHOLDS } from '../domain/sla-clock.js';
import { SlaPolicies, SlaPolicy } from '../domain/sla-policy.js';
import { CatalogId, Timestamp } from './common.js';

/** What the directorate reads: the policies, the calendar, and what needs their attention. */
export const SlaSettingsResponse = z.object({
  policies: SlaPolicies,
  calendar: WorkingHoursCalendar.describe(
    "The council's working calendar: every unit's, unless it has its own",
  ),
  unitCalendars: z
    .record(CatalogId, WorkingHoursCalendar)
    .describe('Units that keep other hours than the council: their own calendar, by unit id'),
  version: z.number().int().min(1),
  warnings: z.array(
    z.object({
      code: z.literal('no-holidays-for-year'),
      year: z.number().int(),
      unitId: CatalogId.optional().describe("Absent: the council's calendar"),
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

export const ReplaceUnitCalendarRequest = z.strictObject({
  calendar: WorkingHoursCalendar.nullable().describe("The unit's own calendar; null: the council's again"),
  expectedVersion: z.number().int().min(1),
});
export type ReplaceUnitCalendarRequest = z.infer<typeof ReplaceUnitCalendarRequest>;

const SlaStage = z
  .enum(SLA_STAGES)
  .describe(
    'running; paused (on hold, within the hold cap); met (stopped by the deadline); breached (deadline passed); cancelled (excluded from compliance); transferred (the leg was passed on in time; the need’s clock runs on)',
  );
const BusinessMinutes = z.number().int().min(0).describe('Minutes of the policy’s calendar');

export const SlaClockView = z.object({
  stage: SlaStage,
  targetMinutes: BusinessMinutes,
  dueAt: Timestamp.describe('The deadline; while on hold, the deadline if the hold lasts to its cap'),
  elapsedMinutes: BusinessMinutes,
  stoppedAt: Timestamp.optional(),
});
export type SlaClockView = z.infer<typeof SlaClockView>;

const SlaEventView = z.object({
  clock: z.enum(SLA_CLOCKS),
  threshold: z.enum(SLA_THRESHOLDS),
  at: Timestamp.describe('When the threshold fell due'),
});

/** A referral's SLA state, computed from its facts with the current policy and calendar. */
export const SlaView = z
  .object({
    policy: SlaPolicy,
    stage: SlaStage.describe('cancelled, else breached if either clock is, else the resolve clock’s stage'),
    acknowledge: SlaClockView.describe(
      'From routing until the unit accepts (or rejects or passes on) the referral',
    ),
    resolve: SlaClockView.extend({
      pausedMinutes: BusinessMinutes.describe(
        "Time on hold that did not count (up to the cap), in minutes of the policy's calendar",
      ),
      holdCapMinutes: z
        .number()
        .int()
        .min(0)
        .describe(
          "The most that holds may pause this clock, in all: 10 business days, in minutes of the unit's working calendar",
        ),
      hold: z
        .object({
          since: Timestamp,
          resumesAt: Timestamp.describe('When the cap is reached and the clock runs again, even on hold'),
          capReached: z.boolean(),
        })
        .optional()
        .describe('Present while the referral is on hold'),
    }).describe('From routing until the unit resolves the referral; holds pause it'),
    endToEnd: z
      .object({ since: Timestamp, dueAt: Timestamp, elapsedMinutes: BusinessMinutes })
      .describe('The need’s clock, from the report across every leg, against the resolve target'),
    events: z.array(SlaEventView).describe('Warnings, breaches and escalations raised so far'),
    nextEventAt: Timestamp.nullable().describe('When the next warning, breach or escalation falls due'),
  })
  .describe('SLA clocks: deadlines, elapsed business time, pauses, stage and SLA events');
export type SlaView = z.infer<typeof SlaView>;
