import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AlertStore, Page, PageRequest } from '../../application/ports.js';
import type { AlertRecord, CohesionFlag } from '../../domain/alerts.js';
import type { ListAlertsQuery } from '../../schemas/alert.js';
import { pick } from './item.js';
import { keys, placements, queries, tableQueries } from './keys.js';
import { queryPage } from './query-page.js';

const ALERT_ATTRIBUTES = [
  'id',
  'type',
  'status',
  'riskTypes',
  'district',
  'neighbourhood',
  'needIds',
  'raisedAt',
  'firstFlaggedAt',
  'acknowledgedAt',
  'acknowledgedBy',
  'acknowledgementNote',
  'version',
  'windowDays',
  'flagCount',
  'sla',
] as const satisfies readonly (keyof AlertRecord)[];

/** The stored item of an alert, placed in the alert lists. */
export const alertItem = (alert: AlertRecord) => ({
  ...keys.alert(alert.id),
  ...placements.alert(alert),
  kind: 'Alert',
  ...alert,
});
export const alertOf = (item: Record<string, unknown>) => pick<AlertRecord>(item, ALERT_ATTRIBUTES);

const alreadyThere = (error: unknown) =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => reason?.Code === 'ConditionalCheckFailed');

export class DynamoAlertStore implements AlertStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordRiskAlert(
    alert: AlertRecord,
    flag: CohesionFlag,
    placeKey: string,
  ): Promise<'recorded' | 'exists'> {
    const put = (Item: Record<string, unknown>) => ({
      Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            put(alertItem(alert)),
            put({
              ...keys.cohesionFlag(placeKey, flag.flaggedAt, flag.needId),
              kind: 'CohesionFlag',
              ...flag,
            }),
          ],
        }),
      );
      return 'recorded';
    } catch (error) {
      if (alreadyThere(error)) return 'exists';
      throw error;
    }
  }

  async flagsSince(placeKey: string, from: string, to: string): Promise<CohesionFlag[]> {
    const flags: CohesionFlag[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': tableQueries.cohesionFlags(placeKey).partition,
            ':from': from,
            // Every flag at `to`, whatever its need id.
            ':to': `${to}#\uffff`,
          },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        flags.push(
          pick<CohesionFlag>(item, ['needId', 'riskTypes', 'district', 'neighbourhood', 'flaggedAt']),
        );
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return flags;
  }

  async raiseHotspot(
    alert: AlertRecord,
    placeKey: string,
    activeUntil: string,
  ): Promise<'raised' | 'active'> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.hotspotState(placeKey),
                  kind: 'HotspotState',
                  alertId: alert.id,
                  activeUntil,
                },
                // One hotspot per place and window: a live one covers every further flag.
                ConditionExpression: 'attribute_not_exists(pk) OR activeUntil < :now',
                ExpressionAttributeValues: { ':now': alert.raisedAt },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: alertItem(alert),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'raised';
    } catch (error) {
      if (alreadyThere(error)) return 'active';
      throw error;
    }
  }

  async alert(alertId: string): Promise<AlertRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.alert(alertId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : alertOf(Item);
  }

  async list(
    filters: Omit<ListAlertsQuery, 'limit' | 'cursor'>,
    page: PageRequest,
  ): Promise<Page<AlertRecord>> {
    const { items, nextCursor } = await queryPage(
      this.client,
      this.tableName,
      queries.alerts(filters.status),
      page,
      {
        newestFirst: true,
        // Alerts are few (a council's, not a country's): district and type narrow after the read.
        filters: [
          ...(filters.district === undefined ? [] : [{ attribute: 'district', equals: filters.district }]),
          ...(filters.type === undefined ? [] : [{ attribute: 'type', equals: filters.type }]),
        ],
      },
    );
    return { items: items.map(alertOf), nextCursor };
  }

  async acknowledge(
    alert: AlertRecord,
    acknowledgement: { by: string; note: string; at: string },
  ): Promise<AlertRecord | 'conflict'> {
    const acknowledged: AlertRecord = {
      ...alert,
      status: 'acknowledged',
      acknowledgedAt: acknowledgement.at,
      acknowledgedBy: acknowledgement.by,
      acknowledgementNote: acknowledgement.note,
      version: alert.version + 1,
    };
    const [[statusAttribute, statusPartition]] = Object.entries(placements.alertStatus('acknowledged')) as [
      [string, string],
    ];
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.alert(alert.id),
          UpdateExpression:
            'SET #status = :acknowledged, acknowledgedAt = :at, acknowledgedBy = :by, acknowledgementNote = :note, version = :next, #statusPk = :statusPk',
          ConditionExpression: '#status = :open AND version = :version',
          ExpressionAttributeNames: { '#status': 'status', '#statusPk': statusAttribute },
          ExpressionAttributeValues: {
            ':acknowledged': 'acknowledged',
            ':open': 'open',
            ':at': acknowledgement.at,
            ':by': acknowledgement.by,
            ':note': acknowledgement.note,
            ':next': acknowledged.version,
            ':version': alert.version,
            ':statusPk': statusPartition,
          },
        }),
      );
      return acknowledged;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }
}
