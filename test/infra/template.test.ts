/**
 * The real app (council adana, stage dev), synthesized once with the Lambda code bundled by
 * esbuild as `cdk synth` does it (and the web app built by web/build.ts): template
 * assertions, route parity with ROUTES (suites/route-parity.ts), the event backbone
 * (suites/events.ts), the health dashboard and alarms (suites/monitoring.ts), the web app and
 * the API's CORS (suites/web.ts), cdk-nag and schema validation (suites/nag.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { App, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLING } from '../../infra/bundling.js';
import {
  CONTACT_KEY_ACTIONS,
  CONTACT_KEY_VARIABLE,
  FUNCTION_MEMORY_MB,
  FUNCTION_TIMEOUT,
  JisrFunction,
  TABLE_ACTIONS,
} from '../../infra/constructs/jisr-function.js';
import { ROUTES, type RouteDefinition } from '../../infra/routes.js';
import { ACCESS_LOG_FIELDS, API_THROTTLE, USER_GROUPS } from '../../infra/stacks/api-stack.js';
import { CONTACT_PURPOSE } from '../../shared/adapters/crypto/contact-context.js';
import { councilSeedItems } from '../../shared/adapters/dynamodb/seed.js';
import { ALL_INDEXES, TABLE_DESIGN } from '../../shared/adapters/dynamodb/table-design.js';
import { eventsSuite } from './suites/events.js';
import { monitoringSuite } from './suites/monitoring.js';
import { nagSuite } from './suites/nag.js';
import { routeParitySuite } from './suites/route-parity.js';
import { webSuite } from './suites/web.js';
import {
  actionsOfRole,
  allowStatements,
  type CfnResource,
  type Json,
  props,
  referencedLogicalId,
  refersTo,
  resourcesOfType,
  type SynthesizedCouncil,
  synthCouncil,
} from './synth.js';

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'kms:Encrypt',
  'kms:GenerateDataKey',
];
const THREE_MONTHS_IN_DAYS = 90;

let synth: SynthesizedCouncil;

// About a minute of CPU (esbuild bundles every function, web/build.ts the web app); on a
// loaded machine the wall time can pass the project's 5-minute hook limit.
beforeAll(() => {
  synth = synthCouncil({ council: 'adana', stage: 'dev', bundle: true });
}, 900_000);

afterAll(() => synth?.cleanup());

const pascal = (name: string) =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** The Lambda function of a route, found by its construct id (`<PascalName>Function`). */
function functionOf(functionName: string): [string, CfnResource] {
  const matches = resourcesOfType(synth.apiJson, 'AWS::Lambda::Function').filter(([logicalId]) =>
    logicalId.startsWith(`${pascal(functionName)}Function`),
  );
  expect(matches, functionName).toHaveLength(1);
  return matches[0] as [string, CfnResource];
}

/** Logical id of a Data stack resource (the Api stack refers to it through cross-stack outputs). */
const dataLogicalId = (construct: { node: { defaultChild?: unknown } }) =>
  synth.jisr.dataStack.getLogicalId(construct.node.defaultChild as CfnElement);
const contactKeyId = () => dataLogicalId(synth.jisr.dataStack.contactKey);
const tableKeyId = () => dataLogicalId(synth.jisr.dataStack.tableKey);

const CONTACT_ROUTES = (ROUTES as readonly RouteDefinition[]).filter(
  (route) => route.contactAccess !== undefined,
);

