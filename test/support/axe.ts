/**
 * Accessibility scan of the page as it is now, with axe-core injected into the real
 * Chromium page. Returns the serious and critical violations (the suite's bar is zero).
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = (require('axe-core') as { source: string }).source;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** Runs in the page (a string: the test project has no DOM types). */
const SCAN = `(async () => {
  const result = await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  });
  return result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => JSON.stringify(node.target)),
  }));
})()`;

export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate("typeof window.axe === 'object'"))) await page.evaluate(AXE_SOURCE); // evaluated over CDP: the page's CSP (no inline scripts) stays on
  const violations = (await page.evaluate(SCAN)) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** A readable failure message for a list of violations. */
export const describeViolations = (label: string, violations: readonly AxeViolation[]) =>
  `${label}: ${violations.length} serious/critical axe violations\n${violations
    .map(
      (violation) =>
        `  ${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.targets.slice(0, 5).join('\n    ')}`,
    )
    .join('\n')}`;
