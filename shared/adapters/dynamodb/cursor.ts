import { ValidationFailed } from '../../domain/errors.js';
import type { IndexQuery } from './keys.js';

/**
 * Paging cursors are the last evaluated key, base64url-encoded. A cursor is accepted only if
 * it is a key of the very partition being queried, so it cannot widen what a caller reads.
 */
export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | null {
  if (lastEvaluatedKey === undefined) return null;
  return Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  query: IndexQuery,
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new ValidationFailed([{ field: 'cursor', message: 'is not a cursor of this list' }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const expected = [...new Set(['pk', 'sk', query.index.partitionKey, query.index.sortKey])].sort();
  if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) throw invalid();
  const entries = Object.entries(decoded);
  const names = entries.map(([name]) => name).sort();
  const wellFormed =
    names.length === expected.length &&
    names.every((name, index) => name === expected[index]) &&
    entries.every(([, value]) => typeof value === 'string' && value.length > 0 && value.length <= 1024);
  if (!wellFormed) throw invalid();
  const key = decoded as Record<string, string>;
  if (key[query.index.partitionKey] !== query.partition) throw invalid();
  if (query.sortKeyPrefix !== undefined && !key[query.index.sortKey]?.startsWith(query.sortKeyPrefix))
    throw invalid();
  return key;
}
