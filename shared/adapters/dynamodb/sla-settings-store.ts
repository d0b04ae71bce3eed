import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SlaSettings, SlaSettingsStore } from '../../application/ports.js';
import { keys } from './keys.js';

export class DynamoSlaSettingsStore implements SlaSettingsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(): Promise<SlaSettings> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.slaSettings(), ConsistentRead: true }),
    );
    if (Item === undefined) throw new Error('The SLA settings are missing from the table: seed them');
    return { policies: Item.policies, calendar: Item.calendar, version: Item.version };
  }

  async save(
    settings: Omit<SlaSettings, 'version'>,
    expectedVersion: number,
  ): Promise<SlaSettings | 'conflict'> {
    const saved: SlaSettings = { ...settings, version: expectedVersion + 1 };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.slaSettings(), kind: 'SlaSettings', ...saved },
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return saved;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }
}
