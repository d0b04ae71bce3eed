/**
 * The stateless part of one council's deployment: the Cognito user pool that signs in its
 * council members, unit staff and directorate; the HTTP API with a JWT authorizer on every
 * route; one Lambda per route of ROUTES; and the one-time seed of the council's catalog.
 * The API's CORS admits the web app's origin only, and the web app's config.json (API URL,
 * app client) is written from here into the Web stack's bucket (web-stack.ts says why).
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnUserPoolRiskConfigurationAttachment,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { councilSeedItems } from '../../shared/adapters/dynamodb/seed.js';
import { CouncilSeed } from '../constructs/council-seed.js';
import { JisrFunction, LOG_RETENTION } from '../constructs/jisr-function.js';
import { pascal } from '../constructs/names.js';
import { WebRuntimeConfigDeployment } from '../constructs/web-runtime-config.js';
import type { LoadedCouncilSettings } from '../council.js';
import { acknowledge, cfnResourceOf, NAG } from '../nag.js';
import { ROUTES, type RouteDefinition } from '../routes.js';
import { contactKeyOf } from './data-stack.js';

/**
 * Throttling of the API's default stage, the same for every council: 50 requests per second
 * steady, bursts of 100. A council of a few hundred members and a few dozen staff stays far
 * below it; it caps the bill and protects the table if a client goes into a retry loop.
 * The account-wide limit (10,000 rps) stays the ceiling for all stacks together.
 */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/**
 * CORS of the HTTP API, for the web app (its origin is the only one allowed, set per
 * deployment). Request headers the routes read (shared/http, functions/*): Authorization,
 * Content-Type, Idempotency-Key and Accept-Language. Response headers the app may read:
 * Location and Idempotent-Replayed (report-need, transition-referral), Retry-After (503),
 * Content-Disposition (the CSV export's file name) and WWW-Authenticate (401). No
 * credentials: the token travels in Authorization, never in a cookie. Preflight answers are
 * cached for two hours (Chromium's cap).
 */
export const API_CORS = {
  allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Accept-Language'],
  exposeHeaders: [
    'Location',
    'Idempotent-Replayed',
    'Retry-After',
    'Content-Disposition',
    'WWW-Authenticate',
  ],
  maxAge: Duration.hours(2),
} as const;

/** The HTTP methods of ROUTES, each once (the CORS preflight allows these). */
export const routeMethods = (): CorsHttpMethod[] =>
  [...new Set((ROUTES as readonly RouteDefinition[]).map((route) => route.method))].map(
    (method) => CorsHttpMethod[method],
  );

/** The Cognito groups; the handlers map them to roles (shared/http/claims.ts). */
export const USER_GROUPS = {
  directorate: {
    name: 'directorate',
    precedence: 0,
    description: 'Migration directorate: dashboards and configuration',
  },
  unitStaff: {
    name: 'unit-staff',
    precedence: 10,
    description: "Staff of one service unit (custom:unitId): the unit's inbox",
  },
  councilMembers: {
    name: 'council-members',
    precedence: 20,
    description: 'Council members: report needs, follow their own',
  },
} as const;

/**
 * One JSON line per request. Deliberately absent: request and response bodies, headers
 * (Authorization above all), query strings, the user agent and token claims.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationErrorMessage: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
} as const;

export interface ApiStackProps extends StackProps {
  readonly settings: LoadedCouncilSettings;
  readonly stage: string;
  /** The council's table, from its Data stack. */
  readonly table: ITable;
  /**
   * The key that seals contact data, from the Data stack; by default the contact key of the
   * Data stack that holds `table`.
   */
  readonly contactKey?: IKey;
  /** https://<host> of the web app (Web stack): the only origin the API's CORS admits. */
  readonly webOrigin: string;
  /** The web app's bucket (Web stack), where this stack writes config.json. */
  readonly webBucket: IBucket;
}

