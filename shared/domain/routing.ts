import type { RoutingRule } from '../schemas/council.js';

export interface UnitAssignment {
  readonly unitId: string;
  /** The need's categories this unit serves, in the order the member gave them. */
  readonly categories: string[];
  /** 'triage' when no rule matched and the need went to the directorate's triage unit. */
  readonly routedBy: 'rule' | 'triage';
}

/**
 * Routes a need's categories to service units: a rule for the category and the need's
 * district wins over a rule for the category alone; no rule sends the category to triage.
 * Categories that land on the same unit make one referral.
 */
export function routeNeed(
  need: { categories: readonly string[]; district: string },
  rules: readonly RoutingRule[],
  triageUnitId: string,
): UnitAssignment[] {
  const assignments = new Map<string, { categories: string[]; routedBy: 'rule' | 'triage' }>();
  for (const category of need.categories) {
    const rule =
      rules.find((candidate) => candidate.category === category && candidate.district === need.district) ??
      rules.find((candidate) => candidate.category === category && candidate.district === undefined);
    const unitId = rule?.unitId ?? triageUnitId;
    const routedBy = rule === undefined ? 'triage' : 'rule';
    const assignment = assignments.get(unitId);
    if (assignment === undefined) assignments.set(unitId, { categories: [category], routedBy });
    else {
      assignment.categories.push(category);
      if (routedBy === 'rule') assignment.routedBy = 'rule';
    }
  }
  return [...assignments].map(([unitId, { categories, routedBy }]) => ({ unitId, categories, routedBy }));
}
