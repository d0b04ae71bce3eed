/**
 * cdk-nag (AwsSolutions and Serverless packs) and CloudFormation's schema validation over
 * the real app: no unacknowledged finding, every acknowledgement with a written reason that
 * a reviewer finds in the template's Metadata, and the validation gate really armed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { cdkJsonContext } from '../../../infra/app.js';
import { NAG, nagPacks } from '../../../infra/nag.js';
import type { CfnTemplate, SynthesizedCouncil } from '../synth.js';

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

/** Every acknowledgement recorded with Validations.of(...).acknowledge() in the construct tree. */
function acknowledgements(root: IConstruct): Acknowledgement[] {
  const found: Acknowledgement[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [qualifiedId, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, id: qualifiedId.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return found;
}

/** The `cdk_nag.rules_to_suppress` entries written into the templates' Metadata. */
function templateSuppressions(...templates: CfnTemplate[]): { id: string; reason: string }[] {
  return templates.flatMap((template) =>
    Object.values(template.Resources).flatMap((resource) => {
      const cdkNag = resource.Metadata?.cdk_nag as
        | { rules_to_suppress?: { id: string; reason: string }[] }
        | undefined;
      return cdkNag?.rules_to_suppress ?? [];
    }),
  );
}

export const nagSuite = (synthesized: () => SynthesizedCouncil) => {
  describe('cdk-nag', () => {
    it.each(nagPacks().map((pack) => [pack.readPackName, pack] as const))(
      '%s: no unacknowledged finding (errors nor warnings)',
      (_name, pack) => {
        const violations = pack.validateScope(synthesized().jisr.app).violations.map((violation) => ({
          rule: violation.ruleName,
          severity: violation.severity,
          resources: violation.violatingResources.map((resource) => resource.constructPath),
        }));
        expect(violations).toEqual([]);
      },
    );

    it('every acknowledgement has a written reason and is in the template metadata', () => {
      const acks = acknowledgements(synthesized().jisr.app);
      expect(acks.length).toBeGreaterThan(0);
      const inTemplates = templateSuppressions(...synthesized().templates);
      for (const ack of acks) {
        expect(ack.reason.trim().length, `${ack.id} on ${ack.path}`).toBeGreaterThanOrEqual(20);
        expect(inTemplates, `${ack.id} on ${ack.path}`).toContainEqual({ id: ack.id, reason: ack.reason });
      }
    });

    it('acknowledges on the narrowest construct (a resource or its policy), never a whole stack', () => {
      for (const ack of acknowledgements(synthesized().jisr.app)) {
        expect(ack.path.split('/').length, ack.path).toBeGreaterThanOrEqual(2);
      }
    });

    it('every entry of the acknowledgement list in nag.ts is in use', () => {
      const used = new Set(acknowledgements(synthesized().jisr.app).map((ack) => ack.reason));
      for (const [name, entry] of Object.entries(NAG)) expect(used.has(entry.reason), name).toBe(true);
    });
  });

  describe('CloudFormation schema validation', () => {
    it('found nothing in the synthesized templates (validation-report.json)', () => {
      expect(
        synthesized().validationReport.pluginReports.flatMap((report) => report.violations ?? []),
      ).toEqual([]);
    });

    it('is armed: with cdk.json flags an invalid template fails the synthesis', () => {
      expect(cdkJsonContext()['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
      const outdir = mkdtempSync(join(tmpdir(), 'jisr-cdk-invalid-'));
      try {
        const app = new App({ outdir, context: cdkJsonContext() });
        const stack = new Stack(app, 'Invalid');
        new LambdaFunction(stack, 'TooSmall', {
          runtime: Runtime.NODEJS_24_X,
          handler: 'index.handler',
          code: Code.fromInline('export const handler = async () => ({});'),
          memorySize: 64,
        });
        expect(() => app.synth()).toThrow(/CloudFormation Validate/);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    });
  });
};