describe('stacks', () => {
  it('are named after the council and the stage', () => {
    expect(synth.jisr.dataStack.stackName).toBe('Jisr-adana-dev-Data');
    expect(synth.jisr.webStack.stackName).toBe('Jisr-adana-dev-Web');
    expect(synth.jisr.apiStack.stackName).toBe('Jisr-adana-dev-Api');
    expect(new Set(synth.jisr.apiStack.dependencies)).toEqual(
      new Set([synth.jisr.dataStack, synth.jisr.webStack]),
    );
    expect(synth.jisr.eventsStack.stackName).toBe('Jisr-adana-dev-Events');
    expect(synth.jisr.eventsStack.dependencies).toEqual([synth.jisr.dataStack]);
    expect(synth.jisr.monitoringStack.stackName).toBe('Jisr-adana-dev-Monitoring');
  });

  it('tag every taggable resource with council and stage', () => {
    for (const template of synth.templates) {
      for (const [logicalId, resource] of Object.entries(template.Resources)) {
        const tags = props(resource).Tags;
        if (tags === undefined) continue;
        const asMap = Array.isArray(tags)
          ? Object.fromEntries((tags as { Key: string; Value: string }[]).map((tag) => [tag.Key, tag.Value]))
          : (tags as Record<string, string>);
        expect(asMap, logicalId).toMatchObject({ 'jisr:council': 'adana', 'jisr:stage': 'dev' });
      }
    }
    synth.api.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTags: { 'jisr:council': 'adana', 'jisr:stage': 'dev' },
    });
  });
});

