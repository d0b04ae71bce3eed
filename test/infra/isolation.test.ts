/**
 * One deployment per council: another city of the network, with its own settings file,
 * gets its own stacks, table, keys, bus, rules, queues, alarms, alert topic, user pool, API
 * and web app, sharing no physical name with Adana's; the same council's stages are isolated
 * the same way. Also: deployment context (alert subscribers, the web app's custom domain) and
 * the errors that stop a synthesis.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { COUNCILS_DIR } from '../../infra/council.js';
import { nagPacks } from '../../infra/nag.js';
import { webSecurityHeaders } from '../../web/security-headers.js';
import { headersSentBy, templateText } from './suites/web.js';
import {
  type CfnResource,
  type CfnTemplate,
  type Json,
  props,
  resourcesOfType,
  type SynthesizedCouncil,
  synthCouncil,
} from './synth.js';

let councilsDir: string;
let adanaDev: SynthesizedCouncil;
let mersinProd: SynthesizedCouncil;
let adanaProd: SynthesizedCouncil;
let mersinInRegion: SynthesizedCouncil;
let adanaOnItsDomain: SynthesizedCouncil;
/** The web app built once, shared by the syntheses that do not check the build itself. */
let webAssetsDir: string;

const WEB_DOMAIN = 'jisr.adana.example.org';
const WEB_CERTIFICATE = 'arn:aws:acm:us-east-1:111111111111:certificate/0c5d4a6e-1b2c-4d3e-8f90-a1b2c3d4e5f6';

const LONG_ID = 'a'.repeat(40);
const ALERT_EMAILS = ['directorate@example.org', 'duty.officer@example.org'];
const ALERT_SMS = ['+905321234567'];
/** buildApp() without bundling the Lambda code (what synthCouncil does unless asked to bundle). */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

beforeAll(() => {
  // A second council of the network, from a settings file outside the repository.
  councilsDir = mkdtempSync(join(tmpdir(), 'jisr-councils-'));
  const adana = JSON.parse(readFileSync(join(COUNCILS_DIR, 'adana.json'), 'utf8')) as Json;
  const mersin = {
    ...adana,
    id: 'mersin',
    name: {
      ar: 'مجلس المهاجرين واللاجئين في مرسين',
      tr: 'Mersin Göçmen ve Mülteci Meclisi',
      en: 'Mersin Migrants and Refugees Council',
    },
  };
  writeFileSync(join(councilsDir, 'mersin.json'), JSON.stringify(mersin));
  // The longest council id the settings allow: some derived AWS names would be too long.
  writeFileSync(join(councilsDir, `${LONG_ID}.json`), JSON.stringify({ ...mersin, id: LONG_ID }));

  adanaDev = synthCouncil({ council: 'adana', stage: 'dev' });
  webAssetsDir = join(adanaDev.outdir, 'web-assets');
  mersinProd = synthCouncil({ council: 'mersin', stage: 'prod', councilsDir, webAssetsDir });
  adanaProd = synthCouncil({
    council: 'adana',
    stage: 'prod',
    // As `cdk deploy -c alertEmails=... -c alertSms=...` passes them: one comma-separated string each.
    context: { alertEmails: `${ALERT_EMAILS.join(', ')}, ${ALERT_EMAILS[0]}`, alertSms: ALERT_SMS.join(',') },
    webAssetsDir,
  });
  // As `cdk deploy` synthesizes it: with the account and region of the credentials.
  mersinInRegion = synthCouncil({
    council: 'mersin',
    stage: 'prod',
    councilsDir,
    env: { account: '111111111111', region: 'eu-central-1' },
    webAssetsDir,
  });
  // As `cdk deploy -c webDomainName=... -c webCertificateArn=...` passes them.
  adanaOnItsDomain = synthCouncil({
    council: 'adana',
    stage: 'prod',
    context: { webDomainName: WEB_DOMAIN, webCertificateArn: WEB_CERTIFICATE },
    webAssetsDir,
  });
});

