/**
 * One Lambda function of Jisr (an HTTP route, an event rule's or a schedule's target, or the
 * stream's publisher), with the project's defaults set once: Node.js 24 on arm64, ESM bundle
 * built locally by esbuild (never Docker), an explicit log group with a retention, X-Ray
 * tracing, and an execution role that starts empty (no AWS managed policy) and receives only
 * what the function needs.
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { CONTACT_PURPOSE } from '../../shared/adapters/crypto/contact-context.js';
import { ALL_INDEXES } from '../../shared/adapters/dynamodb/table-design.js';
import { BUNDLING, handlerEntry, REPO_ROOT } from '../bundling.js';
import { acknowledge, cfnResourceOf, NAG } from '../nag.js';
import type { RouteDefinition, TableAccess } from '../routes.js';

/**
 * 512 MB: Lambda gives CPU in proportion to memory; at 512 MB the cold start of a bundled
 * handler (AWS SDK and zod included) stays well under a second, and a request costs the same
 * order as at 128 MB because it finishes sooner. Revisit with the bench numbers.
 */
export const FUNCTION_MEMORY_MB = 512;

/**
 * 10 s: a handler does a handful of DynamoDB calls (tens of milliseconds each). The cap is
 * far above a normal request, below API Gateway's 30 s integration limit (so the caller gets
 * the function's error, not a gateway timeout) and stops a stuck call from burning money.
 */
export const FUNCTION_TIMEOUT = Duration.seconds(10);

/**
 * Three months: long enough to investigate an incident reported at the end of a quarter,
 * short enough to keep little data about people around (logs carry pseudonymous ids only,
 * never PII; see DESIGN.md).
 */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/**
 * What a request handler may do on the table. Narrower than CDK's grantReadData /
 * grantReadWriteData: no Scan (never on a request path), no stream reads (the stream belongs
 * to its consumers, which get it with their event source), and no wildcard KMS actions.
 */
export const TABLE_ACTIONS: Record<TableAccess, { readonly table: string[]; readonly key: string[] }> = {
  read: {
    table: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
    key: ['kms:Decrypt', 'kms:DescribeKey'],
  },
  'read-write': {
    table: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ],
    key: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
  },
};

export type ContactAccess = NonNullable<RouteDefinition['contactAccess']>;

/**
 * What a function may do with the contact key, as the AWS Encryption SDK calls KMS with one
 * generator key and nothing else (checked in test/unit/adapters/contact-vault.test.ts):
 * sealing asks KMS for a new data key (GenerateDataKey; kms:Encrypt is only called for
 * additional wrapping keys, which there are none of), opening asks it to unwrap one (Decrypt).
 * Neither needs DescribeKey. A function that seals cannot open, and one that opens cannot seal.
 */
export const CONTACT_KEY_ACTIONS: Record<ContactAccess, readonly string[]> = {
  seal: ['kms:GenerateDataKey'],
  open: ['kms:Decrypt'],
};

/** The environment variable that tells the vault which KMS key to use. */
export const CONTACT_KEY_VARIABLE = 'CONTACT_KEY_ARN';

/** The environment variable naming the council's event bus (the outbox publisher's only). */
export const EVENT_BUS_VARIABLE = 'EVENT_BUS_NAME';

/** The environment variable holding the ARN of the directorate's alert topic. */
export const ALERT_TOPIC_VARIABLE = 'ALERT_TOPIC_ARN';

/**
 * What publishing to a KMS-encrypted topic takes on its key: SNS asks KMS for a data key on
 * the publisher's behalf (GenerateDataKey) and needs Decrypt with it. Named actions, not the
 * `kms:GenerateDataKey*` wildcard.
 */
export const ALERT_TOPIC_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/**
 * Who invokes the function, which decides where its failures go:
 * - `http-api`: API Gateway, synchronously; a failure is the caller's HTTP error.
 * - `event-rule`: an EventBridge rule (matching events on the bus, or a schedule on the
 *   default bus), asynchronously; after Lambda's own retries the event goes to the function's
 *   dead-letter queue (`deadLetterQueue`, required).
 * - `stream`: an event source mapping on the table's stream (Lambda polls, synchronously);
 *   failed batches go to the mapping's on-failure destination.
 */
export type Invocation = 'http-api' | 'event-rule' | 'stream';

export interface JisrFunctionProps {
  /** Folder under functions/ holding handler.ts (exports `handler`). */
  readonly functionName: string;
  /** The council this deployment serves; handlers read it as COUNCIL_ID. */
  readonly councilId: string;
  readonly description?: string;
  readonly environment?: Record<string, string>;
  /** Default `http-api`. */
  readonly invokedBy?: Invocation;
  /**
   * Where Lambda puts an asynchronous invocation that still fails after its own retries
   * (2 retries, events up to 6 hours old: Lambda's defaults). Required for `event-rule`.
   */
  readonly deadLetterQueue?: IQueue;
  /**
   * Default FUNCTION_TIMEOUT (10 s). Longer only for work that is not on a request path (a
   * scheduled sweep over a backlog); an HTTP route keeps the default, under API Gateway's
   * 30 s integration limit.
   */
  readonly timeout?: Duration;
}

