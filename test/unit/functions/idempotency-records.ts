/**
 * The items Powertools idempotency keeps in the table, simulated behind a mocked
 * DynamoDBClient: PutItem honours Powertools' condition (the key is new, or its record has
 * expired, or an in-progress record has outlived its Lambda), UpdateItem applies its SET,
 * DeleteItem and GetItem do what they say. Enough to let Powertools replay, refuse a reused key
 * and see a request in progress, without DynamoDB.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

/** The condition Powertools 2.x writes, spelled out so that an upgrade that changes it is noticed. */
const POWERTOOLS_CONDITION =
  'attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)';

const keyOf = (key: Item | undefined) => `${key?.pk?.S}|${key?.sk?.S}`;
const numberOf = (value: AttributeValue | undefined) =>
  value?.N === undefined ? undefined : Number(value.N);

export class IdempotencyRecords {
  readonly items = new Map<string, Item>();
  readonly calls: string[] = [];

  /** Routes the plain client's item commands to this simulation. */
  attach(client: AwsClientStub<DynamoDBClient>): void {
    client
      .on(PutItemCommand)
      .callsFake((input: { Item: Item; ConditionExpression?: string; ExpressionAttributeValues?: Item }) => {
        this.calls.push('PutItem');
        if (input.ConditionExpression !== POWERTOOLS_CONDITION) {
          throw new Error(`unexpected condition: ${input.ConditionExpression}`);
        }
        const id = keyOf(input.Item);
        const existing = this.items.get(id);
        if (existing !== undefined && !this.replaceable(existing, input.ExpressionAttributeValues ?? {})) {
          throw new ConditionalCheckFailedException({
            message: 'The conditional request failed',
            $metadata: {},
            Item: structuredClone(existing),
          });
        }
        this.items.set(id, structuredClone(input.Item));
        return {};
      });
    client
      .on(UpdateItemCommand)
      .callsFake(
        (input: {
          Key: Item;
          UpdateExpression: string;
          ExpressionAttributeNames: Record<string, string>;
          ExpressionAttributeValues: Item;
        }) => {
          this.calls.push('UpdateItem');
          const id = keyOf(input.Key);
          const item: Item = { ...(this.items.get(id) ?? structuredClone(input.Key)) };
          for (const assignment of input.UpdateExpression.replace(/^SET /, '').split(',')) {
            const [name, value] = assignment.split('=').map((part) => part.trim());
            const attribute = input.ExpressionAttributeNames[name ?? ''];
            const attributeValue = input.ExpressionAttributeValues[value ?? ''];
            if (attribute === undefined || attributeValue === undefined)
              throw new Error(`cannot apply ${assignment}`);
            item[attribute] = structuredClone(attributeValue);
          }
          this.items.set(id, item);
          return {};
        },
      );
    client.on(DeleteItemCommand).callsFake((input: { Key: Item }) => {
      this.calls.push('DeleteItem');
      this.items.delete(keyOf(input.Key));
      return {};
    });
    client.on(GetItemCommand).callsFake((input: { Key: Item }) => {
      this.calls.push('GetItem');
      const found = this.items.get(keyOf(input.Key));
      return found === undefined ? {} : { Item: structuredClone(found) };
    });
  }

  /** The other two branches of Powertools' condition. */
  private replaceable(existing: Item, values: Item): boolean {
    const now = numberOf(values[':now']) ?? 0;
    const nowMillis = numberOf(values[':now_in_millis']) ?? 0;
    const expiry = numberOf(existing.expiresAt);
    const inProgressExpiry = numberOf(existing.in_progress_expiration);
    if (expiry !== undefined && expiry < now) return true;
    return (
      existing.status?.S === values[':inprogress']?.S &&
      inProgressExpiry !== undefined &&
      inProgressExpiry < nowMillis
    );
  }

  statuses(): string[] {
    return [...this.items.values()].map((item) => String(item.status?.S));
  }

  clear(): void {
    this.items.clear();
    this.calls.length = 0;
  }
}