describe('data stack', () => {
  it('builds the single table from TABLE_DESIGN', () => {
    const tables = resourcesOfType(synth.dataJson, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const table = props((tables[0] as [string, CfnResource])[1]);
    expect(table.KeySchema).toEqual([
      { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.GlobalSecondaryIndexes).toEqual(
      ALL_INDEXES.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const keyAttributes = [
      TABLE_DESIGN.partitionKey,
      TABLE_DESIGN.sortKey,
      ...ALL_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    expect(table.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
    expect(table.AttributeDefinitions).toHaveLength(keyAttributes.length);
    expect(table).toMatchObject({
      TableName: 'jisr-adana-dev',
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
      StreamSpecification: { StreamViewType: TABLE_DESIGN.stream },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('keeps the table when the stack is deleted or the table replaced', () => {
    synth.data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('encrypts the table with its own customer-managed key, rotated and retained', () => {
    const key = synth.dataJson.Resources[tableKeyId()] as CfnResource;
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(props(key).EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    synth.data.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [tableKeyId(), 'Arn'] },
      },
    });
    synth.data.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/jisr-adana-dev-table',
      TargetKeyId: { 'Fn::GetAtt': [tableKeyId(), 'Arn'] },
    });
  });

  it('has a second customer-managed key for contact data only: rotated, retained, with its own alias', () => {
    const keys = resourcesOfType(synth.dataJson, 'AWS::KMS::Key').map(([logicalId]) => logicalId);
    expect(new Set(keys)).toEqual(new Set([tableKeyId(), contactKeyId()]));
    const key = synth.dataJson.Resources[contactKeyId()] as CfnResource;
    expect(props(key)).toMatchObject({
      EnableKeyRotation: true,
      Description: expect.stringMatching(/contact data .*adana \(dev\)/),
    });
    expect(props(key).PendingWindowInDays).toBeUndefined(); // the default, 30 days
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.UpdateReplacePolicy).toBe('Retain');
    synth.data.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/jisr-adana-dev-contact',
      TargetKeyId: { 'Fn::GetAtt': [contactKeyId(), 'Arn'] },
    });
    // The key policy only delegates to IAM in the account: no service or other principal.
    const statements = (props(key).KeyPolicy as { Statement: Json[] }).Statement;
    expect(statements).toHaveLength(1);
    expect(JSON.stringify(statements[0]?.Principal)).toMatch(/:root"/);
    // Not the table's key: reading the table is not enough to read a contact.
    expect(JSON.stringify(resourcesOfType(synth.dataJson, 'AWS::DynamoDB::Table'))).not.toContain(
      contactKeyId(),
    );
  });

  it('creates the custom event bus', () => {
    synth.data.resourceCountIs('AWS::Events::EventBus', 1);
    synth.data.hasResourceProperties('AWS::Events::EventBus', { Name: 'jisr-adana-dev' });
  });

  it('outputs the table and bus names', () => {
    synth.data.hasOutput('TableName', { Value: { Ref: Match.anyValue() } });
    synth.data.hasOutput('EventBusName', { Value: { Ref: Match.anyValue() } });
  });
});

describe('Lambda functions', () => {
  it('are one per route', () => {
    const functionNames = new Set(ROUTES.map((route) => route.functionName));
    for (const name of functionNames) functionOf(name);
  });

  it.each(ROUTES.map((route) => [route.functionName, route] as const))('%s has the defaults', (name) => {
    const [, fn] = functionOf(name);
    expect(props(fn)).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: FUNCTION_MEMORY_MB,
      Timeout: FUNCTION_TIMEOUT.toSeconds(),
      Handler: 'index.handler',
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: 'jisr',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
          COUNCIL_ID: 'adana',
          TABLE_NAME: expect.anything(),
        },
      },
    });
    // An explicit log group with a retention (not the implicit /aws/lambda/... one kept forever).
    const logGroupId = referencedLogicalId((props(fn).LoggingConfig as Json | undefined)?.LogGroup);
    expect(logGroupId).toBeDefined();
    const logGroup = synth.apiJson.Resources[logGroupId as string] as CfnResource;
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(props(logGroup).RetentionInDays).toBe(THREE_MONTHS_IN_DAYS);
  });

  it.each(ROUTES.map((route) => [route.functionName, route.tableAccess] as const))(
    '%s gets exactly the table actions its route declares (%s)',
    (name, access) => {
      const [, fn] = functionOf(name);
      const roleId = referencedLogicalId(props(fn).Role) as string;
      // Everything but the contact key's statement (its own test below).
      const actions = allowStatements(synth.apiJson)
        .filter((statement) => statement.roles.includes(roleId))
        .filter((statement) => !refersTo(statement.resources, contactKeyId()))
        .flatMap((statement) => statement.actions);
      const granted = actions.filter((action) => action.startsWith('dynamodb:') || action.startsWith('kms:'));
      expect(new Set(granted)).toEqual(
        new Set([...TABLE_ACTIONS[access].table, ...TABLE_ACTIONS[access].key, 'dynamodb:Query']),
      );
      if (access === 'read') {
        for (const action of WRITE_ACTIONS)
          expect(actions, `${name} must not ${action}`).not.toContain(action);
      } else {
        expect(actions).toContain('dynamodb:PutItem');
      }
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions.filter((action) => action.includes('*'))).toEqual([]);
      // No AWS managed policy (AWSLambdaBasicExecutionRole would allow logs on every log group).
      expect(props(synth.apiJson.Resources[roleId] as CfnResource).ManagedPolicyArns).toBeUndefined();
    },
  );

  it('include routes that seal and routes that open contact data', () => {
    const accesses = CONTACT_ROUTES.map((route) => route.contactAccess);
    expect(accesses).toContain('seal');
    expect(accesses).toContain('open');
  });

  it.each(
    (ROUTES as readonly RouteDefinition[]).map(
      (route) => [route.functionName, route.contactAccess ?? 'none'] as const,
    ),
  )(
    '%s may use the contact key exactly as its route declares (%s), under the contact purpose only',
    (name, access) => {
      const [, fn] = functionOf(name);
      const roleId = referencedLogicalId(props(fn).Role) as string;
      const onContactKey = allowStatements(synth.apiJson).filter(
        (statement) => statement.roles.includes(roleId) && refersTo(statement.resources, contactKeyId()),
      );
      if (access === 'none') {
        expect(onContactKey).toEqual([]);
        return;
      }
      expect(onContactKey).toHaveLength(1);
      const [statement] = onContactKey as [(typeof onContactKey)[number]];
      expect(statement.actions).toEqual([...CONTACT_KEY_ACTIONS[access]]);
      expect(statement.resources).toHaveLength(1);
      expect(statement.condition).toEqual({
        StringEquals: { 'kms:EncryptionContext:purpose': CONTACT_PURPOSE },
      });
    },
  );

  it('seal routes cannot open contacts, open routes cannot seal them, and kms:Encrypt is granted to none', () => {
    expect(CONTACT_KEY_ACTIONS).toEqual({ seal: ['kms:GenerateDataKey'], open: ['kms:Decrypt'] });
  });

  it.each(
    (ROUTES as readonly RouteDefinition[]).map(
      (route) => [route.functionName, route.contactAccess ?? 'none'] as const,
    ),
  )(
    '%s is told the contact key (CONTACT_KEY_ARN) only if its route declares contact access (%s)',
    (name, access) => {
      const [, fn] = functionOf(name);
      const variables = (props(fn).Environment as { Variables: Json }).Variables;
      if (access === 'none') {
        expect(variables[CONTACT_KEY_VARIABLE]).toBeUndefined();
        expect(JSON.stringify(variables)).not.toContain(contactKeyId());
      } else {
        expect(refersTo(variables[CONTACT_KEY_VARIABLE], contactKeyId())).toBe(true);
        expect(JSON.stringify(variables[CONTACT_KEY_VARIABLE])).toContain('Arn');
      }
    },
  );

  it('no other role, in any stack, may use the contact key', () => {
    const allowed = new Set(
      CONTACT_ROUTES.map((route) => referencedLogicalId(props(functionOf(route.functionName)[1]).Role)),
    );
    for (const template of synth.templates) {
      for (const statement of allowStatements(template)) {
        const kmsActions = statement.actions.filter((action) => action.startsWith('kms:'));
        if (kmsActions.length === 0) continue;
        // No KMS action on "*": every KMS statement names its key.
        expect(statement.resources, statement.policyId).not.toContain('*');
        if (!refersTo(statement.resources, contactKeyId())) continue;
        for (const role of statement.roles)
          expect(allowed.has(role), `${statement.policyId} → ${role}`).toBe(true);
      }
    }
    // Nor the table key's statements of the contact functions: they stay on the table key.
    for (const statement of [...allowStatements(synth.apiJson), ...allowStatements(synth.eventsJson)]) {
      if (refersTo(statement.resources, contactKeyId())) {
        expect(refersTo(statement.resources, tableKeyId()), statement.policyId).toBe(false);
      }
    }
  });

  it("cannot be given a timeout beyond API Gateway's limit when they serve a route", () => {
    const stack = new Stack(new App(), 'Timeouts');
    expect(
      () =>
        new JisrFunction(stack, 'SlowRoute', {
          functionName: 'get-me',
          councilId: 'adana',
          timeout: Duration.seconds(30),
        }),
    ).toThrow(/30 s limit/);
  });

  it('are bundled by esbuild as ESM with the require banner and a source map', () => {
    const [, fn] = functionOf('get-me');
    const s3Key = (props(fn).Code as { S3Key: string }).S3Key;
    const assetDir = join(synth.outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith(BUNDLING.banner)).toBe(true);
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
  });
});

