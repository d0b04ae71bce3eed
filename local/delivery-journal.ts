/**
 * The local bus's write-ahead journal. EventBridge keeps an event it has accepted until each
 * target has it; the in-process bus holds its queues in memory, and the outbox publisher
 * moves its stream checkpoint past an event as soon as the bus has taken it — so without a
 * journal, a crash of the runtime (kill -9, a closed laptop lid that never comes back, an
 * out-of-memory kill) would lose every event taken and not yet delivered.
 *
 * Each delivery (an event for one rule's target) is appended when the bus takes it, and
 * marked done once delivered or dead-lettered; when nothing is open the file is emptied. At
 * start the runtime hands back to the bus whatever the last run took and did not finish:
 * delivery is at least once, as in AWS, and consumers deduplicate on eventId. Lines are
 * appended synchronously, before PutEvents answers; a line torn by a crash is skipped (its
 * delivery never began, and PutEvents never answered for it).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventBridgeEvent } from 'aws-lambda';

export const JOURNAL_FILE = 'bus-journal.jsonl';

export interface JournalEntry {
  /** One delivery: an event for one rule. */
  readonly id: string;
  readonly rule: string;
  readonly event: EventBridgeEvent<string, Record<string, unknown>>;
  /** When the bus took it (epoch ms): the rule's maximum event age counts from here. */
  readonly receivedAt: number;
}

/** What the bus needs of a journal. */
export interface BusJournal {
  taken(entry: JournalEntry): void;
  done(id: string): void;
}

export class DeliveryJournal implements BusJournal {
  readonly file: string;
  readonly #open = new Set<string>();

  constructor(readonly dataDir: string) {
    this.file = join(dataDir, JOURNAL_FILE);
  }

  /** The deliveries the last run took and did not finish, oldest first; the file keeps only them. */
  recover(): JournalEntry[] {
    const taken = new Map<string, JournalEntry>();
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        let record: { taken?: JournalEntry; done?: string };
        try {
          record = JSON.parse(line) as typeof record;
        } catch {
          continue;
        }
        if (isEntry(record.taken)) taken.set(record.taken.id, record.taken);
        else if (typeof record.done === 'string') taken.delete(record.done);
      }
    }
    const open = [...taken.values()];
    mkdirSync(this.dataDir, { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, open.map((entry) => `${JSON.stringify({ taken: entry })}\n`).join(''));
    renameSync(temporary, this.file);
    this.#open.clear();
    for (const entry of open) this.#open.add(entry.id);
    return open;
  }

  taken(entry: JournalEntry): void {
    appendFileSync(this.file, `${JSON.stringify({ taken: entry })}\n`);
    this.#open.add(entry.id);
  }

  done(id: string): void {
    if (!this.#open.delete(id)) return;
    if (this.#open.size === 0) writeFileSync(this.file, '');
    else appendFileSync(this.file, `${JSON.stringify({ done: id })}\n`);
  }
}

function isEntry(value: unknown): value is JournalEntry {
  const entry = value as Partial<JournalEntry> | undefined;
  return (
    typeof entry?.id === 'string' &&
    typeof entry.rule === 'string' &&
    typeof entry.receivedAt === 'number' &&
    typeof entry.event === 'object' &&
    entry.event !== null &&
    typeof entry.event.id === 'string'
  );
}
