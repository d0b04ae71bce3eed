/**
 * The local runtime's EventBridge: one in-process bus that takes PutEvents entries, wraps
 * them in the EventBridge envelope, matches them against the rules of infra/rules.ts (the
 * same patterns AWS evaluates, see event-pattern.ts) and invokes each matching rule's target
 * function with the event, off the caller's path.
 *
 * Delivery keeps the rule's retry policy as EventBridge does: a failed delivery is retried,
 * with backoff, up to `maximumRetryAttempts` times and while the event is younger than
 * `maximumEventAgeSeconds`; then the event goes, whole, to the dead-letter store (the local
 * stand-in for the target's SQS dead-letter queue) with the rule, the target, the last error
 * and the attempts. Nothing is dropped silently: each retry and each dead letter is logged,
 * by ids only (an event's detail may be large and is never logged).
 *
 * Each target takes its events one at a time, in the order the bus received them (a retried
 * event holds back the ones behind it). EventBridge promises no order, so consumers must not
 * rely on it; locally it makes runs repeatable.
 *
 * For tests, `faults` makes a target fail the first N deliveries of each event (or all of
 * them) before its handler is called: `JISR_LOCAL_FAULTS='{"notify-directorate":{"failTimes":2}}'`.
 *
 * With a `journal` (delivery-journal.ts), each delivery is written down when the bus takes it
 * and crossed out when it is delivered or dead-lettered, so that `resume` can deliver again,
 * after a crash, what was taken and not finished.
 */
import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import type { RuleDefinition } from '../infra/rules.js';
import type { DeadLetter, DeadLetterReason, DeadLetterStore } from './dead-letters.js';
import type { BusJournal, JournalEntry } from './delivery-journal.js';
import { LOCAL_AWS } from './dynamodb-local.js';
import { compilePattern, type PatternMatcher } from './event-pattern.js';

/** The event every target receives. */
export type LocalEvent = EventBridgeEvent<string, Record<string, unknown>>;

/** A PutEvents entry, as the AWS SDK's PutEventsRequestEntry has it. */
export interface PutEventsEntry {
  readonly Source?: string | undefined;
  readonly DetailType?: string | undefined;
  /** A JSON object, as text. */
  readonly Detail?: string | undefined;
  readonly EventBusName?: string | undefined;
  /** A Date, an ISO string, or epoch seconds (as PutEvents' JSON wire format carries it). */
  readonly Time?: Date | string | number | undefined;
  readonly Resources?: readonly string[] | undefined;
}

export type PutEventsResultEntry =
  | { readonly EventId: string }
  | { readonly ErrorCode: string; readonly ErrorMessage: string };

export interface PutEventsResult {
  readonly FailedEntryCount: number;
  readonly Entries: readonly PutEventsResultEntry[];
}

/** Test-only fault injection, per target function: fail the first N deliveries of each event, or all. */
export type FaultPlan = Readonly<Record<string, { readonly failTimes: number } | 'always'>>;

export interface RuleStats {
  /** Deliveries begun: events that matched the rule, and replays of its dead letters. */
  readonly received: number;
  /** Of those, how many were replays. */
  readonly replayed: number;
  readonly delivered: number;
  /** Retries scheduled (a delivery tried three times counts two). */
  readonly retried: number;
  readonly deadLettered: number;
  /** Events the dead-letter store refused (logged loudly); always 0 unless the disk fails. */
  readonly lost: number;
}

export type ReplayOutcome =
  | { readonly delivered: true; readonly attempts: number }
  | { readonly delivered: false; readonly deadLetter: DeadLetter };

export interface LocalEventBusOptions {
  readonly rules: readonly RuleDefinition[];
  /** Calls the target function's handler with the event (a copy per attempt). */
  readonly invoke: (functionName: string, event: LocalEvent) => Promise<void>;
  readonly deadLetters: DeadLetterStore;
  readonly log?: (line: string) => void;
  /** The wait before retry number `attempt` (0 for the first retry). */
  readonly retryDelayMs?: (attempt: number) => number;
  readonly faults?: FaultPlan;
  /** Where deliveries are written down until finished (none: they live in memory only). */
  readonly journal?: BusJournal;
  /** The clock (epoch ms) for event times and ages; tests move it to age events. */
  readonly now?: () => number;
  readonly region?: string;
  /** When set, entries naming another bus are refused, as AWS refuses an unknown bus. */
  readonly eventBusName?: string;
}