afterAll(() => {
  for (const synth of [mersinProd, adanaProd, mersinInRegion, adanaOnItsDomain]) synth?.cleanup();
  adanaDev?.cleanup();
  if (councilsDir !== undefined) rmSync(councilsDir, { recursive: true, force: true });
});

/** Names that must be unique in an account and region (or that a person reads as "whose"). */
function physicalNames(...templates: CfnTemplate[]): string[] {
  const names: string[] = [];
  const nameProperties: Record<string, string> = {
    'AWS::DynamoDB::Table': 'TableName',
    'AWS::KMS::Alias': 'AliasName',
    'AWS::Events::EventBus': 'Name',
    'AWS::Cognito::UserPool': 'UserPoolName',
    'AWS::Cognito::UserPoolClient': 'ClientName',
    'AWS::ApiGatewayV2::Api': 'Name',
    'AWS::Events::Rule': 'Name',
    'AWS::SQS::Queue': 'QueueName',
    'AWS::SNS::Topic': 'TopicName',
    'AWS::CloudWatch::Alarm': 'AlarmName',
    'AWS::CloudWatch::Dashboard': 'DashboardName',
    'AWS::CloudFront::ResponseHeadersPolicy': 'ResponseHeadersPolicyConfig.Name',
    'AWS::CloudFront::CachePolicy': 'CachePolicyConfig.Name',
  };
  for (const template of templates) {
    for (const [type, property] of Object.entries(nameProperties)) {
      for (const [, resource] of resourcesOfType(template, type)) {
        const name = property
          .split('.')
          .reduce<unknown>((value, key) => (value as Json)?.[key], props(resource));
        expect(typeof name, `${type}.${property}`).toBe('string');
        names.push(name as string);
      }
    }
  }
  return names;
}

