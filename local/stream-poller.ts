/**
 * Plays Lambda's DynamoDB stream event source locally: reads DynamoDB Local's stream shard by
 * shard, in order, and hands batches to the same publish-events handler as a
 * DynamoDBStreamEvent. A batch item failure is retried from that record with backoff; after
 * the last retry the record goes to the dead-letter store and the shard moves on, as the
 * event source mapping's on-failure destination does in AWS. Checkpoints survive restarts.
 *
 * The database going away (stopped, restarted) is not a consumer failure: a poll that fails
 * starts again from the checkpoints with fresh shard iterators, and a batch that fails while
 * the database does not answer waits for it without spending the record's retries (in AWS
 * the stream is down with its table, so no record is read then).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaContext } from './api-gateway-event.js';
import { LOCAL_AWS } from './dynamodb-local.js';

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamPollerOptions {
  readonly endpoint: string;
  readonly admin: DynamoDBClient;
  readonly tableName: string;
  readonly handler: StreamHandler;
  readonly functionName: string;
  readonly batchSize: number;
  readonly maximumRetryAttempts: number;
  /** Where to keep the last processed sequence number per shard; undefined keeps it in memory. */
  readonly checkpointFile?: string | undefined;
  readonly onExhausted: (record: DynamoDBRecord, error: string, attempts: number) => Promise<void>;
  readonly log?: (line: string) => void;
  readonly pollMillis?: number;
}

export class StreamPoller {
  private stopped = false;
  private running: Promise<void> | undefined;
  private readonly streams: DynamoDBStreamsClient;
  private checkpoints: Record<string, string>;
  private pendingWake: (() => void) | undefined;
  private quietWaiters: (() => void)[] = [];
  /** Records handed to the handler so far. */
  recordsSeen = 0;