describe('HTTP API', () => {
  it('has a default stage with throttling and JSON access logs', () => {
    synth.api.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    const [, stage] = resourcesOfType(synth.apiJson, 'AWS::ApiGatewayV2::Stage')[0] as [string, CfnResource];
    expect(props(stage)).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      },
    });
    const accessLogs = props(stage).AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(JSON.parse(accessLogs.Format)).toEqual(ACCESS_LOG_FIELDS);
    expect(accessLogs.Format).toMatch(/\$context\.requestId/);
    expect(accessLogs.Format).toMatch(/\$context\.integrationErrorMessage/);
    // Never bodies, headers (Authorization) or token claims.
    expect(accessLogs.Format).not.toMatch(/body|header|authorization|claims|userAgent/i);
    const logGroup = synth.apiJson.Resources[
      referencedLogicalId(accessLogs.DestinationArn) as string
    ] as CfnResource;
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(props(logGroup).RetentionInDays).toBe(THREE_MONTHS_IN_DAYS);
  });

  it('checks Cognito ID tokens with a JWT authorizer (issuer: the pool, audience: the app client)', () => {
    const poolId = resourcesOfType(synth.apiJson, 'AWS::Cognito::UserPool')[0]?.[0];
    const clientId = resourcesOfType(synth.apiJson, 'AWS::Cognito::UserPoolClient')[0]?.[0];
    synth.api.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    synth.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: {
          'Fn::Join': [
            '',
            ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }],
          ],
        },
      },
    });
  });

  it("has CORS for the web app's origin (suites/web.ts)", () => {
    synth.api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: [Match.anyValue()] }),
    });
  });

  it('outputs its URL, the user pool and the app client', () => {
    for (const output of ['ApiUrl', 'UserPoolId', 'UserPoolClientId']) {
      synth.api.hasOutput(output, Match.anyValue());
    }
  });
});