describe('one isolated deployment per council', () => {
  it('names the second council its own stacks', () => {
    expect(mersinProd.jisr.dataStack.stackName).toBe('Jisr-mersin-prod-Data');
    expect(mersinProd.jisr.webStack.stackName).toBe('Jisr-mersin-prod-Web');
    expect(mersinProd.jisr.apiStack.stackName).toBe('Jisr-mersin-prod-Api');
    expect(mersinProd.jisr.eventsStack.stackName).toBe('Jisr-mersin-prod-Events');
    expect(mersinProd.jisr.monitoringStack.stackName).toBe('Jisr-mersin-prod-Monitoring');
    expect(mersinProd.jisr.settings.name.en).toBe('Mersin Migrants and Refugees Council');
  });

  it('gives it its own table, key aliases, bus, rules, queues, alarms, topic, user pool and API', () => {
    const mersin = physicalNames(...mersinProd.templates);
    expect(mersin).toEqual(
      expect.arrayContaining([
        'jisr-mersin-prod',
        'alias/jisr-mersin-prod-table',
        'alias/jisr-mersin-prod-contact',
        'alias/jisr-mersin-prod-alerts',
        'jisr-mersin-prod-web',
        'jisr-mersin-prod-alerts',
        'jisr-mersin-prod-publish-events-dlq',
        'jisr-mersin-prod-cohesion-risk-raises-alert',
        // A schedule is on the account's default bus, shared by every deployment there.
        'jisr-mersin-prod-sla-sweep',
        'jisr-mersin-prod-sla-sweep-dlq',
        // Its own health dashboard and error-rate alarms.
        'jisr-mersin-prod-health',
        'jisr-mersin-prod-api-5xx-rate',
        'jisr-mersin-prod-get-me-error-rate',
        'jisr-mersin-prod-publish-events-error-rate',
      ]),
    );
    const adana = new Set(physicalNames(...adanaDev.templates));
    for (const name of mersin) expect(adana.has(name), name).toBe(false);
  });

  it('isolates the stages of one council the same way', () => {
    expect(adanaProd.jisr.dataStack.stackName).toBe('Jisr-adana-prod-Data');
    const prod = physicalNames(...adanaProd.templates);
    const dev = new Set(physicalNames(...adanaDev.templates));
    for (const name of prod) expect(dev.has(name), name).toBe(false);
  });

  it("points the second council's API and event backbone only at its own Data (and Web) stack", () => {
    const producersOf = (template: CfnTemplate) =>
      new Set([...JSON.stringify(template).matchAll(/"StackName":"([^"]+)"/g)].map((match) => match[1]));
    expect(producersOf(mersinProd.apiJson)).toEqual(
      new Set(['Jisr-mersin-prod-Data', 'Jisr-mersin-prod-Web']),
    );
    expect(producersOf(mersinProd.eventsJson)).toEqual(new Set(['Jisr-mersin-prod-Data']));
    expect(producersOf(mersinProd.webJson)).toEqual(new Set());
    for (const template of [mersinProd.apiJson, mersinProd.eventsJson, mersinProd.webJson]) {
      expect(JSON.stringify(template)).not.toContain('adana');
    }
  });

  it("gives the second council its own web app, whose origin alone its API's CORS admits", () => {
    const [distributionId] = resourcesOfType(mersinProd.webJson, 'AWS::CloudFront::Distribution')[0] ?? [];
    const [, api] = resourcesOfType(mersinProd.apiJson, 'AWS::ApiGatewayV2::Api')[0] ?? [];
    const origins = (props(api as CfnResource).CorsConfiguration as Json).AllowOrigins as unknown[];
    expect(origins).toHaveLength(1);
    const origin = JSON.stringify(origins[0]);
    expect(origin).toContain('"StackName":"Jisr-mersin-prod-Web"');
    const outputName = /"OutputName":"([^"]+)"/.exec(origin)?.[1] as string;
    expect(mersinProd.webJson.Outputs?.[outputName]?.Value).toEqual({
      'Fn::GetAtt': [distributionId, 'DomainName'],
    });
    // Its config.json names its own council.
    expect(mersinProd.jisr.apiStack.node.findAll().some((c) => c.node.id === 'WebConfig')).toBe(true);
    expect(
      JSON.stringify(resourcesOfType(mersinProd.webJson, 'AWS::CloudFront::ResponseHeadersPolicy')),
    ).toContain('jisr-mersin-prod-web');
  });

  it('gives the second council its own dashboard, watching only its own stacks, alarming its own topic', () => {
    const text = JSON.stringify(mersinProd.monitoringJson);
    const producers = new Set([...text.matchAll(/"StackName":"([^"]+)"/g)].map((match) => match[1]));
    expect(producers).toEqual(
      new Set([
        'Jisr-mersin-prod-Data',
        'Jisr-mersin-prod-Web',
        'Jisr-mersin-prod-Api',
        'Jisr-mersin-prod-Events',
      ]),
    );
    expect(text).not.toContain('adana');
    const [, dashboard] = resourcesOfType(mersinProd.monitoringJson, 'AWS::CloudWatch::Dashboard')[0] ?? [];
    expect(props(dashboard as CfnResource).DashboardName).toBe('jisr-mersin-prod-health');
    const alarmNames = [...mersinProd.templates].flatMap((template) =>
      resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(
        ([, alarm]) => props(alarm).AlarmName as string,
      ),
    );
    expect(alarmNames.length).toBeGreaterThan(0);
    for (const name of alarmNames) expect(name).toMatch(/^jisr-mersin-prod-/);
    // Every alarm's action is Mersin's topic, read from Mersin's Events stack.
    for (const [, alarm] of resourcesOfType(mersinProd.monitoringJson, 'AWS::CloudWatch::Alarm')) {
      expect(JSON.stringify(props(alarm).AlarmActions)).toContain('"StackName":"Jisr-mersin-prod-Events"');
    }
  });

  it("tells the second council's functions and seed which council they serve", () => {
    const functions = [mersinProd.apiJson, mersinProd.eventsJson].flatMap((template) =>
      resourcesOfType(template, 'AWS::Lambda::Function'),
    );
    for (const [, fn] of functions) {
      const variables = (props(fn).Environment as { Variables?: Json } | undefined)?.Variables;
      if (variables?.POWERTOOLS_SERVICE_NAME === 'jisr') expect(variables.COUNCIL_ID).toBe('mersin');
    }
    const seed = JSON.stringify(resourcesOfType(mersinProd.apiJson, 'Custom::JisrSeedItem'));
    expect(seed).toContain('Mersin Migrants and Refugees Council');
  });

  it('protects production data stacks from termination', () => {
    expect(mersinProd.jisr.dataStack.terminationProtection).toBe(true);
    expect(adanaDev.jisr.dataStack.terminationProtection).toBe(false);
  });
});

