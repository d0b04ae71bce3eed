/**
 * The domain event schemas: every event accepts what the outbox builds and refuses anything
 * else — unknown fields (personal data must not slip in), another schema version, missing ids.
 */
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  DOMAIN_EVENTS,
  type DomainEventDetail,
  type DomainEventName,
  domainEvent,
  EVENT_SOURCES,
} from '../../../shared/events/domain-events.js';
import { thrownBy } from '../builders.js';
import { EVENT_NAMES, VALID_DETAILS, validDetail } from './fixtures.js';

const accepts = (name: DomainEventName, detail: unknown) =>
  DOMAIN_EVENTS[name].schema.safeParse(detail).success;

/** Every field of an event's detail that names a record (and so is what consumers act on). */
const ID_FIELDS: Record<DomainEventName, string[]> = {
  NeedReported: ['eventId', 'needId'],
  ReferralRouted: ['eventId', 'referralId', 'needId', 'unitId'],
  ReferralStatusChanged: ['eventId', 'referralId', 'needId', 'unitId'],
  CohesionRiskFlagged: ['eventId', 'needId'],
  CohesionHotspotDetected: ['eventId', 'alertId'],
  SlaWarning: ['eventId', 'referralId', 'needId', 'unitId'],
  SlaBreached: ['eventId', 'referralId', 'needId', 'unitId'],
  SlaEscalated: ['eventId', 'referralId', 'needId', 'unitId'],
};

const idCases = EVENT_NAMES.flatMap((name) => ID_FIELDS[name].map((field) => ({ name, field })));

