import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RollupCell, RollupLedger, RollupStore, RollupSubject } from '../../application/ports.js';
import type { PeriodPieces } from '../../domain/dashboard-figures.js';
import {
  type CellAddress,
  type Contribution,
  cellAddress,
  dayPeriod,
  monthPeriod,
  NOW_PERIOD,
  ROLLUP_DIMENSIONS,
  type RollupDimension,
  type RollupFacts,
} from '../../domain/rollups.js';
import { keys, tableQueries } from './keys.js';

/** DynamoDB's limit of actions per transaction, less the ledger's. */
const MAX_CELLS_PER_WRITE = 99;
/** Attributes of a cell item that are not counters. */
const CELL_META = new Set(['pk', 'sk', 'kind', 'scope', 'dimension', 'value', 'period']);

export class DynamoRollupStore implements RollupStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async ledger(subject: RollupSubject): Promise<RollupLedger> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.rollupLedger(subject), ConsistentRead: true }),
    );
    if (Item === undefined) return { facts: undefined, revision: 0 };
    return {
      facts: Item.facts ?? undefined,
      revision: Item.revision as number,
      ...(Item.sequence === undefined ? {} : { sequence: Item.sequence as string }),
    };
  }

  async apply(
    subject: RollupSubject,
    expectedRevision: number,
    facts: RollupFacts | undefined,
    delta: Contribution,
    sequence?: string,
  ): Promise<'applied' | 'conflict'> {
    if (delta.size > MAX_CELLS_PER_WRITE) {
      throw new Error(
        `A rollup step changes ${delta.size} cells; at most ${MAX_CELLS_PER_WRITE} fit in one write`,
      );
    }
    const TableName = this.tableName;
    const ledger = {
      Put: {
        TableName,
        Item: {
          ...keys.rollupLedger(subject),
          kind: 'RollupLedger',
          ...(facts === undefined ? {} : { facts }),
          revision: expectedRevision + 1,
          ...(sequence === undefined ? {} : { sequence }),
        },
        ...(expectedRevision === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'revision = :expected',
              ExpressionAttributeValues: { ':expected': expectedRevision },
            }),
      },
    };
    const updates = [...delta].map(([key, fields]) => {
      const address = cellAddress(key);
      const names: Record<string, string> = {
        '#scope': 'scope',
        '#dimension': 'dimension',
        '#value': 'value',
        '#period': 'period',
        '#kind': 'kind',
      };
      const values: Record<string, unknown> = {
        ':scope': address.scope,
        ':dimension': address.dimension,
        ':value': address.value,
        ':period': address.period,
        ':kind': 'RollupCell',
      };
      const additions = [...fields].map(([field, amount], index) => {
        names[`#f${index}`] = field;
        values[`:f${index}`] = amount;
        return `#f${index} :f${index}`;
      });
      return {
        Update: {
          TableName,
          Key: keys.rollupCell(address),
          UpdateExpression: `SET #scope = :scope, #dimension = :dimension, #value = :value, #period = :period, #kind = :kind ADD ${additions.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    });
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: [ledger, ...updates] }));
      return 'applied';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((reason) => reason?.Code);
      if (reasons[0] === 'ConditionalCheckFailed' || reasons.includes('TransactionConflict'))
        return 'conflict';
      throw error;
    }
  }

  async cells(
    scope: string,
    dimension: RollupDimension,
    pieces: PeriodPieces,
    withNow: boolean,
  ): Promise<RollupCell[]> {
    const ranges: [string, string][] = [
      ...(pieces.months.length === 0
        ? []
        : [
            [
              monthPeriod(`${pieces.months[0]}-01`),
              monthPeriod(`${pieces.months[pieces.months.length - 1]}-01`),
            ] as [string, string],
          ]),
      ...pieces.dayRuns.map((run): [string, string] => [dayPeriod(run.first), dayPeriod(run.last)]),
    ];
    const queries = ranges.map(([first, last]) => {
      const { partition, sortKeyBetween } = tableQueries.rollupCells(scope, dimension, first, last);
      return {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: {
          ':pk': partition,
          ':first': sortKeyBetween[0],
          ':last': sortKeyBetween[1],
        },
      };
    });
    if (withNow) {
      queries.push({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :now)',
        ExpressionAttributeValues: {
          ':pk': tableQueries.allRollupCells(scope, dimension).partition,
          ':now': `${NOW_PERIOD}#`,
        },
      } as never);
    }
    const pages = await Promise.all(queries.map((query) => this.queryAll(query)));
    // Months are queried as one range: keep only the months asked for (all of them, but be exact).
    const months = new Set(pieces.months.map((month) => monthPeriod(`${month}-01`)));
    return pages
      .flat()
      .map(cellOf)
      .filter((cell) => !cell.address.period.startsWith('M') || months.has(cell.address.period));
  }

  async allCells(scopes: readonly string[]): Promise<RollupCell[]> {
    const partitions = scopes.flatMap((scope) =>
      ROLLUP_DIMENSIONS.map((dimension) => tableQueries.allRollupCells(scope, dimension).partition),
    );
    const pages = await Promise.all(
      partitions.map((partition) =>
        this.queryAll({
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': partition },
        }),
      ),
    );
    return pages.flat().map(cellOf);
  }

  async overwriteCells(cells: readonly RollupCell[]): Promise<void> {
    for (let start = 0; start < cells.length; start += 25) {
      let requests = cells.slice(start, start + 25).map((cell) => ({
        PutRequest: {
          Item: { ...keys.rollupCell(cell.address), kind: 'RollupCell', ...cell.address, ...cell.fields },
        },
      }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error('DynamoDB left rollup cells unwritten after retries');
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
        const { UnprocessedItems } = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  async overwriteLedger(subject: RollupSubject, facts: RollupFacts | undefined): Promise<void> {
    const current = await this.ledger(subject);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.rollupLedger(subject),
          kind: 'RollupLedger',
          ...(facts === undefined ? {} : { facts }),
          revision: current.revision + 1,
          ...(current.sequence === undefined ? {} : { sequence: current.sequence }),
        },
      }),
    );
  }

  private async queryAll(
    query: Pick<QueryCommandInput, 'KeyConditionExpression' | 'ExpressionAttributeValues'>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({ TableName: this.tableName, ...query, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }
}

function cellOf(item: Record<string, unknown>): RollupCell {
  const address: CellAddress = {
    scope: item.scope as string,
    dimension: item.dimension as RollupDimension,
    value: item.value as string,
    period: item.period as string,
  };
  const fields: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!CELL_META.has(name) && typeof value === 'number' && value !== 0) fields[name] = value;
  }
  return { address, fields };
}
