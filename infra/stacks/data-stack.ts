/**
 * The stateful part of one council's deployment: the single table (from TABLE_DESIGN), the
 * customer-managed key that encrypts it, and the EventBridge custom bus. The table and its
 * key are kept when the stack is deleted (the bus holds no data); the Api stack on top of it
 * can be destroyed and deployed again.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { ALL_INDEXES, TABLE_DESIGN } from '../../shared/adapters/dynamodb/table-design.js';

export interface DataStackProps extends StackProps {
  readonly councilId: string;
  readonly stage: string;
}

export class DataStack extends Stack {
  readonly table: Table;
  readonly tableKey: Key;
  readonly eventBus: EventBus;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const prefix = `jisr-${props.councilId}-${props.stage}`;

    this.tableKey = new Key(this, 'TableKey', {
      description: `Encrypts the Jisr table of council ${props.councilId} (${props.stage})`,
      alias: `alias/${prefix}-table`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A fixed name: deploying again after the stack was deleted fails loudly on the retained
    // table (to be imported) instead of silently starting an empty one next to it.
    this.table = new Table(this, 'Table', {
      tableName: prefix,
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      timeToLiveAttribute: TABLE_DESIGN.timeToLiveAttribute,
      stream: StreamViewType[TABLE_DESIGN.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of ALL_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    // Domain events carry ids and states, never PII (DESIGN.md), so the bus keeps
    // EventBridge's default encryption; rules, retries and DLQs come with the consumers.
    this.eventBus = new EventBus(this, 'EventBus', {
      eventBusName: prefix,
      description: `Jisr domain events of council ${props.councilId} (${props.stage})`,
    });

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'The single DynamoDB table',
    });
    new CfnOutput(this, 'EventBusName', {
      value: this.eventBus.eventBusName,
      description: 'The domain event bus',
    });
  }
}