describe('synthesis for a concrete account and region (as cdk deploy does it)', () => {
  it('passes cdk-nag and schema validation there too', () => {
    // buildApp registers the nag packs: synth() above would have thrown on any finding.
    expect(
      mersinInRegion.validationReport.pluginReports.flatMap((report) => report.violations ?? []),
    ).toEqual([]);
    for (const pack of nagPacks()) expect(pack.validateScope(mersinInRegion.jisr.app).violations).toEqual([]);
  });

  it("lets the web app call that region's API Gateway and Cognito endpoint, named literally", () => {
    const [, policy] =
      resourcesOfType(mersinInRegion.webJson, 'AWS::CloudFront::ResponseHeadersPolicy')[0] ?? [];
    expect(headersSentBy(policy as CfnResource)).toEqual(
      webSecurityHeaders({
        connectSources: [
          'https://*.execute-api.eu-central-1.amazonaws.com',
          'https://cognito-idp.eu-central-1.amazonaws.com',
        ],
      }),
    );
  });

  it("trusts ID tokens of that region's user pool", () => {
    const [, authorizer] = resourcesOfType(mersinInRegion.apiJson, 'AWS::ApiGatewayV2::Authorizer')[0] ?? [];
    const issuer = JSON.stringify((props(authorizer as CfnResource).JwtConfiguration as Json).Issuer);
    expect(issuer).toContain('https://cognito-idp.eu-central-1.amazonaws.com/');
  });
});

