import { describe, expect, it } from 'vitest';
import { loadCouncilSettings } from '../../../infra/council.js';
import {
  DEFAULT_SLA_POLICIES,
  durationMinutes,
  policyFor,
  SlaPolicies,
  type SlaPolicy,
  SlaPolicy as SlaPolicySchema,
} from '../../../shared/domain/sla-policy.js';
import { fieldIssues } from '../../../shared/http/problem.js';

const calendar = loadCouncilSettings('adana').businessCalendar;

describe('durationMinutes', () => {
  it.each([
    [{ amount: 2, unit: 'hours' }, 120],
    [{ amount: 2, unit: 'days' }, 2880],
    [{ amount: 4, unit: 'business-hours' }, 240],
    [{ amount: 10, unit: 'business-days' }, 4800],
    [{ amount: 0.5, unit: 'business-days' }, 240],
  ] as const)('%o is %i minutes of its calendar', (duration, minutes) => {
    expect(durationMinutes(duration, calendar)).toBe(minutes);
  });
});

describe('policyFor', () => {
  const healthOverride: SlaPolicy = {
    priority: 'priority',
    category: 'health',
    calendar: 'business',
    acknowledge: { amount: 4, unit: 'business-hours' },
    resolve: { amount: 5, unit: 'business-days' },
  };
  const housingOverride: SlaPolicy = {
    ...healthOverride,
    category: 'housing',
    resolve: { amount: 8, unit: 'business-days' },
  };
  const policies = [...DEFAULT_SLA_POLICIES, housingOverride, healthOverride];

  it.each([
    ['the default without an override', ['education'], 'priority', DEFAULT_SLA_POLICIES[2]],
    ['an override of one of its categories', ['education', 'housing'], 'priority', housingOverride],
    ['the strictest of two overrides', ['housing', 'health'], 'priority', healthOverride],
    [
      'the default of another priority, overrides notwithstanding',
      ['health'],
      'routine',
      DEFAULT_SLA_POLICIES[3],
    ],
  ] as const)('chooses %s', (_, categories, priority, expected) => {
    expect(policyFor(policies, categories, priority)).toEqual(expected);
  });
});

describe('SLA policy validation', () => {
  const fields = (input: unknown, schema: typeof SlaPolicies | typeof SlaPolicySchema = SlaPolicies) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? [] : fieldIssues(parsed.error).map((issue) => issue.field);
  };

  it('accepts the defaults', () => {
    expect(fields(DEFAULT_SLA_POLICIES)).toEqual([]);
  });

  it.each([
    [
      'a business unit on the 24/7 calendar',
      { ...DEFAULT_SLA_POLICIES[0], resolve: { amount: 2, unit: 'business-days' } },
      ['resolve.unit'],
    ],
    [
      'an hour unit on the business calendar',
      { ...DEFAULT_SLA_POLICIES[2], acknowledge: { amount: 8, unit: 'hours' } },
      ['acknowledge.unit'],
    ],
    [
      'acknowledging later than resolving',
      { ...DEFAULT_SLA_POLICIES[1], acknowledge: { amount: 4, unit: 'days' } },
      ['acknowledge'],
    ],
    [
      'a zero duration',
      { ...DEFAULT_SLA_POLICIES[1], acknowledge: { amount: 0, unit: 'hours' } },
      ['acknowledge.amount'],
    ],
    ['an unknown field', { ...DEFAULT_SLA_POLICIES[1], grace: 1 }, ['grace']],
  ])('refuses %s', (_, policy, expected) => {
    expect(fields(policy, SlaPolicySchema)).toEqual(expected);
  });

  it('needs one default per priority and no repeated policy', () => {
    // The missing default is an issue of the whole list (reported as "body" at this level).
    expect(fields(DEFAULT_SLA_POLICIES.slice(1))).toEqual(['body']);
    expect(fields([...DEFAULT_SLA_POLICIES, DEFAULT_SLA_POLICIES[0]])).toEqual(['4']);
  });
});
