/**
 * The local runtime's dead-letter queue. In AWS each rule target has an SQS dead-letter
 * queue; locally an event its target could not take (retries spent, too old, or the bus
 * stopped first) is kept here whole, with why and how often it failed, so it can be listed
 * and replayed. With a data folder the letters live in `<dataDir>/dead-letters.json`,
 * rewritten atomically (a temporary file, flushed, then renamed over the old one), so they
 * survive restarts and a crash mid-write leaves the previous file intact; in-memory runs keep
 * them in memory.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventBridgeEvent } from 'aws-lambda';
import { monotonicFactory } from 'ulid';

export const DEAD_LETTERS_FILE = 'dead-letters.json';

/** Why the bus gave up on a delivery. */
export type DeadLetterReason = 'retries-exhausted' | 'maximum-event-age' | 'bus-stopped';

export interface DeadLetter {
  /** A ULID: letters sort by when they were first stored. */
  readonly id: string;
  /** The rule (infra/rules.ts) whose target failed. */
  readonly rule: string;
  /** The target function. */
  readonly functionName: string;
  /** The whole EventBridge event, exactly as the bus built it. */
  readonly event: EventBridgeEvent<string, unknown>;
  /** The last error the target raised (or why it was never tried). */
  readonly error: string;
  readonly reason: DeadLetterReason;
  /** Deliveries tried, across replays. */
  readonly attempts: number;
  readonly firstFailedAt: string;
  readonly lastFailedAt: string;
}

export type NewDeadLetter = Omit<DeadLetter, 'id'>;

export interface DeadLetterStore {
  add(letter: NewDeadLetter): Promise<DeadLetter>;
  /** Every letter, oldest first. */
  list(): Promise<DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  /** Whether there was such a letter. */
  remove(id: string): Promise<boolean>;
}

const newId = monotonicFactory();

/** The letter under a new id (first in the stored JSON; never one the caller slipped in). */
const withId = (letter: NewDeadLetter): DeadLetter => Object.assign({ id: '' }, letter, { id: newId() });

/** For `--in-memory` runs and tests: letters last as long as the process. */
export class InMemoryDeadLetterStore implements DeadLetterStore {
  readonly #letters = new Map<string, DeadLetter>();

  async add(letter: NewDeadLetter): Promise<DeadLetter> {
    const stored = withId(structuredClone(letter));
    this.#letters.set(stored.id, stored);
    return structuredClone(stored);
  }

  async list(): Promise<DeadLetter[]> {
    return structuredClone([...this.#letters.values()]);
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const letter = this.#letters.get(id);
    return letter === undefined ? undefined : structuredClone(letter);
  }

  async remove(id: string): Promise<boolean> {
    return this.#letters.delete(id);
  }
}

/** Letters in `<dataDir>/dead-letters.json`, read at every call, rewritten atomically. */
export class FileDeadLetterStore implements DeadLetterStore {
  readonly file: string;
  /** Operations run one at a time, so two writes never interleave. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(readonly dataDir: string) {
    this.file = join(dataDir, DEAD_LETTERS_FILE);
  }

  add(letter: NewDeadLetter): Promise<DeadLetter> {
    return this.#exclusive(async () => {
      const stored = withId(letter);
      await this.#write([...(await this.#read()), stored]);
      return stored;
    });
  }

  list(): Promise<DeadLetter[]> {
    return this.#exclusive(() => this.#read());
  }

  get(id: string): Promise<DeadLetter | undefined> {
    return this.#exclusive(async () => (await this.#read()).find((letter) => letter.id === id));
  }

  remove(id: string): Promise<boolean> {
    return this.#exclusive(async () => {
      const letters = await this.#read();
      const kept = letters.filter((letter) => letter.id !== id);
      if (kept.length === letters.length) return false;
      await this.#write(kept);
      return true;
    });
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work, work);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #read(): Promise<DeadLetter[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let letters: unknown;
    try {
      letters = JSON.parse(text);
    } catch {
      letters = undefined;
    }
    if (!Array.isArray(letters) || !letters.every(isDeadLetter)) {
      // Never overwritten: it may hold the only copy of events nobody has replayed yet.
      throw new Error(`${this.file} is not a list of dead letters; repair it or move it aside`);
    }
    return letters;
  }

  async #write(letters: readonly DeadLetter[]): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${randomUUID()}.tmp`;
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(letters, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

/** The store for a run: file-backed with a data folder, in memory without one. */
export function createDeadLetterStore(dataDir: string | undefined): DeadLetterStore {
  return dataDir === undefined ? new InMemoryDeadLetterStore() : new FileDeadLetterStore(dataDir);
}

function isDeadLetter(value: unknown): value is DeadLetter {
  if (typeof value !== 'object' || value === null) return false;
  const letter = value as Record<string, unknown>;
  return (
    ['id', 'rule', 'functionName', 'error', 'reason', 'firstFailedAt', 'lastFailedAt'].every(
      (key) => typeof letter[key] === 'string',
    ) &&
    typeof letter.attempts === 'number' &&
    typeof letter.event === 'object' &&
    letter.event !== null &&
    typeof (letter.event as Record<string, unknown>).id === 'string'
  );
}
