/**
 * One deployment per council: another city of the network, with its own settings file,
 * gets its own stacks, table, key, bus, user pool and API, sharing no physical name with
 * Adana's; the same council's stages are isolated the same way.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { COUNCILS_DIR } from '../../infra/council.js';
import { nagPacks } from '../../infra/nag.js';
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

  adanaDev = synthCouncil({ council: 'adana', stage: 'dev' });
  mersinProd = synthCouncil({ council: 'mersin', stage: 'prod', councilsDir });
  adanaProd = synthCouncil({ council: 'adana', stage: 'prod' });
  // As `cdk deploy` synthesizes it: with the account and region of the credentials.
  mersinInRegion = synthCouncil({
    council: 'mersin',
    stage: 'prod',
    councilsDir,
    env: { account: '111111111111', region: 'eu-central-1' },
  });
});

afterAll(() => {
  for (const synth of [adanaDev, mersinProd, adanaProd, mersinInRegion]) synth?.cleanup();
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
  };
  for (const template of templates) {
    for (const [type, property] of Object.entries(nameProperties)) {
      for (const [, resource] of resourcesOfType(template, type)) {
        const name = props(resource)[property];
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
    expect(mersinProd.jisr.apiStack.stackName).toBe('Jisr-mersin-prod-Api');
    expect(mersinProd.jisr.settings.name.en).toBe('Mersin Migrants and Refugees Council');
  });

  it('gives it its own table, key aliases, bus, user pool and API', () => {
    const mersin = physicalNames(mersinProd.dataJson, mersinProd.apiJson);
    expect(mersin).toEqual(
      expect.arrayContaining([
        'jisr-mersin-prod',
        'alias/jisr-mersin-prod-table',
        'alias/jisr-mersin-prod-contact',
        'jisr-mersin-prod-web',
      ]),
    );
    const adana = new Set(physicalNames(adanaDev.dataJson, adanaDev.apiJson));
    for (const name of mersin) expect(adana.has(name), name).toBe(false);
  });

  it('isolates the stages of one council the same way', () => {
    expect(adanaProd.jisr.dataStack.stackName).toBe('Jisr-adana-prod-Data');
    const prod = physicalNames(adanaProd.dataJson, adanaProd.apiJson);
    const dev = new Set(physicalNames(adanaDev.dataJson, adanaDev.apiJson));
    for (const name of prod) expect(dev.has(name), name).toBe(false);
  });

  it("points the second council's API only at its own Data stack", () => {
    const api = JSON.stringify(mersinProd.apiJson);
    const producers = new Set([...api.matchAll(/"StackName":"([^"]+)"/g)].map((match) => match[1]));
    expect(producers).toEqual(new Set(['Jisr-mersin-prod-Data']));
    expect(api).not.toContain('adana');
  });

  it("tells the second council's functions and seed which council they serve", () => {
    for (const [, fn] of resourcesOfType(mersinProd.apiJson, 'AWS::Lambda::Function')) {
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

  it("trusts ID tokens of that region's user pool", () => {
    const [, authorizer] = resourcesOfType(mersinInRegion.apiJson, 'AWS::ApiGatewayV2::Authorizer')[0] ?? [];
    const issuer = JSON.stringify((props(authorizer as CfnResource).JwtConfiguration as Json).Issuer);
    expect(issuer).toContain('https://cognito-idp.eu-central-1.amazonaws.com/');
  });
});

describe('settings errors fail the synthesis early', () => {
  it('rejects an unknown council', () => {
    expect(() => buildApp({ council: 'atlantis' })).toThrow(/Cannot read council settings/);
  });

  it('rejects an invalid stage', () => {
    expect(() => buildApp({ stage: 'Prod_1' })).toThrow(/Invalid stage/);
  });
});
