import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256 } from '../../../shared/application/canonical-json.js';

const hash = (value: unknown) => sha256(canonicalJson(value));

describe('canonicalJson', () => {
  it.each([
    { label: 'top-level keys', a: { b: 1, a: 2 }, b: { a: 2, b: 1 } },
    {
      label: 'nested keys',
      a: { beneficiary: { gender: 'female', ageGroup: '0-4' }, district: 'seyhan' },
      b: { district: 'seyhan', beneficiary: { ageGroup: '0-4', gender: 'female' } },
    },
    {
      label: 'keys of objects inside arrays',
      a: { items: [{ y: 1, x: 2 }] },
      b: { items: [{ x: 2, y: 1 }] },
    },
    { label: 'an undefined property and an absent one', a: { a: 1, b: undefined }, b: { a: 1 } },
  ])('gives the same hash whatever the order of $label', ({ a, b }) => {
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(hash(a)).toBe(hash(b));
  });

  it.each([
    {
      label: 'array order',
      a: { categories: ['health', 'housing'] },
      b: { categories: ['housing', 'health'] },
    },
    { label: 'values', a: { householdSize: 3 }, b: { householdSize: 4 } },
    { label: 'types', a: { householdSize: 3 }, b: { householdSize: '3' } },
    { label: 'null and absent', a: { neighbourhood: null }, b: {} },
  ])('gives different hashes for different $label', ({ a, b }) => {
    expect(hash(a)).not.toBe(hash(b));
  });

  it('writes sorted keys and keeps arrays in order', () => {
    const text = canonicalJson({ z: [3, 1, 2], a: { d: true, c: null }, m: 'Şişli "x"' });

    expect(text).toBe('{"a":{"c":null,"d":true},"m":"Şişli \\"x\\"","z":[3,1,2]}');
    expect(JSON.parse(text)).toEqual({ z: [3, 1, 2], a: { d: true, c: null }, m: 'Şişli "x"' });
  });

  it('hashes as 64 lower-case hex characters', () => {
    expect(hash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});
