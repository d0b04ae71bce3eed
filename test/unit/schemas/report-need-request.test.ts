import { describe, expect, it } from 'vitest';
import { fieldIssues } from '../../../shared/http/problem.js';
import { ReportNeedRequest } from '../../../shared/schemas/need.js';
import { maximalReport, minimalReport } from '../builders.js';

/** The fields the API would name for this body, each once; empty when the body is valid. */
function offendingFields(body: unknown): string[] {
  const parsed = ReportNeedRequest.safeParse(body);
  return parsed.success ? [] : [...new Set(fieldIssues(parsed.error).map((issue) => issue.field))];
}

type Body = Record<string, unknown>;
const withBeneficiary = (beneficiary: Body): Body => {
  const body = minimalReport();
  return { ...body, beneficiary: { ...body.beneficiary, ...beneficiary } };
};
const withContact = (contact: Body): Body => ({
  ...minimalReport(),
  contact: { ...maximalReport().contact, ...contact },
});

describe('ReportNeedRequest', () => {
  it.each([
    { label: 'a minimal body', body: minimalReport() },
    { label: 'a maximal body', body: maximalReport() },
  ])('accepts $label as it is', ({ body }) => {
    const parsed = ReportNeedRequest.parse(body);

    expect(parsed).toEqual(body);
  });

  it('trims free text', () => {
    const body = { ...maximalReport(), description: '  help needed \n', neighbourhood: ' Kurtuluş ' };

    const parsed = ReportNeedRequest.parse(body);

    expect(parsed.description).toBe('help needed');
    expect(parsed.neighbourhood).toBe('Kurtuluş');
  });

  it.each([
    { label: '1 category', body: { ...minimalReport(), categories: ['health'] } },
    { label: '3 categories', body: { ...minimalReport(), categories: ['health', 'housing', 'other'] } },
    { label: 'a 1-character description', body: { ...minimalReport(), description: 'x' } },
    { label: 'a 2000-character description', body: { ...minimalReport(), description: 'x'.repeat(2000) } },
    {
      label: 'a 2000-character description with surrounding spaces',
      body: { ...minimalReport(), description: ` ${'x'.repeat(2000)} ` },
    },
    { label: 'an Arabic description', body: { ...minimalReport(), description: 'تحتاج الأسرة إلى مساعدة' } },
    {
      label: 'line breaks and tabs in the description',
      body: { ...minimalReport(), description: 'line one\nline two\r\n\tindented' },
    },
    { label: 'a 100-character neighbourhood', body: { ...minimalReport(), neighbourhood: 'n'.repeat(100) } },
    { label: 'household size 1', body: withBeneficiary({ householdSize: 1 }) },
    { label: 'household size 30', body: withBeneficiary({ householdSize: 30 }) },
    { label: 'empty optional lists', body: { ...minimalReport(), vulnerabilities: [], cohesionRisks: [] } },
    { label: 'ten vulnerabilities', body: { ...minimalReport(), vulnerabilities: [...'abcdefghij'] } },
    {
      label: 'every cohesion risk',
      body: {
        ...minimalReport(),
        cohesionRisks: [
          'inter_community_tension',
          'discrimination',
          'hate_incident',
          'eviction_threat',
          'misinformation',
          'service_denial',
        ],
      },
    },
    { label: 'a phone without a plus', body: withContact({ phone: '0532 123 45 67' }) },
    { label: 'a phone with brackets and dashes', body: withContact({ phone: '+90 (322) 123-45-67' }) },
    { label: 'a 6-character phone', body: withContact({ phone: '123456' }) },
    { label: 'a 23-character phone', body: withContact({ phone: `+${'1'.repeat(23)}` }) },
    { label: 'a 100-character contact name', body: withContact({ name: 'a'.repeat(100) }) },
  ])('accepts $label', ({ body }) => {
    expect(offendingFields(body)).toEqual([]);
  });

  it.each([
    { label: 'no categories', body: { ...minimalReport(), categories: [] }, field: 'categories' },
    {
      label: '4 categories',
      body: { ...minimalReport(), categories: ['health', 'housing', 'other', 'education'] },
      field: 'categories',
    },
    {
      label: 'a repeated category',
      body: { ...minimalReport(), categories: ['health', 'health'] },
      field: 'categories',
    },
    {
      label: 'a category not an id',
      body: { ...minimalReport(), categories: ['health', 'Health'] },
      field: 'categories.1',
    },
    {
      label: 'categories not a list',
      body: { ...minimalReport(), categories: 'health' },
      field: 'categories',
    },
    { label: 'no description', body: { ...minimalReport(), description: undefined }, field: 'description' },
    { label: 'an empty description', body: { ...minimalReport(), description: '' }, field: 'description' },
    {
      label: 'a blank description',
      body: { ...minimalReport(), description: ' \n\t ' },
      field: 'description',
    },
    {
      label: 'a 2001-character description',
      body: { ...minimalReport(), description: 'x'.repeat(2001) },
      field: 'description',
    },
    {
      label: 'a NUL in the description',
      body: { ...minimalReport(), description: 'a\u0000b' },
      field: 'description',
    },
    {
      label: 'a BEL in the description',
      body: { ...minimalReport(), description: 'a\u0007b' },
      field: 'description',
    },
    {
      label: 'an ESC in the description',
      body: { ...minimalReport(), description: 'a\u001b[31mb' },
      field: 'description',
    },
    {
      label: 'a DEL in the description',
      body: { ...minimalReport(), description: 'a\u007fb' },
      field: 'description',
    },
    {
      label: 'a control character in the neighbourhood',
      body: { ...minimalReport(), neighbourhood: 'a\u0008b' },
      field: 'neighbourhood',
    },
    {
      label: 'a 101-character neighbourhood',
      body: { ...minimalReport(), neighbourhood: 'n'.repeat(101) },
      field: 'neighbourhood',
    },
    {
      label: 'a blank neighbourhood',
      body: { ...minimalReport(), neighbourhood: '  ' },
      field: 'neighbourhood',
    },
    { label: 'a district not an id', body: { ...minimalReport(), district: 'Seyhan' }, field: 'district' },
    { label: 'no district', body: { ...minimalReport(), district: undefined }, field: 'district' },
    { label: 'an unknown priority', body: { ...minimalReport(), priority: 'critical' }, field: 'priority' },
    {
      label: 'household size 0',
      body: withBeneficiary({ householdSize: 0 }),
      field: 'beneficiary.householdSize',
    },
    {
      label: 'household size 31',
      body: withBeneficiary({ householdSize: 31 }),
      field: 'beneficiary.householdSize',
    },
    {
      label: 'household size 2.5',
      body: withBeneficiary({ householdSize: 2.5 }),
      field: 'beneficiary.householdSize',
    },
    {
      label: 'household size "3"',
      body: withBeneficiary({ householdSize: '3' }),
      field: 'beneficiary.householdSize',
    },
    {
      label: 'an unknown age group',
      body: withBeneficiary({ ageGroup: '18-30' }),
      field: 'beneficiary.ageGroup',
    },
    { label: 'an unknown gender', body: withBeneficiary({ gender: 'f' }), field: 'beneficiary.gender' },
    {
      label: 'an unknown language',
      body: withBeneficiary({ language: 'de' }),
      field: 'beneficiary.language',
    },
    {
      label: 'disability "yes"',
      body: withBeneficiary({ disability: 'yes' }),
      field: 'beneficiary.disability',
    },
    { label: 'no beneficiary', body: { ...minimalReport(), beneficiary: undefined }, field: 'beneficiary' },
    {
      label: 'eleven vulnerabilities',
      body: { ...minimalReport(), vulnerabilities: [...'abcdefghijk'] },
      field: 'vulnerabilities',
    },
    {
      label: 'a repeated vulnerability',
      body: { ...minimalReport(), vulnerabilities: ['older_person', 'older_person'] },
      field: 'vulnerabilities',
    },
    {
      label: 'an unknown cohesion risk',
      body: { ...minimalReport(), cohesionRisks: ['discrimination', 'riot'] },
      field: 'cohesionRisks.1',
    },
    {
      label: 'a repeated cohesion risk',
      body: { ...minimalReport(), cohesionRisks: ['misinformation', 'misinformation'] },
      field: 'cohesionRisks',
    },
    { label: 'no consent', body: { ...minimalReport(), consent: undefined }, field: 'consent' },
    {
      label: 'consent "yes"',
      body: { ...minimalReport(), consent: { shareWithUnits: 'yes' } },
      field: 'consent.shareWithUnits',
    },
    { label: 'a phone of words', body: withContact({ phone: 'call me' }), field: 'contact.phone' },
    { label: 'a 5-character phone', body: withContact({ phone: '12345' }), field: 'contact.phone' },
    {
      label: 'a 24-character phone',
      body: withContact({ phone: `+${'1'.repeat(24)}` }),
      field: 'contact.phone',
    },
    {
      label: 'a phone with letters',
      body: withContact({ phone: '+90 532 ABC 45 67' }),
      field: 'contact.phone',
    },
    {
      label: 'a 101-character contact name',
      body: withContact({ name: 'a'.repeat(101) }),
      field: 'contact.name',
    },
    {
      label: 'a contact without a name',
      body: { ...minimalReport(), contact: { phone: '123456' } },
      field: 'contact.name',
    },
    { label: 'an unknown top-level field', body: { ...minimalReport(), extra: 1 }, field: 'extra' },
    {
      label: 'an unknown beneficiary field',
      body: withBeneficiary({ name: 'Ali' }),
      field: 'beneficiary.name',
    },
    {
      label: 'an unknown consent field',
      body: { ...minimalReport(), consent: { shareWithUnits: true, forever: true } },
      field: 'consent.forever',
    },
    { label: 'an unknown contact field', body: withContact({ email: 'a@b.c' }), field: 'contact.email' },
  ])('refuses $label, naming $field', ({ body, field }) => {
    expect(offendingFields(body)).toEqual([field]);
  });

  it('names every unknown field and every offending field of one body', () => {
    const body = {
      ...withBeneficiary({ householdSize: 0, shoeSize: 42 }),
      priority: 'soon',
      extra: 1,
      other: 2,
    };

    const fields = offendingFields(body);

    expect(fields.sort()).toEqual([
      'beneficiary.householdSize',
      'beneficiary.shoeSize',
      'extra',
      'other',
      'priority',
    ]);
  });

  it.each([
    { label: 'null', body: null },
    { label: 'an array', body: [minimalReport()] },
    { label: 'a string', body: 'help' },
  ])('refuses $label as the body, naming the body', ({ body }) => {
    expect(offendingFields(body)).toEqual(['body']);
  });
});
