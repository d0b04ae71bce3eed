/**
 * The local bus's front door for PutEvents: its tally of the events taken, and the fault
 * switch for tests of the outbox publisher (JISR_LOCAL_PUT_EVENTS_FAULT).
 */
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCES, RULES } from '../../../infra/rules.js';
import { InMemoryDeadLetterStore } from '../../../local/dead-letters.js';
import { LocalEventBus } from '../../../local/event-bus.js';
import { PutEventsDoor, parsePutEventsFault } from '../../../local/put-events-door.js';

const entry = (eventId: string) => ({
  Source: EVENT_SOURCES.needs,
  DetailType: 'NeedReported',
  Detail: JSON.stringify({ eventId }),
});

const call = (...eventIds: string[]) => ({
  target: 'AWSEvents.PutEvents',
  body: JSON.stringify({ Entries: eventIds.map(entry) }),
});

function door(fault?: string) {
  const lines: string[] = [];
  const bus = new LocalEventBus({
    rules: RULES,
    deadLetters: new InMemoryDeadLetterStore(),
    invoke: async () => {},
  });
  return { door: new PutEventsDoor(bus, parsePutEventsFault(fault), (line) => lines.push(line)), lines };
}

const bodyOf = (answer: { body: string }) =>
  JSON.parse(answer.body) as {
    FailedEntryCount: number;
    Entries: ({ EventId: string } | { ErrorCode: string })[];
  };

describe('parsePutEventsFault', () => {
  it('reads a fault, or none', () => {
    expect(parsePutEventsFault(undefined)).toBeUndefined();
    expect(parsePutEventsFault(' ')).toBeUndefined();
    expect(parsePutEventsFault('{"afterEntries":3,"failCalls":2,"mode":"refuse"}')).toEqual({
      afterEntries: 3,
      failCalls: 2,
      mode: 'refuse',
    });
  });

  it.each([
    'not json',
    '[]',
    '{"afterEntries":3,"failCalls":2}',
    '{"afterEntries":-1,"failCalls":2,"mode":"refuse"}',
    '{"afterEntries":1,"failCalls":0,"mode":"refuse"}',
    '{"afterEntries":1,"failCalls":1,"mode":"explode"}',
    '{"afterEntries":1,"failCalls":1,"mode":"refuse","extra":true}',
  ])('refuses %s, saying what it takes', (text) => {
    expect(() => parsePutEventsFault(text)).toThrow(/JISR_LOCAL_PUT_EVENTS_FAULT must be/);
  });
});

describe('PutEventsDoor', () => {
  it('passes calls to the bus and counts each event taken by its eventId', () => {
    const { door: front } = door();
    expect(bodyOf(front.answer(call('a', 'b'))).FailedEntryCount).toBe(0);
    front.answer(call('a'));
    expect(front.published()).toEqual({ a: 2, b: 1 });
  });

  it('refuse: takes the entries up to the k-th, refuses the rest of that call and whole calls after it, then works again', () => {
    const { door: front, lines } = door('{"afterEntries":3,"failCalls":2,"mode":"refuse"}');
    expect(bodyOf(front.answer(call('a', 'b'))).FailedEntryCount).toBe(0);
    const cut = bodyOf(front.answer(call('c', 'd')));
    expect(cut.FailedEntryCount).toBe(1);
    expect(cut.Entries[0]).toHaveProperty('EventId');
    expect(cut.Entries[1]).toEqual({ ErrorCode: 'InternalFailure', ErrorMessage: expect.any(String) });
    const whole = bodyOf(front.answer(call('d', 'e')));
    expect(whole.FailedEntryCount).toBe(2);
    expect(bodyOf(front.answer(call('d', 'e'))).FailedEntryCount).toBe(0);
    // Refused entries never reached the bus.
    expect(front.published()).toEqual({ a: 1, b: 1, c: 1, d: 1, e: 1 });
    expect(lines.filter((line) => line.includes('injected fault'))).toHaveLength(2);
  });

  it('lose-response: the bus takes the events, the caller hears 500, for the next m calls', () => {
    const { door: front } = door('{"afterEntries":1,"failCalls":2,"mode":"lose-response"}');
    expect(front.answer(call('a')).statusCode).toBe(200);
    const lost = front.answer(call('b'));
    expect(lost.statusCode).toBe(500);
    expect(JSON.parse(lost.body)).toMatchObject({ __type: 'InternalException' });
    expect(front.answer(call('b')).statusCode).toBe(500);
    expect(front.answer(call('b')).statusCode).toBe(200);
    expect(front.published()).toEqual({ a: 1, b: 3 });
  });

  it('answers what is not a PutEvents call as the bus does, faults or not', () => {
    const { door: front } = door('{"afterEntries":0,"failCalls":5,"mode":"lose-response"}');
    expect(front.answer({ target: 'AWSEvents.ListRules', body: '{}' }).statusCode).toBe(400);
    expect(front.answer({ target: 'AWSEvents.PutEvents', body: 'not json' }).statusCode).toBe(400);
    expect(front.published()).toEqual({});
  });
});
