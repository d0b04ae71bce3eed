/**
 * The CDK app: one isolated deployment per council and stage.
 *
 *   npx cdk synth  -c council=adana -c stage=dev
 *   npx cdk deploy --all -c council=adana -c stage=prod
 *
 * Context: `council` (default adana) names config/councils/<council>.json; `stage` (default
 * dev); `councilsDir` (optional) reads the settings file from another folder; `alertEmails`
 * and `alertSms` (optional, comma-separated) subscribe e-mail addresses and phone numbers to
 * the directorate's alert topic; `webDomainName` and `webCertificateArn` (optional, both or
 * neither; the certificate in us-east-1) serve the web app on a custom domain; `webAssetsDir`
 * (optional) deploys an already built web app instead of building it (web/build.ts) into
 * <outdir>/web-assets. Five stacks: Jisr-<council>-<stage>-Data (table, keys, bus),
 * Jisr-<council>-<stage>-Web (the web app's bucket and CloudFront distribution, security
 * headers), Jisr-<council>-<stage>-Api (Cognito, HTTP API with CORS for the web app's origin
 * only, route functions, seed, the web app's config.json), Jisr-<council>-<stage>-Events
 * (outbox publisher, event rules and their targets, dead-letter queues, alarms, alert topic)
 * and Jisr-<council>-<stage>-Monitoring (health dashboard, error-rate alarms). Tests build the
 * same app in-process through buildApp().
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Tags } from 'aws-cdk-lib';

import { buildWebAppSync } from '../web/build.js';
import { REPO_ROOT } from './bundling.js';
import { COUNCILS_DIR, DEFAULT_COUNCIL, type LoadedCouncilSettings, loadCouncilSettings } from './council.js';
import { addNagChecks } from './nag.js';
import { ApiStack } from './stacks/api-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { EventsStack } from './stacks/events-stack.js';
import { MonitoringStack, monitoredResourcesOf } from './stacks/monitoring-stack.js';
import { type WebDomain, WebStack } from './stacks/web-stack.js';

export const DEFAULT_STAGE = 'dev';
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

export interface BuildAppOptions {
  /** Council id; otherwise the `council` context, otherwise adana. */
  readonly council?: string;
  /** Stage name; otherwise the `stage` context, otherwise dev. */
  readonly stage?: string;
  /** Folder of council settings files; otherwise the `councilsDir` context, otherwise config/councils. */
  readonly councilsDir?: string;
  /** Cloud assembly folder (tests use a temporary one). */
  readonly outdir?: string;
  /** Extra context, applied over cdk.json's (tests only; the CLI passes its own). */
  readonly context?: Record<string, unknown>;
  /** Account and region; otherwise those of the CLI's credentials (CDK_DEFAULT_*), if any. */
  readonly env?: { readonly account?: string; readonly region?: string };
  /**
   * An already built web app (index.html, assets/*); otherwise the `webAssetsDir` context,
   * otherwise web/build.ts builds it into <outdir>/web-assets.
   */
  readonly webAssetsDir?: string;
}

export interface JisrApp {
  readonly app: App;
  readonly council: string;
  readonly stage: string;
  readonly settings: LoadedCouncilSettings;
  readonly dataStack: DataStack;
  readonly webStack: WebStack;
  readonly apiStack: ApiStack;
  readonly eventsStack: EventsStack;
  readonly monitoringStack: MonitoringStack;
}

export const stackName = (
  council: string,
  stage: string,
  part: 'Data' | 'Web' | 'Api' | 'Events' | 'Monitoring',
) => `Jisr-${council}-${stage}-${part}`;

/** cdk.json's context (the feature flags), so that an in-process synth behaves like `cdk synth`. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string`);
  return value;
}

/** A list from the context: comma-separated on the command line (`-c key=a,b`), or an array of strings. */
function contextList(app: App, key: string): string[] {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
    throw new Error(`Context "${key}" must be a comma-separated string or a list of strings`);
  }
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}

/** The web app's custom domain from the context: both keys, or neither. */
function webDomain(app: App): WebDomain | undefined {
  const domainName = contextString(app, 'webDomainName');
  const certificateArn = contextString(app, 'webCertificateArn');
  if (domainName === undefined && certificateArn === undefined) return undefined;
  if (domainName === undefined || certificateArn === undefined) {
    throw new Error('Context "webDomainName" and "webCertificateArn" go together: give both or neither');
  }
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainName)) {
    throw new Error(`Context "webDomainName" must be a lower-case DNS name, got "${domainName}"`);
  }
  if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/.test(certificateArn)) {
    throw new Error(
      `Context "webCertificateArn" must be the ARN of an ACM certificate in us-east-1 (CloudFront's), got "${certificateArn}"`,
    );
  }
  return { domainName, certificateArn };
}

