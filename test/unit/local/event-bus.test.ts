/**
 * The local event bus: PutEvents as EventBridge answers it, delivery to the targets of the
 * matching rules (asynchronously, in order per target), retries, the maximum event age,
 * dead letters, replay, fault injection and an orderly stop. Retry waits are injected (0 ms)
 * and the clock is a variable: nothing here waits on real time.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCES, RULES, type RuleDefinition } from '../../../infra/rules.js';
import { type DeadLetterStore, InMemoryDeadLetterStore } from '../../../local/dead-letters.js';
import {
  answerPutEventsRequest,
  DeadLetterNotFound,
  defaultRetryDelayMs,
  type LocalEvent,
  LocalEventBus,
  type LocalEventBusOptions,
  MAX_ENTRY_BYTES,
  type PutEventsEntry,
  PutEventsValidationError,
  parseFaultPlan,
} from '../../../local/event-bus.js';
import { InvalidEventPattern } from '../../../local/event-pattern.js';

const RAISE = 'raise-cohesion-alert';
const NOTIFY = 'notify-directorate';
const RAISE_RULE = 'cohesion-risk-raises-alert';
const NOTIFY_RULE = 'alerts-notify-directorate';

/** A detail no log line may ever contain. */
const MARKER = 'detail-must-not-be-logged';

function flagged(sequence = 0, extra: Record<string, unknown> = {}): PutEventsEntry {
  return {
    Source: EVENT_SOURCES.needs,
    DetailType: 'CohesionRiskFlagged',
    Detail: JSON.stringify({
      eventId: `need-${sequence}#flagged`,
      schemaVersion: 1,
      sequence,
      district: 'seyhan',
      riskTypes: ['hate-speech'],
      note: MARKER,
      ...extra,
    }),
  };
}

const hotspot = (): PutEventsEntry => ({
  Source: EVENT_SOURCES.cohesion,
  DetailType: 'CohesionHotspotDetected',
  Detail: JSON.stringify({ eventId: 'hotspot-1', district: 'seyhan', flagCount: 3 }),
});

const needReported = (): PutEventsEntry => ({
  Source: EVENT_SOURCES.needs,
  DetailType: 'NeedReported',
  Detail: JSON.stringify({ eventId: 'need-1#reported' }),
});

interface Call {
  readonly functionName: string;
  readonly event: LocalEvent;
}

/** A bus over RULES (or `rules`), recording calls and log lines; retries wait 0 ms. */
function harness(
  options: Partial<LocalEventBusOptions> & {
    handler?: (functionName: string, event: LocalEvent) => Promise<void>;
  } = {},
) {
  const calls: Call[] = [];
  const lines: string[] = [];
  const deadLetters = options.deadLetters ?? new InMemoryDeadLetterStore();
  const bus = new LocalEventBus({
    rules: RULES,
    retryDelayMs: () => 0,
    log: (line) => lines.push(line),
    ...options,
    deadLetters,
    invoke: async (functionName, event) => {
      calls.push({ functionName, event });
      await options.handler?.(functionName, event);
    },
  });
  const callsTo = (functionName: string) => calls.filter((call) => call.functionName === functionName);
  return { bus, calls, callsTo, lines, deadLetters };
}

