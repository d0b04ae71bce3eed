/**
 * The local dead-letter store: one contract for both implementations, then what only the
 * file-backed one promises (it survives a restart, writes atomically, never overwrites a
 * file it cannot read).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDeadLetterStore,
  DEAD_LETTERS_FILE,
  type DeadLetterStore,
  FileDeadLetterStore,
  InMemoryDeadLetterStore,
  type NewDeadLetter,
} from '../../../local/dead-letters.js';

const folders: string[] = [];
async function freshFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'jisr-dead-letters-'));
  folders.push(folder);
  return folder;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

function letter(sequence: number): NewDeadLetter {
  return {
    rule: 'alerts-notify-directorate',
    functionName: 'notify-directorate',
    event: {
      version: '0',
      id: `4c1f6a52-0000-4000-8000-00000000000${sequence}`,
      'detail-type': 'CohesionRiskFlagged',
      source: 'jisr.needs',
      account: '000000000000',
      time: '2026-03-02T09:30:00Z',
      region: 'eu-central-1',
      resources: [],
      detail: {
        eventId: `need-${sequence}#flagged`,
        riskTypes: ['hate-speech'],
        nested: { list: [1, null, 'x'] },
      },
    },
    error: 'InjectedFault: notify-directorate fails every delivery',
    reason: 'retries-exhausted',
    attempts: 9,
    firstFailedAt: '2026-03-02T09:30:00.000Z',
    lastFailedAt: '2026-03-02T09:30:07.000Z',
  };
}

describe.each([
  { kind: 'in memory', create: async (): Promise<DeadLetterStore> => new InMemoryDeadLetterStore() },
  {
    kind: 'in a file',
    create: async (): Promise<DeadLetterStore> => new FileDeadLetterStore(await freshFolder()),
  },
])('a dead-letter store $kind', ({ create }) => {
  it('is empty at first', async () => {
    const store = await create();
    expect(await store.list()).toEqual([]);
    expect(await store.get('01ANYTHING')).toBeUndefined();
  });

  it('keeps a letter whole under a new id', async () => {
    const store = await create();
    const added = await store.add(letter(1));
    expect(added).toEqual({ id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/), ...letter(1) });
    expect(await store.get(added.id)).toEqual(added);
    expect(await store.list()).toEqual([added]);
  });

  it('lists letters oldest first, with ids in the same order', async () => {
    const store = await create();
    const added = [];
    for (const sequence of [1, 2, 3]) added.push(await store.add(letter(sequence)));
    const listed = await store.list();
    expect(listed).toEqual(added);
    expect(listed.map((stored) => stored.id)).toEqual(listed.map((stored) => stored.id).sort());
  });

  it('removes a letter, and says whether there was one', async () => {
    const store = await create();
    const first = await store.add(letter(1));
    const second = await store.add(letter(2));
    expect(await store.remove(first.id)).toBe(true);
    expect(await store.remove(first.id)).toBe(false);
    expect(await store.get(first.id)).toBeUndefined();
    expect(await store.list()).toEqual([second]);
  });

  it('keeps every letter of concurrent adds', async () => {
    const store = await create();
    const added = await Promise.all(Array.from({ length: 20 }, (_, sequence) => store.add(letter(sequence))));
    expect(new Set(added.map((stored) => stored.id)).size).toBe(20);
    expect(await store.list()).toHaveLength(20);
  });

  it('hands out copies: changing one changes nothing stored', async () => {
    const store = await create();
    const original = letter(1);
    const added = await store.add(original);
    original.event.id = 'changed-after-add';
    (added.event.detail as Record<string, unknown>).eventId = 'changed-after-add';
    const [listed] = await store.list();
    expect(listed?.event.id).toBe(letter(1).event.id);
    expect(listed?.event.detail).toEqual(letter(1).event.detail);
  });
});

describe('the file-backed dead-letter store', () => {
  it('survives a restart: a new store on the same folder reads the same letters', async () => {
    const folder = await freshFolder();
    const before = new FileDeadLetterStore(folder);
    const kept = await before.add(letter(1));
    const removed = await before.add(letter(2));
    await before.remove(removed.id);
    const after = new FileDeadLetterStore(folder);
    expect(await after.list()).toEqual([kept]);
  });

  it('writes one JSON file, creating its folder, and leaves no temporary file behind', async () => {
    const folder = join(await freshFolder(), 'not', 'yet', 'there');
    const store = new FileDeadLetterStore(folder);
    const added = await store.add(letter(1));
    expect(await readdir(folder)).toEqual([DEAD_LETTERS_FILE]);
    expect(JSON.parse(await readFile(join(folder, DEAD_LETTERS_FILE), 'utf8'))).toEqual([added]);
  });

  it('never overwrites a file it cannot read', async () => {
    const folder = await freshFolder();
    const file = join(folder, DEAD_LETTERS_FILE);
    await writeFile(file, '{"not": "a list"');
    const store = new FileDeadLetterStore(folder);
    await expect(store.list()).rejects.toThrow(/is not a list of dead letters/);
    await expect(store.add(letter(1))).rejects.toThrow(/repair it or move it aside/);
    expect(await readFile(file, 'utf8')).toBe('{"not": "a list"');
  });

  it('is what a run with a data folder gets; in-memory runs get the in-memory store', async () => {
    const folder = await freshFolder();
    const store = createDeadLetterStore(folder);
    expect(store).toBeInstanceOf(FileDeadLetterStore);
    expect((store as FileDeadLetterStore).file).toBe(join(folder, DEAD_LETTERS_FILE));
    expect(createDeadLetterStore(undefined)).toBeInstanceOf(InMemoryDeadLetterStore);
  });
});