/** The built web app: given, or built now into the cloud assembly. */
function webAssetsDir(app: App, given: string | undefined): string {
  const dir = given ?? contextString(app, 'webAssetsDir');
  if (dir !== undefined) {
    const resolved = resolve(dir);
    if (!existsSync(join(resolved, 'index.html'))) {
      throw new Error(`The web app folder ${resolved} has no index.html (build it with web/build.ts)`);
    }
    return resolved;
  }
  const outDir = join(app.outdir, 'web-assets');
  buildWebAppSync({ outDir });
  return outDir;
}

export function buildApp(options: BuildAppOptions = {}): JisrApp {
  // cdk.json's context is the lowest layer: the CLI's (-c ...) overrides it.
  const app = new App({
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    context: { ...cdkJsonContext(), ...options.context },
  });
  const council = options.council ?? contextString(app, 'council') ?? DEFAULT_COUNCIL;
  const stage = options.stage ?? contextString(app, 'stage') ?? DEFAULT_STAGE;
  const councilsDir = resolve(options.councilsDir ?? contextString(app, 'councilsDir') ?? COUNCILS_DIR);
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(
      `Invalid stage "${stage}": lower-case letters, digits and dashes, 1-20, starting with a letter`,
    );
  }
  const settings = loadCouncilSettings(council, councilsDir);

  addNagChecks(app);

  // Account and region come from the CLI's credentials; without them the stacks are
  // environment-agnostic (as in `cdk synth` on a machine with no AWS account).
  const env = options.env ?? {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  };
  const tags = { 'jisr:app': 'jisr', 'jisr:council': council, 'jisr:stage': stage };

  const domain = webDomain(app);
  const dataStack = new DataStack(app, stackName(council, stage, 'Data'), {
    env,
    tags,
    councilId: council,
    stage,
    description: `Jisr ${council} (${stage}): table, key and event bus - stateful, retained on delete`,
    terminationProtection: stage === 'prod',
  });
  // Before the Api stack, which takes its origin (CORS) and writes its config.json.
  const webStack = new WebStack(app, stackName(council, stage, 'Web'), {
    env,
    tags,
    councilId: council,
    stage,
    assetsDir: webAssetsDir(app, options.webAssetsDir),
    ...(domain === undefined ? {} : { domain }),
    description: `Jisr ${council} (${stage}): web app - bucket, CloudFront distribution, security headers`,
  });
  const apiStack = new ApiStack(app, stackName(council, stage, 'Api'), {
    env,
    tags,
    settings,
    stage,
    table: dataStack.table,
    webOrigin: webStack.origin,
    webBucket: webStack.bucket,
    description: `Jisr ${council} (${stage}): Cognito, HTTP API, Lambda functions, seed, web app config`,
  });
  const eventsStack = new EventsStack(app, stackName(council, stage, 'Events'), {
    env,
    tags,
    councilId: council,
    stage,
    table: dataStack.table,
    eventBus: dataStack.eventBus,
    alertSubscribers: { emails: contextList(app, 'alertEmails'), sms: contextList(app, 'alertSms') },
    description:
      `Jisr ${council} (${stage}): outbox publisher, event rules and their functions, ` +
      'dead-letter queues, alarms, alert topic',
  });
  // Last: it watches the three others (its file says why it is a stack of its own).
  const monitoringStack = new MonitoringStack(app, stackName(council, stage, 'Monitoring'), {
    env,
    tags,
    councilId: council,
    stage,
    table: dataStack.table,
    httpApi: apiStack.httpApi,
    alertTopic: eventsStack.alerts.topic,
    webDistribution: webStack.distribution,
    ...monitoredResourcesOf(apiStack, eventsStack),
    description:
      `Jisr ${council} (${stage}): health dashboard (with the web app's CloudFront figures), ` +
      'error-rate alarms of the functions and the HTTP API',
  });
  for (const [key, value] of Object.entries(tags)) Tags.of(app).add(key, value);

  return { app, council, stage, settings, dataStack, webStack, apiStack, eventsStack, monitoringStack };
}

const invokedDirectly =
  process.argv[1] !== undefined &&
  realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) buildApp().app.synth();