describe('Cognito', () => {
  it('lets only administrators create accounts, with a strong password policy and threat protection', () => {
    synth.api.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
        Schema: Match.arrayWith([
          Match.objectLike({
            Name: 'unitId',
            AttributeDataType: 'String',
            Mutable: true,
            StringAttributeConstraints: { MaxLength: '40', MinLength: '1' },
          }),
        ]),
      }),
    });
    synth.api.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      ClientId: 'ALL',
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
    });
  });

  it('has the three groups of the authorization model', () => {
    const groups = resourcesOfType(synth.apiJson, 'AWS::Cognito::UserPoolGroup').map(
      ([, group]) => props(group).GroupName,
    );
    expect(new Set(groups)).toEqual(new Set(['council-members', 'unit-staff', 'directorate']));
    expect(new Set(groups)).toEqual(new Set(Object.values(USER_GROUPS).map((group) => group.name)));
  });

  it('has a public app client whose ID tokens carry custom:unitId, which users cannot change', () => {
    synth.api.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const [, client] = resourcesOfType(synth.apiJson, 'AWS::Cognito::UserPoolClient')[0] as [
      string,
      CfnResource,
    ];
    expect(props(client)).toMatchObject({ GenerateSecret: false, AllowedOAuthFlowsUserPoolClient: false });
    expect(props(client).ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_SRP_AUTH']));
    expect(props(client).ReadAttributes).toEqual(expect.arrayContaining(['custom:unitId', 'locale']));
    expect(props(client).WriteAttributes).toEqual(['locale']);
  });
});

describe('seed', () => {
  /** The custom resource's Create call, with the table-name token replaced by a placeholder. */
  function createCall(resource: CfnResource): Json {
    const create = props(resource).Create as string | { 'Fn::Join': [string, unknown[]] };
    const text =
      typeof create === 'string'
        ? create
        : create['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<TABLE>')).join('');
    return JSON.parse(text) as Json;
  }

  it('writes each seed item once, at creation, only if absent', () => {
    const expected = councilSeedItems(synth.jisr.settings);
    const resources = resourcesOfType(synth.apiJson, 'Custom::JisrSeedItem');
    expect(resources).toHaveLength(expected.length);
    const items = resources.map(([, resource]) => {
      expect(props(resource).Update).toBeUndefined();
      expect(props(resource).Delete).toBeUndefined();
      expect(resource.DeletionPolicy).toBe('Retain');
      const call = createCall(resource);
      expect(call).toMatchObject({
        service: 'DynamoDB',
        action: 'putItem',
        ignoreErrorCodesMatching: 'ConditionalCheckFailedException',
        parameters: {
          TableName: '<TABLE>',
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_DESIGN.partitionKey },
        },
      });
      return (call.parameters as Json).Item;
    });
    expect(items).toEqual(expected.map((item) => marshall(item, { removeUndefinedValues: true })));
  });

  it('may only put items into this table', () => {
    const [, provider] = resourcesOfType(synth.apiJson, 'AWS::Lambda::Function').find(([logicalId]) =>
      logicalId.startsWith('AWS679f53fac002430cb0da5b7982bd2287'),
    ) as [string, CfnResource];
    const actions = actionsOfRole(synth.apiJson, referencedLogicalId(props(provider).Role) as string);
    expect(new Set(actions)).toEqual(
      new Set([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'dynamodb:PutItem',
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'kms:DescribeKey',
      ]),
    );
  });
});

// The same synthesized app, checked for route parity with ROUTES, for the event backbone of
// RULES and STREAM_CONSUMERS, for the health dashboard and alarms, for the web app, and by
// cdk-nag and CloudFormation's schema validation (one synthesis per test file keeps the run short).
routeParitySuite(() => synth);
eventsSuite(() => synth);
monitoringSuite(() => synth);
webSuite(() => synth);
nagSuite(() => synth);
