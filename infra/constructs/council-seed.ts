/**
 * Writes a new council's starting items (catalog, routing rules) into its table when the
 * stack is created — and never again: there is no update or delete call, and every write is
 * conditional on the item being absent, so the directorate's later edits are never
 * overwritten, not even if this stack is destroyed and deployed again over the retained table.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, Logging, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { TABLE_DESIGN } from '../../shared/adapters/dynamodb/table-design.js';
import { acknowledge, cfnResourceOf, NAG } from '../nag.js';
import { LOG_RETENTION } from './jisr-function.js';

export interface CouncilSeedProps {
  readonly table: ITable;
  /** Plain items, as councilSeedItems(settings) returns them. */
  readonly items: readonly Record<string, unknown>[];
}

export class CouncilSeed extends Construct {
  /** One custom resource per item (each a conditional PutItem). */
  readonly itemResources: AwsCustomResource[] = [];

  constructor(scope: Construct, id: string, props: CouncilSeedProps) {
    super(scope, id);
    const { table, items } = props;

    const logGroup = new LogGroup(this, 'ProviderLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Writes the council seed items once, at stack creation',
    });
    logGroup.grantWrite(role);
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [table.tableArn] }),
    );
    if (table.encryptionKey !== undefined) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: [table.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.${Aws.URL_SUFFIX}` } },
        }),
      );
    }

    items.forEach((item, index) => {
      const pk = String(item[TABLE_DESIGN.partitionKey]);
      const sk = String(item[TABLE_DESIGN.sortKey]);
      const resource = new AwsCustomResource(this, `Item${index}`, {
        resourceType: 'Custom::JisrSeedItem',
        onCreate: {
          service: 'DynamoDB',
          action: 'putItem',
          parameters: {
            TableName: table.tableName,
            Item: marshall(item, { removeUndefinedValues: true }),
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': TABLE_DESIGN.partitionKey },
          },
          // An item that is already there (a re-deployment over a retained table) is kept as is.
          ignoreErrorCodesMatching: 'ConditionalCheckFailedException',
          physicalResourceId: PhysicalResourceId.of(`seed:${pk}:${sk}`),
          logging: Logging.withDataHidden(),
        },
        role,
        logGroup,
        memorySize: 256,
        timeout: Duration.minutes(2),
        installLatestAwsSdk: false,
        // Deleting the stack leaves the items in the (retained) table.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      resource.node.addDependency(role);
      this.itemResources.push(resource);
    });

    // The provider function is a singleton at stack level, shared by every item resource.
    const provider = Stack.of(this).node.tryFindChild(
      `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replaceAll('-', '')}`,
    );
    if (provider !== undefined) acknowledge(cfnResourceOf(provider), NAG.seedProvider);
  }
}
