import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NotificationStore, Page, PageRequest } from '../../application/ports.js';
import type { NotificationRecord } from '../../domain/audit.js';
import { TABLE_KEY, tableQueries } from './keys.js';
import { queryPage } from './query-page.js';
import { notificationOf } from './records.js';

export class DynamoNotificationStore implements NotificationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(memberId: string, page: PageRequest): Promise<Page<NotificationRecord>> {
    const query = { index: TABLE_KEY, ...tableQueries.notifications(memberId) };
    const { items, nextCursor } = await queryPage(this.client, this.tableName, query, page, {
      newestFirst: true,
    });
    return { items: items.map(notificationOf), nextCursor };
  }
}