export class JisrFunction extends NodejsFunction {
  /**
   * The function's name in Jisr: its folder under functions/ (`get-me`, `publish-events`).
   * A plain string, unlike `functionName` (CloudFormation generates the physical name).
   */
  readonly handlerName: string;
  readonly invokedBy: Invocation;

  constructor(scope: Construct, id: string, props: JisrFunctionProps) {
    const invokedBy = props.invokedBy ?? 'http-api';
    if (invokedBy === 'event-rule' && props.deadLetterQueue === undefined) {
      throw new Error(`${props.functionName} is an event rule's target: it needs a dead-letter queue`);
    }
    if (invokedBy !== 'event-rule' && props.deadLetterQueue !== undefined) {
      throw new Error(
        `${props.functionName} is never invoked asynchronously: a dead-letter queue would stay empty`,
      );
    }
    if (invokedBy === 'http-api' && props.timeout !== undefined && props.timeout.toSeconds() > 29) {
      throw new Error(
        `${props.functionName} serves an HTTP route: its timeout must stay under API Gateway's 30 s limit`,
      );
    }
    // The log group and the role are created next to the function (super() must come first,
    // so they cannot be its children); their ids derive from the function's id.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName} (Jisr ${props.councilId})`,
    });
    // Only this function's own log group, instead of AWSLambdaBasicExecutionRole's logs:* on *.
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: handlerEntry(props.functionName),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}/package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: props.timeout ?? FUNCTION_TIMEOUT,
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      ...(props.deadLetterQueue === undefined ? {} : { deadLetterQueue: props.deadLetterQueue }),
      description: props.description ?? `Jisr ${props.functionName}`,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'jisr',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        COUNCIL_ID: props.councilId,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        minify: BUNDLING.minify,
        sourceMap: BUNDLING.sourceMap,
        mainFields: [...BUNDLING.mainFields],
        banner: BUNDLING.banner,
        // Everything is bundled, the AWS SDK included (see bundling.ts).
        externalModules: [],
        bundleAwsSDK: true,
        forceDockerBundling: false,
      },
    });

    this.handlerName = props.functionName;
    this.invokedBy = invokedBy;
    // The role's policy holds the X-Ray statement (no resource-level permissions exist for
    // it; a stream consumer's also holds dynamodb:ListStreams). An API function is only ever
    // invoked synchronously, a stream consumer only by its event source mapping: neither can
    // use a dead-letter queue. Reasons: nag.ts.
    const policy = role.node.findChild('DefaultPolicy');
    if (invokedBy === 'stream') {
      acknowledge(policy, NAG.streamConsumerWildcards);
      acknowledge(cfnResourceOf(this), NAG.streamConsumerNoDlq);
    } else {
      acknowledge(policy, NAG.xrayWildcard);
    }
    if (invokedBy === 'http-api') acknowledge(cfnResourceOf(this), NAG.syncInvokedNoDlq);
  }

  /**
   * Lets this function use the table as the route declares (least privilege) and tells it
   * the table's name through TABLE_NAME, in one call.
   */
  bindTable(table: ITable, access: TableAccess): this {
    const actions = TABLE_ACTIONS[access];
    this.addToRolePolicy(new PolicyStatement({ actions: [...actions.table], resources: [table.tableArn] }));
    // Queries on the indexes of TABLE_DESIGN, each named: no `index/*` wildcard.
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: ALL_INDEXES.map((index) => `${table.tableArn}/index/${index.name}`),
      }),
    );
    table.encryptionKey?.grant(this, ...actions.key);
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /**
   * Lets this function seal or open contact data as its route declares, with that one key
   * only, and only for requests whose encryption context says they are about contacts
   * (`kms:EncryptionContext:purpose`); tells it the key's ARN through CONTACT_KEY_ARN.
   * Functions never bound here get neither the grant nor the variable.
   */
  bindContactKey(key: IKey, access: ContactAccess): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [...CONTACT_KEY_ACTIONS[access]],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': CONTACT_PURPOSE } },
      }),
    );
    this.addEnvironment(CONTACT_KEY_VARIABLE, key.keyArn);
    return this;
  }

  /**
   * Lets this function put events on the council's bus, and nothing else on it, and tells it
   * the bus's name through EVENT_BUS_NAME.
   */
  bindEventBus(bus: IEventBus): this {
    bus.grantPutEventsTo(this);
    this.addEnvironment(EVENT_BUS_VARIABLE, bus.eventBusName);
    return this;
  }

  /**
   * Lets this function publish to the directorate's alert topic (and use the topic's key only
   * through SNS), and tells it the topic's ARN through ALERT_TOPIC_ARN.
   */
  bindAlertTopic(topic: ITopic, key: IKey): this {
    this.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [...ALERT_TOPIC_KEY_ACTIONS],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${Aws.REGION}.${Aws.URL_SUFFIX}` } },
      }),
    );
    this.addEnvironment(ALERT_TOPIC_VARIABLE, topic.topicArn);
    return this;
  }
}
