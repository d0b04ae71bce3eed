/**
 * The local event backbone: DynamoDB Local's stream → the same publish-events handler →
 * (through the EventBridge SDK client, pointed at this process) the in-process bus → the same
 * rule targets as in AWS, with retries and a dead-letter store. Its endpoints let the
 * directorate read the alert notifications and list and replay dead letters.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context, DynamoDBRecord } from 'aws-lambda';
import { handlerEntry } from '../infra/bundling.js';
import { RULES, STREAM_CONSUMERS } from '../infra/rules.js';
import { setClock } from '../shared/adapters/clock.js';
import { verifyRollups } from '../shared/application/rollups.js';
import { NotFound, NotPermitted, ValidationFailed } from '../shared/domain/errors.js';
import { actorFromClaims } from '../shared/http/claims.js';
import { problemResponse } from '../shared/http/problem.js';
import { lambdaContext } from './api-gateway-event.js';
import { createDeadLetterStore, type DeadLetterStore } from './dead-letters.js';
import { DeliveryJournal } from './delivery-journal.js';
import { DeadLetterNotFound, type LocalEvent, LocalEventBus, parseFaultPlan } from './event-bus.js';
import { PutEventsDoor, parsePutEventsFault } from './put-events-door.js';
import { LocalSchedules, scheduleSecondsFrom } from './schedules.js';
import type { LocalEndpointRequest } from './server.js';
import { type StreamHandler, StreamPoller } from './stream-poller.js';

type EventHandler = (event: LocalEvent, context: Context) => Promise<unknown>;

/** The functions' timeout in AWS (infra/constructs/jisr-function.ts). */
const TARGET_TIMEOUT_MS = 10_000;

const json = (
  statusCode: number,
  body: unknown,
  contentType = 'application/json',
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': contentType },
  body: JSON.stringify(body),
});

async function importHandler<T>(functionName: string): Promise<T> {
  const module = (await import(pathToFileURL(handlerEntry(functionName)).href)) as { handler?: T };
  if (module.handler === undefined) throw new Error(`functions/${functionName} exports no handler`);
  return module.handler;
}

