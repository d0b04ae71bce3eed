import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fieldIssues } from '../../../shared/http/problem.js';

const fieldsOf = (schema: z.ZodType, value: unknown, prefix?: string) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected the value to be refused');
  return fieldIssues(parsed.error, prefix).map((issue) => issue.field);
};

describe('fieldIssues', () => {
  it('names nested and unknown fields by their dotted paths', () => {
    const schema = z.strictObject({ a: z.strictObject({ b: z.array(z.number()) }) });
    expect(fieldsOf(schema, { a: { b: [1, 'x'] }, c: 1 })).toEqual(['a.b.1', 'c']);
  });

  // Found by fuzzing: `?=x`, `?+=+` or a body key "" made a validation problem whose field was
  // "" or " " — a field named by nothing.
  it.each([
    ['an empty key', { '': 1 }, ['""']],
    ['a blank key', { ' ': 1 }, ['" "']],
    ['a zero-width key', { '\u200B': 1 }, ['"\u200B"']],
    ['a key of bidirectional controls', { '\u202E\u200F': 1 }, ['"\u202E\u200F"']],
  ])('quotes %s, so that the field is still named', (_, value, fields) => {
    expect(fieldsOf(z.strictObject({}), value)).toEqual(fields);
  });

  it('quotes a blank key inside a path too', () => {
    const schema = z.strictObject({ m: z.record(z.string(), z.number()) });
    expect(fieldsOf(schema, { m: { '': 'x' } })).toEqual(['m.""']);
  });

  it('leaves names with a visible character as they are', () => {
    expect(fieldsOf(z.strictObject({}), { ' a ': 1, 'é\u200B': 1 })).toEqual([' a ', 'é\u200B']);
  });
});
