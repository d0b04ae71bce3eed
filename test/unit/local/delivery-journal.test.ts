/**
 * The local bus's write-ahead journal: what the bus takes is written down until it is
 * delivered or dead-lettered, and a bus started after a crash delivers again what the last
 * one took and did not finish.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_SOURCES, RULES } from '../../../infra/rules.js';
import { InMemoryDeadLetterStore } from '../../../local/dead-letters.js';
import { DeliveryJournal, type JournalEntry } from '../../../local/delivery-journal.js';
import { type LocalEvent, LocalEventBus, type PutEventsEntry } from '../../../local/event-bus.js';

const RAISE_RULE = 'cohesion-risk-raises-alert';
const NOTIFY_RULE = 'alerts-notify-directorate';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jisr-journal-'));
  dirs.push(dir);
  return dir;
}

const flagged = (needId: string): PutEventsEntry => ({
  Source: EVENT_SOURCES.needs,
  DetailType: 'CohesionRiskFlagged',
  Detail: JSON.stringify({ eventId: `cohesion-risk-flagged:${needId}`, needId }),
});

const entry = (id: string, rule = RAISE_RULE): JournalEntry => ({
  id,
  rule,
  receivedAt: 1_000,
  event: {
    version: '0',
    id: `event-${id}`,
    'detail-type': 'CohesionRiskFlagged',
    source: EVENT_SOURCES.needs,
    account: '000000000000',
    time: '2026-06-01T10:00:00Z',
    region: 'eu-central-1',
    resources: [],
    detail: { eventId: `cohesion-risk-flagged:${id}` },
  },
});

/** A bus over RULES whose targets wait for `release` (a crash finds them all queued). */
function busWith(journal: DeliveryJournal, release: Promise<void> = Promise.resolve()) {
  const calls: { functionName: string; event: LocalEvent }[] = [];
  const bus = new LocalEventBus({
    rules: RULES,
    deadLetters: new InMemoryDeadLetterStore(),
    retryDelayMs: () => 0,
    journal,
    invoke: async (functionName, event) => {
      await release;
      calls.push({ functionName, event });
    },
  });
  return { bus, calls };
}

describe('DeliveryJournal', () => {
  it('gives back what was taken and not done, oldest first, and keeps only that', () => {
    const dir = dataDir();
    const journal = new DeliveryJournal(dir);
    expect(journal.recover()).toEqual([]);
    journal.taken(entry('a'));
    journal.taken(entry('b'));
    journal.taken(entry('c'));
    journal.done('b');

    const next = new DeliveryJournal(dir);
    expect(next.recover().map((open) => open.id)).toEqual(['a', 'c']);
    expect(readFileSync(next.file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('empties its file when nothing is open, so it does not grow with a long run', () => {
    const journal = new DeliveryJournal(dataDir());
    journal.recover();
    for (const id of ['a', 'b']) journal.taken(entry(id));
    journal.done('a');
    journal.done('b');
    expect(readFileSync(journal.file, 'utf8')).toBe('');
    journal.done('b');
    expect(readFileSync(journal.file, 'utf8')).toBe('');
  });

  it('skips a line a crash tore in half, and lines that are not entries', () => {
    const dir = dataDir();
    const journal = new DeliveryJournal(dir);
    journal.recover();
    journal.taken(entry('a'));
    appendFileSync(journal.file, '{"taken":{"id":"b","rule":"x","eve');
    const next = new DeliveryJournal(dir);
    expect(next.recover().map((open) => open.id)).toEqual(['a']);

    writeFileSync(next.file, `${JSON.stringify({ taken: { id: 'c' } })}\nnot json\n`);
    expect(new DeliveryJournal(dir).recover()).toEqual([]);
  });
});

describe('the bus with a journal', () => {
  it('writes each delivery down when it takes the event, and crosses it out once delivered', async () => {
    const journal = new DeliveryJournal(dataDir());
    journal.recover();
    const { bus, calls } = busWith(journal);
    bus.putEvents([flagged('N1')]);
    // Written before PutEvents answered: one delivery per matching rule.
    const lines = readFileSync(journal.file, 'utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).taken.rule).sort()).toEqual([NOTIFY_RULE, RAISE_RULE]);
    await bus.idle();
    expect(calls).toHaveLength(2);
    expect(readFileSync(journal.file, 'utf8')).toBe('');
  });

  it('after a crash, a new bus delivers again what the last one had taken and not delivered', async () => {
    const dir = dataDir();
    const first = new DeliveryJournal(dir);
    first.recover();
    // The first bus's targets never finish: the process "dies" with both events queued.
    const crashed = busWith(first, new Promise<void>(() => {}));
    crashed.bus.putEvents([flagged('N1'), flagged('N2')]);

    const second = new DeliveryJournal(dir);
    const unfinished = second.recover();
    expect(unfinished).toHaveLength(4);
    const { bus, calls } = busWith(second);
    bus.resume(unfinished);
    await bus.idle();
    expect(calls.map((call) => `${call.functionName} ${call.event.detail.needId}`).sort()).toEqual([
      'notify-directorate N1',
      'notify-directorate N2',
      'raise-cohesion-alert N1',
      'raise-cohesion-alert N2',
    ]);
    // The same events, ids and all: consumers deduplicate on them.
    const taken = unfinished.map((open) => open.event.id);
    expect(calls.map((call) => call.event.id).sort()).toEqual([...taken].sort());
    expect(bus.stats()[RAISE_RULE]).toMatchObject({ received: 2, delivered: 2 });
    expect(readFileSync(second.file, 'utf8')).toBe('');
    expect(new DeliveryJournal(dir).recover()).toEqual([]);
  });

  it('crosses out a dead-lettered delivery: the dead-letter store has it now', async () => {
    const journal = new DeliveryJournal(dataDir());
    journal.recover();
    const bus = new LocalEventBus({
      rules: RULES,
      deadLetters: new InMemoryDeadLetterStore(),
      retryDelayMs: () => 0,
      journal,
      invoke: async () => {
        throw new Error('down');
      },
    });
    bus.putEvents([flagged('N1')]);
    await bus.idle();
    expect(Object.values(bus.stats()).map((stats) => stats.deadLettered)).toEqual([1, 1]);
    expect(readFileSync(journal.file, 'utf8')).toBe('');
  });

  it('logs as lost, and crosses out, an entry for a rule that no longer exists', async () => {
    const journal = new DeliveryJournal(dataDir());
    journal.recover();
    journal.taken(entry('gone', 'a-rule-removed-since'));
    const lines: string[] = [];
    const bus = new LocalEventBus({
      rules: RULES,
      deadLetters: new InMemoryDeadLetterStore(),
      journal,
      log: (line) => lines.push(line),
      invoke: async () => {},
    });
    bus.resume([entry('gone', 'a-rule-removed-since')]);
    await bus.idle();
    expect(lines.join('\n')).toMatch(/EVENT LOST: event event-gone .* a-rule-removed-since/);
    expect(readFileSync(journal.file, 'utf8')).toBe('');
  });
});
