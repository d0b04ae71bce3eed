import { describe, expect, it } from 'vitest';
import { NotAuthenticated, NotPermitted } from '../../../shared/domain/errors.js';
import { actorFromClaims, claimList } from '../../../shared/http/claims.js';

describe('claimList', () => {
  it.each([
    { label: "API Gateway's one-element form", value: '[council-members]', expected: ['council-members'] },
    {
      label: "API Gateway's space-separated form",
      value: '[council-members directorate]',
      expected: ['council-members', 'directorate'],
    },
    { label: 'an empty bracketed list', value: '[]', expected: [] },
    {
      label: 'a JSON array string',
      value: '["unit-staff","directorate"]',
      expected: ['unit-staff', 'directorate'],
    },
    {
      label: 'a JSON array string with spaces',
      value: ' [ "unit-staff" , "x" ] ',
      expected: ['unit-staff', 'x'],
    },
    {
      label: 'a comma-separated bracketed list',
      value: '[unit-staff, directorate]',
      expected: ['unit-staff', 'directorate'],
    },
    { label: 'a real array', value: ['unit-staff', 'directorate'], expected: ['unit-staff', 'directorate'] },
    { label: 'a bare name', value: 'directorate', expected: ['directorate'] },
    { label: 'an empty string', value: '', expected: [] },
    { label: 'undefined', value: undefined, expected: [] },
    { label: 'a number', value: 7, expected: [] },
    { label: 'a boolean', value: true, expected: [] },
  ])('reads $label', ({ value, expected }) => {
    expect(claimList(value)).toEqual(expected);
  });
});

describe('actorFromClaims', () => {
  const base = { sub: 'sub-1', 'cognito:username': 'user.one' };

  it.each([
    { groups: '[council-members]', role: 'council-member' },
    { groups: '[unit-staff]', role: 'unit-staff' },
    { groups: '[directorate]', role: 'directorate' },
    { groups: '[council-members unit-staff]', role: 'unit-staff' },
    { groups: '[unit-staff directorate]', role: 'directorate' },
    { groups: '[council-members directorate]', role: 'directorate' },
    { groups: '[council-members unit-staff directorate]', role: 'directorate' },
    { groups: '["directorate","council-members"]', role: 'directorate' },
    { groups: ['council-members', 'unit-staff'], role: 'unit-staff' },
    { groups: '[admins council-members]', role: 'council-member' },
  ])('gives groups $groups the role $role', ({ groups, role }) => {
    const claims = { ...base, 'cognito:groups': groups, 'custom:unitId': 'health' };

    const actor = actorFromClaims(claims);

    expect(actor.role).toBe(role);
  });

  it('makes unit staff carry the unit from custom:unitId', () => {
    const actor = actorFromClaims({ ...base, 'cognito:groups': '[unit-staff]', 'custom:unitId': 'health' });

    expect(actor).toEqual({ userId: 'sub-1', username: 'user.one', role: 'unit-staff', unitId: 'health' });
  });

  it.each([{ groups: '[council-members]' }, { groups: '[directorate]' }])(
    'gives no unit to $groups even when the token carries one',
    ({ groups }) => {
      const actor = actorFromClaims({ ...base, 'cognito:groups': groups, 'custom:unitId': 'health' });

      expect(actor).not.toHaveProperty('unitId');
    },
  );

  it.each([
    {
      label: 'cognito:username',
      claims: { sub: 's', 'cognito:username': 'cu', username: 'u' },
      username: 'cu',
    },
    { label: 'username', claims: { sub: 's', username: 'u' }, username: 'u' },
    { label: 'sub', claims: { sub: 's' }, username: 's' },
  ])('takes the username from $label', ({ claims, username }) => {
    const actor = actorFromClaims({ ...claims, 'cognito:groups': '[council-members]' });

    expect(actor.username).toBe(username);
  });

  it('keeps a string locale and ignores a non-string one', () => {
    const withLocale = actorFromClaims({ ...base, 'cognito:groups': '[council-members]', locale: 'ar' });
    const withNumber = actorFromClaims({ ...base, 'cognito:groups': '[council-members]', locale: 5 });

    expect(withLocale.locale).toBe('ar');
    expect(withNumber).not.toHaveProperty('locale');
  });

  it.each([
    { label: 'no claims at all', claims: undefined },
    { label: 'no sub', claims: { 'cognito:groups': '[directorate]' } },
    { label: 'an empty sub', claims: { sub: '', 'cognito:groups': '[directorate]' } },
    { label: 'a numeric sub', claims: { sub: 42, 'cognito:groups': '[directorate]' } },
  ])('refuses $label as NotAuthenticated', ({ claims }) => {
    expect(() => actorFromClaims(claims)).toThrow(NotAuthenticated);
  });

  it.each([
    { label: 'no group claim', claims: { ...base } },
    { label: 'an empty group list', claims: { ...base, 'cognito:groups': '[]' } },
    { label: 'only unknown groups', claims: { ...base, 'cognito:groups': '[admins]' } },
    { label: 'a group name in another case', claims: { ...base, 'cognito:groups': '[Directorate]' } },
    { label: 'unit staff without custom:unitId', claims: { ...base, 'cognito:groups': '[unit-staff]' } },
    {
      label: 'unit staff with an empty custom:unitId',
      claims: { ...base, 'cognito:groups': '[unit-staff]', 'custom:unitId': '' },
    },
  ])('refuses $label as NotPermitted', ({ claims }) => {
    expect(() => actorFromClaims(claims)).toThrow(NotPermitted);
  });
});
