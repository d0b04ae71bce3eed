/**
 * One Lambda function of the HTTP API, with the project's defaults set once:
 * Node.js 24 on arm64, ESM bundle built locally by esbuild (never Docker), an explicit log
 * group with a retention, X-Ray tracing, and an execution role that starts empty
 * (no AWS managed policy) and receives only what the function needs.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
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
 * to the outbox publisher), and no wildcard KMS actions.
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

export interface JisrFunctionProps {
  /** Folder under functions/ holding handler.ts (exports `handler`). */
  readonly functionName: string;
  /** The council this deployment serves; handlers read it as COUNCIL_ID. */
  readonly councilId: string;
  readonly description?: string;
  readonly environment?: Record<string, string>;
}

export class JisrFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: JisrFunctionProps) {
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
      timeout: FUNCTION_TIMEOUT,
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
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

    // The role's policy holds the X-Ray statement (no resource-level permissions exist for it);
    // the function is only ever invoked synchronously, by API Gateway. Reasons: nag.ts.
    acknowledge(role.node.findChild('DefaultPolicy'), NAG.xrayWildcard);
    acknowledge(cfnResourceOf(this), NAG.syncInvokedNoDlq);
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
}
