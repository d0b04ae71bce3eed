/**
 * Naming helpers shared by the stacks: construct ids from kebab-case names, and physical
 * names checked against the limits AWS puts on them (a council id may be 40 characters and a
 * stage 20, so a long pair can push a derived name over a limit; synthesis then fails with
 * the name and the limit, not the deployment halfway through).
 */

/** `cohesion-risk-raises-alert` → `CohesionRiskRaisesAlert`. */
export const pascal = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');

/** Maximum lengths of the physical names Jisr sets. */
export const NAME_LIMITS = {
  'SQS queue': 80,
  'EventBridge rule': 64,
  'SNS topic': 256,
  'CloudWatch alarm': 255,
  'CloudWatch dashboard': 255,
} as const;

/** Returns `name`, or throws if AWS would refuse it as a name of that kind. */
export function physicalName(kind: keyof typeof NAME_LIMITS, name: string): string {
  const limit = NAME_LIMITS[kind];
  if (name.length > limit) {
    throw new Error(
      `The ${kind} name "${name}" has ${name.length} characters, more than the ${limit} AWS allows: ` +
        'use a shorter council id or stage',
    );
  }
  return name;
}
