/**
 * Synthesizes the real CDK app in-process (with cdk.json's feature flags) into a temporary
 * cloud assembly, for the infra tests. Each test file synthesizes once, in beforeAll.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { type BuildAppOptions, buildApp, type JisrApp } from '../../infra/app.js';

export type Json = Record<string, unknown>;

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Json;
  readonly Metadata?: Json;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown }>;
}

/** Where a (possibly cross-stack) reference points: the producing stack and logical id. */
export interface ResolvedReference {
  readonly stack: string;
  readonly logicalId: string;
}

export interface SynthesizedCouncil {
  readonly jisr: JisrApp;
  readonly outdir: string;
  readonly data: Template;
  readonly web: Template;
  readonly api: Template;
  readonly events: Template;
  readonly monitoring: Template;
  readonly dataJson: CfnTemplate;
  readonly webJson: CfnTemplate;
  readonly apiJson: CfnTemplate;
  readonly eventsJson: CfnTemplate;
  readonly monitoringJson: CfnTemplate;
  /** The five templates, Data, Web, Api, Events and Monitoring. */
  readonly templates: readonly CfnTemplate[];
  /** Each template by its stack's name. */
  readonly templatesByStack: ReadonlyMap<string, CfnTemplate>;
  /** Parsed validation-report.json of the cloud assembly. */
  readonly validationReport: { pluginReports: { pluginName: string; violations?: unknown[] }[] };
  /** Removes the temporary cloud assembly. */
  cleanup(): void;
}

export interface SynthOptions extends Omit<BuildAppOptions, 'outdir'> {
  /**
   * Bundle the Lambda code with esbuild (slow: a few seconds per function). Off, CDK skips
   * bundling and the templates are the same except for asset hashes.
   */
  readonly bundle?: boolean;
}

export function synthCouncil(options: SynthOptions = {}): SynthesizedCouncil {
  const { bundle = false, ...appOptions } = options;
  const outdir = mkdtempSync(join(tmpdir(), 'jisr-cdk-'));
  const jisr = buildApp({
    ...appOptions,
    outdir,
    context: { ...appOptions.context, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const assembly = jisr.app.synth();
  const dataJson = assembly.getStackByName(jisr.dataStack.stackName).template as CfnTemplate;
  const webJson = assembly.getStackByName(jisr.webStack.stackName).template as CfnTemplate;
  const apiJson = assembly.getStackByName(jisr.apiStack.stackName).template as CfnTemplate;
  const eventsJson = assembly.getStackByName(jisr.eventsStack.stackName).template as CfnTemplate;
  const monitoringJson = assembly.getStackByName(jisr.monitoringStack.stackName).template as CfnTemplate;
  return {
    jisr,
    outdir,
    data: Template.fromJSON(dataJson),
    web: Template.fromJSON(webJson),
    api: Template.fromJSON(apiJson),
    events: Template.fromJSON(eventsJson),
    monitoring: Template.fromJSON(monitoringJson),
    dataJson,
    webJson,
    apiJson,
    eventsJson,
    monitoringJson,
    templates: [dataJson, webJson, apiJson, eventsJson, monitoringJson],
    templatesByStack: new Map([
      [jisr.dataStack.stackName, dataJson],
      [jisr.webStack.stackName, webJson],
      [jisr.apiStack.stackName, apiJson],
      [jisr.eventsStack.stackName, eventsJson],
      [jisr.monitoringStack.stackName, monitoringJson],
    ]),
    validationReport: JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

export const resourcesOfType = (template: CfnTemplate, type: string): [string, CfnResource][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

export const props = (resource: CfnResource): Json => resource.Properties ?? {};

/** IAM actions granted (Allow) by every policy attached to the given role. */
export function actionsOfRole(template: CfnTemplate, roleLogicalId: string): string[] {
  const actions: string[] = [];
  for (const [, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
    const roles = (props(policy).Roles ?? []) as { Ref?: string }[];
    if (!roles.some((role) => role.Ref === roleLogicalId)) continue;
    const document = props(policy).PolicyDocument as {
      Statement: { Effect: string; Action: string | string[] }[];
    };
    for (const statement of document.Statement) {
      if (statement.Effect !== 'Allow') continue;
      actions.push(...(Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
    }
  }
  return actions;
}

export interface AllowStatement {
  /** Logical id of the policy resource. */
  readonly policyId: string;
  /** Logical ids of the roles the policy is attached to. */
  readonly roles: string[];
  readonly actions: string[];
  readonly resources: unknown[];
  readonly condition: Json | undefined;
}

/** Every Allow statement of every AWS::IAM::Policy of a template, with the roles it applies to. */
export function allowStatements(template: CfnTemplate): AllowStatement[] {
  return resourcesOfType(template, 'AWS::IAM::Policy').flatMap(([policyId, policy]) => {
    const roles = ((props(policy).Roles ?? []) as { Ref?: string }[]).flatMap((role) =>
      role.Ref === undefined ? [] : [role.Ref],
    );
    const document = props(policy).PolicyDocument as {
      Statement: { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Json }[];
    };
    return document.Statement.filter((statement) => statement.Effect === 'Allow').map((statement) => ({
      policyId,
      roles,
      actions: Array.isArray(statement.Action) ? statement.Action : [statement.Action],
      resources: Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource],
      condition: statement.Condition,
    }));
  });
}

/** Whether a template value (e.g. a Resource, or a cross-stack reference to it) names a logical id. */
export const refersTo = (value: unknown, logicalId: string): boolean =>
  JSON.stringify(value).includes(logicalId);

/** `{ "Fn::GetAtt": [id, ...] }` or `{ Ref: id }` → id. */
export function referencedLogicalId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const object = value as Json;
  if (typeof object.Ref === 'string') return object.Ref;
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

/**
 * Follows a weak cross-stack reference (`Fn::GetStackOutput`, see cdk.json) to the resource
 * behind the producer's output; a `Ref` or `Fn::GetAtt` stays in `stack`.
 */
export function resolveReference(
  synth: SynthesizedCouncil,
  stack: string,
  value: unknown,
): ResolvedReference | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const weak = (value as Json)['Fn::GetStackOutput'] as
    | { StackName?: string; OutputName?: string }
    | undefined;
  if (weak !== undefined) {
    const producer = synth.templatesByStack.get(String(weak.StackName));
    const output = producer?.Outputs?.[String(weak.OutputName)];
    return output === undefined ? undefined : resolveReference(synth, String(weak.StackName), output.Value);
  }
  const logicalId = referencedLogicalId(value);
  return logicalId === undefined ? undefined : { stack, logicalId };
}