/** The account every local event comes from. */
export const LOCAL_ACCOUNT = '000000000000';
/** PutEvents takes 1 to 10 entries per call. */
export const MAX_ENTRIES_PER_CALL = 10;
/** An entry's size, counted as EventBridge counts it, is at most 256 KB. */
export const MAX_ENTRY_BYTES = 256 * 1024;

/** 50 ms, doubling each retry, capped at 2 s: short, so local failures resolve quickly. */
export const defaultRetryDelayMs = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);

/** PutEvents refused as a whole (EventBridge's ValidationException). */
export class PutEventsValidationError extends Error {
  override readonly name = 'ValidationException';
}

export class DeadLetterNotFound extends Error {
  override readonly name = 'DeadLetterNotFound';
  constructor(readonly deadLetterId: string) {
    super(`no dead letter ${deadLetterId}`);
  }
}

/** The error an injected fault raises in place of the target. */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

/** Reads a fault plan (JISR_LOCAL_FAULTS): `{ "<functionName>": { "failTimes": n } | "always" }`. */
export function parseFaultPlan(json: string | undefined): FaultPlan {
  if (json === undefined || json.trim() === '') return {};
  const usage =
    'JISR_LOCAL_FAULTS must be a JSON object { "<functionName>": { "failTimes": <n> } | "always" }';
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`${usage}; it is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(usage);
  const plan: Record<string, { readonly failTimes: number } | 'always'> = {};
  for (const [functionName, fault] of Object.entries(parsed)) {
    if (fault === 'always') plan[functionName] = 'always';
    else if (
      typeof fault === 'object' &&
      fault !== null &&
      Object.keys(fault).join() === 'failTimes' &&
      Number.isSafeInteger((fault as { failTimes: unknown }).failTimes) &&
      (fault as { failTimes: number }).failTimes >= 0
    )
      plan[functionName] = { failTimes: (fault as { failTimes: number }).failTimes };
    else throw new Error(`${usage}; ${JSON.stringify(functionName)} has ${JSON.stringify(fault)}`);
  }
  return Object.freeze(plan);
}

interface Delivery {
  readonly event: LocalEvent;
  /** When the bus took the event (or the replay began): its age counts from here. */
  readonly receivedAt: number;
  readonly replayOf?: DeadLetter;
  readonly settle?: (outcome: Promise<ReplayOutcome>) => void;
  /** Its id in the journal, if it is journaled (replays are not: their letter is kept until done). */
  readonly journalId?: string;
}

interface Target {
  readonly rule: RuleDefinition;
  readonly matches: PatternMatcher;
  readonly queue: Delivery[];
  running: boolean;
  readonly stats: { -readonly [K in keyof RuleStats]: RuleStats[K] };
}

type Attempted =
  | { readonly delivered: true; readonly attempts: number }
  | {
      readonly delivered: false;
      readonly attempts: number;
      readonly reason: DeadLetterReason;
      readonly error: string;
      readonly firstFailedAt: string;
      readonly lastFailedAt: string;
    };

export class LocalEventBus {
  readonly #targets: readonly Target[];
  readonly #invoke: LocalEventBusOptions['invoke'];
  readonly #deadLetters: DeadLetterStore;
  readonly #log: (line: string) => void;
  readonly #retryDelayMs: (attempt: number) => number;
  readonly #faults: FaultPlan;
  readonly #journal: BusJournal | undefined;
  readonly #faultCounts = new Map<string, number>();
  readonly #now: () => number;
  readonly #region: string;
  readonly #eventBusName: string | undefined;
  readonly #replaying = new Set<string>();
  readonly #sleepers = new Set<() => void>();
  readonly #idleWaiters: (() => void)[] = [];
  #pending = 0;
  #stopping = false;

  constructor(options: LocalEventBusOptions) {
    this.#invoke = options.invoke;
    this.#deadLetters = options.deadLetters;
    this.#log = options.log ?? (() => undefined);
    this.#retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
    this.#faults = options.faults ?? {};
    this.#journal = options.journal;
    this.#now = options.now ?? Date.now;
    this.#region = options.region ?? LOCAL_AWS.region;
    this.#eventBusName = options.eventBusName;
    const names = new Set<string>();
    this.#targets = options.rules.map((rule) => {
      if (names.has(rule.name)) throw new Error(`rule ${rule.name} is declared twice`);
      names.add(rule.name);
      checkRetryPolicy(rule);
      return {
        rule,
        matches: compilePattern(rule.eventPattern, `rule ${rule.name}`),
        queue: [],
        running: false,
        stats: { received: 0, replayed: 0, delivered: 0, retried: 0, deadLettered: 0, lost: 0 },
      };
    });
    const functions = new Set(options.rules.map((rule) => rule.target.functionName));
    for (const [functionName, fault] of Object.entries(this.#faults)) {
      if (!functions.has(functionName))
        throw new Error(
          `fault plan names ${functionName}, which no rule targets (targets: ${[...functions].join(', ')})`,
        );
      this.#log(
        `event bus: fault injection: ${functionName} fails ${fault === 'always' ? 'every delivery' : `the first ${fault.failTimes} deliveries of each event`}`,
      );
    }
  }

  /** PutEvents: each valid entry becomes an event, delivered later to every matching rule's target. */
  /** The rules this bus routes by, as it was given them (for the parity check with the template). */
  get rules(): readonly RuleDefinition[] {
    return this.#targets.map((target) => target.rule);
  }

  putEvents(entries: readonly PutEventsEntry[]): PutEventsResult {
    if (this.#stopping) throw new Error('the local event bus is stopped');
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES_PER_CALL)
      throw new PutEventsValidationError(
        `PutEvents takes 1 to ${MAX_ENTRIES_PER_CALL} entries, not ${Array.isArray(entries) ? entries.length : typeof entries}`,
      );
    const results = entries.map((entry): PutEventsResultEntry => {
      const checked = this.#check(entry);
      if ('ErrorCode' in checked) return checked;
      for (const target of this.#targets) {
        if (!target.matches(checked)) continue;
        const receivedAt = this.#now();
        let journalId: string | undefined;
        if (this.#journal !== undefined) {
          journalId = randomUUID();
          this.#journal.taken({ id: journalId, rule: target.rule.name, event: checked, receivedAt });
        }
        this.#enqueue(target, {
          event: checked,
          receivedAt,
          ...(journalId === undefined ? {} : { journalId }),
        });
      }
      return { EventId: checked.id };
    });
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  }

  /** Re-delivers a dead letter to its rule's target with a fresh retry budget; removes it once delivered. */
  async replay(deadLetterId: string): Promise<ReplayOutcome> {
    if (this.#stopping) throw new Error('the local event bus is stopped');
    if (this.#replaying.has(deadLetterId))
      throw new Error(`dead letter ${deadLetterId} is already being replayed`);
    this.#replaying.add(deadLetterId);
    // Pending from the start, so idle() also waits for the store lookup.
    this.#pending++;
    try {
      const letter = await this.#deadLetters.get(deadLetterId);
      if (letter === undefined) throw new DeadLetterNotFound(deadLetterId);
      const target = this.#targets.find(({ rule }) => rule.name === letter.rule);
      if (target === undefined)
        throw new Error(`dead letter ${deadLetterId} is for rule ${letter.rule}, which no longer exists`);
      if (target.rule.target.functionName !== letter.functionName)
        throw new Error(
          `dead letter ${deadLetterId} was for ${letter.functionName}; rule ${letter.rule} now targets ${target.rule.target.functionName}`,
        );
      return await new Promise<ReplayOutcome>((resolve, reject) =>
        this.#enqueue(target, {
          event: letter.event as LocalEvent,
          receivedAt: this.#now(),
          replayOf: letter,
          settle: (outcome) => void outcome.then(resolve, reject),
        }),
      );
    } finally {
      this.#replaying.delete(deadLetterId);
      this.#settled();
    }
  }

  /**
   * Delivers again what a journal kept from a run that ended before finishing it (each entry
   * stays in the journal until done). An entry for a rule that no longer exists is logged as
   * lost and crossed out.
   */
  resume(entries: readonly JournalEntry[]): void {
    if (this.#stopping) throw new Error('the local event bus is stopped');
    for (const entry of entries) {
      const target = this.#targets.find(({ rule }) => rule.name === entry.rule);
      if (target === undefined) {
        this.#log(
          `event bus: EVENT LOST: event ${entry.event.id} was taken for rule ${entry.rule}, which no longer exists`,
        );
        this.#journal?.done(entry.id);
        continue;
      }
      this.#enqueue(target, {
        event: entry.event as LocalEvent,
        receivedAt: entry.receivedAt,
        journalId: entry.id,
      });
    }
  }

  /** Resolves once no delivery is queued, running or waiting to retry. */
  idle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Stops taking events; deliveries running now finish, and every event still queued or
   * waiting to retry goes to the dead-letter store (reason bus-stopped), to be replayed later.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const wake of this.#sleepers) wake();
    await this.idle();
  }

  /** Counters per rule name; when idle, received = delivered + deadLettered + lost. */
  stats(): Record<string, RuleStats> {
    return Object.fromEntries(this.#targets.map(({ rule, stats }) => [rule.name, { ...stats }]));
  }

  #check(entry: PutEventsEntry): LocalEvent | { ErrorCode: string; ErrorMessage: string } {
    const invalid = (ErrorMessage: string) => ({ ErrorCode: 'InvalidArgument', ErrorMessage });
    if (typeof entry !== 'object' || entry === null) return invalid('An entry must be an object.');
    const { Source, DetailType, Detail, EventBusName, Time, Resources } = entry;
    if (typeof Source !== 'string' || Source.trim() === '') return invalid('Parameter Source is not valid.');
    if (typeof DetailType !== 'string' || DetailType.trim() === '')
      return invalid('Parameter DetailType is not valid.');
    if (typeof Detail !== 'string') return invalid('Parameter Detail is not valid.');
    if (
      Resources !== undefined &&
      (!Array.isArray(Resources) || !Resources.every((r) => typeof r === 'string'))
    )
      return invalid('Parameter Resources is not valid.');
    if (EventBusName !== undefined && typeof EventBusName !== 'string')
      return invalid('Parameter EventBusName is not valid.');
    if (EventBusName !== undefined && this.#eventBusName !== undefined) {
      const name = EventBusName.startsWith('arn:')
        ? EventBusName.slice(EventBusName.indexOf('/') + 1)
        : EventBusName;
      if (name !== this.#eventBusName) return invalid(`Event bus ${EventBusName} does not exist.`);
    }
    const time =
      Time === undefined
        ? new Date(this.#now())
        : new Date(typeof Time === 'number' ? Time * 1000 : Time instanceof Date ? Time.getTime() : Time);
    if (Number.isNaN(time.getTime())) return invalid('Parameter Time is not valid.');
    const bytes = entrySize(entry);
    if (bytes > MAX_ENTRY_BYTES)
      return invalid(`The entry is ${bytes} bytes; EventBridge takes at most ${MAX_ENTRY_BYTES}.`);
    let detail: unknown;
    try {
      detail = JSON.parse(Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object.' };
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': DetailType,
      source: Source,
      account: LOCAL_ACCOUNT,
      // EventBridge's event time has whole seconds.
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.#region,
      resources: [...(Resources ?? [])],
      detail: detail as Record<string, unknown>,
    };
  }

  #enqueue(target: Target, delivery: Delivery): void {
    target.stats.received++;
    if (delivery.replayOf !== undefined) target.stats.replayed++;
    this.#pending++;
    target.queue.push(delivery);
    // Never on the caller's path: the first delivery starts after putEvents has returned.
    if (!target.running) {
      target.running = true;
      setImmediate(() => void this.#drain(target));
    }
  }

  async #drain(target: Target): Promise<void> {
    for (let delivery = target.queue.shift(); delivery !== undefined; delivery = target.queue.shift()) {
      const outcome = this.#deliver(target, delivery);
      delivery.settle?.(outcome);
      // Crossed out once delivered or dead-lettered; an event the store refused stays, for the next start.
      const finished = await outcome.then(
        () => true,
        () => false,
      );
      if (finished && delivery.journalId !== undefined) this.#journal?.done(delivery.journalId);
      this.#settled();
    }
    target.running = false;
  }

  /** One delivery (or replay) less in flight; wakes idle() callers at zero. */
  #settled(): void {
    this.#pending--;
    if (this.#pending === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  async #deliver(target: Target, delivery: Delivery): Promise<ReplayOutcome> {
    const { rule, stats } = target;
    const { event, replayOf } = delivery;
    const functionName = rule.target.functionName;
    const attempted = await this.#attempt(target, delivery);
    if (attempted.delivered) {
      stats.delivered++;
      if (attempted.attempts > 1)
        this.#log(
          `event bus: event ${event.id} delivered to ${functionName} at attempt ${attempted.attempts}`,
        );
      if (replayOf !== undefined) {
        await this.#deadLetters.remove(replayOf.id);
        this.#log(`event bus: dead letter ${replayOf.id} (event ${event.id}) replayed to ${functionName}`);
      }
      return { delivered: true, attempts: attempted.attempts };
    }
    const { reason, error, attempts } = attempted;
    let deadLetter: DeadLetter;
    try {
      deadLetter = await this.#deadLetters.add({
        rule: rule.name,
        functionName,
        event,
        // A replay the bus stopped before trying keeps the error that made it a dead letter.
        error: attempts === 0 && replayOf !== undefined ? replayOf.error : error,
        reason,
        attempts: (replayOf?.attempts ?? 0) + attempts,
        firstFailedAt: replayOf?.firstFailedAt ?? attempted.firstFailedAt,
        lastFailedAt: attempted.lastFailedAt,
      });
    } catch (storeError) {
      stats.lost++;
      // A replayed letter is still stored; only a first failure can be lost, and never quietly.
      this.#log(
        `event bus: EVENT LOST: event ${event.id} for rule ${rule.name} (${functionName}) could not be dead-lettered: ${firstLine(storeError)}`,
      );
      throw storeError;
    }
    stats.deadLettered++;
    if (replayOf !== undefined) await this.#deadLetters.remove(replayOf.id);
    this.#log(
      `event bus: event ${event.id} dead-lettered as ${deadLetter.id} (rule ${rule.name}, ${functionName}, ${attempts} attempt${attempts === 1 ? '' : 's'}, ${reason})${replayOf === undefined ? '' : `, replacing ${replayOf.id}`}`,
    );
    return { delivered: false, deadLetter };
  }

  async #attempt({ rule, stats }: Target, { event, receivedAt }: Delivery): Promise<Attempted> {
    const functionName = rule.target.functionName;
    const { maximumRetryAttempts, maximumEventAgeSeconds } = rule.retryPolicy;
    const maximumAgeMs = maximumEventAgeSeconds * 1000;
    let attempts = 0;
    let error = '';
    let firstFailedAt: string | undefined;
    const giveUp = (reason: DeadLetterReason, why: string): Attempted => {
      const at = new Date(this.#now()).toISOString();
      return {
        delivered: false,
        attempts,
        reason,
        error: attempts === 0 ? why : error,
        firstFailedAt: firstFailedAt ?? at,
        lastFailedAt: at,
      };
    };
    for (;;) {
      if (this.#stopping)
        return giveUp('bus-stopped', 'the local event bus stopped before the event was delivered');
      if (this.#now() - receivedAt > maximumAgeMs)
        return giveUp(
          'maximum-event-age',
          `the event was older than ${maximumEventAgeSeconds} s before delivery`,
        );
      attempts++;
      try {
        this.#injectFault(functionName, event.id);
        await this.#invoke(functionName, structuredClone(event));
        this.#faultCounts.delete(`${functionName}\n${event.id}`);
        return { delivered: true, attempts };
      } catch (failure) {
        error = describeError(failure);
        firstFailedAt ??= new Date(this.#now()).toISOString();
      }
      if (attempts > maximumRetryAttempts) return giveUp('retries-exhausted', error);
      const delay = Math.max(0, this.#retryDelayMs(attempts - 1));
      if (this.#now() + delay - receivedAt > maximumAgeMs) return giveUp('maximum-event-age', error);
      stats.retried++;
      this.#log(
        `event bus: event ${event.id} failed attempt ${attempts} at ${functionName} (rule ${rule.name}); retry ${attempts} of ${maximumRetryAttempts} in ${delay} ms: ${firstLine(error)}`,
      );
      await this.#sleep(delay);
    }
  }

  #injectFault(functionName: string, eventId: string): void {
    const fault = this.#faults[functionName];
    if (fault === undefined) return;
    if (fault === 'always') throw new InjectedFault(`${functionName} fails every delivery (injected fault)`);
    const key = `${functionName}\n${eventId}`;
    const failed = this.#faultCounts.get(key) ?? 0;
    if (failed >= fault.failTimes) return;
    this.#faultCounts.set(key, failed + 1);
    throw new InjectedFault(
      `${functionName} fails delivery ${failed + 1} of ${fault.failTimes} (injected fault)`,
    );
  }

  #sleep(ms: number): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#sleepers.add(wake);
    });
  }
}

export interface PutEventsHttpAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Answers an HTTP PutEvents request as EventBridge's AWS JSON 1.1 API does, so the AWS SDK
 * (EventBridgeClient with `endpoint` = EVENTBRIDGE_ENDPOINT) can publish to the local bus:
 * `target` is the request's X-Amz-Target header, `body` its JSON body. Signatures are not
 * checked: the endpoint is for the local runtime only.
 */
export function answerPutEventsRequest(
  bus: LocalEventBus,
  request: { readonly target: string | undefined; readonly body: string },
): PutEventsHttpAnswer {
  const answer = (statusCode: number, payload: unknown): PutEventsHttpAnswer => ({
    statusCode,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(payload),
  });
  const failure = (statusCode: number, type: string, message: string) =>
    answer(statusCode, { __type: type, message });
  if (request.target !== 'AWSEvents.PutEvents')
    return failure(400, 'UnknownOperationException', `the local bus serves AWSEvents.PutEvents only`);
  let input: unknown;
  try {
    input = JSON.parse(request.body);
  } catch {
    return failure(400, 'SerializationException', 'the request body is not JSON');
  }
  const entries: unknown =
    typeof input === 'object' && input !== null ? (input as { Entries?: unknown }).Entries : undefined;
  if (!Array.isArray(entries)) return failure(400, 'ValidationException', 'Entries must be a list');
  try {
    return answer(200, bus.putEvents(entries as PutEventsEntry[]));
  } catch (error) {
    if (error instanceof PutEventsValidationError) return failure(400, 'ValidationException', error.message);
    return failure(500, 'InternalException', (error as Error).message);
  }
}

/** EventBridge's limits on a target's retry policy. */
function checkRetryPolicy({ name, retryPolicy }: RuleDefinition): void {
  const { maximumRetryAttempts: retries, maximumEventAgeSeconds: age } = retryPolicy;
  if (!Number.isInteger(retries) || retries < 0 || retries > 185)
    throw new Error(`rule ${name}: maximumRetryAttempts must be an integer from 0 to 185, not ${retries}`);
  if (!Number.isInteger(age) || age < 60 || age > 86_400)
    throw new Error(`rule ${name}: maximumEventAgeSeconds must be an integer from 60 to 86400, not ${age}`);
}

/** An entry's size as EventBridge counts it: 14 bytes for Time, plus the UTF-8 of the rest. */
function entrySize({ Time, Source, DetailType, Detail, Resources }: PutEventsEntry): number {
  const utf8 = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  return (
    (Time === undefined ? 0 : 14) +
    utf8(Source) +
    utf8(DetailType) +
    utf8(Detail) +
    (Resources ?? []).reduce((sum, resource) => sum + utf8(resource), 0)
  );
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** An error's first line, at most 200 characters: enough for a log line. */
function firstLine(error: unknown): string {
  const text = typeof error === 'string' ? error : describeError(error);
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
