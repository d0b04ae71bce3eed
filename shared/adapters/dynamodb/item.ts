/** Copies only the named attributes: storage attributes (keys, kind) never reach the API. */
export function pick<T>(item: Record<string, unknown>, attributes: readonly string[]): T {
  const picked: Record<string, unknown> = {};
  for (const attribute of attributes) if (item[attribute] !== undefined) picked[attribute] = item[attribute];
  return picked as T;
}
