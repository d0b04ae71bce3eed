/**
 * SLA policies as data: per priority (and optionally per category), the time to acknowledge
 * (routed → accepted) and to resolve (routed → resolved), on the business calendar or 24/7.
 * The directorate edits them; the SLA clocks (issue 5, next) read them.
 */
import * as z from 'zod';
import { CatalogId } from '../schemas/common.js';
import { type BusinessCalendar, businessDays } from './business-calendar.js';
import { PRIORITIES } from './vocabulary.js';

export const SLA_UNITS = ['hours', 'days', 'business-hours', 'business-days'] as const;

export const SlaDuration = z.strictObject({
  amount: z.number().positive().max(1000),
  unit: z.enum(SLA_UNITS),
});
export type SlaDuration = z.infer<typeof SlaDuration>;

const BUSINESS_UNITS: readonly string[] = ['business-hours', 'business-days'];

export const SlaPolicy = z
  .strictObject({
    priority: z.enum(PRIORITIES),
    /** Absent: the priority's default for every category. */
    category: CatalogId.optional(),
    calendar: z.enum(['business', '24/7']),
    acknowledge: SlaDuration,
    resolve: SlaDuration,
  })
  .superRefine((policy, ctx) => {
    for (const clock of ['acknowledge', 'resolve'] as const) {
      const business = BUSINESS_UNITS.includes(policy[clock].unit);
      if (business !== (policy.calendar === 'business')) {
        ctx.addIssue({
          code: 'custom',
          path: [clock, 'unit'],
          message:
            policy.calendar === 'business'
              ? 'must be business-hours or business-days on the business calendar'
              : 'must be hours or days on the 24/7 calendar',
        });
      }
    }
    if (nominalMinutes(policy.acknowledge) > nominalMinutes(policy.resolve)) {
      ctx.addIssue({ code: 'custom', path: ['acknowledge'], message: 'must not be longer than resolve' });
    }
  });
export type SlaPolicy = z.infer<typeof SlaPolicy>;

/** A council's policies: one default per priority, at most one override per priority and category. */
export const SlaPolicies = z
  .array(SlaPolicy)
  .min(PRIORITIES.length)
  .max(500)
  .superRefine((policies, ctx) => {
    const seen = new Set<string>();
    policies.forEach((policy, index) => {
      const key = `${policy.priority}#${policy.category ?? '*'}`;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: [index], message: `repeats the policy for ${key}` });
      seen.add(key);
    });
    for (const priority of PRIORITIES) {
      if (!seen.has(`${priority}#*`)) {
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `needs a default policy (no category) for ${priority}`,
        });
      }
    }
  });

/** The council's defaults: emergency and urgent around the clock, the others in business days. */
export const DEFAULT_SLA_POLICIES: SlaPolicy[] = [
  {
    priority: 'emergency',
    calendar: '24/7',
    acknowledge: { amount: 2, unit: 'hours' },
    resolve: { amount: 2, unit: 'days' },
  },
  {
    priority: 'urgent',
    calendar: '24/7',
    acknowledge: { amount: 4, unit: 'hours' },
    resolve: { amount: 3, unit: 'days' },
  },
  {
    priority: 'priority',
    calendar: 'business',
    acknowledge: { amount: 1, unit: 'business-days' },
    resolve: { amount: 10, unit: 'business-days' },
  },
  {
    priority: 'routine',
    calendar: 'business',
    acknowledge: { amount: 2, unit: 'business-days' },
    resolve: { amount: 20, unit: 'business-days' },
  },
];

/** For comparing durations only: a business day counted as 8 hours. */
function nominalMinutes(duration: SlaDuration): number {
  const perUnit = { hours: 60, days: 1440, 'business-hours': 60, 'business-days': 480 } as const;
  return duration.amount * perUnit[duration.unit];
}

/** The duration in minutes of the policy's calendar (business minutes on a business calendar). */
export function durationMinutes(duration: SlaDuration, calendar: BusinessCalendar): number {
  switch (duration.unit) {
    case 'hours':
    case 'business-hours':
      return Math.round(duration.amount * 60);
    case 'days':
      return Math.round(duration.amount * 1440);
    case 'business-days':
      return Math.round(duration.amount * businessDays(1, calendar));
  }
}

/**
 * The policy of a referral: a category override of any of its categories (the strictest, by
 * time to resolve), else its priority's default.
 */
export function policyFor(
  policies: readonly SlaPolicy[],
  categories: readonly string[],
  priority: SlaPolicy['priority'],
): SlaPolicy {
  const overrides = policies
    .filter((policy) => policy.priority === priority && policy.category !== undefined)
    .filter((policy) => categories.includes(policy.category as string))
    .sort((a, b) => nominalMinutes(a.resolve) - nominalMinutes(b.resolve));
  const chosen =
    overrides[0] ?? policies.find((policy) => policy.priority === priority && policy.category === undefined);
  if (chosen === undefined) throw new Error(`no SLA policy for ${priority}`);
  return chosen;
}