export class ApiStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly functions: ReadonlyMap<string, JisrFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { settings, table } = props;
    const contactKey = props.contactKey ?? contactKeyOf(table);
    const prefix = `jisr-${settings.id}-${props.stage}`;
    // Declared up front, so that grants on the table's key see the dependency.
    this.addStackDependency(Stack.of(table));

    // --- Cognito ------------------------------------------------------------------------
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: prefix,
      // The directorate's administrators create every account.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      standardAttributes: {
        email: { required: false, mutable: true },
        locale: { required: false, mutable: true },
      },
      customAttributes: {
        // The service unit of a unit-staff account; read from the ID token as custom:unitId.
        unitId: new StringAttribute({ minLen: 1, maxLen: 40, mutable: true }),
      },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
        passwordHistorySize: 5,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      // The pool holds the accounts: it outlives this otherwise stateless stack.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [key, group] of Object.entries(USER_GROUPS)) {
      this.userPool.addGroup(`${pascal(key)}Group`, {
        groupName: group.name,
        precedence: group.precedence,
        description: group.description,
      });
    }

    this.userPoolClient = this.userPool.addClient('WebClient', {
      userPoolClientName: `${prefix}-web`,
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // The ID token carries what the handlers read: groups, custom:unitId and locale.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, locale: true })
        .withCustomAttributes('unitId'),
      // A user may change the language of their interface, never their unit.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
    });

    // What threat protection does, explicitly: block sign-ins with leaked passwords and
    // high-risk sign-ins; ask for MFA (where enrolled) on medium risk.
    new CfnUserPoolRiskConfigurationAttachment(this, 'ThreatProtection', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: {
        actions: { eventAction: 'BLOCK' },
        eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'],
      },
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: 'BLOCK', notify: false },
          mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
          lowAction: { eventAction: 'NO_ACTION', notify: false },
        },
      },
    });
    acknowledge(cfnResourceOf(this.userPool), NAG.mfaOptional);

    // --- HTTP API -----------------------------------------------------------------------
    const authorizer = new HttpUserPoolAuthorizer('CognitoIdToken', this.userPool, {
      authorizerName: 'cognito-id-token',
      userPoolClients: [this.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: prefix,
      description: `Jisr API of council ${settings.id} (${props.stage})`,
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      corsPreflight: {
        allowOrigins: [props.webOrigin],
        allowMethods: routeMethods(),
        allowHeaders: [...API_CORS.allowHeaders],
        exposeHeaders: [...API_CORS.exposeHeaders],
        allowCredentials: false,
        maxAge: API_CORS.maxAge,
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    // --- One function per route ---------------------------------------------------------
    const functions = new Map<string, JisrFunction>();
    for (const route of ROUTES as readonly RouteDefinition[]) {
      const name = pascal(route.functionName);
      const fn = new JisrFunction(this, `${name}Function`, {
        functionName: route.functionName,
        councilId: settings.id,
        description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
      }).bindTable(table, route.tableAccess);
      // Only routes that declare contactAccess may use the contact key, each as declared.
      if (route.contactAccess !== undefined) fn.bindContactKey(contactKey, route.contactAccess);
      functions.set(route.functionName, fn);
      new HttpRoute(this, `${name}Route`, {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${name}Integration`, fn),
        authorizer,
      });
    }
    this.functions = functions;

    // --- Seed -------------------------------------------------------------------------------
    new CouncilSeed(this, 'Seed', { table, items: councilSeedItems(settings) });

    // --- The web app's config.json --------------------------------------------------------
    new WebRuntimeConfigDeployment(this, 'WebConfig', {
      bucket: props.webBucket,
      settings,
      apiBaseUrl: this.httpApi.apiEndpoint,
      region: this.region,
      userPoolClientId: this.userPoolClient.userPoolClientId,
    });

    // --- Outputs ----------------------------------------------------------------------------
    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.userPoolClient.userPoolClientId,
      description: 'App client whose ID tokens the API accepts (audience)',
    });
  }
}
