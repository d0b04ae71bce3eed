import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SlaSettings, SlaSettingsStore } from '../../application/ports.js';
import { keys } from './keys.js';

/**
 * The SLA settings item (policies and calendar, a few KB). Every referral view computes its
 * clocks with them, so a copy is kept for a minute per cold start; the directorate's edits
 * read fresh and refresh the copy.
 */
export class DynamoSlaSettingsStore implements SlaSettingsStore {
  private cached: { value: SlaSettings; until: number } | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cacheMillis = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async load(options: { readonly fresh?: boolean } = {}): Promise<SlaSettings> {
    if (options.fresh !== true && this.cached !== undefined && this.cached.until > this.now()) {
      return this.cached.value;
    }
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.slaSettings(),
        ConsistentRead: options.fresh === true,
      }),
    );
    if (Item === undefined) throw new Error('The SLA settings are missing from the table: seed them');
    return this.remember({
      policies: Item.policies,
      calendar: Item.calendar,
      unitCalendars: Item.unitCalendars ?? {},
      version: Item.version,
    });
  }

  private remember(value: SlaSettings): SlaSettings {
    this.cached = { value, until: this.now() + this.cacheMillis };
    return value;
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
      return this.remember(saved);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }
}