export interface LocalEvents {
  readonly bus: LocalEventBus;
  readonly deadLetters: DeadLetterStore;
  endpoints(request: LocalEndpointRequest): Promise<APIGatewayProxyStructuredResultV2 | undefined>;
  /** Resolves when the stream is drained and the bus has nothing in flight. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Call after EVENT_BUS_NAME, EVENTBRIDGE_ENDPOINT and ALERT_LOG_FILE are set: handlers read them at import. */
export async function startLocalEvents(options: {
  admin: DynamoDBClient;
  dynamodbEndpoint: string;
  tableName: string;
  dataDir: string | undefined;
  alertLogFile: string;
  log: (line: string) => void;
}): Promise<LocalEvents> {
  const deadLetters = createDeadLetterStore(options.dataDir);
  const targets = new Map<string, EventHandler>();
  for (const rule of RULES) {
    if (!targets.has(rule.target.functionName)) {
      targets.set(rule.target.functionName, await importHandler<EventHandler>(rule.target.functionName));
    }
  }
  // What the bus takes is written down until delivered: a crash loses none of it.
  const journal = options.dataDir === undefined ? undefined : new DeliveryJournal(options.dataDir);
  const unfinished = journal?.recover() ?? [];
  const bus = new LocalEventBus({
    rules: RULES,
    deadLetters,
    ...(journal === undefined ? {} : { journal }),
    log: options.log,
    faults: parseFaultPlan(process.env.JISR_LOCAL_FAULTS),
    eventBusName: process.env.EVENT_BUS_NAME,
    invoke: async (functionName, event) => {
      const handler = targets.get(functionName);
      if (handler === undefined) throw new Error(`no handler for ${functionName}`);
      // As Lambda's timeout: a hung handler fails the attempt instead of blocking its target.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${functionName} timed out after ${TARGET_TIMEOUT_MS} ms`)),
          TARGET_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([handler(event, lambdaContext(functionName, event.id)), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  });
  if (unfinished.length > 0) {
    options.log(
      `event bus: delivering again ${unfinished.length} event(s) taken before the last stop and not delivered`,
    );
    bus.resume(unfinished);
  }
  const putEvents = new PutEventsDoor(
    bus,
    parsePutEventsFault(process.env.JISR_LOCAL_PUT_EVENTS_FAULT),
    options.log,
  );
  // One poller per stream consumer, each with its own checkpoint, as each event source
  // mapping reads the stream on its own in AWS.
  const pollers: StreamPoller[] = [];
  for (const consumer of STREAM_CONSUMERS) {
    const checkpoint =
      consumer.functionName === 'publish-events'
        ? 'stream-checkpoint.json'
        : `stream-checkpoint-${consumer.functionName}.json`;
    pollers.push(
      new StreamPoller({
        endpoint: options.dynamodbEndpoint,
        admin: options.admin,
        tableName: options.tableName,
        handler: await importHandler<StreamHandler>(consumer.functionName),
        functionName: consumer.functionName,
        batchSize: consumer.batchSize,
        maximumRetryAttempts: consumer.maximumRetryAttempts,
        checkpointFile: options.dataDir === undefined ? undefined : join(options.dataDir, checkpoint),
        log: options.log,
        // As the event source mapping's on-failure destination: the record is kept, not lost.
        onExhausted: async (record: DynamoDBRecord, error: string, attempts: number) => {
          const at = new Date().toISOString();
          await deadLetters.add({
            rule: 'table-stream',
            functionName: consumer.functionName,
            event: {
              version: '0',
              id: record.eventID ?? at,
              'detail-type': 'DynamoDB Stream Record',
              source: 'aws.dynamodb',
              account: '000000000000',
              time: at,
              region: record.awsRegion ?? '',
              resources: [],
              detail: record,
            },
            error,
            reason: 'retries-exhausted',
            attempts,
            firstFailedAt: at,
            lastFailedAt: at,
          });
        },
      }),
    );
  }
  for (const poller of pollers) poller.start();
  const recordsSeen = () => pollers.reduce((sum, poller) => sum + poller.recordsSeen, 0);

  const schedules = await LocalSchedules.create({
    importHandler: (functionName) => importHandler(functionName),
    log: options.log,
  });
  schedules.start(scheduleSecondsFrom(process.env.JISR_SCHEDULE_SECONDS));
  const controllableClock = process.env.JISR_CONTROLLABLE_CLOCK === '1';

  const received = () => Object.values(bus.stats()).reduce((sum, stats) => sum + stats.received, 0);
  const settle = async () => {
    for (;;) {
      const before = recordsSeen() + received();
      await Promise.all(pollers.map((poller) => poller.nextQuietPass()));
      await bus.idle();
      await Promise.all(pollers.map((poller) => poller.nextQuietPass()));
      if (recordsSeen() + received() === before) return;
    }
  };

  const directorateOnly = (claims: Record<string, string> | undefined) => {
    if (actorFromClaims(claims).role !== 'directorate')
      throw new NotPermitted('For the migration directorate');
  };

  const endpoints = async (
    request: LocalEndpointRequest,
  ): Promise<APIGatewayProxyStructuredResultV2 | undefined> => {
    try {
      if (request.target !== undefined) {
        // An AWS SDK client (the publisher's EventBridge client) calling the local bus.
        return putEvents.answer({ target: request.target, body: request.body.toString('utf8') });
      }
      if (request.method === 'GET' && request.path === '/local/alert-notifications') {
        directorateOnly(request.claims);
        const lines = existsSync(options.alertLogFile)
          ? readFileSync(options.alertLogFile, 'utf8').split('\n')
          : [];
        return json(200, {
          items: lines
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line))
            .reverse(),
        });
      }
      if (request.method === 'GET' && request.path === '/local/dead-letters') {
        directorateOnly(request.claims);
        return json(200, { items: await deadLetters.list() });
      }
      const replay = /^\/local\/dead-letters\/([0-9A-Z]{26})\/replay$/.exec(request.path);
      if (request.method === 'POST' && replay?.[1] !== undefined) {
        directorateOnly(request.claims);
        return json(200, await bus.replay(replay[1]));
      }
      if (request.method === 'GET' && request.path === '/local/events/stats') {
        directorateOnly(request.claims);
        return json(200, {
          rules: bus.stats(),
          // The outbox publisher's count (what every stream consumer reads alike).
          streamRecords: pollers[0]?.recordsSeen ?? 0,
          streamConsumers: Object.fromEntries(
            STREAM_CONSUMERS.map((consumer, index) => [
              consumer.functionName,
              pollers[index]?.recordsSeen ?? 0,
            ]),
          ),
        });
      }
      if (request.method === 'GET' && request.path === '/local/events/published') {
        // Every event the bus took, by detail.eventId, with how many times (the outbox's output).
        directorateOnly(request.claims);
        return json(200, { events: putEvents.published() });
      }
      if (request.method === 'GET' && request.path === '/local/events/rules') {
        directorateOnly(request.claims);
        return json(200, { rules: bus.rules });
      }
      const rollups = /^\/local\/rollups\/(verify|repair)$/.exec(request.path);
      if (request.method === 'POST' && rollups !== null) {
        // Recompute every rollup cell from the referrals and compare (repair: and overwrite).
        directorateOnly(request.claims);
        const { productionDependencies } = await import('../shared/adapters/dependencies.js');
        return json(200, await verifyRollups(productionDependencies(), { repair: rollups[1] === 'repair' }));
      }
      if (request.method === 'GET' && request.path === '/local/schedules') {
        directorateOnly(request.claims);
        return json(200, { schedules: schedules.snapshot() });
      }
      const run = /^\/local\/schedules\/([a-z0-9-]{1,64})\/run$/.exec(request.path);
      if (request.method === 'POST' && run?.[1] !== undefined) {
        directorateOnly(request.claims);
        if (!schedules.has(run[1])) throw new NotFound('No such schedule');
        return json(200, { result: await schedules.run(run[1]) });
      }
      if (request.method === 'PUT' && request.path === '/local/clock' && controllableClock) {
        directorateOnly(request.claims);
        const at = clockRequest(request.body.toString('utf8'));
        setClock(at);
        return json(200, { now: (at ?? new Date()).toISOString(), frozen: at !== undefined });
      }
      if (request.method === 'POST' && request.path === '/local/events/settle') {
        directorateOnly(request.claims);
        await settle();
        return json(200, { settled: true });
      }
      return undefined;
    } catch (error) {
      if (error instanceof DeadLetterNotFound)
        return problemResponse(new NotFound('No such dead letter'), request.path);
      return problemResponse(error, request.path);
    }
  };

  return {
    bus,
    deadLetters,
    endpoints,
    settle,
    stop: async () => {
      await schedules.stop();
      await Promise.all(pollers.map((poller) => poller.stop()));
      await bus.stop();
    },
  };
}

/** `{"now": "<ISO instant>"}` freezes the clock there; `{"now": null}` lets it run again. */
function clockRequest(body: string): Date | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ValidationFailed([{ field: 'body', message: 'must be JSON: {"now": "<ISO instant>" | null}' }]);
  }
  const now = (parsed as { now?: unknown } | null)?.now;
  if (now === null) return undefined;
  if (typeof now !== 'string' || Number.isNaN(Date.parse(now)) || !/^\d{4}-\d{2}-\d{2}T/.test(now)) {
    throw new ValidationFailed([{ field: 'now', message: 'must be an ISO 8601 instant or null' }]);
  }
  return new Date(now);
}