describe('domain event schemas', () => {
  it('declares an id field list for every event (so the tables below cover them all)', () => {
    expect(Object.keys(ID_FIELDS).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it.each(EVENT_NAMES)('%s accepts a valid detail', (name) => {
    const detail = validDetail(name);

    const parsed = DOMAIN_EVENTS[name].schema.parse(detail);

    expect(parsed).toEqual(VALID_DETAILS[name]);
  });

  it.each(
    EVENT_NAMES.flatMap((name) =>
      [
        { field: 'description', value: 'Needs a paediatrician appointment' },
        { field: 'beneficiary', value: { ageGroup: '0-4', gender: 'female' } },
        { field: 'contact', value: { name: 'Fatima Al-Hassan', phone: '+90 532 123 45 67' } },
        { field: 'actorId', value: 'sub-amina' },
      ].map((extra) => ({ name, ...extra })),
    ),
  )('$name refuses the unknown field $field', ({ name, field, value }) => {
    const detail = { ...validDetail(name), [field]: value };

    expect(accepts(name, detail)).toBe(false);
  });

  it.each(
    EVENT_NAMES.flatMap((name) =>
      [
        { label: 'version 2', schemaVersion: 2 as unknown },
        { label: 'version 0', schemaVersion: 0 },
        { label: 'a string "1"', schemaVersion: '1' },
        { label: 'no version', schemaVersion: undefined },
      ].map((version) => ({ name, ...version })),
    ),
  )('$name refuses schemaVersion: $label', ({ name, schemaVersion }) => {
    const detail = validDetail(name);
    if (schemaVersion === undefined) delete detail.schemaVersion;
    else detail.schemaVersion = schemaVersion;

    expect(accepts(name, detail)).toBe(false);
  });

  it.each(idCases)('$name refuses a detail without $field', ({ name, field }) => {
    const detail = validDetail(name);
    delete detail[field];

    expect(accepts(name, detail)).toBe(false);
  });

  // Regression (fixed in b911fc6): CohesionHotspotDetected accepted an empty alertId.
  it.each(idCases)('$name refuses an empty $field', ({ name, field }) => {
    const detail = { ...validDetail(name), [field]: '' };

    expect(accepts(name, detail)).toBe(false);
  });

  it.each([
    { name: 'NeedReported' as const, field: 'needId', value: 'not-a-ulid' },
    { name: 'NeedReported' as const, field: 'referralIds', value: ['01kjp7zd300000000000000002'] },
    { name: 'ReferralRouted' as const, field: 'unitId', value: 'Health Unit' },
    { name: 'ReferralRouted' as const, field: 'cause', value: 'accept-by-magic' },
    { name: 'ReferralStatusChanged' as const, field: 'version', value: 1 },
    { name: 'ReferralStatusChanged' as const, field: 'toStatus', value: 'done' },
    { name: 'ReferralStatusChanged' as const, field: 'actorRole', value: 'admin' },
    { name: 'CohesionRiskFlagged' as const, field: 'riskTypes', value: [] },
    { name: 'CohesionRiskFlagged' as const, field: 'riskTypes', value: ['gossip'] },
    { name: 'CohesionRiskFlagged' as const, field: 'neighbourhood', value: 'x'.repeat(101) },
    { name: 'CohesionRiskFlagged' as const, field: 'occurredAt', value: '2026-03-02T12:30:00+03:00' },
    { name: 'CohesionHotspotDetected' as const, field: 'needIds', value: [] },
    { name: 'CohesionHotspotDetected' as const, field: 'flagCount', value: 0 },
    { name: 'CohesionHotspotDetected' as const, field: 'windowDays', value: 1.5 },
    { name: 'SlaWarning' as const, field: 'clock', value: 'end-to-end' },
    { name: 'SlaWarning' as const, field: 'referralId', value: 'not-a-ulid' },
    { name: 'SlaBreached' as const, field: 'dueAt', value: '2026-03-31T17:30:00+03:00' },
    { name: 'SlaBreached' as const, field: 'priority', value: 'whenever' },
    { name: 'SlaEscalated' as const, field: 'categories', value: ['Health Unit'] },
    { name: 'SlaEscalated' as const, field: 'district', value: '' },
  ])('$name refuses $field = $value', ({ name, field, value }) => {
    const detail = { ...validDetail(name), [field]: value };

    expect(accepts(name, detail)).toBe(false);
  });

  it.each([
    { label: 'without a neighbourhood', name: 'CohesionRiskFlagged' as const, field: 'neighbourhood' },
    { label: 'without a neighbourhood', name: 'CohesionHotspotDetected' as const, field: 'neighbourhood' },
    { label: 'without a previous leg', name: 'ReferralRouted' as const, field: 'previousReferralId' },
  ])('$name is valid $label (optional fields are optional)', ({ name, field }) => {
    const detail = validDetail(name);
    delete detail[field];

    expect(accepts(name, detail)).toBe(true);
  });
});

describe('domainEvent', () => {
  it.each(EVENT_NAMES)('builds %s with its source and its validated detail', (name) => {
    const detail = VALID_DETAILS[name] as DomainEventDetail<typeof name>;

    const event = domainEvent(name, detail);

    expect(event).toEqual({ name, source: DOMAIN_EVENTS[name].source, detail: VALID_DETAILS[name] });
  });

  it.each([
    {
      label: 'an unknown field',
      detail: { ...VALID_DETAILS.NeedReported, description: 'personal' } as DomainEventDetail<'NeedReported'>,
    },
    {
      label: 'a wrong schemaVersion',
      detail: {
        ...VALID_DETAILS.NeedReported,
        schemaVersion: 2,
      } as unknown as DomainEventDetail<'NeedReported'>,
    },
    {
      label: 'a missing needId',
      detail: {
        ...VALID_DETAILS.NeedReported,
        needId: undefined,
      } as unknown as DomainEventDetail<'NeedReported'>,
    },
  ])('throws on a detail with $label', ({ detail }) => {
    const error = thrownBy(() => domainEvent('NeedReported', detail));

    expect(error).toBeInstanceOf(ZodError);
  });
});

describe('DOMAIN_EVENTS', () => {
  it.each(EVENT_NAMES)('%s comes from a source named jisr.<aggregate>', (name) => {
    const { source } = DOMAIN_EVENTS[name];

    expect(source).toMatch(/^jisr\.[a-z]+$/);
    expect(Object.values(EVENT_SOURCES)).toContain(source);
  });

  it.each([
    { name: 'NeedReported', source: 'jisr.needs' },
    { name: 'CohesionRiskFlagged', source: 'jisr.needs' },
    { name: 'ReferralRouted', source: 'jisr.referrals' },
    { name: 'ReferralStatusChanged', source: 'jisr.referrals' },
    { name: 'CohesionHotspotDetected', source: 'jisr.cohesion' },
    { name: 'SlaWarning', source: 'jisr.sla' },
    { name: 'SlaBreached', source: 'jisr.sla' },
    { name: 'SlaEscalated', source: 'jisr.sla' },
  ] as const)('$name is published by $source', ({ name, source }) => {
    expect(DOMAIN_EVENTS[name].source).toBe(source);
  });

  it('names every event in PascalCase (the detail-type)', () => {
    for (const name of EVENT_NAMES) expect(name).toMatch(/^[A-Z][A-Za-z]+$/);
  });
});