  constructor(private readonly options: StreamPollerOptions) {
    this.streams = new DynamoDBStreamsClient({
      endpoint: options.endpoint,
      region: LOCAL_AWS.region,
      credentials: LOCAL_AWS,
      // A hung database fails the poll (then retried) instead of holding the poller forever.
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
    });
    this.checkpoints =
      options.checkpointFile !== undefined && existsSync(options.checkpointFile)
        ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Record<string, string>)
        : {};
  }

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pendingWake?.();
    for (const wake of this.quietWaiters.splice(0)) wake();
    await this.running;
    this.streams.destroy();
  }

  /** Resolves after the next full pass over the shards that finds no new record. */
  nextQuietPass(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.quietWaiters.push(resolve));
  }

  private async loop(): Promise<void> {
    let streamArn: string | undefined;
    const iterators = new Map<string, string | null>();
    while (!this.stopped) {
      try {
        if (streamArn === undefined) {
          const { Table } = await this.options.admin.send(
            new DescribeTableCommand({ TableName: this.options.tableName }),
          );
          streamArn = Table?.LatestStreamArn;
          if (streamArn === undefined) throw new Error(`Table ${this.options.tableName} has no stream`);
        }
        const { StreamDescription } = await this.streams.send(
          new DescribeStreamCommand({ StreamArn: streamArn }),
        );
        for (const shard of StreamDescription?.Shards ?? []) {
          const shardId = shard.ShardId as string;
          if (iterators.has(shardId)) continue;
          // A child shard waits for its parent to be drained, so order is kept.
          if (
            shard.ParentShardId !== undefined &&
            iterators.has(shard.ParentShardId) &&
            iterators.get(shard.ParentShardId) !== null
          ) {
            continue;
          }
          const checkpoint = this.checkpoints[shardId];
          const { ShardIterator } = await this.streams.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: shardId,
              ...(checkpoint === undefined
                ? { ShardIteratorType: 'TRIM_HORIZON' }
                : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: checkpoint }),
            }),
          );
          iterators.set(shardId, ShardIterator ?? null);
        }
        let sawRecords = false;
        for (const [shardId, iterator] of iterators) {
          if (iterator === null || this.stopped) continue;
          const { Records, NextShardIterator } = await this.streams.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize }),
          );
          iterators.set(shardId, NextShardIterator ?? null);
          if (Records !== undefined && Records.length > 0) {
            sawRecords = true;
            this.recordsSeen += Records.length;
            await this.deliver(
              shardId,
              Records.map((record) => lambdaRecord(record, streamArn as string)),
            );
          }
        }
        if (!sawRecords) {
          // A pass over every shard found nothing new: whoever waits for quiet may go on.
          for (const wake of this.quietWaiters.splice(0)) wake();
          await this.sleep(this.options.pollMillis ?? 100);
        }
      } catch (error) {
        if (this.stopped) break;
        this.options.log?.(
          `stream poller: ${this.options.functionName}: ${(error as Error).message}; retrying from the checkpoints`,
        );
        // An iterator may have moved past records not yet handed over, or died with the
        // database: open the shards again from the checkpoints (drained shards stay drained).
        for (const [shardId, iterator] of iterators) if (iterator !== null) iterators.delete(shardId);
        await this.sleep(1000);
      }
    }
  }

  /** Whether the database answers now (a DescribeTable within two seconds). */
  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.options.admin.send(new DescribeTableCommand({ TableName: this.options.tableName }), {
        abortSignal: AbortSignal.timeout(2000),
      });
      return true;
    } catch {
      return false;
    }
  }

  /** Waits until the database answers again (or the poller stops); says whether it had to. */
  private async waitForDatabase(): Promise<boolean> {
    if (await this.databaseAnswers()) return false;
    this.options.log?.(
      `stream poller: ${this.options.functionName}: the database is not answering; waiting for it (retries not spent)`,
    );
    while (!this.stopped && !(await this.databaseAnswers())) await this.sleep(500);
    if (!this.stopped)
      this.options.log?.(`stream poller: ${this.options.functionName}: the database answers again`);
    return true;
  }

  /** Hands the records to the handler, retrying from a failed record; checkpoints what is done. */
  private async deliver(shardId: string, records: DynamoDBRecord[]): Promise<void> {
    let remaining = records;
    let attempts = 0;
    while (remaining.length > 0 && !this.stopped) {
      let failedAt: string | undefined;
      let error = '';
      try {
        const response = await this.options.handler(
          { Records: remaining },
          lambdaContext(this.options.functionName, crypto.randomUUID()),
        );
        failedAt = response?.batchItemFailures?.[0]?.itemIdentifier;
        if (failedAt !== undefined) error = 'reported as a batch item failure';
      } catch (thrown) {
        failedAt = remaining[0]?.dynamodb?.SequenceNumber;
        error = (thrown as Error).message;
      }
      const failedIndex =
        failedAt === undefined
          ? -1
          : remaining.findIndex((record) => record.dynamodb?.SequenceNumber === failedAt);
      const done = failedIndex === -1 ? remaining : remaining.slice(0, failedIndex);
      const last = done.at(-1)?.dynamodb?.SequenceNumber;
      if (last !== undefined) this.checkpoint(shardId, last);
      if (failedIndex === -1) return;
      remaining = remaining.slice(failedIndex);
      if (await this.waitForDatabase()) {
        // It failed because the database was away: try again, as if for the first time.
        attempts = 0;
        continue;
      }
      attempts = done.length > 0 ? 1 : attempts + 1;
      if (attempts > this.options.maximumRetryAttempts) {
        const failed = remaining[0] as DynamoDBRecord;
        await this.options.onExhausted(failed, error, attempts);
        this.checkpoint(shardId, failed.dynamodb?.SequenceNumber as string);
        remaining = remaining.slice(1);
        attempts = 0;
        continue;
      }
      this.options.log?.(`stream poller: ${this.options.functionName} failed (${error}); retry ${attempts}`);
      await this.sleep(Math.min(2000, 50 * 2 ** attempts));
    }
  }

  private checkpoint(shardId: string, sequenceNumber: string): void {
    this.checkpoints[shardId] = sequenceNumber;
    const file = this.options.checkpointFile;
    if (file === undefined) return;
    writeFileSync(`${file}.tmp`, JSON.stringify(this.checkpoints));
    renameSync(`${file}.tmp`, file);
  }

  private sleep(millis: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, millis);
      this.pendingWake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** A stream record as Lambda delivers it (epoch seconds, event source ARN). */
function lambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? LOCAL_AWS.region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(change?.ApproximateCreationDateTime === undefined
        ? {}
        : { ApproximateCreationDateTime: Math.floor(change.ApproximateCreationDateTime.getTime() / 1000) }),
      Keys: change?.Keys as never,
      ...(change?.NewImage === undefined ? {} : { NewImage: change.NewImage as never }),
      ...(change?.OldImage === undefined ? {} : { OldImage: change.OldImage as never }),
      SequenceNumber: change?.SequenceNumber,
      SizeBytes: change?.SizeBytes,
      StreamViewType: change?.StreamViewType,
    },
  } as DynamoDBRecord;
}
