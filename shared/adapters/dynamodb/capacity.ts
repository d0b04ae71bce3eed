import { AsyncLocalStorage } from 'node:async_hooks';

/** Capacity units consumed by the DynamoDB calls of one unit of work (a request). */
export interface CapacityTally {
  read: number;
  write: number;
  total: number;
  calls: number;
}

interface ConsumedCapacityLike {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const tallies = new AsyncLocalStorage<CapacityTally>();

/** Runs `work` and counts the capacity its DynamoDB calls consumed; an enclosing tally counts it too. */
export async function withCapacityTally<T>(
  work: () => Promise<T>,
): Promise<{ result: T; capacity: CapacityTally }> {
  const capacity: CapacityTally = { read: 0, write: 0, total: 0, calls: 0 };
  const enclosing = tallies.getStore();
  try {
    const result = await tallies.run(capacity, work);
    return { result, capacity };
  } finally {
    if (enclosing !== undefined) {
      enclosing.read += capacity.read;
      enclosing.write += capacity.write;
      enclosing.total += capacity.total;
      enclosing.calls += capacity.calls;
    }
  }
}

/** Called for every DynamoDB response with what it reports as consumed. */
export function recordConsumedCapacity(
  consumed: ConsumedCapacityLike | ConsumedCapacityLike[] | undefined,
): void {
  const tally = tallies.getStore();
  if (tally === undefined) return;
  tally.calls += 1;
  for (const entry of Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]) {
    tally.read += entry.ReadCapacityUnits ?? 0;
    tally.write += entry.WriteCapacityUnits ?? 0;
    tally.total += entry.CapacityUnits ?? 0;
  }
}