/** A promise a test resolves when it chooses. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const eventIds = (result: ReturnType<LocalEventBus['putEvents']>) =>
  result.Entries.map((entry) => ('EventId' in entry ? entry.EventId : undefined));

const rule = (
  name: string,
  functionName: string,
  retryPolicy: RuleDefinition['retryPolicy'] = { maximumRetryAttempts: 3, maximumEventAgeSeconds: 3600 },
): RuleDefinition => ({
  name,
  description: name,
  eventPattern: { source: [EVENT_SOURCES.needs] },
  target: { functionName, tableAccess: 'read-write' },
  retryPolicy,
});

describe('PutEvents', () => {
  it('answers with an event id per entry and delivers later, off the caller’s path', async () => {
    const { bus, calls } = harness();
    const result = bus.putEvents([flagged()]);
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries).toEqual([{ EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
    expect(calls).toEqual([]);
    await bus.idle();
    expect(calls.map((call) => call.functionName).sort()).toEqual([NOTIFY, RAISE]);
  });

  it('builds the EventBridge envelope around the parsed detail', async () => {
    const { bus, callsTo } = harness();
    const [eventId] = eventIds(
      bus.putEvents([
        {
          ...flagged(7),
          Time: new Date('2026-03-02T09:30:00.123Z'),
          Resources: ['arn:aws:dynamodb:eu-central-1:000000000000:table/jisr'],
        },
      ]),
    );
    await bus.idle();
    expect(callsTo(RAISE).map((call) => call.event)).toEqual([
      {
        version: '0',
        id: eventId,
        'detail-type': 'CohesionRiskFlagged',
        source: 'jisr.needs',
        account: '000000000000',
        time: '2026-03-02T09:30:00Z',
        region: 'eu-central-1',
        resources: ['arn:aws:dynamodb:eu-central-1:000000000000:table/jisr'],
        detail: {
          eventId: 'need-7#flagged',
          schemaVersion: 1,
          sequence: 7,
          district: 'seyhan',
          riskTypes: ['hate-speech'],
          note: MARKER,
        },
      },
    ]);
  });

  it('stamps the time of the bus clock in whole seconds when the entry has none', async () => {
    const { bus, calls } = harness({ now: () => Date.parse('2026-05-01T12:00:00.999Z') });
    bus.putEvents([flagged()]);
    await bus.idle();
    expect(calls[0]?.event.time).toBe('2026-05-01T12:00:00Z');
  });

  it('delivers only to the rules whose pattern matches', async () => {
    const { bus, calls, callsTo } = harness();
    bus.putEvents([needReported()]);
    await bus.idle();
    expect(calls).toEqual([]);
    bus.putEvents([hotspot()]);
    await bus.idle();
    expect(callsTo(NOTIFY)).toHaveLength(1);
    expect(callsTo(RAISE)).toHaveLength(0);
    expect(bus.stats()).toEqual({
      [RAISE_RULE]: { received: 0, replayed: 0, delivered: 0, retried: 0, deadLettered: 0, lost: 0 },
      [NOTIFY_RULE]: { received: 1, replayed: 0, delivered: 1, retried: 0, deadLettered: 0, lost: 0 },
    });
  });

  it('reports invalid entries as failed entries and delivers the valid ones', async () => {
    const { bus, calls } = harness();
    const valid = flagged();
    const result = bus.putEvents([
      { ...valid, Source: undefined },
      { ...valid, DetailType: '' },
      { ...valid, Detail: '{"unterminated": ' },
      { ...valid, Detail: '[1, 2]' },
      { ...valid, Detail: 'null' },
      { ...valid, Detail: JSON.stringify({ padding: 'x'.repeat(MAX_ENTRY_BYTES) }) },
      { ...valid, Time: 'not a time' },
      { ...valid, Resources: [42] as unknown as string[] },
      valid,
    ]);
    expect(result.FailedEntryCount).toBe(8);
    expect(result.Entries.map((entry) => ('ErrorCode' in entry ? entry.ErrorCode : 'ok'))).toEqual([
      'InvalidArgument',
      'InvalidArgument',
      'MalformedDetail',
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      'InvalidArgument',
      'InvalidArgument',
      'ok',
    ]);
    expect(result.Entries[0]).toEqual({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: expect.stringContaining('Source'),
    });
    expect(result.Entries[5]).toEqual({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: expect.stringContaining(`at most ${MAX_ENTRY_BYTES}`),
    });
    await bus.idle();
    expect(calls).toHaveLength(2);
    expect(new Set(calls.map((call) => call.event.id))).toEqual(new Set([eventIds(result)[8]]));
  });

  it('counts an entry’s size as EventBridge does: 256 KB exactly is accepted', () => {
    const { bus } = harness();
    const entry = { Source: 'jisr.needs', DetailType: 'NeedReported', Time: new Date() };
    const overhead = 14 + 'jisr.needs'.length + 'NeedReported'.length + '{"p":""}'.length;
    const sized = (bytes: number) => ({
      ...entry,
      Detail: JSON.stringify({ p: 'x'.repeat(bytes - overhead) }),
    });
    expect(bus.putEvents([sized(MAX_ENTRY_BYTES), sized(MAX_ENTRY_BYTES + 1)]).FailedEntryCount).toBe(1);
  });

  it('refuses a call of no entries or of more than ten, as a whole', () => {
    const { bus } = harness();
    expect(() => bus.putEvents([])).toThrow(PutEventsValidationError);
    expect(() => bus.putEvents(Array.from({ length: 11 }, () => needReported()))).toThrow(/1 to 10 entries/);
    expect(bus.putEvents(Array.from({ length: 10 }, () => needReported())).FailedEntryCount).toBe(0);
  });

  it('refuses entries for another bus when it knows its name', async () => {
    const { bus } = harness({ eventBusName: 'jisr-adana' });
    const result = bus.putEvents([
      { ...flagged(), EventBusName: 'default' },
      { ...flagged(), EventBusName: 'jisr-adana' },
      { ...flagged(), EventBusName: 'arn:aws:events:eu-central-1:000000000000:event-bus/jisr-adana' },
    ]);
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries[0]).toEqual({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: expect.stringContaining('default'),
    });
    await bus.idle();
  });
});

describe('PutEvents over HTTP (what the AWS SDK sends to EVENTBRIDGE_ENDPOINT)', () => {
  const request = (body: unknown, target = 'AWSEvents.PutEvents') => ({
    target,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

  it('answers PutEvents in AWS JSON 1.1, reading Time as epoch seconds', async () => {
    const { bus, callsTo } = harness();
    const answer = answerPutEventsRequest(
      bus,
      request({
        Entries: [{ ...flagged(), EventBusName: 'jisr-adana', Time: 1772443800.5 }, needReported()],
      }),
    );
    expect(answer.statusCode).toBe(200);
    expect(answer.headers).toEqual({ 'content-type': 'application/x-amz-json-1.1' });
    const result = JSON.parse(answer.body) as { FailedEntryCount: number; Entries: { EventId: string }[] };
    expect(result.FailedEntryCount).toBe(0);
    await bus.idle();
    expect(callsTo(RAISE).map((call) => [call.event.id, call.event.time])).toEqual([
      [result.Entries[0]?.EventId, '2026-03-02T09:30:00Z'],
    ]);
  });

  it('reports failed entries in the body and refused calls as AWS errors', () => {
    const { bus } = harness();
    const partly = answerPutEventsRequest(bus, request({ Entries: [{ ...flagged(), Detail: '{' }, 'junk'] }));
    expect(partly.statusCode).toBe(200);
    expect(JSON.parse(partly.body)).toMatchObject({
      FailedEntryCount: 2,
      Entries: [{ ErrorCode: 'MalformedDetail' }, { ErrorCode: 'InvalidArgument' }],
    });
    const error = (answer: { statusCode: number; body: string }) => [
      answer.statusCode,
      (JSON.parse(answer.body) as { __type: string }).__type,
    ];
    expect(error(answerPutEventsRequest(bus, request({ Entries: [] })))).toEqual([
      400,
      'ValidationException',
    ]);
    expect(error(answerPutEventsRequest(bus, request({})))).toEqual([400, 'ValidationException']);
    expect(error(answerPutEventsRequest(bus, request('{not json')))).toEqual([400, 'SerializationException']);
    expect(
      error(answerPutEventsRequest(bus, request({ Entries: [needReported()] }, 'AWSEvents.PutRule'))),
    ).toEqual([400, 'UnknownOperationException']);
  });

  it('answers 500 once the bus is stopped', async () => {
    const { bus } = harness();
    await bus.stop();
    expect(answerPutEventsRequest(bus, request({ Entries: [needReported()] })).statusCode).toBe(500);
  });
});

describe('delivery', () => {
  it('keeps the order events were received in, per target, even when a handler is slow', async () => {
    const first = gate();
    const started: number[] = [];
    const { bus, callsTo } = harness({
      handler: async (functionName, event) => {
        if (functionName !== RAISE) return;
        started.push(event.detail.sequence as number);
        if (event.detail.sequence === 0) await first.opened;
      },
    });
    bus.putEvents([flagged(0), flagged(1)]);
    bus.putEvents([flagged(2)]);
    bus.putEvents([flagged(3), flagged(4), flagged(5)]);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    // The slow first event holds back its target's queue, not the other target's.
    expect(started).toEqual([0]);
    first.open();
    await bus.idle();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(callsTo(NOTIFY).map((call) => call.event.detail.sequence)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('gives each target its own copy of the event', async () => {
    const { bus, callsTo } = harness({
      handler: async (functionName, event) => {
        if (functionName === RAISE) event.detail.district = 'changed-by-a-handler';
      },
    });
    bus.putEvents([flagged()]);
    await bus.idle();
    expect(callsTo(NOTIFY)[0]?.event.detail.district).toBe('seyhan');
  });

  it('retries a failing target and delivers once: fails twice, then succeeds', async () => {
    const { bus, callsTo, deadLetters, lines } = harness({ faults: { [RAISE]: { failTimes: 2 } } });
    const [eventId] = eventIds(bus.putEvents([flagged()]));
    await bus.idle();
    expect(callsTo(RAISE)).toHaveLength(1);
    expect(callsTo(RAISE)[0]?.event.id).toBe(eventId);
    expect(await deadLetters.list()).toEqual([]);
    expect(bus.stats()[RAISE_RULE]).toEqual({
      received: 1,
      replayed: 0,
      delivered: 1,
      retried: 2,
      deadLettered: 0,
      lost: 0,
    });
    const retries = lines.filter((line) => line.includes('retry'));
    expect(retries).toHaveLength(2);
    expect(retries[0]).toContain(`event ${eventId}`);
    expect(retries[0]).toContain(RAISE_RULE);
    expect(lines.join('\n')).not.toContain(MARKER);
  });

  it('counts the injected faults per event: each event fails its first N deliveries', async () => {
    const { bus, callsTo } = harness({ faults: { [RAISE]: { failTimes: 1 } } });
    bus.putEvents([flagged(0), flagged(1), flagged(2)]);
    await bus.idle();
    expect(callsTo(RAISE).map((call) => call.event.detail.sequence)).toEqual([0, 1, 2]);
    expect(bus.stats()[RAISE_RULE]?.retried).toBe(3);
  });

  it('retries a handler that throws, calling it again each time', async () => {
    let failures = 2;
    const { bus, callsTo, deadLetters } = harness({
      handler: async (functionName) => {
        if (functionName === NOTIFY && failures-- > 0) throw new Error('DynamoDB throttled');
      },
    });
    bus.putEvents([flagged()]);
    await bus.idle();
    expect(callsTo(NOTIFY)).toHaveLength(3);
    expect(bus.stats()[NOTIFY_RULE]).toMatchObject({
      received: 1,
      delivered: 1,
      retried: 2,
      deadLettered: 0,
    });
    expect(await deadLetters.list()).toEqual([]);
  });

  it('waits the backoff between retries: retry n waits retryDelayMs(n)', async () => {
    const asked: number[] = [];
    const { bus } = harness({
      faults: { [RAISE]: { failTimes: 4 } },
      retryDelayMs: (attempt) => {
        asked.push(attempt);
        return 0;
      },
    });
    bus.putEvents([flagged()]);
    await bus.idle();
    expect(asked).toEqual([0, 1, 2, 3]);
  });

  it('backs off 50 ms doubling, capped at 2 s, by default', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(defaultRetryDelayMs)).toEqual([
      50, 100, 200, 400, 800, 1600, 2000, 2000, 2000,
    ]);
  });

  it('dead-letters an event its target always refuses, whole, after the rule’s retries', async () => {
    const { bus, callsTo, deadLetters, lines } = harness({
      faults: { [NOTIFY]: 'always' },
      now: () => Date.parse('2026-03-02T09:30:00Z'),
    });
    const [eventId] = eventIds(bus.putEvents([flagged(1)]));
    await bus.idle();
    const letters = await deadLetters.list();
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect(letter).toEqual({
      id: expect.any(String),
      rule: NOTIFY_RULE,
      functionName: NOTIFY,
      event: callsTo(RAISE)[0]?.event,
      error: expect.stringContaining('InjectedFault'),
      reason: 'retries-exhausted',
      attempts: 9,
      firstFailedAt: '2026-03-02T09:30:00.000Z',
      lastFailedAt: '2026-03-02T09:30:00.000Z',
    });
    expect(letter?.event.id).toBe(eventId);
    expect(callsTo(NOTIFY)).toEqual([]);
    expect(bus.stats()[NOTIFY_RULE]).toMatchObject({
      received: 1,
      delivered: 0,
      retried: 8,
      deadLettered: 1,
    });
    const deadLine = lines.find((line) => line.includes('dead-lettered'));
    expect(deadLine).toContain(`event ${eventId} dead-lettered as ${letter?.id}`);
    expect(lines.join('\n')).not.toContain(MARKER);
  });

  it('loses nothing: every event received is delivered or dead-lettered', async () => {
    let calls = 0;
    const { bus, deadLetters } = harness({
      handler: async (functionName) => {
        if (functionName === RAISE && calls++ % 3 === 0) throw new Error('every third call fails');
      },
      faults: { [NOTIFY]: 'always' },
      rules: RULES.map((definition) => ({
        ...definition,
        retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeSeconds: 3600 },
      })),
    });
    for (let sequence = 0; sequence < 12; sequence++) bus.putEvents([flagged(sequence)]);
    bus.putEvents([hotspot(), needReported()]);
    await bus.idle();
    const stats = bus.stats();
    for (const ruleStats of Object.values(stats)) {
      expect(ruleStats.received).toBe(ruleStats.delivered + ruleStats.deadLettered);
    }
    expect(stats[RAISE_RULE]?.received).toBe(12);
    expect(stats[NOTIFY_RULE]?.received).toBe(13);
    const letters = await deadLetters.list();
    expect(letters).toHaveLength(
      (stats[RAISE_RULE]?.deadLettered ?? 0) + (stats[NOTIFY_RULE]?.deadLettered ?? 0),
    );
    expect(letters.filter((letter) => letter.rule === NOTIFY_RULE)).toHaveLength(13);
  });

  it('gives up when the event grows older than maximumEventAgeSeconds', async () => {
    let clock = 0;
    const { bus, deadLetters } = harness({
      now: () => clock,
      rules: [rule('aging', RAISE, { maximumRetryAttempts: 100, maximumEventAgeSeconds: 60 })],
      handler: async () => {
        clock += 30_000;
        throw new Error('still down');
      },
    });
    bus.putEvents([flagged()]);
    await bus.idle();
    // Tried at 0 s and 30 s; at 60 s the event is just 60 s old, tried once more; then too old.
    const [letter] = await deadLetters.list();
    expect(letter).toMatchObject({ reason: 'maximum-event-age', attempts: 3, error: 'Error: still down' });
    expect(bus.stats().aging).toMatchObject({ received: 1, retried: 2, deadLettered: 1 });
  });

  it('does not wait for a retry that would come after the maximum age', async () => {
    const { bus, deadLetters } = harness({
      now: () => 0,
      retryDelayMs: () => 61_000,
      rules: [rule('aging', RAISE, { maximumRetryAttempts: 5, maximumEventAgeSeconds: 60 })],
      faults: { [RAISE]: 'always' },
    });
    bus.putEvents([flagged()]);
    await bus.idle();
    expect(await deadLetters.list()).toMatchObject([{ reason: 'maximum-event-age', attempts: 1 }]);
  });

  it('with no retries, dead-letters at the first failure', async () => {
    const { bus, deadLetters } = harness({
      rules: [rule('once', RAISE, { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 })],
      faults: { [RAISE]: 'always' },
    });
    bus.putEvents([flagged()]);
    await bus.idle();
    expect(await deadLetters.list()).toMatchObject([{ reason: 'retries-exhausted', attempts: 1 }]);
    expect(bus.stats().once).toMatchObject({ retried: 0, deadLettered: 1 });
  });

  it('says so loudly when the dead-letter store fails, and counts the event as lost', async () => {
    const broken: DeadLetterStore = {
      add: async () => {
        throw new Error('disk full');
      },
      list: async () => [],
      get: async () => undefined,
      remove: async () => false,
    };
    const { bus, lines } = harness({ deadLetters: broken, faults: { [RAISE]: 'always' } });
    const [eventId] = eventIds(bus.putEvents([flagged()]));
    await bus.idle();
    expect(bus.stats()[RAISE_RULE]).toMatchObject({ received: 1, delivered: 0, deadLettered: 0, lost: 1 });
    expect(lines.find((line) => line.includes('EVENT LOST'))).toContain(eventId);
  });
});

describe('replay', () => {
  it('re-delivers a dead letter with a fresh retry budget and removes it once delivered', async () => {
    let down = true;
    const { bus, callsTo, deadLetters } = harness({
      handler: async (functionName) => {
        if (functionName === NOTIFY && down) throw new Error('SNS unavailable');
      },
    });
    const [eventId] = eventIds(bus.putEvents([flagged()]));
    await bus.idle();
    const [letter] = await deadLetters.list();
    expect(letter?.attempts).toBe(9);
    down = false;
    const outcome = await bus.replay(letter?.id ?? '');
    expect(outcome).toEqual({ delivered: true, attempts: 1 });
    expect(await deadLetters.list()).toEqual([]);
    const delivered = callsTo(NOTIFY).at(-1)?.event;
    expect(delivered?.id).toBe(eventId);
    expect(delivered).toEqual(letter?.event);
    expect(bus.stats()[NOTIFY_RULE]).toMatchObject({
      received: 2,
      replayed: 1,
      delivered: 1,
      deadLettered: 1,
    });
  });

  it('replays from a store a previous run filled (a restart after the fix)', async () => {
    const deadLetters = new InMemoryDeadLetterStore();
    const before = harness({ deadLetters, faults: { [RAISE]: 'always' } });
    before.bus.putEvents([flagged()]);
    await before.bus.idle();
    await before.bus.stop();
    const after = harness({ deadLetters });
    const [letter] = await deadLetters.list();
    expect(await after.bus.replay(letter?.id ?? '')).toEqual({ delivered: true, attempts: 1 });
    expect(after.callsTo(RAISE).map((call) => call.event)).toEqual([letter?.event]);
    expect(await deadLetters.list()).toEqual([]);
  });

  it('replaces the letter when the replay fails too, keeping its history', async () => {
    let clock = Date.parse('2026-03-02T09:00:00Z');
    const { bus, deadLetters } = harness({ faults: { [RAISE]: 'always' }, now: () => clock });
    bus.putEvents([flagged()]);
    await bus.idle();
    const [first] = await deadLetters.list();
    clock = Date.parse('2026-03-02T10:00:00Z');
    const outcome = await bus.replay(first?.id ?? '');
    expect(outcome.delivered).toBe(false);
    const letters = await deadLetters.list();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      attempts: 18,
      firstFailedAt: '2026-03-02T09:00:00.000Z',
      lastFailedAt: '2026-03-02T10:00:00.000Z',
      event: first?.event,
    });
    expect(letters[0]?.id).not.toBe(first?.id);
    expect(outcome).toEqual({ delivered: false, deadLetter: letters[0] });
  });

  it('refuses an unknown dead letter, a letter being replayed, and one whose rule is gone', async () => {
    const { bus, deadLetters } = harness();
    await expect(bus.replay('01NOSUCHLETTER')).rejects.toThrow(DeadLetterNotFound);
    const orphan = await deadLetters.add({
      rule: 'a-rule-since-removed',
      functionName: RAISE,
      event: {
        version: '0',
        id: 'e',
        'detail-type': 'X',
        source: 's',
        account: 'a',
        time: 't',
        region: 'r',
        resources: [],
        detail: {},
      },
      error: 'Error: gone',
      reason: 'retries-exhausted',
      attempts: 1,
      firstFailedAt: '2026-03-02T09:00:00.000Z',
      lastFailedAt: '2026-03-02T09:00:00.000Z',
    });
    await expect(bus.replay(orphan.id)).rejects.toThrow(/no longer exists/);

    const slow = gate();
    const blocked = harness({
      faults: { [RAISE]: { failTimes: 9 } },
      handler: async (functionName) => {
        if (functionName === RAISE) await slow.opened;
      },
    });
    blocked.bus.putEvents([flagged()]);
    await blocked.bus.idle();
    const [letter] = await blocked.deadLetters.list();
    const replaying = blocked.bus.replay(letter?.id ?? '');
    await expect(blocked.bus.replay(letter?.id ?? '')).rejects.toThrow(/already being replayed/);
    slow.open();
    expect(await replaying).toEqual({ delivered: true, attempts: 1 });
  });
});

describe('idle and stop', () => {
  it('is idle at once when nothing is pending', async () => {
    const { bus } = harness();
    await expect(bus.idle()).resolves.toBeUndefined();
  });

  it('on stop, finishes the running delivery and dead-letters what is still queued', async () => {
    const first = gate();
    const { bus, callsTo, deadLetters } = harness({
      rules: [rule('only', RAISE)],
      handler: async (_, event) => {
        if (event.detail.sequence === 0) await first.opened;
      },
    });
    const ids = eventIds(bus.putEvents([flagged(0), flagged(1), flagged(2)]));
    await new Promise((resolve) => setImmediate(resolve));
    const stopped = bus.stop();
    first.open();
    await stopped;
    expect(callsTo(RAISE).map((call) => call.event.id)).toEqual([ids[0]]);
    const letters = await deadLetters.list();
    expect(letters.map((letter) => [letter.event.id, letter.reason, letter.attempts])).toEqual([
      [ids[1], 'bus-stopped', 0],
      [ids[2], 'bus-stopped', 0],
    ]);
    expect(bus.stats().only).toMatchObject({ received: 3, delivered: 1, deadLettered: 2 });
    expect(() => bus.putEvents([flagged()])).toThrow(/stopped/);
    await expect(bus.replay(letters[0]?.id ?? '')).rejects.toThrow(/stopped/);
  });

  it('on stop, cuts a retry wait short and dead-letters the event with its last error', async () => {
    const { bus, deadLetters } = harness({
      rules: [rule('only', RAISE)],
      // A wait far longer than the test, still within the rule's maximum age (a fixed clock).
      now: () => 0,
      retryDelayMs: () => 600_000,
      faults: { [RAISE]: 'always' },
    });
    bus.putEvents([flagged()]);
    await new Promise((resolve) => setImmediate(resolve));
    await bus.stop();
    expect(await deadLetters.list()).toMatchObject([
      { reason: 'bus-stopped', attempts: 1, error: expect.stringContaining('InjectedFault') },
    ]);
  });
});

describe('configuration', () => {
  it('refuses a fault plan naming a function no rule targets', () => {
    expect(() => harness({ faults: { 'raise-cohesion-alerts': 'always' } })).toThrow(/no rule targets/);
  });

  it('logs the faults it injects', () => {
    const { lines } = harness({ faults: { [RAISE]: { failTimes: 2 } } });
    expect(lines).toEqual([
      `event bus: fault injection: ${RAISE} fails the first 2 deliveries of each event`,
    ]);
  });

  it('refuses an invalid pattern, naming the rule', () => {
    const broken = { ...rule('broken', RAISE), eventPattern: { source: [{ prefx: 'jisr.' }] } };
    expect(() => harness({ rules: [broken] })).toThrow(InvalidEventPattern);
    expect(() => harness({ rules: [broken] })).toThrow(/^rule broken: /);
  });

  it('refuses two rules of one name and retry policies EventBridge refuses', () => {
    expect(() => harness({ rules: [rule('twice', RAISE), rule('twice', NOTIFY)] })).toThrow(/declared twice/);
    expect(() =>
      harness({ rules: [rule('r', RAISE, { maximumRetryAttempts: 186, maximumEventAgeSeconds: 60 })] }),
    ).toThrow(/maximumRetryAttempts/);
    expect(() =>
      harness({ rules: [rule('r', RAISE, { maximumRetryAttempts: 1, maximumEventAgeSeconds: 59 })] }),
    ).toThrow(/maximumEventAgeSeconds/);
  });
});

describe('parseFaultPlan (JISR_LOCAL_FAULTS)', () => {
  it.each([
    { json: undefined, plan: {} },
    { json: '', plan: {} },
    { json: '  ', plan: {} },
    { json: '{}', plan: {} },
    {
      json: '{"raise-cohesion-alert":{"failTimes":2},"notify-directorate":"always"}',
      plan: { [RAISE]: { failTimes: 2 }, [NOTIFY]: 'always' },
    },
    { json: '{"raise-cohesion-alert":{"failTimes":0}}', plan: { [RAISE]: { failTimes: 0 } } },
  ])('reads $json', ({ json, plan }) => {
    expect(parseFaultPlan(json)).toEqual(plan);
  });

  it.each([
    { json: '{raise-cohesion-alert: 2}', error: 'not JSON' },
    { json: '["raise-cohesion-alert"]', error: 'must be a JSON object' },
    { json: '"always"', error: 'must be a JSON object' },
    { json: '{"raise-cohesion-alert":"sometimes"}', error: '"raise-cohesion-alert" has "sometimes"' },
    { json: '{"raise-cohesion-alert":{"failTimes":-1}}', error: 'failTimes' },
    { json: '{"raise-cohesion-alert":{"failTimes":1.5}}', error: 'failTimes' },
    { json: '{"raise-cohesion-alert":{"failTimes":1,"extra":true}}', error: 'extra' },
    { json: '{"raise-cohesion-alert":2}', error: 'has 2' },
  ])('refuses $json', ({ json, error }) => {
    expect(() => parseFaultPlan(json)).toThrow(error);
  });
});