describe('alert subscribers, from the deployment context', () => {
  it('subscribes each e-mail address and phone number once, with a dead-letter queue for undelivered alerts', () => {
    const subscriptions = resourcesOfType(adanaProd.eventsJson, 'AWS::SNS::Subscription').map(([, s]) =>
      props(s),
    );
    expect(subscriptions.map((s) => [s.Protocol, s.Endpoint]).sort()).toEqual(
      [...ALERT_EMAILS.map((email) => ['email', email]), ...ALERT_SMS.map((phone) => ['sms', phone])].sort(),
    );
    const [queueId, queue] = resourcesOfType(adanaProd.eventsJson, 'AWS::SQS::Queue').find(
      ([, candidate]) => props(candidate).QueueName === 'jisr-adana-prod-alerts-undelivered-dlq',
    ) as [string, CfnResource];
    expect(props(queue).SqsManagedSseEnabled).toBe(true);
    for (const subscription of subscriptions) {
      expect(subscription.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    }
    const alarm = resourcesOfType(adanaProd.eventsJson, 'AWS::CloudWatch::Alarm').find(
      ([, candidate]) => props(candidate).AlarmName === 'jisr-adana-prod-alerts-undelivered-dlq-not-empty',
    );
    expect(alarm).toBeDefined();
    // cdk-nag and schema validation ran over it too (synth would have thrown).
    expect(adanaProd.validationReport.pluginReports.flatMap((report) => report.violations ?? [])).toEqual([]);
  });

  it('keeps a subscription when other subscribers are added or removed (ids from the address)', () => {
    const ids = resourcesOfType(adanaProd.eventsJson, 'AWS::SNS::Subscription').map(
      ([logicalId]) => logicalId,
    );
    const fewer = buildApp({
      stage: 'prod',
      context: { ...NO_BUNDLING, alertEmails: ALERT_EMAILS[1] },
      webAssetsDir,
    });
    const id = fewer.eventsStack.getLogicalId(
      fewer.eventsStack.alerts.node
        .findAll()
        .find((construct) => construct.node.id.startsWith('Email'))
        ?.node.findChild('Resource') as CfnElement,
    );
    expect(ids).toContain(id);
  });

  it('rejects an address that is not one, and a phone number not in E.164 form', () => {
    expect(() =>
      buildApp({ context: { ...NO_BUNDLING, alertEmails: 'directorate.example.org' }, webAssetsDir }),
    ).toThrow(/alertEmails/);
    expect(() => buildApp({ context: { ...NO_BUNDLING, alertSms: '0532 123 45 67' }, webAssetsDir })).toThrow(
      /E\.164/,
    );
  });
});

describe("the web app's custom domain, from the deployment context", () => {
  const config = () =>
    props(
      (resourcesOfType(adanaOnItsDomain.webJson, 'AWS::CloudFront::Distribution')[0] ?? [])[1] as CfnResource,
    ).DistributionConfig as Json;

  it('serves the app on that domain with the certificate, TLS 1.2 at least (SNI)', () => {
    expect(config().Aliases).toEqual([WEB_DOMAIN]);
    expect(config().ViewerCertificate).toEqual({
      AcmCertificateArn: WEB_CERTIFICATE,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(templateText(adanaOnItsDomain.webJson.Outputs?.WebUrl?.Value)).toBe(`https://${WEB_DOMAIN}`);
  });

  it("makes the API's CORS admit that origin only", () => {
    const [, api] = resourcesOfType(adanaOnItsDomain.apiJson, 'AWS::ApiGatewayV2::Api')[0] ?? [];
    expect((props(api as CfnResource).CorsConfiguration as Json).AllowOrigins).toEqual([
      `https://${WEB_DOMAIN}`,
    ]);
  });

  it('needs no acknowledgement of the TLS floor then, and passes cdk-nag', () => {
    const [, distribution] =
      resourcesOfType(adanaOnItsDomain.webJson, 'AWS::CloudFront::Distribution')[0] ?? [];
    expect(JSON.stringify((distribution as CfnResource).Metadata)).not.toContain('CFR4');
    for (const pack of nagPacks())
      expect(pack.validateScope(adanaOnItsDomain.jisr.app).violations).toEqual([]);
  });

  it('rejects half a custom domain, a name that is not one, and a certificate outside us-east-1', () => {
    const build = (context: Json) => () =>
      buildApp({ context: { ...NO_BUNDLING, ...context }, webAssetsDir });
    expect(build({ webDomainName: WEB_DOMAIN })).toThrow(/give both or neither/);
    expect(build({ webCertificateArn: WEB_CERTIFICATE })).toThrow(/give both or neither/);
    expect(build({ webDomainName: 'Jisr Adana', webCertificateArn: WEB_CERTIFICATE })).toThrow(/DNS name/);
    expect(
      build({
        webDomainName: WEB_DOMAIN,
        webCertificateArn: WEB_CERTIFICATE.replace('us-east-1', 'eu-central-1'),
      }),
    ).toThrow(/us-east-1/);
  });

  it('rejects a web app folder without index.html', () => {
    expect(() => buildApp({ context: NO_BUNDLING, webAssetsDir: councilsDir })).toThrow(/no index\.html/);
  });
});

describe('settings errors fail the synthesis early', () => {
  it('rejects an unknown council', () => {
    expect(() => buildApp({ council: 'atlantis' })).toThrow(/Cannot read council settings/);
  });

  it('rejects an invalid stage', () => {
    expect(() => buildApp({ stage: 'Prod_1' })).toThrow(/Invalid stage/);
  });

  it('rejects a council id and stage whose derived AWS names would be too long, naming the limit', () => {
    expect(() =>
      buildApp({ council: LONG_ID, stage: 'production', councilsDir, context: NO_BUNDLING, webAssetsDir }),
    ).toThrow(/more than the \d+ AWS allows/);
  });
});
