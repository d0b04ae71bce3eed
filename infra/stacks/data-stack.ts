/**
 * The stateful part of one council's deployment: the single table (from TABLE_DESIGN), the
 * customer-managed key that encrypts it, a second customer-managed key that seals
 * beneficiaries' contact data inside it, and the EventBridge custom bus. The table and both
 * keys are kept when the stack is deleted (the bus holds no data); the Api stack on top of
 * it can be destroyed and deployed again.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
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
  /**
   * Wraps the data keys of contact data (name, phone), sealed by the application with the
   * AWS Encryption SDK before it is written (shared/adapters/crypto/contact-vault.ts). Apart
   * from the table key: reading the table is not enough to read a contact, and only the
   * functions whose route declares `contactAccess` may use this key (infra/routes.ts).
   */
  readonly contactKey: Key;
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

    this.contactKey = new Key(this, 'ContactKey', {
      description:
        `Seals beneficiaries' contact data (name, phone) of the Jisr council ${props.councilId} ` +
        `(${props.stage}); used only by the functions that seal or open it`,
      alias: `alias/${prefix}-contact`,
      enableKeyRotation: true,
      // Without the key, every contact sealed under it is lost: it outlives the stack.
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

/** The contact key of the Data stack that holds `table`. */
export function contactKeyOf(table: ITable): Key {
  const stack = Stack.of(table);
  if (!(stack instanceof DataStack)) {
    throw new Error(`${table.node.path} is not in a Data stack: pass the contact key explicitly`);
  }
  return stack.contactKey;
}
