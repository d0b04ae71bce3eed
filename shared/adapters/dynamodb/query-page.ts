import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '../../application/ports.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { IndexQuery } from './keys.js';

/** One page of a Query on the table or an index, with an opaque cursor bound to the partition. */
export async function queryPage(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: IndexQuery,
  page: PageRequest,
  options: { newestFirst: boolean; filters?: readonly { attribute: string; equals: string }[] | undefined },
): Promise<Page<Record<string, unknown>>> {
  const { index, partition, sortKeyPrefix } = query;
  const filters = options.filters ?? [];
  const { Items, LastEvaluatedKey } = await client.send(
    new QueryCommand({
      TableName: tableName,
      ...(index.name === undefined ? {} : { IndexName: index.name }),
      KeyConditionExpression:
        sortKeyPrefix === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
      ...(filters.length === 0
        ? {}
        : { FilterExpression: filters.map((_, position) => `#f${position} = :f${position}`).join(' AND ') }),
      ExpressionAttributeNames: {
        '#pk': index.partitionKey,
        ...(sortKeyPrefix === undefined ? {} : { '#sk': index.sortKey }),
        ...Object.fromEntries(filters.map((filter, position) => [`#f${position}`, filter.attribute])),
      },
      ExpressionAttributeValues: {
        ':pk': partition,
        ...(sortKeyPrefix === undefined ? {} : { ':prefix': sortKeyPrefix }),
        ...Object.fromEntries(filters.map((filter, position) => [`:f${position}`, filter.equals])),
      },
      ScanIndexForward: !options.newestFirst,
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, query),
    }),
  );
  return { items: Items ?? [], nextCursor: encodeCursor(LastEvaluatedKey) };
}
