/**
 * The local bus's front door for PutEvents (what the publisher's EventBridge client calls):
 * it passes each call to the bus, keeps a tally of every event the bus took by its
 * `detail.eventId` (GET /local/events/published), and can be told to fail, for tests of the
 * outbox publisher interrupted in the middle of a batch:
 *
 * JISR_LOCAL_PUT_EVENTS_FAULT='{"afterEntries": k, "failCalls": m, "mode": "refuse" | "lose-response"}'
 *
 * The bus takes the first k entries as usual; the next m calls then fail, and then it works again.
 * - `refuse`: as EventBridge's partial failure: the call answers 200 with every entry past the
 *   k-th refused (ErrorCode InternalFailure); entries before it in that call are taken. What is
 *   refused reaches no target: the stream retries the record.
 * - `lose-response`: the entries are taken (and delivered), but the call answers 500, as when
 *   EventBridge's answer is lost: the SDK, then the stream, send them again, and the targets see
 *   them twice or more (they deduplicate on eventId).
 */
import {
  answerPutEventsRequest,
  type LocalEventBus,
  type PutEventsHttpAnswer,
  type PutEventsResultEntry,
} from './event-bus.js';

export interface PutEventsFault {
  readonly afterEntries: number;
  readonly failCalls: number;
  readonly mode: 'refuse' | 'lose-response';
}

const USAGE =
  'JISR_LOCAL_PUT_EVENTS_FAULT must be {"afterEntries": <n ≥ 0>, "failCalls": <n ≥ 1>, "mode": "refuse" | "lose-response"}';

export function parsePutEventsFault(json: string | undefined): PutEventsFault | undefined {
  if (json === undefined || json.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`${USAGE}; it is not JSON: ${(error as Error).message}`);
  }
  const { afterEntries, failCalls, mode, ...rest } = (parsed ?? {}) as Record<string, unknown>;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.keys(rest).length > 0 ||
    !Number.isSafeInteger(afterEntries) ||
    (afterEntries as number) < 0 ||
    !Number.isSafeInteger(failCalls) ||
    (failCalls as number) < 1 ||
    (mode !== 'refuse' && mode !== 'lose-response')
  )
    throw new Error(`${USAGE}, not ${json}`);
  return { afterEntries: afterEntries as number, failCalls: failCalls as number, mode };
}

interface Request {
  readonly target: string | undefined;
  readonly body: string;
}

export class PutEventsDoor {
  readonly #bus: LocalEventBus;
  readonly #fault: PutEventsFault | undefined;
  readonly #log: (line: string) => void;
  readonly #published = new Map<string, number>();
  #taken = 0;
  #failuresLeft: number;

  constructor(bus: LocalEventBus, fault: PutEventsFault | undefined, log: (line: string) => void = () => {}) {
    this.#bus = bus;
    this.#fault = fault;
    this.#log = log;
    this.#failuresLeft = fault?.failCalls ?? 0;
    if (fault !== undefined)
      log(
        `event bus: fault injection: PutEvents fails ${fault.failCalls} call(s) (${fault.mode}) after ${fault.afterEntries} entries`,
      );
  }

  /** How often the bus took each event, by detail.eventId (events without one are not counted). */
  published(): Record<string, number> {
    return Object.fromEntries(this.#published);
  }

  answer(request: Request): PutEventsHttpAnswer {
    const entries = entriesOf(request);
    const fault = this.#fault;
    if (
      fault === undefined ||
      this.#failuresLeft === 0 ||
      entries === undefined ||
      this.#taken + entries.length <= fault.afterEntries
    )
      return this.#pass(request, entries);
    this.#failuresLeft--;
    const failure = `${fault.failCalls - this.#failuresLeft} of ${fault.failCalls}`;
    if (fault.mode === 'lose-response') {
      this.#pass(request, entries);
      this.#log(
        `event bus: injected fault: PutEvents took ${entries.length} entries and answered 500 (${failure})`,
      );
      return {
        statusCode: 500,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ __type: 'InternalException', message: 'injected fault: the answer was lost' }),
      };
    }
    const room = Math.max(0, fault.afterEntries - this.#taken);
    const taken = entries.slice(0, room);
    let results: PutEventsResultEntry[] = [];
    if (taken.length > 0) {
      const answer = this.#pass({ target: request.target, body: JSON.stringify({ Entries: taken }) }, taken);
      if (answer.statusCode !== 200) return answer;
      results = (JSON.parse(answer.body) as { Entries: PutEventsResultEntry[] }).Entries;
    }
    const refused = entries.slice(room).map(() => ({
      ErrorCode: 'InternalFailure',
      ErrorMessage: 'injected fault: the bus refused this entry',
    }));
    this.#log(
      `event bus: injected fault: PutEvents refused ${refused.length} of ${entries.length} entries (${failure})`,
    );
    const all = [...results, ...refused];
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({
        FailedEntryCount: all.filter((entry) => 'ErrorCode' in entry).length,
        Entries: all,
      }),
    };
  }

  /** The bus answers; the entries it took are counted. */
  #pass(request: Request, entries: readonly unknown[] | undefined): PutEventsHttpAnswer {
    const answer = answerPutEventsRequest(this.#bus, request);
    if (answer.statusCode !== 200 || entries === undefined) return answer;
    const results = (JSON.parse(answer.body) as { Entries?: PutEventsResultEntry[] }).Entries ?? [];
    results.forEach((result, index) => {
      if (!('EventId' in result)) return;
      this.#taken++;
      const eventId = eventIdOf(entries[index]);
      if (eventId !== undefined) this.#published.set(eventId, (this.#published.get(eventId) ?? 0) + 1);
    });
    return answer;
  }
}

function entriesOf(request: Request): unknown[] | undefined {
  if (request.target !== 'AWSEvents.PutEvents') return undefined;
  try {
    const entries = (JSON.parse(request.body) as { Entries?: unknown } | null)?.Entries;
    return Array.isArray(entries) ? entries : undefined;
  } catch {
    return undefined;
  }
}

function eventIdOf(entry: unknown): string | undefined {
  const detail = (entry as { Detail?: unknown } | null)?.Detail;
  if (typeof detail !== 'string') return undefined;
  try {
    const eventId = (JSON.parse(detail) as { eventId?: unknown } | null)?.eventId;
    return typeof eventId === 'string' ? eventId : undefined;
  } catch {
    return undefined;
  }
}
