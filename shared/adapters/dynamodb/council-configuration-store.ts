import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CouncilConfiguration, CouncilConfigurationStore } from '../../application/ports.js';
import { DEFAULT_HOTSPOT_RULE, type HotspotRule } from '../../domain/alerts.js';
import { keys } from './keys.js';

/**
 * Reads the council's catalog and routing rules, kept for a short while per cold start:
 * they change rarely, and a report should not pay two extra reads.
 */
export class DynamoCouncilConfigurationStore implements CouncilConfigurationStore {
  private cached: { value: CouncilConfiguration; until: number } | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cacheMillis = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async load(): Promise<CouncilConfiguration> {
    if (this.cached !== undefined && this.cached.until > this.now()) return this.cached.value;
    const [{ Item: catalogItem }, { Item: rulesItem }] = await Promise.all([
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.catalog() })),
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.routingRules() })),
    ]);
    if (catalogItem === undefined || rulesItem === undefined) {
      throw new Error(
        'The council configuration (catalog, routing rules) is missing from the table: seed it',
      );
    }
    const value: CouncilConfiguration = {
      council: catalogItem.council,
      catalog: catalogItem.catalog,
      routingRules: rulesItem.rules,
      hotspotRule: catalogItem.hotspotRule ?? DEFAULT_HOTSPOT_RULE,
    };
    this.cached = { value, until: this.now() + this.cacheMillis };
    return value;
  }

  async saveHotspotRule(rule: HotspotRule): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.catalog(),
        UpdateExpression: 'SET hotspotRule = :rule',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':rule': { threshold: rule.threshold, windowDays: rule.windowDays } },
      }),
    );
    this.cached = undefined;
  }
}
